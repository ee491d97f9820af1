"""Hostile or broken .qdpx/.qdc files: one clear error (exit 2), nothing written."""

from __future__ import annotations

import zipfile

import pytest

from stc_bench.cli import main
from stc_bench.services import Workbench

OK_QDE = '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'
XXE = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       '<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                    for i in range(1, 10))
          + ']><Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>')
DEEP = ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>'
        + '<Code guid="00000000-0000-4000-8000-000000000001" name="a" isCodable="true">' * 3000
        + "</Code>" * 3000 + "</Codes></CodeBook></Project>")


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


CASES = {
    "zip-slip": ({"project.qde": OK_QDE, "../../evil.txt": "x"}, "outside the archive"),
    "absolute": ({"project.qde": OK_QDE, "/etc/cron.d/evil": "x"}, "outside the archive"),
    "drive": ({"project.qde": OK_QDE, "C:\\Windows\\evil.txt": "x"}, "outside the archive"),
    "nested": ({"project.qde": OK_QDE, "/".join("d" * 12) + "/x.txt": "x"}, "folders deep"),
    "bomb": ({"project.qde": OK_QDE, "sources/a.txt": b"\0" * (4 * 1024 * 1024)}, "zip bomb"),
    "invalid": ({"project.qde": "<Project xmlns='urn:QDA-XML:project:1.0' name='x'>"}, "not well-formed"),
    "xxe": ({"project.qde": XXE}, "DTD"),
    "billion laughs": ({"project.qde": LAUGHS}, "DTD"),
    "deep xml": ({"project.qde": DEEP}, "not well-formed"),
    "no qde": ({"sources/a.txt": "x"}, "one .qde"),
    "two qde": ({"a.qde": OK_QDE, "b.qde": OK_QDE}, "one .qde"),
    "not refi": ({"project.qde": "<html/>"}, "not a REFI-QDA Project"),
}


@pytest.fixture
def target(project_path):
    path = project_path
    Workbench.create(path, title="Mål", actor="kari").close()
    return path


def _stored(target) -> object:
    """What a refused import leaves as it was: the file's bytes, or on PostgreSQL the
    trail's head and every row of the codebook and the transcripts."""
    if "://" not in str(target):
        return target.read_bytes()
    with Workbench.open(target, read_only=True) as wb:
        return wb.verify().head_hash, wb.code_groups(), wb.themes(), wb.documents()


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_archive_is_one_clear_error_and_nothing_written(tmp_path, target, capsys, case):
    entries, why = CASES[case]
    path = _zip(tmp_path / "fiendtlig.qdpx", entries)
    before = _stored(target)
    assert main(["import-qdpx", str(path), str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("stc-bench: error: ") and why in err and "\n" not in err
    assert "root:" not in err  # the XXE was never resolved
    with Workbench.open(target, read_only=True) as wb:
        assert [e.action for e in wb.log()] == ["project.create"]
    assert _stored(target) == before


def test_not_a_zip_and_hostile_codebook(tmp_path, target, capsys):
    (tmp_path / "x.qdpx").write_text("ikke en zip")
    assert main(["import-qdpx", str(tmp_path / "x.qdpx"), str(target)]) == 2
    assert "not a zip archive" in capsys.readouterr().err
    (tmp_path / "x.qdc").write_text(XXE.replace("Project", "CodeBook").replace("project", "codebook"))
    assert main(["import-qdc", str(tmp_path / "x.qdc"), str(target)]) == 2
    assert "DTD" in capsys.readouterr().err


def test_a_failing_import_leaves_nothing(tmp_path, target, capsys):
    """A duplicate transcript halfway through: the whole import is refused."""
    text = "I: Hei.\nJS1: Jeg jobber på et lager nå."
    qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="QualCoder"><CodeBook><Codes>'
           '<Code guid="00000000-0000-4000-8000-000000000001" name="Arbeid" isCodable="true"/>'
           '</Codes></CodeBook><Sources>'
           + "".join(f'<TextSource guid="00000000-0000-4000-8000-00000000001{i}" name="T{i}">'
                     f'<PlainTextContent>{text}</PlainTextContent></TextSource>' for i in range(2))
           + "</Sources></Project>")
    path = _zip(tmp_path / "dobbel.qdpx", {"project.qde": qde})
    assert main(["import-qdpx", str(path), str(target)]) == 2
    assert "already in the project" in capsys.readouterr().err
    with Workbench.open(target, read_only=True) as wb:
        assert not wb.code_groups() and len(wb.log()) == 1
