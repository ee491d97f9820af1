"""Informant labels that look like names are flagged at import with a suggestion;
`informants --rename` fixes the label and the document titles in one undoable event;
attribute values are scanned like text."""

from __future__ import annotations

import pytest

from stc_bench.cli import main
from stc_bench.domain.model import Document, Informant
from stc_bench.nlp.identifiers import looks_like_name
from stc_bench.services import Workbench

INTERVIEW = ("I: Hvordan var den første dagen?\n"
             "Informant: Jeg var nervøs, men sjefen tok godt imot meg og viste meg rundt.\n")


@pytest.mark.parametrize("label,named", [
    ("Kari Nordmann", True), ("Anne-Lise Berg", True), ("Ola Per Hansen", True),
    ("JS1", False), ("Informant 3", False), ("Informant Tre", False), ("D2", False),
    ("kari nordmann", False), ("Deltaker Nord", False), ("Kari", False)])
def test_a_label_looks_like_a_name_from_two_capitalised_words(label, named):
    assert looks_like_name(label) is named


def test_a_label_on_the_word_list_looks_like_a_name():
    assert looks_like_name("Kari", ["Kari"]) and looks_like_name("kari2", ["Kari"]) is False


def test_import_flags_a_name_from_the_file_name_and_rename_fixes_it(tmp_path, project_path, capsys):
    project = project_path
    named = tmp_path / "Kari Nordmann intervju.txt"
    named.write_text(INTERVIEW, encoding="utf-8")
    plain = tmp_path / "JS1.txt"
    plain.write_text(INTERVIEW.replace("nervøs", "spent"), encoding="utf-8")
    assert main(["new", str(project), "--title", "Studie"]) == 0
    assert main(["import", str(project), str(named), str(plain)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "looks like" in line]
    assert warnings == [
        f"stc-bench: warning: informant label 'Kari Nordmann' looks like a person's name; give a "
        f"pseudonym: stc-bench informants {project} --rename 'Kari Nordmann' I1 (or import with "
        "--informant LABEL)"]

    assert main(["informants", str(project), "--rename", "Kari Nordmann", "I1"]) == 0
    with Workbench.open(project) as wb:
        assert sorted(i.label for i in wb.list(Informant)) == ["I1", "JS1"]
        titles = sorted((d.title, d.source_name) for d in wb.list(Document))
        assert titles == [("I1 intervju.txt", "I1 intervju.txt"), ("JS1.txt", "JS1.txt")]
        event = wb.log()[-1]
        assert event.action == "informant.edit" and "Kari" not in event.message
        wb.undo()  # one undo restores the label and the title together
        assert sorted(d.title for d in wb.list(Document)) == ["JS1.txt", "Kari Nordmann intervju.txt"]
        assert sorted(i.label for i in wb.list(Informant)) == ["JS1", "Kari Nordmann"]
        wb.redo()
        assert wb.verify().ok
    assert main(["informants", str(project), "--rename", "I1", "JS1"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_an_explicit_pseudonym_still_warns_about_the_file_name(tmp_path, project_path, capsys):
    project = project_path
    named = tmp_path / "Kari Nordmann.txt"
    named.write_text(INTERVIEW, encoding="utf-8")
    assert main(["new", str(project), "--title", "Studie"]) == 0
    assert main(["import", str(project), str(named), "--informant", "I4"]) == 0
    err = capsys.readouterr().err
    assert "informant label" not in err  # the label is a pseudonym now …
    assert ("Kari Nordmann.txt: the file name holds what looks like a person's name, and the "
            "document's title keeps it") in err  # … but the title is the file's name


def test_attribute_values_are_scanned_like_text(wb, doc, project_path, capsys):
    wb.set_setting("word_list", {"Rema": "arbeidsplass"})
    wb.close()
    p = str(project_path)
    assert main(["informants", p, "--set", "JS1", "note=fnr 15038512363"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "fødselsnummer" in err[0] and "would identify the person" in err[0]
    assert main(["informants", p, "--set", "JS1", "site_code=Remaen sentrum"]) == 2
    assert "word list 'Remaen'" in capsys.readouterr().err
    assert main(["informants", p, "--set", "JS1", "contact=kari@eksempel.no"]) == 2
    capsys.readouterr()
    assert main(["informants", p, "--set", "JS1", "interviewed=12.03.2024", "sector=kommunal"]) == 0
    assert "date '12.03.2024'" in capsys.readouterr().err  # warned, not refused
    with Workbench.open(project_path) as bench:
        assert bench.list(Informant, label="JS1")[0].attributes == {
            "interviewed": "12.03.2024", "sector": "kommunal"}
