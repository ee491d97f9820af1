"""Suggestions stored over the standard library's ``sqlite3``, for ``stc-bench segment``.

``segment`` reads the transcripts and replaces their open suggestions: derived data,
written without an audit event (``domain.model.UNTRACKED_TABLES``). Importing SQLAlchemy
and the Store for that cost ~0.5 s of CPU in every run, a third of the way from the bare
spaCy parse to the 1.15× the command may take (bench/README.md, branch ``seg2``).
:func:`open_store` opens a plain project file that is already at :data:`migrate.HEAD`
(the check of :mod:`.quick`) and gives a :class:`QuickStore`: ``read()`` as
:class:`.quick.QuickRead`, ``write()`` a :class:`QuickWrite` under the same connection
settings and write lock (``BEGIN IMMEDIATE``) as the engine's. Anything else — a URL, an
older or newer schema, an encrypted or damaged file — gets ``None`` and the caller opens
the Workbench, which migrates or reports the problem as always.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..domain.errors import ProjectBusy, ProjectFileError, StcError
from ..domain.model import Suggestion
from . import open_files
from .quick import QuickRead, _connect, _hold_plain, _project_file
from .sqlite_settings import busy_timeout_ms, connection_pragmas


class QuickWrite(QuickRead):
    """The write of ``repository.WriteTx`` that ``segment`` needs, on ``sqlite3``."""

    def replace_suggestions(self, document_id: int, spans: builtins.list[tuple[int, int]],
                            source: str) -> int:
        """As ``WriteTx.replace_suggestions``: a document's open suggestions replaced;
        spans equal to an accepted or dismissed one are skipped."""
        self.conn.execute('DELETE FROM "suggestion" WHERE document_id = ? AND status = ?',
                          (document_id, "open"))
        kept = {(s.start, s.end) for s in self.list(Suggestion, document_id=document_id)}
        rows = [(document_id, a, b, "open", source) for a, b in spans if (a, b) not in kept]
        self.conn.executemany('INSERT INTO "suggestion" ("document_id", "start", "end", '
                              '"status", "source") VALUES (?, ?, ?, ?, ?)', rows)
        return len(rows)


class QuickStore:
    """A project file at the newest schema, opened with ``sqlite3`` (see module doc)."""

    read_only = False
    encrypted = False

    def __init__(self, path: Path, conn: sqlite3.Connection, held: open_files.Held):
        self.path = self.where = path
        self.conn = conn
        self._held = held

    @contextmanager
    def read(self) -> Iterator[QuickRead]:
        with self._transaction("BEGIN"):
            yield QuickRead(self.conn)

    @contextmanager
    def write(self) -> Iterator[QuickWrite]:
        """A write transaction holding the project's write lock until commit."""
        with self._transaction("BEGIN IMMEDIATE"):
            yield QuickWrite(self.conn)

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        try:
            self.conn.execute(begin)
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError as exc:
            raise StcError(f"{self.where}: refused by the database: {exc}") from exc
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise ProjectBusy(f"{self.where}: project is busy (another stc-bench process "
                                  "is writing to it); try again") from exc
            raise ProjectFileError(f"{self.where}: {text}") from exc

    def close(self) -> None:
        self.conn.close()
        self._held.release()  # after the connection: see open_files.py


def open_store(target: str | Path) -> QuickStore | None:
    """A :class:`QuickStore` on ``target`` if it is a plain project file at the newest
    schema, else ``None`` (then open the Workbench)."""
    path = _project_file(target)
    # held before any connection, released after the last: see open_files.py
    held = _hold_plain(path) if path is not None else None
    if path is None or held is None:
        return None
    conn = _connect(path)  # checks the schema revision, read-only
    if conn is None:
        held.release()
        return None
    try:
        conn.execute("PRAGMA query_only = OFF")
        for statement in connection_pragmas(busy_timeout_ms(), read_only=False):
            conn.execute(statement)
    except sqlite3.Error:
        conn.close()
        held.release()
        return None
    return QuickStore(path.absolute(), conn, held)
