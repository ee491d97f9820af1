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


class PurgeOps(ServiceBase):
    def purgeable(self, document_id: int | None = None) -> list[tuple[Document, Document]]:
        """(original, pseudonymised) pairs: every earlier revision of each current
        transcript that pseudonymise stored, or of ``document_id`` only."""
        with self._read() as tx:
            return _pairs(tx, document_id)

    def purge_originals(self, document_id: int | None = None) -> PurgeReport:
        """Replace the original text of pseudonymised transcripts by its pseudonymised
        version everywhere in the project — the earlier revisions, every event and row
        that quoted them — record it in the trail and the data-management record, then
        rebuild the file so the replaced text is not left in free pages."""
        with self._op("project.purge", "document") as op:  # = purge.PURGE
            pairs = _pairs(op.tx, document_id)  # read inside the write: one state
            if not pairs:
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
            events, moved = _scrub_events(op.tx, scrub)
            rows = _scrub_rows(op.tx, scrub, moved)
            for old, _ in pairs:  # the search index is derived: rebuilt on demand
                op.tx.drop_search_rows(old.id)
            ids = sorted({old.id for old, _ in pairs})
            record = op.tx.find(DataManagement, 1) or op.tx.insert(DataManagement, id=1)
            line = (f"{date.today().isoformat()}: the originals of {len(ids)} pseudonymised "
                    f"transcript revision(s) purged (documents {', '.join(map(str, ids))})")
            op.tx.update(record, notes="\n".join(filter(None, [record.notes, line])))
            op.entity_id = pairs[0][1].id
            first = min(events, default=None)
            op.extra = {"purged_documents": ids, "passages": len(scrub.mapping), "rows": rows,
                        "purged_events": events, "rechained_from": first}
            op.message = (f"Purged the originals of {len(ids)} pseudonymised transcript "
                          f"revision(s): {len(scrub.mapping)} passages replaced by their "
                          f"pseudonyms in {rows} rows and {len(events)} events")
        compacted = self.store.compact()
        with self._read() as tx:
            head = tx.head() or (0, audit.GENESIS)
        return PurgeReport(tuple(ids), len(scrub.mapping), len(events), rows, compacted,
                           first, head)


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


def _scrub_events(tx, scrub: purge.Scrubber) -> tuple[list[int], dict[str, str]]:
    """Rewrite the events that hold purged text, and re-chain the trail from the first of
    them (``domain/purge.py`` says why): the seqs rewritten, and each re-hashed event's
    old hash → its new one."""
    done: list[int] = []
    moved: dict[str, str] = {}
    prev: str | None = None  # the previous event's new hash, once re-chaining began
    for event in list(tx.events()):
        fields = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        # a purge event is left as written (it holds no transcript words, and what an
        # earlier one recorded is history); hashes it quotes still follow the chain
        scrubbed = fields if event.action == purge.PURGE else scrub.event_fields(fields)
        if scrubbed != fields:
            done.append(event.seq)
        elif prev is None:
            continue  # before the first rewritten event the chain stays as it is
        scrubbed = {k: purge.swap_hashes(v, moved) if k in ("before", "after", "changes",
                                                             "message") else v
                    for k, v in scrubbed.items()}
        prev = tx.rechain_event(event.seq, scrubbed, event.prev_hash if prev is None else prev)
        moved[event.hash] = prev
    return done, moved
