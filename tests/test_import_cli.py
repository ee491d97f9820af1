"""`stc-bench import`: a mixed folder in one command; duplicates refused; --revise."""

from __future__ import annotations

import pytest
from test_ingest_formats import TURNS, labelled_lines, make_docx, make_rtf, make_srt, make_vtt

from stc_bench.cli import main
from stc_bench.domain.model import Document, MeaningUnit
from stc_bench.services import Workbench


@pytest.fixture
def project(project_path):
    path = project_path
    assert main(["new", str(path), "--title", "Jobbstøtte"]) == 0
    return path


def test_mixed_folder_in_one_command(project, tmp_path, capsys):
    folder = tmp_path / "transkripsjoner"
    folder.mkdir()
    files = [make_docx(folder / "JS1.docx"), make_rtf(folder / "JS2.rtf", ["Intervju JS2", *labelled_lines()]),
             make_vtt(folder / "JS3.vtt"), make_srt(folder / "JS4_transkripsjon.srt")]
    (folder / "JS5.txt").write_text("\r\n".join(labelled_lines()), encoding="cp1252",
                                    errors="replace")
    files.append(folder / "JS5.txt")
    capsys.readouterr()
    assert main(["import", str(project), *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "imported 5 of 5 files" in out
    assert "informant JS4, 4 turns" in out and "interviewer SPEAKER_00" in out
    with Workbench.open(project) as wb:
        docs = wb.documents()
        assert len(docs) == 5
        for doc in docs:
            turns = [t for t in wb.turns(doc.id) if t.speaker]
            assert len(turns) == len(TURNS)
            assert [t.is_interviewer for t in turns] == [True, False, True, False]
            assert doc.text[turns[1].start:turns[1].end].startswith("Ja — hun kom hjem") or \
                doc.format == "txt"
        labels = sorted(i.label for i in wb.list(__import__(
            "stc_bench.domain.model", fromlist=["Informant"]).Informant))
        assert labels == ["JS1", "JS2", "JS3", "JS4", "JS5"]


def test_informant_option_and_duplicate_refused(project, tmp_path, capsys):
    path = make_docx(tmp_path / "intervju.docx")
    assert main(["import", str(project), str(path), "--informant", "Jobbspesialist 2"]) == 0
    assert "informant Jobbspesialist 2" in capsys.readouterr().out
    copy = tmp_path / "kopi.docx"
    copy.write_bytes(path.read_bytes())
    assert main(["import", str(project), str(copy)]) == 2
    assert "already in the project as document 1" in capsys.readouterr().err
    with Workbench.open(project) as wb:
        assert len(wb.documents()) == 1


def test_revise_reanchors_moves_flags_and_detaches(project, tmp_path, capsys):
    first = tmp_path / "JS1.txt"
    first.write_text("\n".join(labelled_lines()), encoding="utf-8")
    assert main(["import", str(project), str(first)]) == 0
    with Workbench.open(project) as wb:
        doc = wb.documents()[0]
        text = doc.text
        spans = {phrase: (text.index(phrase), text.index(phrase) + len(phrase)) for phrase in (
            "hun spurte hva jeg drømte om", "To uker senere hadde jeg praksis",
            "Kan du fortelle om den første samtalen")}
        units = {phrase: wb.create_unit(doc.id, *span) for phrase, span in spans.items()}
        group = wb.add_code_group("Å bli sett")
        wb.code_unit(units["hun spurte hva jeg drømte om"].id, group.id)
    corrected = tmp_path / "JS1_rettet.txt"
    corrected.write_text(
        "Intervju med JS1, rettet versjon\n" + "\n".join(labelled_lines()).replace(
            "To uker senere hadde jeg praksis", "Tre uker etterpå fikk jeg praksisplass").replace(
            "Kan du fortelle om den første samtalen med jobbspesialisten?", "Fortell!"),
        encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(project), "--revise", str(doc.id), str(corrected)]) == 0
    out = capsys.readouterr().out
    assert "1 moved, 1 flagged for review, 0 found only elsewhere" in out
    assert "1 detached (kept with their text)" in out
    with Workbench.open(project) as wb:
        old, new = wb.get(Document, doc.id), wb.documents()[-1]
        assert old.superseded and new.revision_of == old.id and new.revision == 2
        by_id = {u.id: u for u in wb.list(MeaningUnit)}
        moved = by_id[units["hun spurte hva jeg drømte om"].id]
        assert moved.status == "ok" and moved.document_id == new.id
        assert new.text[moved.start:moved.end] == "hun spurte hva jeg drømte om"
        assert wb.units_in_group(group.id)[0].id == moved.id
        flagged = by_id[units["To uker senere hadde jeg praksis"].id]
        assert flagged.status == "flagged" and flagged.document_id == new.id
        assert new.text[flagged.start:flagged.end] == flagged.snippet
        detached = by_id[units["Kan du fortelle om den første samtalen"].id]
        assert detached.status == "detached" and detached.document_id == old.id
        assert detached.snippet == "Kan du fortelle om den første samtalen"
        assert len(by_id) == 3
    assert main(["import", str(project), "--revise", str(doc.id), str(corrected)]) == 2
    assert "already revised" in capsys.readouterr().err
