"""``stc-bench copy SRC DEST`` moves a project from a SQLite file to PostgreSQL and back:
every row and the whole trail arrive as they were, the copy verifies with the source's head,
work goes on in the copy (ids, undo), and a copy that cannot be made leaves nothing behind."""

from __future__ import annotations

import pytest
from helpers.study import build_small_study, sqlite_exec
from test_undo_redo import rich_project, snapshot

from stc_bench.cli import main
from stc_bench.domain.model import Theme
from stc_bench.services import Workbench, copying


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sqlite_to_postgresql_and_back_keeps_every_row_and_the_trail(tmp_path, pg_url, capsys):
    source, back = tmp_path / "kilde.stc", tmp_path / "tilbake.stc"
    with Workbench.create(source, title="Flyttes", actor="kari") as wb:
        rich_project(wb)
        wb.undo()  # an undo in the trail, and one operation on the redo stack
        rows, head = snapshot(wb), wb.verify().head_hash

    code, out, err = run(capsys, "copy", str(source), pg_url)
    assert code == 0, err
    assert f":{head}" in out and "trail verified" in out
    code, out, err = run(capsys, "copy", pg_url, str(back))
    assert code == 0, err
    assert f":{head}" in out

    for copy in (pg_url, back):
        with Workbench.open(copy, actor="ola") as wb:
            report = wb.verify()
            assert report.ok, report.problem
            assert report.head_hash == head
            assert snapshot(wb) == rows  # every table, row for row, id for id
            assert wb.can_redo()
            wb.redo()  # the undone operation, replayed in the copy
            theme = wb.add_theme("Etter flyttingen")  # a new id: past every copied one
            assert theme.id == max(t.id for t in wb.list(Theme))
            wb.undo()
            assert wb.verify().ok
    assert main(["audit", "verify", pg_url]) == 0


def test_copy_refuses_an_occupied_destination_and_a_broken_source(tmp_path, pg_url, capsys):
    source = tmp_path / "kilde.stc"
    with Workbench.create(source, title="Kilde", actor="kari") as wb:
        build_small_study(wb)
    with Workbench.create(pg_url, title="Opptatt", actor="ola"):
        pass
    code, out, err = run(capsys, "copy", str(source), pg_url)  # a project is there
    assert code == 2 and "already exists and is not empty" in err and err.count("\n") == 1
    taken = tmp_path / "finnes.stc"
    taken.write_bytes(b"")
    code, out, err = run(capsys, "copy", str(source), str(taken))
    assert code == 2 and "already exists" in err
    code, out, err = run(capsys, "copy", str(source), str(tmp_path / "mangler" / "x.stc"))
    assert code == 2 and "does not exist" in err

    sqlite_exec(source, ("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3", ()))
    dest = tmp_path / "kopi.stc"
    code, out, err = run(capsys, "copy", str(source), str(dest))
    assert code == 2 and "does not verify" in err and "event 3" in err
    assert not dest.exists()


def test_a_copy_that_fails_half_way_leaves_no_file(tmp_path, monkeypatch):
    source, dest = tmp_path / "kilde.stc", tmp_path / "halv.stc"
    with Workbench.create(source, title="Kilde", actor="kari") as wb:
        build_small_study(wb)

    def broken(src, target):
        raise OSError("disk full")

    monkeypatch.setattr(copying, "copy_store", broken)
    with pytest.raises(OSError):
        copying.copy_project(source, dest)
    assert list(tmp_path.iterdir()) == [source]
