"""Memos on anything: the student's own notes on a transcript, a meaning unit, a code
group, a subgroup (or any object a comment can be on), listed and searched.

A memo on an object is kind ``note``, one per object: writing it again edits it. Both
are ordinary trail events (``memo.add``, ``memo.edit``), so undo and the audit see them.
"""

from __future__ import annotations

from ..domain.errors import StcError
from ..domain.model import Memo
from .base import ServiceBase, utc_now

MEMO_NOTE = "note"


class MemoOps(ServiceBase):
    def memos(self, query: str = "") -> list[Memo]:
        """Every memo, newest first; with ``query`` only those whose title or text holds
        every word of it (case-insensitive)."""
        with self._read() as tx:
            found = tx.list(Memo)
        words = query.casefold().split()
        hits = [m for m in found
                if all(w in f"{m.title}\n{m.text}".casefold() for w in words)]
        return sorted(hits, key=lambda m: (m.created_at, m.id), reverse=True)

    def memo_on(self, entity: str, entity_id: int) -> Memo | None:
        """The note memo on one object, if there is one."""
        with self._read() as tx:
            found = tx.list(Memo, kind=MEMO_NOTE, entity=entity, entity_id=entity_id)
        return found[0] if found else None

    def write_memo(self, entity: str, entity_id: int, text: str) -> Memo:
        """Write the memo on an object: a new one, or the one it has, edited."""
        if not text.strip():
            raise StcError(f"memo on {entity.replace('_', ' ')} {entity_id}: the text is empty")
        # one transaction: two processes writing the first memo on an object make one memo
        with self._op("memo.add", "memo") as op:
            found = op.tx.list(Memo, kind=MEMO_NOTE, entity=entity, entity_id=entity_id)
            if found:
                op.action, op.entity_id = "memo.edit", found[0].id
                memo = op.tx.update(found[0], text=text)
                op.message = f"Edited the memo on {entity} {entity_id}"
            else:
                memo = op.tx.insert(Memo, kind=MEMO_NOTE, text=text, entity=entity,
                                    entity_id=entity_id, created_at=utc_now())
                op.entity_id = memo.id
                op.message = f"Memo on {entity} {entity_id}"
        return memo
