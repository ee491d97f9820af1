"""Done when (issue 19): two coders code the same transcript independently (two ``--as``
coders), see their agreement and reach a consensus that the chapter export uses — all on
the command line, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import json

import pytest
from helpers.coders import ALIKE, CODED_INTERVIEW, ONLY_KARI, ONLY_OLA, SUPPORT, SUPPORT_SHORT

from stc_bench.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def one_line_error(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
    return err


def span(words: str) -> str:
    text = CODED_INTERVIEW.replace("\r", "")
    start = text.index(words)
    return f"{start}:{start + len(words)}"


def test_two_coders_code_independently_agree_and_the_export_uses_their_consensus(
        backend, tmp_path, capsys):
    project = backend
    interview = tmp_path / "JS4.txt"
    interview.write_text(CODED_INTERVIEW, encoding="utf-8")
    codebook = tmp_path / "kodebok.csv"
    codebook.write_text("kodegruppe\nMestring\nStøtte\n", encoding="utf-8")
    ok(capsys, "--as", "veileder", "new", project, "--title", "Tilbake i jobb")
    ok(capsys, "--as", "veileder", "import", project, str(interview))
    ok(capsys, "--as", "veileder", "import-codebook", project, str(codebook))
    ok(capsys, "--as", "veileder", "coders", project, "start", "JS4.txt", "--coders", "kari,ola")

    for coder, marks in (("kari", [(ALIKE, "Mestring"), (SUPPORT, "Støtte"), (ONLY_KARI, "Støtte")]),
                         ("ola", [(ALIKE, "Mestring"), (SUPPORT_SHORT, "Støtte"),
                                  (ONLY_OLA, "Mestring")])):
        for words, group in marks:
            assert f"({coder}'s)" in ok(capsys, "--as", coder, "coders", project, "mark", "JS4.txt",
                                        span(words), "--group", group)
    # the supervisor is not a coder of it
    assert "independent coding by kari, ola" in one_line_error(
        capsys, "--as", "veileder", "coders", project, "mark", "JS4.txt", span(ONLY_OLA))

    # their agreement
    report = json.loads(ok(capsys, "agreement", project, "--json"))
    assert report["coders"] == ["kari", "ola"]
    assert [r["code_group"] for r in report["rows"]] == ["Mestring", "Støtte", None]
    assert report["rows"][-1]["segment_agreement"] == pytest.approx(2 / 3)
    assert 0 < report["rows"][-1]["kappa"] < 1 and 0 < report["rows"][-1]["alpha"] < 1
    assert report["rows"][-1]["cu_alpha"] == 1  # what both marked, both coded alike
    wider = json.loads(ok(capsys, "agreement", project, "--json", "--count-uncoded"))
    assert wider["rows"][-1]["kappa"] > report["rows"][-1]["kappa"]
    table = tmp_path / "samsvar.docx"
    assert ok(capsys, "agreement", project, "-o", str(table)).strip() == str(table)
    import docx

    assert docx.Document(str(table)).tables[0].rows[0].cells[0].text == "Kodegruppe"
    assert "Krippendorffs uα" in ok(capsys, "agreement", project, "--groups", "Mestring")
    exported = tmp_path / "samsvar-eksport.docx"
    ok(capsys, "export", "docx", project, "--part", "agreement", "-o", str(exported))
    cells = [[c.text for c in r.cells] for r in docx.Document(str(exported)).tables[0].rows]
    assert [r[0] for r in cells] == ["Kodegruppe", "Mestring", "Støtte", "Samlet"]
    exported_csv = tmp_path / "samsvar.csv"
    ok(capsys, "export", "csv", project, "--part", "agreement", "-o", str(exported_csv))
    assert exported_csv.read_text(encoding="utf-8-sig").splitlines()[-1].startswith("Samlet,3,3,67 %")

    # the differences, unit by unit, and the consensus
    diff = json.loads(ok(capsys, "coders", project, "diff", "JS4.txt", "--json"))
    assert [d["kind"] for d in diff] == ["same", "span", "only_a", "only_b"]
    assert "3 differences, 1 units marked alike" in ok(capsys, "coders", project, "diff", "JS4.txt")
    assert "not settled" in one_line_error(capsys, "--as", "kari", "coders", project, "release", "JS4.txt")
    ok(capsys, "--as", "kari", "coders", project, "agree", "JS4.txt")
    ok(capsys, "--as", "ola", "coders", project, "resolve", "JS4.txt", "2", "merge")
    ok(capsys, "--as", "ola", "coders", project, "resolve", "JS4.txt", "3", "discuss",
       "--text", "Er dette støtte eller mestring?")
    ok(capsys, "--as", "kari", "coders", project, "resolve", "JS4.txt", "3", "reject")
    ok(capsys, "--as", "kari", "coders", project, "resolve", "JS4.txt", "4", "take-b")
    assert "settled already" in one_line_error(capsys, "coders", project, "resolve", "JS4.txt", "4",
                                               "take-a")
    assert "'per' is not a coder" in one_line_error(capsys, "coders", project, "diff", "JS4.txt",
                                                   "--a", "per", "--b", "kari")
    ok(capsys, "--as", "kari", "coders", project, "release", "JS4.txt")
    assert "is not in independent coding" in one_line_error(
        capsys, "--as", "kari", "coders", project, "release", "JS4.txt")
    assert "released" in ok(capsys, "coders", project, "status")

    # the export reads the consensus: the agreed unit, the merged one, ola's taken one (the
    # chapter's quotes of consensus units: tests/test_coders.py, through the service layer)
    units = tmp_path / "enheter.csv"
    ok(capsys, "export", "csv", project, "-o", str(units))
    rows = list(csv.DictReader(units.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted((r["text"], r["code_group"]) for r in rows) == sorted(
        [(ALIKE, "Mestring"), (SUPPORT, "Støtte"), (ONLY_OLA, "Mestring")])
    log = ok(capsys, "audit", "log", project)
    for action in ("coders.start", "consensus.settle_agreed", "consensus.resolve", "coders.release"):
        assert action in log
    assert " kari " in log and " ola " in log
    ok(capsys, "audit", "verify", project)


def test_every_coders_error_names_the_transcript_by_title_and_changes_nothing(backend, capsys):
    """A supervisor reading "document 5" has to look the number up: each coders, agreement
    and consensus error names the transcript as the student knows it, in one line, exit 2,
    and the project is as it was (the trail's head is the same)."""
    from helpers.coders import code_independently
    from helpers.study import import_interview

    from stc_bench.services import Workbench

    with Workbench.create(backend, title="Tilbake i jobb", actor="veileder") as wb:
        mastery = wb.add_code_group("Mestring").id
        doc = code_independently(wb, mastery, wb.add_code_group("Støtte").id)
        plain = import_interview(wb)  # not coded independently
        head = wb.status()["head_hash"]
    title, other = repr(doc.title), repr(plain.title)
    errors = {
        ("--as", "veileder", "coders", backend, "mark", doc.title, span(ONLY_OLA)):
            f"document {title} is in independent coding by kari, ola",
        ("coders", backend, "release", doc.title): f"document {title}: 3 differences and 1 ",
        ("coders", backend, "resolve", doc.title, "9", "take-a"):
            f"document {title}: no difference 9 (there are 4",
        ("coders", backend, "diff", doc.title, "--a", "per", "--b", "kari"):
            f"'per' is not a coder of document {title}",
        ("coders", backend, "diff", plain.title): f"document {other} has not been in independent",
        ("coders", backend, "agree", plain.title): f"document {other} has not been in independent",
        ("agreement", backend, "--documents", plain.title):
            f"agreement: document(s) {other} have not been coded independently",
        ("coders", backend, "start", doc.title, "--coders", "kari,ola"):
            f"document {title} has been in independent coding already",
    }
    for argv, words in errors.items():
        assert words in one_line_error(capsys, *argv), argv
    with Workbench.open(backend, actor="veileder") as wb:
        assert wb.status()["head_hash"] == head


def test_three_coders_on_the_command_line_a_pair_at_a_time(backend, capsys):
    """diff / agree / resolve take the pair (--a, --b); without one they say which coders
    there are; a place settled in one pair shows as settled elsewhere in another; release
    names the pair still open."""
    from helpers.coders import code_by_three

    from stc_bench.services import Workbench

    with Workbench.create(backend, title="Tilbake i jobb", actor="veileder") as wb:
        doc = code_by_three(wb, wb.add_code_group("Mestring").id, wb.add_code_group("Støtte").id)
        head = wb.status()["head_hash"]
    title = repr(doc.title)
    assert "has coders kari, ola, per: name two of them" in one_line_error(
        capsys, "coders", backend, "diff", doc.title)
    with Workbench.open(backend, actor="veileder") as wb:
        assert wb.status()["head_hash"] == head
    assert "1 units marked alike taken" in ok(capsys, "coders", backend, "agree", doc.title,
                                              "--a", "kari", "--b", "ola")
    out = json.loads(ok(capsys, "coders", backend, "diff", doc.title, "--a", "ola", "--b",
                        "per", "--json"))
    assert [(d["kind"], d["decided"]) for d in out] == [
        ("same", "elsewhere"), ("only_b", None), ("span", None), ("only_b", None),
        ("only_a", None)]
    assert "[elsewhere]" in ok(capsys, "coders", backend, "diff", doc.title, "--a", "per",
                               "--b", "kari", "--all")
    assert (f"document {title}: 3 differences and 0 units both coders marked alike between "
            "kari and ola are not settled") in one_line_error(
        capsys, "coders", backend, "release", doc.title)
