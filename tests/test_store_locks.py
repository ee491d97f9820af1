"""One process with the project open twice, and another process that comes and goes.

The tests' fixture and the TUI each open a Workbench on the same file, and the TUI's first
frame reads it with ``sqlite3`` as well. SQLite keeps its POSIX locks per process, and
closing any descriptor of the file drops them all: opening the file a second time must
not read its header through a descriptor it then closes. Otherwise another process that
closes its connection sees no other reader, checkpoints and deletes the WAL under this
one, and the next write here fails with "disk I/O error".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stc_bench.domain.errors import ProjectFileError
from stc_bench.domain.model import Theme
from stc_bench.services import Workbench
from stc_bench.services.status import first_look, quick_status
from stc_bench.storage import open_files

#: Another process reads the themes and closes its connection normally.
READ_AND_CLOSE = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print("|".join(name for (name,) in con.execute("SELECT name FROM theme ORDER BY position")))
con.close()
"""


def another_process_reads_and_closes(path: Path) -> list[str]:
    """The theme names another process sees; it closes its connection as it leaves."""
    done = subprocess.run([sys.executable, "-c", READ_AND_CLOSE, str(path)], check=True,
                          timeout=60, capture_output=True, text=True)
    return done.stdout.strip().split("|")


def wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


@pytest.mark.sqlite_only("the file's WAL and -shm companions")
@pytest.mark.parametrize("second_look", ["workbench", "status", "first look"])
def test_a_second_open_keeps_the_wal_when_another_process_closes(wb, project_path,
                                                                  second_look):
    wb.add_theme("Tillit")  # this process has the file open, in WAL mode
    assert wal(project_path).exists()
    second = None
    if second_look == "workbench":
        second = Workbench.open(project_path, actor="ola")
    elif second_look == "status":
        assert quick_status(project_path)["themes"] == 1
    else:
        assert first_look(project_path) is not None
    try:
        another_process_reads_and_closes(project_path)
        # It was not the last connection: the WAL this process writes to is still there.
        assert wal(project_path).exists()
        # A commit into a deleted WAL is seen by this process only (or is a disk I/O error).
        wb.add_theme("Usikkerhet")
        if second is not None:
            second.add_theme("Mestring")
        names = ["Tillit", "Usikkerhet"] + (["Mestring"] if second is not None else [])
        assert another_process_reads_and_closes(project_path) == names
    finally:
        if second is not None:
            second.close()
    assert open_files.holders(project_path) == 1  # the fixture's Workbench alone
    wb.add_theme("Håp")  # the second one's close left the first one's locks alone
    assert another_process_reads_and_closes(project_path)[-1] == "Håp"
    assert wal(project_path).exists()
    assert wb.verify().ok


@pytest.mark.sqlite_only("the file's WAL and -shm companions")
def test_the_last_close_still_removes_the_wal(project_path):
    """Nothing held on: once every Workbench here is closed, the file is left whole."""
    first = Workbench.create(project_path, title="Jobbstøtte", actor="kari")
    second = Workbench.open(project_path, actor="ola")
    second.add_theme("Tillit")
    second.close()
    first.close()
    assert not wal(project_path).exists()
    assert open_files.holders(project_path) == 0
    again = Workbench.open(project_path, actor="kari")
    try:
        assert [t.name for t in again.list(Theme)] == ["Tillit"]
    finally:
        again.close()


def test_a_file_refused_at_open_is_not_held(tmp_path):
    """A file that is no project is refused before SQLite opens it, and not counted as
    open (else a later project on a reused inode would skip its header check)."""
    junk = tmp_path / "notater.stc"
    junk.write_bytes(b"Dette er ikke et prosjekt.\n" * 10)
    with pytest.raises(ProjectFileError, match="not an stc-bench project"):
        Workbench.open(junk, actor="kari")
    assert open_files.holders(junk) == 0
