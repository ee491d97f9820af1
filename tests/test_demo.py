"""The bundled demo: a fictitious IPS interview study, worked through all four STC steps."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stc_bench.cli import main
from stc_bench.demo import DEMO_DIR, INTERVIEWS, build_demo, load_plan, locate
from stc_bench.domain.errors import StcError
from stc_bench.domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Comment,
    Condensate,
    CondensateUnit,
    Consent,
    Document,
    Informant,
    InterviewGuide,
    MeaningUnit,
    Memo,
    Quote,
    Subgroup,
    Theme,
    Turn,
    Validation,
)
from stc_bench.domain.offsets import word_count
from stc_bench.domain.quotes import compare_display
from stc_bench.services import Workbench
from stc_bench.services.people import IDENTIFYING


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo built once for this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.stc"
    wb = build_demo(path, actor="kari")
    yield wb
    wb.close()


@pytest.fixture
def demo(built) -> Workbench:
    return built


def test_the_transcripts_are_labelled_interviews_of_thesis_length():
    for label in INTERVIEWS:
        text = (DEMO_DIR / f"{label}.txt").read_text(encoding="utf-8")
        assert 900 <= word_count(text) <= 1500, label
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        speakers = [p.split(":", 1)[0] for p in paragraphs]
        assert set(speakers) == {"I", label}
        assert speakers[0] == "I" and all(a != b for a, b in zip(speakers, speakers[1:], strict=False))
    every = "".join((DEMO_DIR / f"{label}.txt").read_text(encoding="utf-8") for label in INTERVIEWS)
    for mark in ("æ", "ø", "å", "«", "»", "—", "[latter]", "[pause]", "[teamleder]", "eh,", "liksom"):
        assert mark in every, mark
    readme = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme and "fictitious" in readme and "MIT" in readme


def test_status_counts_show_a_fully_worked_study(demo):
    s = demo.status()
    assert s["documents"] == 5 and s["informants"] == 5
    assert 4 <= s["themes"] <= 8
    assert s["code_groups"] == 3
    assert 6 <= s["subgroups"] <= 9
    assert 40 <= s["meaning_units"] <= 60
    assert 1 <= s["uncoded_units"] <= 5
    assert s["condensates"] == s["subgroups"]
    assert s["golden_quotes"] == s["subgroups"] - 1
    assert s["code_groups"] + s["subgroups"] - 1 <= s["analytic_texts"] <= s["code_groups"] + s["subgroups"]
    assert 2 * (s["subgroups"] - 1) <= s["quotes"] <= 3 * s["subgroups"]
    assert s["meaning_units"] // 2 <= s["validations"] < s["meaning_units"]
    assert s["turns"] > 100 and 4500 <= s["words"] <= 7500


def test_the_unfinished_parts_show_as_method_warnings(demo):
    warnings = demo.status()["warnings"]
    assert any("Når åpenheten koster" in w and "golden quote" in w for w in warnings)
    assert any("not assigned to any subgroup" in w for w in warnings)
    assert any("not yet re-read in context" in w for w in warnings)
    assert not any("has no subgroups" in w or "has no condensate" in w for w in warnings)


def test_the_coding_trail_verifies(demo):
    report = demo.verify()
    assert report.ok, report.problem
    assert report.events == demo.status()["audit_events"] > 200


def test_every_quote_is_faithful_to_the_transcript(demo):
    quotes = demo.list(Quote)
    kinds = set()
    for quote in quotes:
        unit = demo.get(MeaningUnit, quote.unit_id)
        pieces, problems = compare_display(unit.snippet, quote.display_text)
        assert problems == [], (quote.id, problems)
        assert quote.lead_in.endswith(":")
        kinds |= {p.kind for p in pieces}
    assert {"kept", "cut", "replaced"} <= kinds
    assert any("(…)" in q.display_text for q in quotes)
    assert any("[teamleder]" in q.display_text for q in quotes)


def test_meaning_units_sit_where_their_words_are(demo):
    docs = {d.id: d for d in demo.list(Document)}
    plan = {u["from"]: u for u in load_plan()["units"]}
    units = demo.list(MeaningUnit)
    for unit in units:
        text = docs[unit.document_id].text
        assert text[unit.start:unit.end] == unit.snippet
        planned = [p for first, p in plan.items() if unit.snippet.startswith(first)]
        assert len(planned) == 1 and unit.snippet.endswith(planned[0]["to"])
    # units are of quotable length and never span two speakers
    for unit in units:
        turns = [t for t in demo.turns(unit.document_id) if t.start <= unit.start < t.end]
        assert len(turns) == 1 and unit.end <= turns[0].end and not turns[0].is_interviewer
        assert 8 <= word_count(unit.snippet) <= 110


def test_one_unit_serves_two_subgroups_and_condensates_name_their_units(demo):
    per_unit: dict[int, int] = {}
    for a in demo.list(Assignment):
        per_unit[a.unit_id] = per_unit.get(a.unit_id, 0) + 1
    assert max(per_unit.values()) == 2
    assigned = {(a.unit_id, a.subgroup_id) for a in demo.list(Assignment)}
    for cond in demo.list(Condensate):
        links = demo.list(CondensateUnit, condensate_id=cond.id)
        assert links and all((link.unit_id, cond.subgroup_id) in assigned for link in links)
        assert " jeg " in f" {cond.text.lower()} "  # first person, an artificial quotation


def test_headings_differ_from_names_and_themes_became_groups(demo):
    groups = demo.list(CodeGroup, "position")
    for group in groups:
        assert group.heading and group.list_label
        assert group.name not in (group.heading, group.list_label)
    themes = demo.list(Theme, "position")
    promoted = [t for t in themes if t.promoted_to]
    assert any(t.promoted_to.startswith("code_group:") for t in promoted)
    assert any(t.promoted_to.startswith("subgroup:") for t in promoted)
    assert len(promoted) < len(themes)  # one theme is still undecided
    assert sum(1 for g in groups if g.theme_id is not None) == 2
    assert any(s.heading != s.name for s in demo.list(Subgroup))
    texts = demo.list(AnalyticText)
    assert all(t.text.strip() for t in texts)
    assert sum(1 for t in texts if t.code_group_id is not None) == len(groups)
    assert demo.impression().startswith("Etter å ha lest alle fem intervjuene")


def test_data_management_informants_consent_and_guides(demo):
    dm = demo.data_management()
    assert dm.sikt_ref.startswith("Sikt ") and "kryptert" in dm.recordings_location
    assert dm.planned_deletion and dm.access
    informants = demo.list(Informant)
    assert sorted(i.label for i in informants) == sorted(INTERVIEWS)
    for informant in informants:
        assert {"sector", "education", "interview_mode", "duration_min", "site_code"} <= set(informant.attributes)
        assert not {k.casefold() for k in informant.attributes} & IDENTIFYING
        assert [c.status for c in demo.list(Consent, informant_id=informant.id)] == ["given"]
    modes = {i.label: i.attributes["interview_mode"] for i in informants}
    assert modes["D3"] == "telefon"
    guides = demo.list(InterviewGuide, "version")
    assert [g.version for g in guides] == [1, 2]
    used = {d.informant_id: d.interview_guide_id for d in demo.list(Document)}
    assert set(used.values()) == {g.id for g in guides}


def test_supervisor_comments_review_and_the_students_answer(demo):
    comments = demo.list(Comment)
    by_supervisor = [c for c in comments if c.author == "veileder"]
    assert len(by_supervisor) >= 2
    assert any(c.resolved_at for c in by_supervisor) and any(not c.resolved_at for c in by_supervisor)
    assert any(c.author == "kari" for c in comments)
    since = [ev for ev in demo.changes_since_review("veileder") if ev.action != "review.mark"]
    assert since and all(ev.actor == "kari" for ev in since)
    questioned = [v for v in demo.list(Validation) if v.status == "questioned"]
    assert len(questioned) == 1 and questioned[0].note
    assert {m.kind for m in demo.list(Memo)} >= {"impression", "method", "reflexive"}


def test_the_demo_is_not_built_over_an_existing_file(tmp_path):
    path = tmp_path / "demo.stc"
    path.write_bytes(b"not a project")
    with pytest.raises(StcError):
        build_demo(path)
    assert path.read_bytes() == b"not a project"


def test_locate_refuses_start_words_that_occur_twice():
    assert locate("Ja. Nei, altså. Ja.", "Nei", "altså.") == (4, 15)
    with pytest.raises(StcError, match="occurs 2 times"):
        locate("Ja. Nei. Ja.", "Ja.", "Nei.")


def test_cli_demo_creates_the_project_once_and_then_opens_it(capsys, demo):
    target = Path(os.environ["STC_BENCH_HOME"]) / "projects" / "demo.stc"
    assert not target.exists()
    assert main(["--as", "kari", "demo", "--create-only"]) == 0
    assert "created" in capsys.readouterr().out
    assert target.exists()
    with Workbench.open(target) as wb:
        first = wb.status()
        units = [(u.start, u.end, u.snippet) for u in wb.list(MeaningUnit)]
        turns = wb.list(Turn)
    assert main(["--as", "kari", "demo", "--create-only"]) == 0
    assert "opened" in capsys.readouterr().out
    with Workbench.open(target) as wb:
        again = wb.status()
        assert wb.verify().ok
    assert again == first
    # deterministic: the CLI's build matches the fixture's build exactly
    assert units == [(u.start, u.end, u.snippet) for u in demo.list(MeaningUnit)]
    assert len(turns) == demo.status()["turns"]
    mine = {k: v for k, v in demo.status().items() if k != "head_hash"}
    assert json.dumps(mine, sort_keys=True) == json.dumps(
        {k: v for k, v in first.items() if k != "head_hash"}, sort_keys=True)


def test_cli_demo_encrypt_creates_the_demo_encrypted_and_asks_for_it_again(monkeypatch, capsys):
    """``demo --encrypt`` as ``new --encrypt``: the passphrase from the prompt (twice) or
    STC_BENCH_PASSPHRASE; the demo then needs it, and a plain demo is not silently kept."""
    pytest.importorskip("sqlcipher3")
    target = Path(os.environ["STC_BENCH_HOME"]) / "projects" / "demo.stc"
    secret = "Demo-passord 7"
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter([secret, "noe annet"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["--as", "kari", "demo", "--encrypt", "--create-only"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stc-bench: error: ") and "differ" in err and err.count("\n") == 1
    assert not target.exists()
    answers = iter([secret, secret])
    assert main(["--as", "kari", "demo", "--encrypt", "--create-only"]) == 0
    out = capsys.readouterr().out
    assert "created" in out and "encrypted" in out and secret not in out
    assert not target.read_bytes().startswith(b"SQLite format 3")  # not readable without it
    with Workbench.open(target, passphrase=secret) as wb:
        assert wb.store.encrypted and wb.verify().ok and wb.list(MeaningUnit)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # nobody at a terminal to ask
    assert main(["demo", "--create-only"]) == 2
    assert "STC_BENCH_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", secret)
    assert main(["demo", "--encrypt", "--create-only"]) == 0
    out = capsys.readouterr().out
    assert "opened" in out and "(encrypted)" in out


def test_cli_demo_encrypt_refuses_a_plain_demo_in_one_line(monkeypatch, capsys):
    pytest.importorskip("sqlcipher3")
    target = Path(os.environ["STC_BENCH_HOME"]) / "projects" / "demo.stc"
    target.parent.mkdir(parents=True, exist_ok=True)
    Workbench.create(target, title="Demo", actor="kari").close()
    before = target.read_bytes()
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", "Demo-passord 7")
    assert main(["demo", "--encrypt", "--create-only"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stc-bench: error: ") and err.count("\n") == 1
    assert "not encrypted" in err and "stc-bench encrypt" in err
    assert target.read_bytes() == before
