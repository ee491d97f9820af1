"""A read path over the standard library's ``sqlite3``, for commands that only read.

Importing SQLAlchemy costs about as much as importing Textual, so ``stc-bench status``
could not start within 1.5× of the Textual import on it (bench/README.md, branch
``startup``). :func:`open_current` opens a project file that is already at
:data:`migrate.HEAD` read-only and hands out a :class:`QuickRead` with the methods of
:class:`repository.ReadTx` that status uses, answering the same queries in plain SQL.
Anything else — a database URL, an older or newer schema, a file ``sqlite3`` cannot
read (encrypted, damaged) — gets ``None``, and the caller takes the normal path, which
migrates or reports the problem as it always has. ``tests/test_status_counts.py``
checks both paths give the same status, and that the conversions below are those of the
tables' column types.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from ..domain.errors import NotFound
from ..domain.model import ENTITIES, Entity
from . import migrate, open_files

T = TypeVar("T", bound=Entity)

#: Seconds the quick path waits for a lock before leaving the read to the normal path.
QUICK_TIMEOUT_S = 0.1


class QuickReadFailed(Exception):
    """``sqlite3`` failed part-way (busy, damaged): read through the normal path instead."""


def _kind(annotation: Any) -> str:
    """How a column's stored value becomes the dataclass's: ``bool`` (SQLite stores 0/1),
    ``json`` (a dict or list stored as JSON text) or ``plain``."""
    text = str(annotation)
    if text == "bool":
        return "bool"
    if text.startswith(("dict", "list")):
        return "json"
    return "plain"


#: Per table, the (position, kind) of each column that needs converting after a read.
CONVERSIONS: dict[str, tuple[tuple[int, str], ...]] = {
    cls.TABLE: tuple((i, k) for i, f in enumerate(dataclasses.fields(cast(Any, cls)))
                     if (k := _kind(f.type)) != "plain")
    for cls in ENTITIES.values()
}


def _decode_json(value: Any) -> Any:
    """As the tables' ``StoredJSON`` reads it: a value that no longer decodes is kept
    as ``{"undecodable": raw}`` instead of failing the read."""
    if not isinstance(value, str | bytes):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return {"undecodable": value if isinstance(value, str) else repr(value)}


@contextmanager
def open_current(target: str | Path) -> Iterator[QuickRead | None]:
    """One read transaction on the project file ``target`` if it is at the newest
    schema, else ``None`` (then use the service layer)."""
    path = _project_file(target)
    held = _hold_plain(path) if path is not None else None
    try:
        conn = _connect(path) if path is not None and held is not None else None
        if conn is None:
            yield None
            return
        try:
            conn.execute("BEGIN")
            yield QuickRead(conn)
        except sqlite3.Error as exc:
            raise QuickReadFailed(str(exc)) from exc
        finally:
            conn.close()
    finally:
        if held is not None:
            held.release()  # once the connection is closed: see open_files.py


def _project_file(target: str | Path) -> Path | None:
    text = str(target)
    if "://" in text:
        return None
    path = Path(text).expanduser()
    try:
        # a FIFO would block the header read; the normal path names it
        return path if path.is_file() else None
    except OSError:
        return None


def _hold_plain(path: Path) -> open_files.Held | None:
    """This process's hold on ``path`` while it reads it, if it is plain SQLite."""
    try:
        held = open_files.hold(path)
    except OSError:
        return None
    if not held.plain:
        held.release()
        return None
    return held


def _connect(path: Path) -> sqlite3.Connection | None:
    try:
        # A short wait: a reader of a WAL file is rarely blocked, and when it is the
        # normal path takes over with the project's busy timeout and its messages.
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=QUICK_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA query_only = ON")
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if rows == [(migrate.HEAD,)] and conn.execute(
                "SELECT 1 FROM project WHERE id = 1").fetchone() is not None:
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None


#: The coders' own meaning units of documents in (or released from) independent coding:
#: not the project's coding, so ``status`` and the method's gaps leave them out. One
#: statement for both drivers (``ReadTx`` runs it through SQLAlchemy); the documents come
#: from the small ``independent_coder`` table and the units by their document index.
OWN_UNIT_IDS_SQL = ("SELECT id FROM meaning_unit WHERE document_id IN "
                    "(SELECT document_id FROM independent_coder) AND coder IS NOT NULL")
_OWN = OWN_UNIT_IDS_SQL
CODER_UNIT_COUNTS_SQL = (
    f"SELECT (SELECT count(*) FROM ({_OWN}) AS own), "
    f"(SELECT count(*) FROM coding WHERE unit_id IN ({_OWN})), "
    f"(SELECT count(DISTINCT unit_id) FROM coding WHERE unit_id IN ({_OWN})), "
    f"(SELECT count(DISTINCT v.unit_id) FROM validation AS v WHERE v.unit_id IN ({_OWN}) "
    "AND EXISTS (SELECT 1 FROM coding AS c WHERE c.unit_id = v.unit_id)), "
    "(SELECT count(*) FROM (SELECT unit_id FROM coding WHERE unit_id IN "
    f"({_OWN}) AND code_group_id IN (SELECT code_group_id FROM subgroup) "
    "EXCEPT SELECT unit_id FROM assignment) AS left_out)")
CODER_UNIT_KEYS = ("units", "codings", "coded", "validated", "unassigned")
#: The same units' codings per code group: what a code group's count leaves out.
CODER_CODINGS_PER_GROUP_SQL = (
    f"SELECT code_group_id, count(*) FROM coding WHERE unit_id IN ({_OWN}) "
    "GROUP BY code_group_id")


def without_coder_units(gaps: dict[str, int], own: dict[str, int]) -> dict[str, int]:
    """``coding_gaps`` counted over every unit, less the coders' own units (``own``)."""
    return {"uncoded": gaps["uncoded"] - (own["units"] - own["coded"]),
            "unassigned": gaps["unassigned"] - own["unassigned"],
            "unvalidated": gaps["unvalidated"] - (own["coded"] - own["validated"])}


def _where(where: dict[str, Any]) -> tuple[str, list[Any]]:
    """``col = ?`` per keyword (``IS NULL`` for None, as SQLAlchemy writes ``== None``)."""
    parts, params = [], []
    for key, value in where.items():
        if value is None:
            parts.append(f'"{key}" IS NULL')
        else:
            parts.append(f'"{key}" = ?')
            params.append(value)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


class QuickRead:
    """The reads of :class:`repository.ReadTx` that ``status`` needs, on ``sqlite3``."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def _rows(self, cls: type[T], sql: str, params: Sequence[Any]) -> builtins.list[T]:
        convert = CONVERSIONS[cls.TABLE]
        found = []
        for row in self.conn.execute(sql, params):
            if convert:
                row = list(row)
                for i, kind in convert:
                    value = row[i]
                    if kind == "bool":
                        row[i] = None if value is None else bool(value)
                    else:
                        row[i] = _decode_json(value)
            found.append(cast(Any, cls)(*row))
        return found

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params).fetchone()[0]

    def find(self, cls: type[T], id_: int | None) -> T | None:
        if id_ is None:
            return None
        rows = self._rows(cls, f'SELECT * FROM "{cls.TABLE}" WHERE id = ?', [id_])
        return rows[0] if rows else None

    def get(self, cls: type[T], id_: int | None) -> T:
        found = self.find(cls, id_)
        if found is None:
            raise NotFound(f"{cls.TABLE.replace('_', ' ')} {id_} does not exist in this project")
        return found

    def list(self, cls: type[T], order_by: str | tuple[str, ...] = "id", **where: Any) -> builtins.list[T]:
        order = (order_by,) if isinstance(order_by, str) else order_by
        clause, params = _where(where)
        return self._rows(cls, f'SELECT * FROM "{cls.TABLE}"{clause} ORDER BY '
                          + ", ".join(f'"{name}"' for name in order), params)

    def list_in(self, cls: type[T], column: str, values: builtins.list[Any]) -> builtins.list[T]:
        if not values:
            return []
        marks = ", ".join("?" * len(values))
        return self._rows(cls, f'SELECT * FROM "{cls.TABLE}" WHERE "{column}" IN ({marks}) '
                          "ORDER BY id", list(values))

    def count(self, cls: type[Entity], **where: Any) -> int:
        clause, params = _where(where)
        return int(self._scalar(f'SELECT count(*) FROM "{cls.TABLE}"{clause}', params))

    def count_distinct(self, cls: type[Entity], column: str) -> int:
        return int(self._scalar(f'SELECT count(DISTINCT "{column}") FROM "{cls.TABLE}"'))

    def sum_of(self, cls: type[Entity], column: str) -> int:
        return int(self._scalar(f'SELECT coalesce(sum("{column}"), 0) FROM "{cls.TABLE}"'))

    def values(self, cls: type[Entity], *columns: str, **where: Any) -> Iterator[tuple]:
        clause, params = _where(where)
        cols = ", ".join(f'"{c}"' for c in columns)
        yield from self.conn.execute(f'SELECT {cols} FROM "{cls.TABLE}"{clause} ORDER BY id',
                                     params)

    def head(self) -> tuple[int, str] | None:
        row = self.conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC "
                                "LIMIT 1").fetchone()
        return (row[0], row[1]) if row else None

    def coding_gaps(self, own: dict[str, int] | None = None) -> dict[str, int]:
        """The same counts and the same SQL as ``ReadTx.coding_gaps`` (see there why)."""
        coded = self._scalar("SELECT count(DISTINCT unit_id) FROM coding")
        validated = self._scalar(
            "SELECT count(DISTINCT validation.unit_id) FROM validation WHERE EXISTS "
            "(SELECT coding.id FROM coding WHERE coding.unit_id = validation.unit_id)")
        unassigned = self._scalar(
            "SELECT count(*) FROM (SELECT coding.unit_id FROM coding "
            "WHERE coding.code_group_id + 0 IN (SELECT subgroup.code_group_id FROM subgroup) "
            "EXCEPT SELECT assignment.unit_id FROM assignment ORDER BY 1)")
        units = self._scalar("SELECT count(*) FROM meaning_unit")
        own = self.coder_unit_counts() if own is None else own
        return without_coder_units({"uncoded": units - coded, "unassigned": unassigned,
                                    "unvalidated": coded - validated}, own)

    def coder_unit_counts(self) -> dict[str, int]:
        """The coders' own units and their codings (see ``CODER_UNIT_COUNTS_SQL``)."""
        return dict(zip(CODER_UNIT_KEYS, self.conn.execute(CODER_UNIT_COUNTS_SQL).fetchone(),
                        strict=True))
