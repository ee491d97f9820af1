"""The coding trail for the browser report: every event with its STC step (filterable by
step, actor and date), the head hash and whether the chain verifies, and what changed
since the latest review mark — texts and names as word diffs, units as old and new edges.

The step of an event is the audit export's (``tables.step_of``), and the events since a
mark are the service's (``Workbench.changes_since_review``), so the report, the Word audit
appendix and the TUI's changes screen agree.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ..domain.model import AuditEvent, ReviewMark
from .tables import step_of

#: Fields whose change is shown as a word diff (as on the TUI's changes screen).
TEXT_FIELDS = ("text", "name", "heading", "description", "display_text", "lead_in", "snippet")
STEP_ORDER = ("1 Helhetsinntrykk", "2 Meningsbærende enheter", "3 Kondensering", "4 Syntese",
              "Prosjekt og data", "Angre/gjør om")


@dataclass(frozen=True)
class TrailRow:
    seq: int
    at: str    # 2026-12-01 22:12:41
    date: str  # 2026-12-01
    actor: str
    step: str  # a key of STEP_ORDER
    action: str
    message: str
    since_mark: bool


@dataclass(frozen=True)
class FieldChange:
    """One field of one event: ``ops`` are (``same``/``del``/``ins``, words) for a text,
    or one (``same``, "start 10 → 12") for a unit's edge."""

    field: str
    ops: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Change:
    seq: int
    at: str
    actor: str
    action: str
    message: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Trail:
    rows: tuple[TrailRow, ...]
    steps: tuple[str, ...]   # the steps that occur, in method order
    actors: tuple[str, ...]
    head_seq: int
    head_hash: str
    verified: bool
    problem: str
    mark: ReviewMark | None  # the latest review mark, by anyone
    changes: tuple[Change, ...]  # the events after it


def word_ops(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """``before`` → ``after`` word by word: kept, removed and added runs of words."""
    old, new = before.split(), after.split()
    out: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            out.append(("del", " ".join(old[a1:a2])))
        if b2 > b1:
            out.append(("ins", " ".join(new[b1:b2])))
    return tuple(out)


def field_changes(event: AuditEvent) -> tuple[FieldChange, ...]:
    """What one event changed in its texts and names, and a unit's edges."""
    before: dict[str, Any] = event.before if isinstance(event.before, dict) else {}
    after: dict[str, Any] = event.after if isinstance(event.after, dict) else {}
    out = []
    if event.entity == "meaning_unit" and before and after:
        for edge in ("start", "end"):
            if edge in before or edge in after:
                out.append(FieldChange(edge, (("same", f"{before.get(edge, '=')} → "
                                                       f"{after.get(edge, '=')}"),)))
    for name in TEXT_FIELDS:
        old, new = before.get(name), after.get(name)
        if isinstance(old, str) and isinstance(new, str) and old != new:
            out.append(FieldChange(name, word_ops(old, new)))
        elif isinstance(new, str) and old is None and new.strip():
            out.append(FieldChange(name, (("ins", " ".join(new.split())),)))
        elif isinstance(old, str) and new is None and old.strip():
            out.append(FieldChange(name, (("del", " ".join(old.split())),)))
    return tuple(out)


def _at(event: AuditEvent) -> str:
    return event.at_utc[:19].replace("T", " ")


def build_trail(events: list[AuditEvent], verified: bool, problem: str,
                marks: list[ReviewMark], since: list[AuditEvent]) -> Trail:
    """The trail as the report shows it; ``since`` are the events after the latest of
    ``marks`` (the service's ``changes_since_review`` for that mark's person)."""
    mark = max(marks, key=lambda m: (m.at, m.id)) if marks else None
    after = {e.seq for e in since} if mark else set()
    rows = tuple(TrailRow(e.seq, _at(e), e.at_utc[:10], e.actor, step_of(e), e.action,
                          e.message, e.seq in after) for e in events)
    present = {r.step for r in rows}
    changes = tuple(Change(e.seq, _at(e), e.actor, e.action, e.message, field_changes(e))
                    for e in since) if mark else ()
    last = events[-1] if events else None
    return Trail(rows, tuple(s for s in STEP_ORDER if s in present),
                 tuple(sorted({r.actor for r in rows})), last.seq if last else 0,
                 last.hash if last else "", verified, problem, mark, changes)
