"""User errors are exit 2 with one clear line, never "a bug" (exit 1); nothing is
created, backed up or changed by them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from helpers.study import build_small_study, import_interview, span_of, sqlite_exec
from test_ingest_formats import labelled_lines

from stc_bench.cli import main
from stc_bench.services import Workbench


@pytest.fixture
def project(project_path) -> Path:
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        build_small_study(wb)
    return project_path


def one_error(capsys, *argv: str, code: int = 2) -> str:
    assert main(list(argv)) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("stc-bench: error: "), err
    return err


def test_project_paths_that_are_no_project(tmp_path, capsys):
    folder = tmp_path / "mappe"
    folder.mkdir()
    assert "is a folder, not a project file" in one_error(capsys, "status", str(folder))
    empty = tmp_path / "tom.stc"
    empty.write_bytes(b"")
    assert "is an empty file, not a project; only stc-bench new" in one_error(
        capsys, "status", str(empty))
    assert empty.stat().st_size == 0  # not silently turned into a project
    assert "postgresql" in one_error(capsys, "status", "postgresql://kari:hemmelig@db/studie")
    assert "hemmelig" not in capsys.readouterr().err
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.stc")
        assert "not a regular file" in one_error(capsys, "status", str(tmp_path / "pipe.stc"))


@pytest.mark.sqlite_only('a sqlite:/// URL names the file')
def test_a_file_url_is_the_file(project, capsys):
    assert main(["status", project.absolute().as_uri(), "--json"]) == 0
    assert '"title": "Jobbstøtte"' in capsys.readouterr().out
    assert "no such project file" in one_error(capsys, "status", "file:///finnes/ikke.stc")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_and_file_in_it(project, tmp_path, capsys):
    locked = tmp_path / "låst"
    locked.mkdir()
    inside = locked / "p.stc"
    inside.write_bytes(project.read_bytes())
    locked.chmod(0)
    try:
        assert "permission denied" in one_error(capsys, "status", str(inside))
        assert "permission denied" in one_error(capsys, "status", str(locked))
        assert "permission denied" in one_error(capsys, "import", str(project), str(inside))
        assert "permission denied" in one_error(capsys, "import", str(project), str(locked))
    finally:
        locked.chmod(0o755)


def test_newer_schema_is_named_and_nothing_is_backed_up(project, capsys):
    sqlite_exec(project, ("UPDATE alembic_version SET version_num = '0099_fremtid'", ()))
    for argv in (["status", str(project)], ["open", "--review", str(project)],
                 ["audit", "verify", str(project)], ["status", str(project)]):
        err = one_error(capsys, *argv)
        assert "written by a newer stc-bench (schema revision 0099_fremtid); upgrade" in err
    if "://" not in str(project):  # a file: no backup copy beside it either
        assert not list(project.parent.glob(f"{project.name}.bak-*"))


@pytest.mark.sqlite_only("SQLite's typeless columns take bytes; PostgreSQL's refuse them")
@pytest.mark.parametrize("column", ["message", "at_utc", "entity_id", "actor"])
def test_binary_data_in_an_event_is_a_failed_verify_not_a_crash(project, capsys, column):
    con = sqlite3.connect(str(project))
    con.execute(f"UPDATE audit_event SET {column} = X'00ff' WHERE seq = 2")
    con.commit()
    con.close()
    assert main(["audit", "verify", str(project)]) == 3
    assert "FAILED at seq 2" in capsys.readouterr().out


@pytest.mark.sqlite_only("SQLite's typeless columns take bytes; PostgreSQL's refuse them")
def test_binary_data_in_a_row_is_a_failed_verify_not_a_crash(project, capsys):
    con = sqlite3.connect(str(project))
    con.execute("UPDATE document SET text = X'00ff'")
    con.commit()
    con.close()
    assert main(["audit", "verify", str(project)]) == 3
    out = capsys.readouterr().out
    assert "document 1.text is '<binary 00ff>'" in out and len(out) < 400


def test_control_characters_in_file_names_are_escaped(project, tmp_path, capsys):
    bad = tmp_path / "JS1\nstc-bench: error: forfalsket\x1b[2J.txt"
    err = one_error(capsys, "import", str(project), str(bad))
    assert "\\nstc-bench: error: forfalsket\\x1b[2J.txt: no such file" in err
    assert "\x1b" not in err
    good = tmp_path / "JS2\x1b.txt"
    good.write_text("\n".join(labelled_lines()), encoding="utf-8")
    assert main(["import", str(project), str(good)]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_template_that_is_a_device_says_so(project, tmp_path, capsys):
    err = one_error(capsys, "export", "docx", str(project), "--template", "/dev/zero",
                    "-o", str(tmp_path / "k.docx"))
    assert "/dev/zero: the template is not a regular file" in err


def test_merge_across_a_gap_says_so_and_checks_the_span(wb):
    doc = import_interview(wb)
    a = wb.create_unit(doc.id, *span_of(doc.text, "Det var behandleren min på DPS-et som foreslo det."))
    b = wb.create_unit(doc.id, *span_of(doc.text, "Vi gikk rett ut og besøkte en bedrift i uke to."))
    merged = wb.merge_units([a.id, b.id])
    event = wb.log()[-1]
    assert "taking in 123 characters that were in none of them: 'Jeg hadde" in event.message
    assert event.after["gaps"] and merged.snippet == doc.text[merged.start:merged.end]
    c = wb.create_unit(doc.id, *span_of(doc.text, "Det gikk så fort"))
    d = wb.create_unit(doc.id, *span_of(doc.text, " at jeg nesten ikke rakk"))
    wb.merge_units([c.id, d.id])
    assert "taking in" not in wb.log()[-1].message  # adjacent: nothing taken in


def test_permission_denied_on_import_is_a_user_error(project, tmp_path, capsys, monkeypatch):
    """As root nothing is unreadable, so the operating system's refusal is simulated."""
    locked = tmp_path / "låst"
    locked.mkdir()
    inside = locked / "JS1.txt"
    real_lstat, real_iterdir = os.lstat, Path.iterdir

    def lstat(path, *a, **k):
        if str(path).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *a, **k)

    def iterdir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert "permission denied on a folder above it" in one_error(
        capsys, "import", str(project), str(inside))
    assert "the folder cannot be read (permission denied)" in one_error(
        capsys, "import", str(project), str(locked))
