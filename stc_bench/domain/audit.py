"""The coding trail's hash chain: pure functions, no I/O.

``hash = sha256(prev_hash ‖ canonical JSON of the other fields)``. The one place the
hash is computed; storage calls it when appending and when verifying.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

GENESIS = "0" * 64

#: The fields covered by the hash, in the order they are documented.
HASHED_FIELDS = (
    "seq",
    "at_utc",
    "actor",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
    "changes",
    "message",
)


#: One encoder, built once: ``json.dumps`` with these options builds a new encoder per
#: call, which was most of ``audit verify``'s time (same output, byte for byte).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no insignificant whitespace, UTF-8 kept as is."""
    return _CANONICAL.encode(value)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """Hash of one event given the previous event's hash and this event's fields."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(canonical_json(payload).encode("utf-8"))
    return digest.hexdigest()


#: JSON text of a str exactly as ``canonical_json`` writes it (the encoder's own C function).
_quote = json.encoder.encode_basestring


def stored_event_hash(prev_hash: str, seq: int, at_utc: str, actor: str, action: str,
                      entity: str, entity_id: int | None, before: str, after: str,
                      changes: str, message: str) -> str:
    """:func:`event_hash` computed from the JSON columns' *stored text*, without decoding.

    The store writes JSON columns with :func:`canonical_json`, and the canonical JSON of
    the payload is its fields' canonical texts joined in sorted-key order, so for such a
    row this equals ``event_hash`` of the decoded event (tests/test_audit_stored_hash.py).
    A row whose text is not canonical (written before migration 0006, or changed outside
    stc-bench) gives another value: the caller then decodes it and uses ``event_hash``.
    Raises TypeError for a value of the wrong type (binary data written into the file)."""
    eid = "null" if entity_id is None else str(int(entity_id)) if type(entity_id) is int else None
    if type(seq) is not int or eid is None:
        raise TypeError("seq and entity_id must be integers")
    payload = (f'{{"action":{_quote(action)},"actor":{_quote(actor)},"after":{after},'
               f'"at_utc":{_quote(at_utc)},"before":{before},"changes":{changes},'
               f'"entity":{_quote(entity)},"entity_id":{eid},"message":{_quote(message)},'
               f'"seq":{seq}}}')
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(payload.encode("utf-8"))
    return digest.hexdigest()


def diff_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None):
    """The fields that differ between two row snapshots, as (before, after) dicts."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


UNDO = "undo"
REDO = "redo"
#: An event that changes no row and records the digests of the tables as a verification
#: that passed found them (see ``storage/trail_check.py``).
CHECKPOINT = "audit.checkpoint"
#: Actions that cannot be undone: undoing the project's creation would empty the file; a
#: checkpoint changes nothing (and must not clear the redo stack).
NOT_UNDOABLE = frozenset({"project.create", CHECKPOINT})
#: Actions that end the undo history: a purge rewrote the events before it, which no
#: longer hold the values undoing them would restore.
ENDS_HISTORY = frozenset({"project.purge"})


def undo_redo_stacks(heads: list[tuple[int, str, int | None]]) -> tuple[list[int], list[int]]:
    """Rebuild the undo and redo stacks (lists of seqs, top last) from the trail.

    ``heads`` are ``(seq, action, entity_id)`` in seq order. An ordinary event is pushed
    on the undo stack and clears the redo stack; an undo event (``entity_id`` = the
    undone seq) moves its target to the redo stack; a redo moves it back.
    """
    undo_stack: list[int] = []
    redo_stack: list[int] = []
    for seq, action, target in heads:
        if action == UNDO:
            if undo_stack and undo_stack[-1] == target:
                redo_stack.append(undo_stack.pop())
        elif action == REDO:
            if redo_stack and redo_stack[-1] == target:
                undo_stack.append(redo_stack.pop())
        elif action in NOT_UNDOABLE:
            continue
        elif action in ENDS_HISTORY:
            undo_stack.clear()
            redo_stack.clear()
        else:
            undo_stack.append(seq)
            redo_stack.clear()
    return undo_stack, redo_stack


def anchor_problem(expect: list[tuple[int, str]], marks: list[tuple[int, str, str, str]],
                   hashes: dict[int, str], count: int) -> tuple[int, str] | None:
    """The first anchor the trail no longer holds, as ``(seq, description)``, or None.

    ``expect`` are ``(seq, hash or its first hex digits)`` kept outside the file;
    ``marks`` are review marks ``(seq, head_hash, person, at)``; ``hashes`` maps each of
    those seqs still in the trail to its hash; ``count`` is the number of events."""
    for seq, want in expect:
        have = hashes.get(seq)
        if have is None:
            return seq, (f"event {seq} is no longer in the trail, which ends at event {count} "
                         "(events removed or rolled back)")
        if not have.startswith(want.lower()):
            return seq, (f"event {seq} is not the event you anchored (its hash is "
                         f"{have[:16]}…, expected {want[:16]}…): the trail was rewritten")
    for seq, head_hash, person, at in marks:
        if seq <= count and head_hash and hashes.get(seq) != head_hash:
            return seq, (f"event {seq}, which {person} reviewed on {at[:10]}, is not the event "
                         "they reviewed (its hash changed): the trail was rewritten")
    return None


def bulk_insert(table: str, columns: tuple[str, ...], rows: list, *,
                first_id: int | None = None, shared: Mapping[str, Any] | None = None) -> list:
    """One recorded change standing for many inserted rows: ``[table, None, None, body]``.

    ``body`` is ``{"columns": [...], "rows": [[...], ...]}`` (the id is the ``id`` column)
    or, when ``first_id`` is given, the compact form ``{"columns", "rows", "first_id",
    "shared"}``: the rows' ids run from ``first_id`` in order, and the values every row
    has in common (a unit's document and creation time, a coding's code group) are
    given once in ``shared`` instead of in every row. A bulk write's event is mostly its
    rows: as lists they encode and hash in about half the time of one ``[table, id, None,
    {column: value}]`` per row, and the compact form is again about half of that. Both
    say the same: :func:`row_changes` expands them to the same full rows."""
    body: dict[str, Any] = {"columns": list(columns), "rows": rows}
    if first_id is not None:
        body.update(first_id=first_id, shared=dict(shared or {}))
    return [table, None, None, body]


def row_changes(changes: list) -> Iterator[list]:
    """Each recorded change as ``[table, id, before, after]``, a bulk insert row by row."""
    for change in changes:
        if change[1] is not None:
            yield change
            continue
        table, body = change[0], change[3]
        columns = body["columns"]
        if "first_id" in body:
            first, shared = body["first_id"], body["shared"]
            for i, row in enumerate(body["rows"]):
                yield [table, first + i, None,
                       {"id": first + i, **shared, **dict(zip(columns, row, strict=True))}]
            continue
        at = columns.index("id")
        for row in body["rows"]:
            yield [table, row[at], None, dict(zip(columns, row, strict=True))]


def apply_change(state: dict[str, dict[int, dict]], change: list) -> None:
    """Apply one recorded row change ``[table, id, before, after]`` to a replayed state."""
    table, id_, _before, after = change
    rows = state.setdefault(table, {})
    if after is None:
        rows.pop(id_, None)
    elif _before is None:
        rows[id_] = dict(after)
    else:
        rows.setdefault(id_, {}).update(after)


def first_state_mismatch(
    expected: dict[str, dict[int, dict]],
    actual: dict[str, dict[int, dict]],
    last_seq: dict[tuple[str, int], int],
) -> tuple[int | None, str] | None:
    """Compare replayed rows with stored rows; return ``(seq, description)`` of the
    earliest event whose result is no longer what the database holds, or None.

    The whole-project replay, kept as the reference the tests hold the table-by-table
    verification (``domain/replay.py``) to: same answer, same text."""
    tail = max(last_seq.values(), default=0)
    first: tuple[int, str] | None = None
    for table in sorted(set(expected) | set(actual)):
        want = dict(expected.get(table, {}))

        def take(id_: Any, want: dict = want, table: str = table) -> tuple[dict, int] | None:
            row = want.pop(id_, None)
            return None if row is None else (row, last_seq.get((table, id_), tail))

        def left(want: dict = want, table: str = table) -> Iterator[tuple[Any, int]]:
            return ((id_, last_seq.get((table, id_), tail)) for id_ in want)
        found = table_mismatch(table, actual.get(table, {}).values(), take, left, tail)
        if found is not None and (first is None or found[0] < first[0]):
            first = found  # the earliest table's on a tie, as min() over them all in order
    return first


def table_mismatch(table: str, stored: Iterable[dict],
                   take: Callable[[Any], tuple[dict, int] | None],
                   left: Callable[[], Iterable[tuple[Any, int]]],
                   tail: int) -> tuple[int, str] | None:
    """One table's earliest ``(seq, description)``, or None: each stored row is compared
    with ``take(id)`` (the replayed row and the seq of its last event, removed from the
    replay; None when the trail has no such row), then ``left()`` gives the replayed rows
    the database lacks (id, seq). Among equal seqs the lowest id is reported; ``tail`` is
    the last event that changed a row anywhere."""
    found: list[tuple[Any, int, str]] = []  # (id, seq, text): reported in id order
    for have in stored:
        id_ = have["id"]
        got = take(id_)
        if got is None:
            found.append((id_, tail + 1, f"{table} {id_} is in the database but not in the "
                                         f"trail (written outside stc-bench, or an event after "
                                         f"{tail} was removed)"))
            continue
        row, seq = got
        diff = _differing_fields(row, have)
        if diff:
            k = diff[0]
            found.append((id_, seq, f"{table} {id_}.{k} is {_short(have.get(k))} in the "
                                    f"database but {_short(row[k])} in the trail"))
    found.extend((id_, seq, f"{table} {id_} is missing from the database") for id_, seq in left())
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return min(((seq, text) for _id, seq, text in found), key=lambda p: p[0])


#: Types whose values encode to the same JSON whenever they are equal and of the same type
#: (``1 == True == 1.0`` and ``0.0 == -0.0`` encode differently, so those are encoded).
_PLAIN = frozenset({str, int, bool, type(None)})


def _differing_fields(want: dict, have: dict) -> list[str]:
    """The fields of ``want`` whose canonical JSON differs in ``have``, in ``want``'s order.

    Nearly every row is unchanged: equal values of the same plain type encode alike, so
    only other values (floats, booleans, JSON columns) are encoded to be compared, and
    only a row that differs is compared field by field, as before."""
    if _same_json(want, have):
        return []
    return [k for k, v in want.items() if canonical_json(have.get(k)) != canonical_json(v)]


def _same_json(want: dict, have: dict) -> bool:
    # Set and map operations run in C; this is called once per row of the project.
    if not want.items() <= have.items():
        return False
    kinds = tuple(map(type, want.values()))
    if kinds != tuple(map(type, map(have.get, want))):
        return False
    if _PLAIN.issuperset(kinds):
        return True
    return all(canonical_json(v) == canonical_json(have.get(k))
               for k, v in want.items() if type(v) not in _PLAIN)


def _short(value: Any, n: int = 80) -> str:
    """``repr(value)``, cut to ``n`` characters (a document's text can be megabytes)."""
    text = repr(value)
    return text if len(text) <= n else text[:n - 1] + "…"
