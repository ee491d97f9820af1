"""Read-only queries: status, listings, the trail and its verification."""

from __future__ import annotations

import builtins
import dataclasses
import json
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from ..domain import audit, purge, replay, rules
from ..domain.errors import ReadOnlyProject
from ..domain.model import (
    ENTITIES,
    UNTRACKED_TABLES,
    Assignment,
    AuditEvent,
    CodeGroup,
    Coding,
    Document,
    Entity,
    MeaningUnit,
    Memo,
    Project,
    ReviewMark,
    Subgroup,
    Theme,
    Turn,
)
from .base import ServiceBase, utc_now
from .purge import kept_hashes
from .status import method_state as _method_state
from .status import project_status, status_and_warnings

T = TypeVar("T", bound=Entity)


@dataclass(frozen=True)
class VerifyReport:
    """Result of ``audit verify``: ``ok``, the number of events, and the first bad seq."""

    ok: bool
    events: int
    first_bad_seq: int | None = None
    problem: str = ""
    head_hash: str = ""
    warnings: tuple[str, ...] = ()
    #: The checkpoint the rows were checked from (None: every event was replayed), and
    #: how many events' row changes were replayed.
    checkpoint: int | None = None
    replayed: int = 0
    #: What verified other than by its own hash: events a purge rewrote (``purge.py``).
    notes: tuple[str, ...] = ()


class ReadingOps(ServiceBase):
    def project(self) -> Project:
        with self._read() as tx:
            return tx.get(Project, 1)

    def list(self, cls: type[T], order_by: str | tuple[str, ...] = "id", **where: Any) -> builtins.list[T]:
        """All rows of one entity as dataclasses, e.g. ``wb.list(Theme, "position")``."""
        with self._read() as tx:
            return tx.list(cls, order_by, **where)

    def get(self, cls: type[T], id_: int) -> T:
        """One entity by id; raises NotFound with a clear message."""
        with self._read() as tx:
            return tx.get(cls, id_)

    def themes(self) -> builtins.list[Theme]:
        return self.list(Theme, "position")

    def code_groups(self) -> builtins.list[CodeGroup]:
        return self.list(CodeGroup, "position")

    def subgroups(self, code_group_id: int | None = None) -> builtins.list[Subgroup]:
        if code_group_id is None:
            return self.list(Subgroup, ("code_group_id", "position"))
        return self.list(Subgroup, "position", code_group_id=code_group_id)

    def documents(self) -> builtins.list[Document]:
        return self.list(Document)

    def turns(self, document_id: int | None = None) -> builtins.list[Turn]:
        """A transcript's speaker turns in order (every transcript's: by transcript)."""
        if document_id is None:
            return self.list(Turn, ("document_id", "idx"))
        return self.list(Turn, "idx", document_id=document_id)

    def units(self, document_id: int | None = None) -> builtins.list[MeaningUnit]:
        if document_id is None:
            return self.list(MeaningUnit, ("document_id", "start"))
        return self.list(MeaningUnit, "start", document_id=document_id)

    def units_in_group(self, code_group_id: int) -> builtins.list[MeaningUnit]:
        """A code group's units in the project's coding (steps 3 and 4: a coder's own units
        of independent coding are never assigned or quoted), by transcript and place."""
        with self._read() as tx:
            ids = [c.unit_id for c in tx.list(Coding, code_group_id=code_group_id)]
            return sorted((u for u in tx.list_in(MeaningUnit, "id", ids) if u.coder is None),
                          key=lambda u: (u.document_id, u.start))

    def units_in_subgroup(self, subgroup_id: int) -> builtins.list[MeaningUnit]:
        with self._read() as tx:
            ids = [a.unit_id for a in tx.list(Assignment, subgroup_id=subgroup_id)]
            return sorted(tx.list_in(MeaningUnit, "id", ids), key=lambda u: (u.document_id, u.start))

    def units_per_group(self) -> dict[int, int]:
        """How many meaning units each code group has in the project's coding (as
        ``units_in_group`` lists them), by code-group id (counted, not loaded)."""
        with self._read() as tx:
            own = tx.coder_codings_per_group()
            return {g.id: tx.count(Coding, code_group_id=g.id) - own.get(g.id, 0)
                    for g in tx.list(CodeGroup)}

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

    def warnings(self) -> builtins.list[str]:
        """The STC method warnings for the project as it stands, in English."""
        return [w.text for w in self.method_warnings()]

    def method_warnings(self) -> builtins.list[rules.MethodWarning]:
        """The STC method warnings as the rules give them (kind, names, code group), for an
        interface that words them in its own language."""
        return rules.method_warnings(self.method_state())

    def status(self) -> dict[str, Any]:
        """Counts per step and the method warnings (the keys of ``status --json``;
        computed by :func:`status.project_status`, which the quick path shares)."""
        with self._read() as tx:
            return project_status(tx)

    def status_and_warnings(self) -> tuple[dict[str, Any], builtins.list[rules.MethodWarning]]:
        """:meth:`status` and its warnings as :meth:`method_warnings` gives them, from one
        read (the TUI's overview shows both)."""
        with self._read() as tx:
            return status_and_warnings(tx)

    # -- the trail ---------------------------------------------------------------------------

    def log(self, since: int | None = None, actor: str | None = None) -> builtins.list[AuditEvent]:
        """Audit events after ``since`` (a seq), optionally by one actor, oldest first."""
        with self._read() as tx:
            return list(tx.events(since=since, actor=actor))

    def changes_since_review(self, person: str | None = None) -> builtins.list[AuditEvent]:
        """Events after the person's latest review mark (all events if none), leaving out
        the review marks themselves."""
        person = person or self.actor
        marks = self.list(ReviewMark, "seq", person=person)
        events = self.log(since=marks[-1].seq if marks else None)
        return [e for e in events if e.action not in ("review.mark", audit.CHECKPOINT)]

    def verify(self, expect: Iterable[tuple[int, str]] = (), *, full: bool = False,
               checkpoint_every: int | None = None) -> VerifyReport:
        """Recompute the hash chain and check every row against the trail.

        Reports the first event whose seq, link, hash or resulting rows no longer match
        what the database holds (edited, removed or reordered outside the app). Each
        ``(seq, hash)`` in ``expect`` — an anchor kept outside the file, such as the head
        ``status`` printed — must still be in the chain as it was: a consistent rewrite
        or a rolled-back tail fails here although the chain itself holds. A review mark
        beyond the end of the trail is reported as a warning.

        The chain is always checked end to end. The rows are checked against the last
        checkpoint (the tables' digests as a verification that passed found them) and
        the events after it; ``full=True``, or anything not as it should be, replays
        every event instead, which names the first bad one. When a verification that
        passed went over ``checkpoint_every`` or more events after the last checkpoint,
        :attr:`verified_state` holds what :meth:`write_checkpoint` records (a full replay
        counts every event: one that was needed despite a checkpoint leaves a new one).
        """
        expect = list(expect)
        self.verified_state = None
        report = None if full else self._quick_verify(expect)
        if report is None:
            report = self._verify(expect, checkpoint_every)
        elif checkpoint_every is not None and report.replayed >= checkpoint_every:
            with self._read() as tx:  # the rows were checked in that read; digests now
                if tx.head() == (report.events, report.head_hash):
                    self.verified_state = (report.events, report.head_hash,
                                           tx.checkpoint_record())
        return dataclasses.replace(report, warnings=self._mark_warnings(),
                                   notes=self._purge_notes() if report.ok else ())

    def _purged(self, tx) -> dict[int, tuple[str, str]]:
        """seq → (stored hash, hash as purged) of every event a purge rewrote; a later
        purge's record of an event replaces an earlier one's."""
        found: dict[int, tuple[str, str]] = {}
        for rewritten in kept_hashes(tx).values():  # in trail order
            found.update(rewritten)
        return found

    def _purge_notes(self) -> tuple[str, ...]:
        with self._read() as tx:
            return tuple(_purge_note(seq, tx.event(seq))
                         for seq, _action, _ in tx.event_heads(purge.PURGE))

    #: ``(seq, head hash, checkpoint record)`` of the last verification that passed and
    #: replayed enough events to be worth a checkpoint (see :meth:`verify`).
    verified_state: tuple[int, str, dict | None] | None = None

    def write_checkpoint(self, state: tuple[int, str, dict | None] | None = None) -> int | None:
        """Append a checkpoint event for ``state`` (default :attr:`verified_state`) if
        the trail still ends where that verification ended; its seq, or None."""
        state = state or self.verified_state
        if state is None or state[2] is None:
            return None
        seq, head_hash, record = state
        if self.read_only:
            raise ReadOnlyProject(f"{self.store.path or self.store.url}: opened read-only")
        with self.store.write() as tx:
            if tx.head() != (seq, head_hash):
                return None  # written to since: that verification no longer covers it
            event = tx.append_event({
                "at_utc": utc_now(), "actor": self.actor, "action": audit.CHECKPOINT,
                "entity": "audit_event", "entity_id": seq, "before": None, "after": record,
                "changes": [], "message": f"Checkpoint: events 1–{seq} verified; audit "
                                          "verify replays only the events after this one"})
        return event.seq

    def _quick_verify(self, expect: builtins.list[tuple[int, str]]) -> VerifyReport | None:
        with self._read() as tx:
            marks = [(m.seq, m.head_hash, m.person, m.at) for m in tx.list(ReviewMark, "seq")]
            found = tx.quick_verify({seq for seq, _ in expect} | {m[0] for m in marks})
        if found is None or audit.anchor_problem(expect, marks, found.hashes, found.events):
            return None  # the full replay names what is wrong
        return VerifyReport(True, found.events, None, "", found.head_hash,
                            checkpoint=found.checkpoint, replayed=found.replayed)

    def _mark_warnings(self) -> tuple[str, ...]:
        """Review marks beyond the end of the trail: events after them were removed."""
        with self._read() as tx:
            marks, end = tx.list(ReviewMark, "seq"), tx.event_count()
        return tuple(f"{m.person} marked the trail reviewed up to event {m.seq} on "
                     f"{m.at[:10]}, but it now ends at event {end}: events were removed "
                     "(rolled back?)" for m in marks if m.seq > end)

    def _verify(self, expect: builtins.list[tuple[int, str]],
                checkpoint_every: int | None = None) -> VerifyReport:
        # Two passes in one read: the chain, noting which events change which table; then
        # table by table, its events' changes replayed (the only state held) and compared
        # with its stored rows. A million theme events took ~1.4 GB replayed all at once.
        touching: dict[str, array[int]] = {}  # table → seqs of the events that change it
        # the changes of events hashed by their decoded values (text not canonical: edited
        # outside stc-bench, or rewritten by a purge; few), as the first pass decoded them
        decoded: dict[int, Any] = {}
        tail, prev_hash, count, want_seq = 0, audit.GENESIS, 0, 1
        with self._read() as tx:
            marks = tx.list(ReviewMark, "seq")
            wanted = {seq for seq, _ in expect} | {m.seq for m in marks}
            hashes: dict[int, str] = {0: audit.GENESIS}
            purged = self._purged(tx)
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
                    if seq in purged:  # rewritten by a purge: the hash the purge recorded
                        if purged[seq] != (ev.hash, _hash_or_none(prev_hash, fields)):
                            problem = ("its content does not match the hash the purge "
                                       "recorded for it (edited outside stc-bench)")
                    elif _hash_or_none(prev_hash, fields) != ev.hash:
                        problem = "its content does not match its hash (edited outside stc-bench)"
                    changes = decoded[seq] = ev.changes
                if problem:
                    return VerifyReport(False, count, min(seq, want_seq), f"event {seq}: {problem}")
                for table in _tables_changed(changes or []):
                    seqs = touching.get(table)
                    if seqs is None:
                        seqs = touching[table] = array("q")
                    seqs.append(seq)
                    tail = seq
                prev_hash, want_seq = ev_hash, seq + 1
            tracked = [name for name in ENTITIES if name not in UNTRACKED_TABLES]
            mismatch: tuple[int, str] | None = None
            for name in sorted(set(touching) | set(tracked)):
                found = self._replay_table(tx, name, touching.pop(name, ()), decoded).first_mismatch(
                    map(_readable, tx.raw_rows(name)) if name in tracked else iter(()), tail)
                if found is not None and (mismatch is None or found[0] < mismatch[0]):
                    mismatch = found  # the first table's on a tie, as one min() over all
            anchors = audit.anchor_problem(expect, [(m.seq, m.head_hash, m.person, m.at)
                                                    for m in marks], hashes, count)
            if mismatch is None and anchors is None and checkpoint_every is not None \
                    and count >= checkpoint_every:
                # the digests of the rows just compared, read in the same transaction
                self.verified_state = (count, prev_hash, tx.checkpoint_record())
        if mismatch:
            seq, text = mismatch
            return VerifyReport(False, count, seq, f"event {seq}: {text}", prev_hash)
        if anchors:
            seq, text = anchors
            return VerifyReport(False, count, seq, text, prev_hash)
        return VerifyReport(True, count, None, "", prev_hash, replayed=count)

    @staticmethod
    def _replay_table(tx, name: str, seqs, decoded: dict[int, Any]) -> replay.TableReplay:
        """The table ``name`` as the events ``seqs`` leave it. Each event's changes are
        read again and decoded from the stored text its hash vouched for in the first
        pass (or taken as the first pass decoded them, for the few not canonical)."""
        rows = replay.TableReplay(name)
        for seq, text in tx.stored_changes(seqs):
            changes = decoded[seq] if seq in decoded else _scan(text, 0)[0]
            for change in changes or []:
                if change[0] != name:
                    continue
                if change[1] is not None:  # one row: audit.row_changes gives it as it is
                    rows.apply(seq, change)
                else:
                    for one in audit.row_changes([change]):
                        rows.apply(seq, one)
        return rows


def _tables_changed(changes: list) -> Iterator[str]:
    """The tables whose rows ``changes`` change, each once (a bulk insert of no rows
    changes none), as :func:`audit.row_changes` reads them."""
    seen: set[str] = set()
    for change in changes:
        table = change[0]
        if table in seen:
            continue
        if change[1] is None and next(audit.row_changes([change]), None) is None:
            continue
        seen.add(table)
        yield table


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


_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # in CPython, not the stubs


def _purge_note(seq: int, event) -> str:
    """What ``audit verify`` says of one purge event."""
    after = event.after or {}
    docs = after.get("purged_documents", [])
    rechained = (f"the trail was hashed anew from event {after['rechained_from']} "
                 "(anchors kept from before it no longer match)"
                 if after.get("rechained_from") else "")
    if not docs:  # a purge that only removed an earlier purge's kept hashes
        return (f"event {seq} ({event.at_utc[:10]}) removed the hashes of the original words "
                f"kept by the purge(s) in event(s) "
                f"{', '.join(map(str, after.get('rehashed_purges', [])))}: {rechained}")
    said = (f"event {seq} ({event.at_utc[:10]}) purged the originals of document(s) "
            f"{', '.join(map(str, docs))}: {len(after.get('purged_events', []))} earlier "
            "events hold the pseudonymised text instead, ")
    if rechained:
        return said + "and " + rechained
    if purge.purged_events(after):
        return said + ("each verified by the hash that event records; those hashes were "
                       "taken of the original words and let anyone with the project test "
                       "guesses at them: `stc-bench purge` removes them (the trail hashed anew)")
    return said + "and a later purge hashed the trail anew"


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
