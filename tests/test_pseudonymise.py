"""`stc-bench pseudonymise`: identifiers and word-list words replaced in a new revision
of the transcript; every meaning unit re-anchored (none lost), quotes follow, the key
goes only to the owner-only file the user names."""

from __future__ import annotations

import csv
import os
import stat

import pytest
from helpers.study import import_interview, span_of

from stc_bench.cli import main
from stc_bench.domain.model import Document, MeaningUnit, Quote, Turn
from stc_bench.nlp.anonymity import Scanner
from stc_bench.nlp.pseudonymise import Pseudonyms, plan
from stc_bench.services import Workbench

FNR = "15038512363"
TEXT = ("I: Kan du fortelle om starten?\n"
        "Kari: Ja. Stine på Rema ringte meg hver uke, fra 923 45 678. Karis mor sa det samme.\n"
        "I: Og papirene?\n"
        f"Kari: Jeg oppga fødselsnummeret {FNR} den 12. mars 2024. Det var skummelt.\n")
WORDS = {"Kari": "navn", "Stine": "navn", "Rema": "arbeidsplass"}


@pytest.fixture
def study(wb, project_path):
    doc = import_interview(wb, TEXT, "I1")
    group = wb.add_code_group("Hjelp")
    sub = wb.add_subgroup(group.id, "Fast kontakt")
    named = wb.create_unit(doc.id, *span_of(doc.text, "Stine på Rema ringte meg hver uke"),
                           code_group_ids=[group.id])
    plain = wb.create_unit(doc.id, *span_of(doc.text, "Det var skummelt."), code_group_ids=[group.id])
    for unit in (named, plain):
        wb.assign_unit(unit.id, sub.id)
    wb.set_analytic_text("Kontakten betydde mye.", subgroup_id=sub.id)
    wb.add_quote(named.id, subgroup_id=sub.id)
    wb.set_setting("word_list", WORDS)
    wb.close()
    return project_path


def current(wb) -> Document:
    return next(d for d in wb.list(Document) if not d.superseded)


def test_pseudonymise_makes_a_revision_keeps_every_unit_and_writes_the_key(study, tmp_path, capsys):
    key = tmp_path / "utenfor" / "nøkkel.csv"
    key.parent.mkdir()
    with Workbench.open(study) as wb:
        units_before = {u.id: u.snippet for u in wb.list(MeaningUnit)}
    assert main(["pseudonymise", str(study), "--key", str(key)]) == 0
    captured = capsys.readouterr()
    assert ("8 replaced (1 date, 1 fødselsnummer, 4 name, 1 phone number, 1 workplace); revision 2 "
            "is document 2; meaning units: 1 in place, 1 flagged for re-reading") in captured.out
    assert "quotes: 1 updated" in captured.out
    assert f"{key} holds the real names" in captured.err and "apart from the project" in captured.err
    with Workbench.open(study) as wb:
        doc = current(wb)
        assert doc.revision == 2 and "[Navn]: Ja. [Navn] på [Arbeidsplass] ringte" in doc.text
        assert "[Navn]s mor" in doc.text and f"{FNR}" not in doc.text and "[Dato]. Det" in doc.text
        assert Scanner.for_settings(wb.project().settings).spans(doc.text) == []
        units = {u.id: u for u in wb.list(MeaningUnit)}
        assert set(units) == set(units_before)  # none lost
        assert all(u.document_id == doc.id and u.status != "detached" for u in units.values())
        assert sorted(u.snippet for u in units.values()) == [
            "Det var skummelt.", "[Navn] på [Arbeidsplass] ringte meg hver uke"]
        assert [q.display_text for q in wb.list(Quote)] == ["[Navn] på [Arbeidsplass] ringte meg hver uke"]
        speakers = [t.speaker for t in wb.list(Turn, document_id=doc.id)]
        assert speakers == ["I", "[Navn]", "I", "[Navn]"]
        assert wb.verify().ok
        assert wb.data_management().key_location == str(key.resolve())  # where, not what
    if os.name == "posix":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    rows = list(csv.DictReader(key.open(encoding="utf-8-sig")))
    assert [(r["original"], r["replacement"]) for r in rows][:3] == [
        ("Kari", "[Navn]"), ("Stine", "[Navn]"), ("Rema", "[Arbeidsplass]")]
    assert {r["document"] for r in rows} == {"1"} and {r["new_document"] for r in rows} == {"2"}
    # the chapter now passes the strict anonymity check
    assert main(["export", "md", str(study), "-o", str(tmp_path / "k.md"), "--strict"]) == 0


def test_pseudonyms_are_consistent_per_person():
    class Doc:
        text = "Kari møtte Stine. Stine og Kari, og Karis bror."
        format = "txt"
    scanner = Scanner.for_settings({"word_list": ["Kari", "Stine"]})
    names = Pseudonyms()
    result = plan(Doc, scanner, mode="pseudonym", pseudonyms=names)
    assert result.text == "[Navn 1] møtte [Navn 2]. [Navn 2] og [Navn 1], og [Navn 1]s bror."
    again = plan(Doc, scanner, mode="pseudonym", pseudonyms=names)  # the next document
    assert again.text == result.text
    assert plan(Doc, scanner, keep=frozenset({"stine"})).text == (
        "[Navn] møtte Stine. Stine og [Navn], og [Navn]s bror.")
    assert result.map_offset(0) == 0 and result.map_offset(2) == 8 and result.map_offset(5) == 9


def test_leaving_candidates_out_after_review_needs_no_second_scan():
    from stc_bench.nlp.pseudonymise import without

    class Doc:
        text = "Kari møtte Stine. Stine og Kari, og Karis bror."
        format = "txt"
    scanner = Scanner.for_settings({"word_list": ["Kari", "Stine"]})
    planned = plan(Doc, scanner)
    skip = frozenset({Doc.text.index("Stine"), Doc.text.index("Karis")})
    assert without(planned, skip) == plan(Doc, scanner, skip=skip)
    assert without(planned, frozenset()) == planned
    assert without(planned, frozenset(r.start for r in planned.replacements)).text == Doc.text


def test_a_name_only_one_member_of_the_detector_finds_is_a_candidate():
    from stc_bench.nlp.entities import entities
    from stc_bench.nlp.pseudonymise import scanner_for

    class Doc:
        text = "jeg ringte halvard etterpå og hun var helt enig"
        format = "txt"
    assert "halvard" not in [Doc.text[s:e] for s, e, _ in entities(Doc.text)]  # not in the vote
    result = plan(Doc, scanner_for({}))
    assert [(r.original, r.label) for r in result.replacements] == [("halvard", "PER")]
    assert result.text == "jeg ringte [Navn] etterpå og hun var helt enig"


def test_dry_run_lists_and_changes_nothing(study, capsys):
    with Workbench.open(study) as wb:
        seq = wb.last_seq()
    assert main(["pseudonymise", str(study), "--dry-run", "--keep", "rema"]) == 0
    out = capsys.readouterr().out
    assert "document 1 (" in out and "line 2: PER 'Stine' -> [Navn]" in out
    assert "Rema" not in out and f"line 4: FNR '{FNR}' -> [Nummer]" in out
    with Workbench.open(study) as wb:
        assert wb.last_seq() == seq and current(wb).revision == 1


def test_errors_leave_the_project_unchanged(study, tmp_path, capsys):
    existing = tmp_path / "nøkkel.csv"
    existing.write_text("gammel nøkkel\n")
    cases = [([], "give --key FILE"),
             (["--key", str(existing)], "already exists; a key is never overwritten"),
             (["--key", str(tmp_path / "mangler" / "k.csv")], "does not exist"),
             (["--key", str(tmp_path / "k.csv"), "--document", "99"], "document 99: no such")]
    for extra, message in cases:
        assert main(["pseudonymise", str(study), *extra]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0]
    assert existing.read_text() == "gammel nøkkel\n" and not (tmp_path / "k.csv").exists()
    with Workbench.open(study) as wb:
        assert current(wb).revision == 1


def test_nothing_to_replace_writes_no_key(wb, doc, project_path, tmp_path, capsys):
    wb.set_setting("name_allow_list", ["Kari"])  # the name model finds the fixture's Kari
    wb.close()
    assert main(["pseudonymise", str(project_path), "--key", str(tmp_path / "k.csv")]) == 0
    assert "nothing to pseudonymise in 1 document(s)" in capsys.readouterr().out
    assert not (tmp_path / "k.csv").exists()
