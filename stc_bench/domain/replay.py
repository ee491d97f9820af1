"""One table of the full replay, its rows held packed: pure, no I/O.

``audit verify --full`` replays every event's row changes from an empty project and
compares the result with the stored rows. Holding the whole replayed project as a dict
per row (and a ``(table, id)`` key per row for its last event) took ~1.9 GB at a million
events. The caller now replays the events that touch one table, compares that table and
drops it before the next (``services/reading.py``), and a :class:`TableReplay` holds each
row as one ``marshal`` string of ``(seq of its last event, its shape, *its values)``: the
values keep their exact types (``1``, ``1.0``, ``True``, ``-0.0`` stay apart), and the
keys, the same for nearly every row, are stored once per shape.

It answers exactly as :func:`audit.apply_change` and :func:`audit.first_state_mismatch`
over the whole state did (same seq, same text: :func:`audit.table_mismatch` is shared).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from typing import Any

from .audit import table_mismatch


class TableReplay:
    """The rows of one table as the trail leaves them, with the seq of each row's last
    event."""

    __slots__ = ("table", "rows", "_shapes", "_shape_of")

    def __init__(self, table: str) -> None:
        self.table = table
        #: id → ``marshal.dumps((seq, shape, *values))``
        self.rows: dict[Any, bytes] = {}
        self._shapes: list[tuple] = []  # the keys of each shape, in the row's order
        self._shape_of: dict[tuple, int] = {}

    def apply(self, seq: int, change: list) -> None:
        """:func:`audit.apply_change` of one change ``[table, id, before, after]`` of this
        table, made by event ``seq``."""
        _table, id_, before, after = change
        if after is None:  # a deleted row's last seq is never reported: it is not kept
            self.rows.pop(id_, None)
            return
        if before is None:
            row = dict(after)
        else:
            packed = self.rows.get(id_)
            row = {} if packed is None else self._unpack(packed)[0]
            row.update(after)
        keys = tuple(row)
        shape = self._shape_of.get(keys)
        if shape is None:
            shape = self._shape_of[keys] = len(self._shapes)
            self._shapes.append(keys)
        self.rows[id_] = marshal.dumps((seq, shape, *row.values()))

    def _unpack(self, packed: bytes) -> tuple[dict, int]:
        seq, shape, *values = marshal.loads(packed)
        return dict(zip(self._shapes[shape], values, strict=True)), seq

    def take(self, id_: Any) -> tuple[dict, int] | None:
        """The replayed row ``id_`` and its last event's seq, removed; None if there is none."""
        packed = self.rows.pop(id_, None)
        return None if packed is None else self._unpack(packed)

    def left(self) -> Iterable[tuple[Any, int]]:
        """``(id, seq)`` of the rows not taken, in the order they were first replayed."""
        return ((id_, marshal.loads(packed)[0]) for id_, packed in self.rows.items())

    def first_mismatch(self, stored: Iterable[dict], tail: int) -> tuple[int, str] | None:
        """The table's earliest ``(seq, description)`` against its ``stored`` rows (see
        :func:`audit.table_mismatch`), or None; the replayed rows are used up."""
        return table_mismatch(self.table, stored, self.take, self.left, tail)
