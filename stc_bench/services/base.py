"""The heart of the write path: one operation = one transaction = one audit event."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..domain import audit
from ..domain.errors import ReadOnlyProject, StcError

if TYPE_CHECKING:  # the types only: `segment` runs the suggestion mixins without SQLAlchemy
    from ..storage.repository import ReadTx, Store, WriteTx


def utc_now() -> str:
    """Current time as an ISO-8601 UTC string with microseconds (``…Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Operation:
    """What a service method fills in while it runs inside :meth:`ServiceBase._op`."""

    tx: WriteTx
    action: str
    entity: str
    entity_id: int | None = None
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


#: What a supervisor may write while the analysis is open for review only.
REVIEW_ACTIONS = frozenset({"comment.add", "comment.resolve", "review.mark"})


class ServiceBase:
    """Shared plumbing for the Workbench mixins."""

    store: Store
    actor: str
    read_only: bool
    own_seq: int = 0

    @contextmanager
    def _read(self) -> Iterator[ReadTx]:
        pinned = getattr(self._pin(), "tx", None)
        if pinned is not None:
            yield pinned
            return
        with self.store.read() as tx:
            yield tx

    def _pin(self) -> threading.local:
        return self.__dict__.setdefault("_pinned", threading.local())

    @contextmanager
    def one_read(self) -> Iterator[None]:
        """Every read of this thread inside the block runs in one read transaction, so
        it sees one state of the project even while other processes write (an export
        reads a dozen tables; without this a unit deleted between two reads could leave
        a quote of it behind — a state that never existed). Nested blocks share it."""
        pin = self._pin()
        if getattr(pin, "tx", None) is not None:
            yield
            return
        with self.store.read() as tx:
            pin.tx = tx
            try:
                yield
            finally:
                pin.tx = None

    @contextmanager
    def _op(self, action: str, entity: str, entity_id: int | None = None,
            message: str = "") -> Iterator[Operation]:
        """Run one operation: row changes and its audit event commit together or not at all.

        An operation that changes nothing appends no event.
        """
        if self.read_only and not (getattr(self, "review", False) and action in REVIEW_ACTIONS):
            raise ReadOnlyProject(
                f"{self.store.where}: opened read-only for review; "
                "open it without --review to change it"
            )
        with self.store.write() as tx:
            op = Operation(tx, action, entity, entity_id, message)
            yield op
            if tx.changes:
                self._append(op)
        self._after_write()

    def _append(self, op: Operation) -> None:
        before, after = _main_entity_states(op.tx.changes, op.entity, op.entity_id)
        if op.extra:
            after = dict(after or {}, **op.extra)
        event = op.tx.append_event({
            "at_utc": utc_now(),
            "actor": self.actor,
            "action": op.action,
            "entity": op.entity,
            "entity_id": op.entity_id,
            "before": before,
            "after": after,
            "changes": op.tx.changes,
            "message": op.message,
        })
        self.own_seq = event.seq  # the newest event this Workbench wrote itself

    def _after_write(self) -> None:
        """Hook for caches that must drop after a commit (overridden by Workbench)."""


def _main_entity_states(changes: list, entity: str, entity_id: int | None):
    """The operation's main entity before and after, for a readable trail."""
    mine = [c for c in changes if c[0] == entity and c[1] == entity_id]
    if entity_id is not None:  # the main entity may be a row of a bulk insert
        mine += [c for c in audit.row_changes([c for c in changes if c[0] == entity
                                               and c[1] is None]) if c[1] == entity_id]
    if not mine:
        return None, None
    if len(mine) == 1:
        return mine[0][2], mine[0][3]
    before: dict | None = {}
    after: dict | None = {}
    for _t, _id, b, a in mine:
        if b is None:
            before = None
        elif before is not None:
            before = {**b, **before}
        after = None if a is None else {**(after or {}), **a}
    return before, after


def reorder(op: Operation, cls: type[Any], ids: list[int], where: dict[str, Any]) -> list:
    """Give the rows of ``cls`` matching ``where`` positions 1..n in the order of ``ids``
    (every id exactly once)."""
    rows = {r.id: r for r in op.tx.list(cls, "id", **where)}
    if sorted(ids) != sorted(rows):
        raise StcError(f"reorder: give every {cls.TABLE.replace('_', ' ')} id exactly once "
                       f"({sorted(rows)})")
    return [op.tx.update(rows[id_], position=i) for i, id_ in enumerate(ids, 1)]
