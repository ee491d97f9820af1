"""Purging the originals of pseudonymised transcripts (deletion at the end of a project).

What a purge replaces and why the trail still verifies: ``domain/purge.py``. One
operation, not undoable, and it ends the undo history (the events before it no longer
hold what undoing them would need).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain import audit, purge
from ..domain.errors import NotFound, StcError
from ..domain.model import DataManagement, Document
from .base import ServiceBase

#: How pseudonymise names the revision it stores (nlp/pseudonymise.apply).
PSEUDONYMISED = " (pseudonymised)"


@dataclass(frozen=True)
class PurgeReport:
    documents: tuple[int, ...]  # the purged (superseded) revisions
    passages: int  # distinct passages replaced
    events: int  # events rewritten
    rows: int  # rows rewritten
    compacted: bool  # the file rebuilt and its WAL emptied
    rechained_from: int | None = None  # the first event hashed anew (None: none was)
    head: tuple[int, str] = (0, "")  # the trail's new head, the anchor to keep
    rehashed_purges: tuple[int, ...] = ()  # earlier purges whose kept hashes are now gone


class PurgeOps(ServiceBase):
    def purgeable(self, document_id: int | None = None) -> list[tuple[Document, Document]]:
        """(original, pseudonymised) pairs: every earlier revision of each current
        transcript that pseudonymise stored, or of ``document_id`` only."""
        with self._read() as tx:
            return _pairs(tx, document_id)

    def purges_keeping_hashes(self) -> list[int]:
        """The seqs of earlier purges (before 2026-12-02) that kept the hashes of the
        original words in the trail (``domain/purge.py``): the next purge removes them."""
        with self._read() as tx:
            return list(kept_hashes(tx))

    def purge_originals(self, document_id: int | None = None) -> PurgeReport:
        """Replace the original text of pseudonymised transcripts by its pseudonymised
        version everywhere in the project — the earlier revisions, every event and row
        that quoted them — record it in the trail and the data-management record, then
        rebuild the file so the replaced text is not left in free pages. With nothing new
        to purge, an earlier purge that kept the hashes of the original words still has
        them removed (the trail hashed anew from its first rewritten event)."""
        with self._op("project.purge", "document") as op:  # = purge.PURGE
            pairs = _pairs(op.tx, document_id)  # read inside the write: one state
            kept_by = kept_hashes(op.tx)
            old_purges = list(kept_by)
            if not pairs and not old_purges:
                raise StcError("nothing to purge: no transcript has been pseudonymised "
                               "(stc-bench pseudonymise) with its original still in the project")
            everyone = op.tx.list(Document)
            current = [d.text for d in everyone if not d.superseded]
            purged = {old.id for old, _ in pairs}
            kept = frozenset(h for d in everyone if d.id not in purged
                             for h in (d.text_sha256, d.source_sha256))
            scrub = purge.purge_plan([(old.id, old.text, new.text) for old, new in pairs],
                                     current, {old.id: (old.text_sha256, old.source_sha256)
                                               for old, _ in pairs}, kept)
            kept_from = min((seq for rewritten in kept_by.values() for seq in rewritten),
                            default=None)
            events, moved, first = _scrub_events(op.tx, scrub, kept_from)
            rows = _scrub_rows(op.tx, scrub, moved)
            for old, _ in pairs:  # the search index is derived: rebuilt on demand
                op.tx.drop_search_rows(old.id)
            ids = sorted({old.id for old, _ in pairs})
            record = op.tx.find(DataManagement, 1) or op.tx.insert(DataManagement, id=1)
            lines = [f"{date.today().isoformat()}: the originals of {len(ids)} pseudonymised "
                     f"transcript revision(s) purged (documents {', '.join(map(str, ids))})"
                     ] if ids else []
            if old_purges:
                lines.append(f"{date.today().isoformat()}: the hashes of the original words "
                             f"kept by the purge(s) in event(s) {_seqs(old_purges)} removed "
                             f"(the trail hashed anew from event {first})")
            op.tx.update(record, notes="\n".join(filter(None, [record.notes, *lines])))
            op.entity_id = pairs[0][1].id if pairs else None
            op.extra = {"purged_documents": ids, "passages": len(scrub.mapping), "rows": rows,
                        "purged_events": events, "rechained_from": first}
            if old_purges:
                op.extra["rehashed_purges"] = old_purges
            said = [f"purged the originals of {len(ids)} pseudonymised transcript "
                    f"revision(s): {len(scrub.mapping)} passages replaced by their "
                    f"pseudonyms in {rows} rows and {len(events)} events"] if ids else []
            if old_purges:
                said.append(f"removed the hashes of the original words kept by the purge(s) "
                            f"in event(s) {_seqs(old_purges)}: the trail hashed anew from "
                            f"event {first}")
            message = "; ".join(said)
            op.message = message[:1].upper() + message[1:]
        compacted = self.store.compact()
        with self._read() as tx:
            head = tx.head() or (0, audit.GENESIS)
        return PurgeReport(tuple(ids), len(scrub.mapping), len(events), rows, compacted,
                           first, head, tuple(old_purges))


def _pairs(tx, document_id: int | None) -> list[tuple[Document, Document]]:
    docs = tx.list(Document)
    by_id = {d.id: d for d in docs}
    pairs = []
    for doc in docs:
        if doc.superseded or not doc.source_name.endswith(PSEUDONYMISED):
            continue
        older, cursor = [], by_id.get(doc.revision_of)
        while cursor is not None:
            older.append(cursor)
            cursor = by_id.get(cursor.revision_of)
        if document_id is None or document_id in {doc.id, *(d.id for d in older)}:
            # an original already purged (or never different) has nothing left to replace
            pairs += [(old, doc) for old in older
                      if old.text != doc.text and purge.replacements(old.text, doc.text)]
    if document_id is not None and not pairs:
        if document_id not in by_id:
            raise NotFound(f"document {document_id}: no such document (see: stc-bench status)")
        raise StcError(f"document {document_id}: has no pseudonymised revision with an "
                       "original left to purge; pseudonymise it first")
    return pairs


def _scrub_rows(tx, scrub: purge.Scrubber, moved: dict[str, str]) -> int:
    """Rewrite the rows that hold purged text (the purged revisions, unit snippets, quote
    display texts) and the review marks that quote a re-hashed event; how many."""
    count = 0
    for name in ("document", *purge.TRANSCRIPT_COLUMNS):
        for row in list(tx.raw_rows(name)):
            purged = scrub.row(name, row["id"], row)
            changed = {k: v for k, v in purged.items() if v != row[k]}
            if changed:
                tx.purge_rewrite_row(name, row["id"], changed)
                count += 1
    for row in list(tx.raw_rows("review_mark")):
        if row["head_hash"] in moved:
            tx.purge_rewrite_row("review_mark", row["id"], {"head_hash": moved[row["head_hash"]]})
            count += 1
    return count


def kept_hashes(tx) -> dict[int, dict[int, tuple[str, str]]]:
    """Per purge that kept the old hashes (before 2026-12-02), in trail order: its seq →
    (seq of each event it rewrote → (stored hash, hash as purged)). Purges that re-chained
    record bare seqs and are not here."""
    found = {}
    for seq, _action, _ in tx.event_heads(purge.PURGE):
        rewritten = purge.purged_events(tx.event(seq).after or {})
        if rewritten:
            found[seq] = rewritten
    return found


def _seqs(seqs: list[int]) -> str:
    return ", ".join(map(str, seqs))


def _scrub_events(tx, scrub: purge.Scrubber,
                  kept_from: int | None) -> tuple[list[int], dict[str, str], int | None]:
    """Rewrite the events that hold purged text, and re-chain the trail from the first of
    them, or from ``kept_from`` (the first event an earlier purge rewrote but kept the
    hash of) if that is earlier (``domain/purge.py`` says why): the seqs rewritten, each
    re-hashed event's old hash → its new one, and the first event hashed anew."""
    done: list[int] = []
    moved: dict[str, str] = {}
    prev: str | None = None  # the previous event's new hash, once re-chaining began
    first: int | None = None
    for event in list(tx.events()):
        fields = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        # a purge event holds no transcript words and what it recorded is history, kept
        # but for the hashes of original words an earlier purge kept; hashes it quotes
        # still follow the chain
        if event.action == purge.PURGE:
            scrubbed = {**fields, "after": purge.without_kept_hashes(fields["after"])} \
                if purge.purged_events(fields["after"] or {}) else fields
        else:
            scrubbed = scrub.event_fields(fields)
            if scrubbed != fields:
                done.append(event.seq)
        if prev is None and scrubbed == fields and event.seq != kept_from:
            continue  # before the first rewritten event the chain stays as it is
        first = event.seq if first is None else first
        scrubbed = {k: purge.swap_hashes(v, moved) if k in ("before", "after", "changes",
                                                             "message") else v
                    for k, v in scrubbed.items()}
        prev = tx.rechain_event(event.seq, scrubbed, event.prev_hash if prev is None else prev)
        moved[event.hash] = prev
    return done, moved, first
