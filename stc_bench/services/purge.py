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
            rows = _scrub_rows(op.tx, scrub)
            events = _scrub_events(op.tx, scrub)
            for old, _ in pairs:  # the search index is derived: rebuilt on demand
                op.tx.drop_search_rows(old.id)
            ids = sorted({old.id for old, _ in pairs})
            record = op.tx.find(DataManagement, 1) or op.tx.insert(DataManagement, id=1)
            line = (f"{date.today().isoformat()}: the originals of {len(ids)} pseudonymised "
                    f"transcript revision(s) purged (documents {', '.join(map(str, ids))})")
            op.tx.update(record, notes="\n".join(filter(None, [record.notes, line])))
            op.entity_id = pairs[0][1].id
            op.extra = {"purged_documents": ids, "passages": len(scrub.mapping), "rows": rows,
                        "purged_events": events}
            op.message = (f"Purged the originals of {len(ids)} pseudonymised transcript "
                          f"revision(s): {len(scrub.mapping)} passages replaced by their "
                          f"pseudonyms in {rows} rows and {len(events)} events")
        compacted = self.store.compact()
        return PurgeReport(tuple(ids), len(scrub.mapping), len(events), rows, compacted)


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


def _scrub_rows(tx, scrub: purge.Scrubber) -> int:
    """Rewrite the rows that hold purged text (the purged revisions, unit snippets, quote
    display texts); how many."""
    count = 0
    for name in ("document", *purge.TRANSCRIPT_COLUMNS):
        for row in list(tx.raw_rows(name)):
            purged = scrub.row(name, row["id"], row)
            changed = {k: v for k, v in purged.items() if v != row[k]}
            if changed:
                tx.purge_rewrite_row(name, row["id"], changed)
                count += 1
    return count


def _scrub_events(tx, scrub: purge.Scrubber) -> list[list]:
    """Rewrite the events that hold purged text; [seq, stored hash, purged hash] of each
    (what verify accepts them by)."""
    done = []
    for event in list(tx.events()):
        if event.action == purge.PURGE:
            continue
        fields = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        scrubbed = scrub.event_fields(fields)
        if scrubbed == fields:
            continue
        tx.purge_rewrite_event(event.seq, scrubbed["before"], scrubbed["after"],
                               scrubbed["changes"], scrubbed["message"])
        done.append([event.seq, event.hash, purge.purged_hash(event.prev_hash, scrubbed)])
    return done
