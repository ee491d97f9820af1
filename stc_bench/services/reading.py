"""Read-only queries: status, listings, the trail and its verification."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..domain import audit, rules
from ..domain.model import (
    ENTITIES,
    UNTRACKED_TABLES,
    AnalyticText,
    Assignment,
    AuditEvent,
    CodeGroup,
    Coding,
    Condensate,
    CondensateUnit,
    Document,
    Informant,
    MeaningUnit,
    Memo,
    Project,
    Quote,
    ReviewMark,
    Subgroup,
    Theme,
    Turn,
    Validation,
)
from ..domain.offsets import word_count
from .base import ServiceBase

T = TypeVar("T")


@dataclass(frozen=True)
class VerifyReport:
    """Result of ``audit verify``: ``ok``, the number of events, and the first bad seq."""

    ok: bool
    events: int
    first_bad_seq: int | None = None
    problem: str = ""
    head_hash: str = ""
    warnings: tuple[str, ...] = ()


class ReadingOps(ServiceBase):
    def project(self) -> Project:
        with self._read() as tx:
            return tx.get(Project, 1)

    def list(self, cls: type[T], order_by: str | tuple[str, ...] = "id", **where: Any) -> list[T]:
        """All rows of one entity as dataclasses, e.g. ``wb.list(Theme, "position")``."""
        with self._read() as tx:
            return tx.list(cls, order_by, **where)

    def get(self, cls: type[T], id_: int) -> T:
        """One entity by id; raises NotFound with a clear message."""
        with self._read() as tx:
            return tx.get(cls, id_)

    def themes(self) -> list[Theme]:
        return self.list(Theme, "position")

    def code_groups(self) -> list[CodeGroup]:
        return self.list(CodeGroup, "position")

    def subgroups(self, code_group_id: int | None = None) -> list[Subgroup]:
        if code_group_id is None:
            return self.list(Subgroup, ("code_group_id", "position"))
        return self.list(Subgroup, "position", code_group_id=code_group_id)

    def documents(self) -> list[Document]:
        return self.list(Document)

    def turns(self, document_id: int) -> list[Turn]:
        return self.list(Turn, "idx", document_id=document_id)

    def units(self, document_id: int | None = None) -> list[MeaningUnit]:
        if document_id is None:
            return self.list(MeaningUnit, ("document_id", "start"))
        return self.list(MeaningUnit, "start", document_id=document_id)

    def units_in_group(self, code_group_id: int) -> list[MeaningUnit]:
        with self._read() as tx:
            ids = [c.unit_id for c in tx.list(Coding, code_group_id=code_group_id)]
            return sorted(tx.list_in(MeaningUnit, "id", ids), key=lambda u: (u.document_id, u.start))

    def units_in_subgroup(self, subgroup_id: int) -> list[MeaningUnit]:
        with self._read() as tx:
            ids = [a.unit_id for a in tx.list(Assignment, subgroup_id=subgroup_id)]
            return sorted(tx.list_in(MeaningUnit, "id", ids), key=lambda u: (u.document_id, u.start))

    def units_per_group(self) -> dict[int, int]:
        """How many meaning units each code group has, by code-group id (counted, not loaded)."""
        with self._read() as tx:
            return {g.id: tx.count(Coding, code_group_id=g.id) for g in tx.list(CodeGroup)}

    def last_seq(self) -> int:
        """The seq of the newest event in the trail (0 for none): every change to the
        project, undo and redo included, raises it — a cheap "has anything changed?".
        Read off the seq index (the chain head), never the last event's change list: the
        TUI polls it every second, on a SQLite file and on a PostgreSQL server alike."""
        with self._read() as tx:
            return tx.head_seq()

    def impression(self) -> str:
        found = self.list(Memo, kind="impression")
        return found[0].text if found else ""

    # -- status ---------------------------------------------------------------------------

    def method_state(self) -> rules.MethodState:
        with self._read() as tx:
            return _method_state(tx, tx.coding_gaps())

    def warnings(self) -> list[str]:
        """The STC method warnings for the project as it stands."""
        return rules.method_warnings(self.method_state())

    def status(self) -> dict[str, Any]:
        """Counts per step and the method warnings (the keys of ``status --json``).

        Counted in SQL: only the small structural tables (themes, groups, subgroups, texts)
        are listed, so the time grows with the transcripts' text (words are counted as
        students count them, by splitting) and not with every unit, coding and event.
        """
        with self._read() as tx:
            gaps = tx.coding_gaps()
            state = _method_state(tx, gaps)
            project = tx.get(Project, 1)
            units = tx.list_in(MeaningUnit, "status", ["flagged", "detached"])
            titles = dict(tx.values(Document, "id", "title")) if units else {}
            review = [{"id": u.id, "status": u.status, "document_id": u.document_id,
                       "document": titles.get(u.document_id, ""), "start": u.start,
                       "end": u.end, "snippet": u.snippet} for u in units]
            last = tx.head()
            return {
                "title": project.title,
                "research_question": project.research_question,
                "documents": tx.count(Document),
                "turns": tx.count(Turn),
                "words": _words(tx),
                "informants": tx.count(Informant),
                "themes": len(state.themes),
                "code_groups": len(state.code_groups),
                "meaning_units": tx.count(MeaningUnit),
                "uncoded_units": gaps["uncoded"],
                "codings": tx.count(Coding),
                "subgroups": len(state.subgroups),
                "assignments": tx.count(Assignment),
                "condensates": sum(1 for c in state.condensates if c.text.strip()),
                "golden_quotes": sum(1 for s in state.subgroups if s.golden_quote_unit_id),
                "analytic_texts": sum(1 for t in state.analytic_texts if t.text.strip()),
                "quotes": len(state.quotes),
                "validations": tx.count_distinct(Validation, "unit_id"),
                "audit_events": last[0] if last else 0,
                "head_hash": last[1] if last else audit.GENESIS,
                "flagged_units": sum(1 for u in review if u["status"] == "flagged"),
                "detached_units": sum(1 for u in review if u["status"] == "detached"),
                "units_to_review": review,
                "warnings": rules.method_warnings(state),
            }

    # -- the trail ---------------------------------------------------------------------------

    def log(self, since: int | None = None, actor: str | None = None) -> list[AuditEvent]:
        """Audit events after ``since`` (a seq), optionally by one actor, oldest first."""
        with self._read() as tx:
            return list(tx.events(since=since, actor=actor))

    def changes_since_review(self, person: str | None = None) -> list[AuditEvent]:
        """Events after the person's latest review mark (all events if none), leaving out
        the review marks themselves."""
        person = person or self.actor
        marks = self.list(ReviewMark, "seq", person=person)
        events = self.log(since=marks[-1].seq if marks else None)
        return [e for e in events if e.action != "review.mark"]

    def verify(self, expect: Iterable[tuple[int, str]] = ()) -> VerifyReport:
        """Recompute the hash chain and re-derive every row from the trail.

        Reports the first event whose seq, link, hash or resulting rows no longer match
        what the database holds (edited, removed or reordered outside the app). Each
        ``(seq, hash)`` in ``expect`` — an anchor kept outside the file, such as the head
        ``status`` printed — must still be in the chain as it was: a consistent rewrite
        or a rolled-back tail fails here although the chain itself holds. A review mark
        beyond the end of the trail is reported as a warning.
        """
        report = self._verify(list(expect))
        return dataclasses.replace(report, warnings=self._mark_warnings())

    def _mark_warnings(self) -> tuple[str, ...]:
        """Review marks beyond the end of the trail: events after them were removed."""
        with self._read() as tx:
            marks, end = tx.list(ReviewMark, "seq"), tx.event_count()
        return tuple(f"{m.person} marked the trail reviewed up to event {m.seq} on "
                     f"{m.at[:10]}, but it now ends at event {end}: events were removed "
                     "(rolled back?)" for m in marks if m.seq > end)

    def _verify(self, expect: list[tuple[int, str]]) -> VerifyReport:
        expected: dict[str, dict[int, dict]] = {}
        last_seq: dict[tuple[str, int], int] = {}
        prev_hash, count, want_seq = audit.GENESIS, 0, 1
        with self._read() as tx:
            marks = tx.list(ReviewMark, "seq")
            wanted = {seq for seq, _ in expect} | {m.seq for m in marks}
            hashes: dict[int, str] = {0: audit.GENESIS}
            for row in tx.stored_events():
                seq, ev_prev, ev_hash = row[0], row[10], row[11]
                if seq in wanted:
                    hashes[seq] = ev_hash
                count += 1
                changes = _stored_changes(prev_hash, row)
                problem = None
                if seq != want_seq:
                    problem = f"expected event {want_seq} but found {seq} (events removed or reordered)"
                elif ev_prev != prev_hash:
                    problem = "its prev_hash does not match the event before it"
                elif changes is None:  # not canonical as stored: decode it, as before 0008
                    ev = tx.event(seq)
                    fields = {name: getattr(ev, name) for name in audit.HASHED_FIELDS}
                    if _hash_or_none(prev_hash, fields) != ev.hash:
                        problem = "its content does not match its hash (edited outside stc-bench)"
                    changes = ev.changes
                if problem:
                    return VerifyReport(False, count, min(seq, want_seq), f"event {seq}: {problem}")
                for change in audit.row_changes(changes or []):
                    audit.apply_change(expected, change)
                    last_seq[(change[0], change[1])] = seq
                prev_hash, want_seq = ev_hash, seq + 1
            actual = {name: {row["id"]: _readable(row) for row in tx.raw_rows(name)}
                      for name in ENTITIES if name not in UNTRACKED_TABLES}
        mismatch = audit.first_state_mismatch(expected, actual, last_seq)
        if mismatch:
            seq, text = mismatch
            return VerifyReport(False, count, seq, f"event {seq}: {text}", prev_hash)
        for seq, want in expect:
            have = hashes.get(seq)
            if have is None:
                return VerifyReport(False, count, seq, f"event {seq} is no longer in the trail, "
                                    f"which ends at event {count} (events removed or rolled "
                                    "back)", prev_hash)
            if not have.startswith(want.lower()):
                return VerifyReport(False, count, seq, f"event {seq} is not the event you "
                                    f"anchored (its hash is {have[:16]}…, expected "
                                    f"{want[:16]}…): the trail was rewritten", prev_hash)
        for mark in marks:
            if mark.seq <= count and mark.head_hash and hashes.get(mark.seq) != mark.head_hash:
                return VerifyReport(False, count, mark.seq, f"event {mark.seq}, which "
                                    f"{mark.person} reviewed on {mark.at[:10]}, is not the "
                                    "event they reviewed (its hash changed): the trail was "
                                    "rewritten", prev_hash)
        return VerifyReport(True, count, None, "", prev_hash)


def _stored_changes(prev_hash: str, row: tuple) -> list | None:
    """The event's decoded changes if its stored text hashes to its hash (the usual case:
    nothing else is decoded), else None. The hash covers the exact stored bytes, so the
    changes replayed are the ones it vouches for."""
    try:
        if audit.stored_event_hash(prev_hash, *row[:10]) != row[11]:
            return None
        text = row[8]
        changes, end = _scan(text, 0)  # the C scanner itself: json.loads' wrapping per
        return changes if end == len(text) else None  # call was a third of the decoding
    except (TypeError, ValueError, StopIteration):
        return None


_scan = json.JSONDecoder().scan_once


def _hash_or_none(prev_hash: str, fields: dict[str, Any]) -> str | None:
    """The event's hash, or None when a field cannot be hashed at all (binary data or
    another type written into the file directly): that event was altered."""
    try:
        return audit.event_hash(prev_hash, fields)
    except (TypeError, ValueError):
        return None


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    """A row with binary values (written into the file directly) shown as text, so
    they compare unequal to the trail instead of breaking the comparison."""
    if _BINARY.isdisjoint(map(type, row.values())):  # the usual case, checked in C
        return row
    return {k: f"<binary {v.hex()}>" if isinstance(v, bytes | bytearray | memoryview) else v
            for k, v in row.items()}


_BINARY = frozenset({bytes, bytearray, memoryview})


def _words(tx) -> int:
    """The transcripts' words: stored per document at import; counted from the text only
    for a document restored by undo/redo from a trail older than that column."""
    stored = tx.sum_of(Document, "word_count")
    return stored + sum(word_count(text) for text, in tx.values(Document, "text", word_count=None))


def _method_state(tx, gaps: dict[str, int]) -> rules.MethodState:
    """What the method rules look at: the structural rows, and the per-unit gaps as counts."""
    return rules.MethodState(
        themes=tuple(tx.list(Theme)), code_groups=tuple(tx.list(CodeGroup, "position")),
        subgroups=tuple(tx.list(Subgroup, ("code_group_id", "position"))),
        condensates=tuple(tx.list(Condensate)),
        condensate_unit_ids=frozenset(c for c, in tx.values(CondensateUnit, "condensate_id")),
        analytic_texts=tuple(tx.list(AnalyticText)), quotes=tuple(tx.list(Quote)),
        unassigned_units=gaps["unassigned"], unvalidated_units=gaps["unvalidated"])
