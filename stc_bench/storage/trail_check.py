"""`audit verify` from the last checkpoint, over a stdlib ``sqlite3`` connection.

A full verification replays every event's row changes and compares the result with
every stored row. A checkpoint (an ``audit.checkpoint`` event, written after a full
verification passed; it is in the hash chain like any event) records, per tracked
table, the number of rows and a sha256 digest of them as they were stored at that
point. :func:`quick_verify` then

1. recomputes the whole hash chain over the stored text (:func:`audit.stored_event_hash`,
   as the full verification does; nothing is decoded);
2. replays only the events after the checkpoint, backwards from the stored rows they
   touched, to the state they claim those rows had at the checkpoint;
3. digests every tracked table as it would have been at the checkpoint (the stored
   rows, with those rows put back) and compares with the checkpoint's digests;
4. replays the events after the checkpoint forwards and compares the touched rows.

It answers only "all holds" (a report) or "not sure" (None): anything unexpected — a
missing or different checkpoint, a hash that differs, a row that is not what the trail
says, an anchor — sends the caller to the full verification, which finds and names the
first bad event exactly as before. Only sqlite3 is imported here (no SQLAlchemy), so
``stc-bench audit verify`` can run it without the storage layer's start-up.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from ..domain import audit
from ..domain.model import ENTITIES, UNTRACKED_TABLES

CHECKPOINT = audit.CHECKPOINT
#: What a checkpoint's digests are computed with; another value is not trusted here.
FORMAT = "sqlite-rows-1"
TRACKED = tuple(sorted(name for name in ENTITIES if name not in UNTRACKED_TABLES))
COLUMNS = {name: tuple(f.name for f in dataclasses.fields(cast(Any, ENTITIES[name]))) for name in TRACKED}
#: Columns stored as 0/1 whose trail values are booleans.
_BOOLEAN = {name: frozenset(f.name for f in dataclasses.fields(cast(Any, ENTITIES[name]))
                            if f.type in ("bool", "bool | None"))
            for name in TRACKED}
#: Tables with JSON columns: their stored text need not be the trail's canonical text,
#: so a change to one of their rows after the checkpoint sends verify to the full replay.
_JSON = frozenset(name for name in TRACKED for f in dataclasses.fields(cast(Any, ENTITIES[name]))
                  if str(f.type).startswith(("dict", "list", "Any")))

# The events as stored, a JSON column's SQL NULL read as JSON null (``ReadTx.stored_events``
# runs the same statement on SQLite). Python builds each payload with audit.stored_event_hash, the one place its format is
# written: measured at 100k events that is ~15 % less CPU than SQLite building it with printf
# and json_quote (which also needed a NUL check per column: printf's %s stops at a NUL).
STORED_EVENTS_SQL = (
    "SELECT seq, at_utc, actor, action, entity, entity_id, coalesce(before, 'null'), "
    "coalesce(after, 'null'), coalesce(changes, 'null'), message, prev_hash, hash "
    "FROM audit_event ORDER BY seq")


@dataclasses.dataclass(frozen=True)
class QuickResult:
    events: int
    head_hash: str
    checkpoint: int
    replayed: int
    hashes: dict[int, str]
    #: What a new checkpoint would record (see quick_verify_file's ``record_after``).
    record: dict[str, Any] | None = None


def table_digests(cur: sqlite3.Cursor) -> dict[str, list]:
    """``{table: [rows, sha256]}`` of every tracked table as stored now."""
    return {name: _digest(name, _chunks(cur, name)) for name in TRACKED}


def schema_revision(cur: sqlite3.Cursor) -> str | None:
    try:
        row = cur.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def checkpoint_after(cur: sqlite3.Cursor) -> dict[str, Any]:
    """What a checkpoint event records (its ``after``): the digests of the tables now."""
    return {"checkpoint": {"format": FORMAT, "schema": schema_revision(cur),
                           "tables": table_digests(cur)}}


def _select(table: str) -> str:
    columns = ", ".join(f'"{c}"' for c in COLUMNS[table])
    return f'SELECT {columns} FROM "{table}" ORDER BY id'


def _rows(cur: sqlite3.Cursor, table: str) -> list[tuple]:
    """Every row as the driver gives it (int, float, str, bytes or None), in id order."""
    return cur.execute(_select(table)).fetchall()


#: Rows per piece of a table's digest: a million-row table is never held at once.
CHUNK = 10_000


def _chunks(cur: sqlite3.Cursor, table: str):
    rows = cur.execute(_select(table))
    while chunk := rows.fetchmany(CHUNK):
        yield chunk


def _digest(table: str, chunks) -> list:
    """``[rows, sha256]`` over ``repr`` of each piece of ``CHUNK`` rows in id order:
    ``repr`` tells every stored type and value apart (1, 1.0, '1', b'1'; a NUL inside a
    text) and is computed in C."""
    digest, count = hashlib.sha256(table.encode()), 0
    for chunk in chunks:
        digest.update(repr(chunk).encode("utf-8", "surrogatepass"))
        count += len(chunk)
    return [count, digest.hexdigest()]


def _pieces(rows: list[tuple]):
    for at in range(0, len(rows), CHUNK):
        yield rows[at:at + CHUNK]


def quick_verify(cur: sqlite3.Cursor, wanted: Iterable[int] = ()) -> QuickResult | None:
    """Chain end to end and tables against the last checkpoint; None when not sure.

    ``hashes`` holds the hash of each seq in ``wanted`` (anchors and review marks) for
    the caller's checks."""
    try:
        return _quick(cur, set(wanted))
    except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError,
            UnicodeError, RecursionError):
        return None


def quick_verify_file(path: str | Path, expect: list[tuple[int, str]],
                      record_after: int | None = None) -> QuickResult | None:
    """:func:`quick_verify` of a project file opened read-only with stdlib sqlite3, with
    the anchors in ``expect`` and the review marks checked; None when not sure (also
    when a mark lies beyond the end of the trail: the full path warns about it). When it
    replayed ``record_after`` or more events, ``record`` holds the digests of the tables
    it has just checked, read in the same transaction, for a new checkpoint."""
    try:
        con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        cur = con.cursor()
        cur.execute("BEGIN")  # one snapshot for every read below
        marks = cur.execute("SELECT seq, head_hash, person, at FROM review_mark "
                            "ORDER BY seq").fetchall()
        found = quick_verify(cur, {seq for seq, _ in expect} | {m[0] for m in marks})
        if found is None or any(m[0] > found.events for m in marks) or \
                audit.anchor_problem(expect, marks, found.hashes, found.events):
            return None
        if record_after is not None and found.replayed >= record_after:
            found = dataclasses.replace(found, record=checkpoint_after(cur))
        return found
    except sqlite3.Error:
        return None
    finally:
        con.close()


def _quick(cur: sqlite3.Cursor, wanted: set[int]) -> QuickResult | None:
    # from the end: the last checkpoint is near it (there is no index on action)
    if cur.execute("SELECT 1 FROM audit_event WHERE action = ? ORDER BY seq DESC LIMIT 1",
                   (CHECKPOINT,)).fetchone() is None:
        return None  # no checkpoint: the full replay, without hashing the chain twice
    hashed, prev, want = audit.stored_event_hash, audit.GENESIS, 1
    hashes: dict[int, str] = {}
    checkpoint, record = 0, None
    for (seq, at_utc, actor, action, entity, entity_id, before, after, changes, message,
         ev_prev, ev_hash) in cur.execute(STORED_EVENTS_SQL):
        if seq != want or ev_prev != prev:
            return None
        # a JSON column holding a number or a blob (written outside stc-bench): not sure
        if type(before) is not str or type(after) is not str or type(changes) is not str:
            return None
        # TypeError (caught by quick_verify) for a field of another type
        if hashed(prev, seq, at_utc, actor, action, entity, entity_id, before, after, changes,
                  message) != ev_hash:
            return None
        if action == CHECKPOINT:
            checkpoint, record = seq, after
        if seq in wanted:
            hashes[seq] = ev_hash
        prev, want = ev_hash, seq + 1
    if record is None:
        return None
    state = json.loads(record)["checkpoint"]
    if state["format"] != FORMAT or state["schema"] != schema_revision(cur) \
            or sorted(state["tables"]) != list(TRACKED):
        return None
    tail: list[list] = []
    for (text,) in cur.execute("SELECT changes FROM audit_event WHERE seq > ? ORDER BY seq",
                               (checkpoint,)):
        tail.extend(audit.row_changes(json.loads(text)))
    touched: dict[str, list[list]] = {}
    for change in tail:
        touched.setdefault(change[0], []).append(change)
    for table in TRACKED:
        changes = touched.get(table)
        digest: list | None
        if changes is None:
            digest = _digest(table, _chunks(cur, table))
        else:
            replayed = _replayed_table(cur, table, changes)
            digest = None if replayed is None else _digest(table, _pieces(replayed))
        if digest != state["tables"][table]:
            return None
    return QuickResult(want - 1, prev, checkpoint, want - 1 - checkpoint, hashes)


def _replayed_table(cur: sqlite3.Cursor, table: str, changes: list[list]) -> list[tuple] | None:
    """The table's rows as they were at the checkpoint: the stored rows with the later
    changes undone; None unless going forward again gives the stored rows."""
    if table in _JSON:
        return None
    columns = COLUMNS[table]
    rows = _rows(cur, table)
    ids = {c[1] for c in changes}
    # only the rows the changes touch as dicts (a few, out of maybe 400k stored units)
    stored = {row[0]: dict(zip(columns, row, strict=True)) for row in rows if row[0] in ids}
    booleans = _BOOLEAN[table]
    back: dict[int, dict | None] = {i: stored.get(i) for i in ids}
    for _t, id_, before, after in reversed(changes):
        if after is None:
            back[id_] = _as_stored(before, booleans)
        elif before is None:
            back[id_] = None
        else:
            back[id_] = {**cast(dict, back[id_]), **_as_stored(before, booleans)}  # TypeError if None
    ahead = dict(back)
    for _t, id_, before, after in changes:
        if after is None:
            ahead[id_] = None
        elif before is None:
            ahead[id_] = _as_stored(after, booleans)
        else:
            ahead[id_] = {**cast(dict, ahead[id_]), **_as_stored(after, booleans)}
    for id_ in ids:
        want, have = ahead[id_], stored.get(id_)
        if (want is None) != (have is None):
            return None
        if want is not None and not all(_same(v, cast(dict, have).get(k, _MISSING))
                                        for k, v in want.items()):
            return None
    then = [row for row in rows if row[0] not in ids]
    for row in back.values():
        if row is not None:
            if set(row) != set(columns):
                return None  # the trail does not give every column: not comparable here
            then.append(tuple(row[c] for c in columns))
    then.sort(key=lambda r: r[0])
    return then


_MISSING = object()


def _quoted(column: str) -> str:
    return f'"{column}"'


def _as_stored(values: dict, booleans: frozenset[str]) -> dict:
    """Trail values as SQLite stores them (booleans as 0/1); a value of a type the table
    cannot hold as is raises TypeError (the caller is then not sure)."""
    out = {}
    for k, v in values.items():
        kind = type(v)
        if k in booleans:
            if kind is bool:
                v = int(v)
            elif v is not None:
                raise TypeError(f"{k} is not a boolean in the trail")
        elif kind not in (int, str, type(None)):
            raise TypeError(f"{k}: {kind.__name__} in the trail")
        out[k] = v
    return out


def _same(want: Any, have: Any) -> bool:
    return type(want) is type(have) and want == have
