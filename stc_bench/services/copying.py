"""Move a project between stores (a SQLite file, a PostgreSQL database), trail and all.

The source must verify before anything is written, and the copy must verify after, its
chain ending in an event the source has with the same hash; a copy that fails half-way
leaves no project behind (a file it created is removed; a server database keeps only the
empty schema, which ``new`` and ``copy`` accept again).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ProjectFileError, StcError
from ..storage.copy import copy_store
from ..storage.repository import Store
from .workbench import Workbench


@dataclass(frozen=True)
class CopyReport:
    source: str
    dest: str
    events: int
    rows: dict[str, int]
    head_seq: int
    head_hash: str


def copy_project(source: str | Path, dest: str | Path) -> CopyReport:
    """Copy the project at ``source`` to ``dest`` (a new file, or an empty database)."""
    with Workbench.open(source, read_only=True) as src:
        checked = src.verify()
        if not checked.ok:
            raise StcError(f"{src.store.where}: its trail does not verify (event "
                           f"{checked.first_bad_seq}: {checked.problem}); not copied — "
                           "run stc-bench audit verify on it")
        if "://" not in str(dest) and not Path(dest).parent.exists():
            raise ProjectFileError(f"{dest}: folder {Path(dest).parent} does not exist")
        target = Store(dest, create=True)
        try:
            target.migrate()
            counts = copy_store(src.store, target)
            copied = Workbench(target, actor=src.actor, read_only=True)
            report = copied.verify()
            with src.store.read() as tx:
                same = report.events and tx.event(report.events).hash == report.head_hash
            if not report.ok or not same:
                why = report.problem or "its last event is not the source's"
                raise StcError(f"{target.where}: the copy does not verify ({why}); not kept")
        except BaseException:
            target.close()
            _remove_file(target.path)
            raise
        target.close()
    return CopyReport(str(src.store.where), str(target.where), counts.events, counts.rows,
                      report.events, report.head_hash)


def _remove_file(path: Path | None) -> None:
    """A project file this copy created (with SQLite's -wal/-shm) goes again on failure."""
    if path is None:
        return
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass
