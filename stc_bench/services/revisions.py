"""Corrected transcripts: a new revision of a document, meaning units re-anchored by diff.

The old document is kept (marked ``superseded``) so nothing a unit pointed at is lost.
Each unit of the old revision ends up in one of these states:

- *unchanged* / *moved*: its exact text was found in the new revision (status ``ok``);
- *flagged*: its passage was changed by the correction; it now covers the corrected
  passage and must be re-read (status ``flagged``);
- *detached*: its passage could not be placed; it stays on the superseded revision
  with its snippet and offsets (status ``detached``) — never dropped.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from ..domain.errors import MethodError, StcError
from ..domain.model import Document, MeaningUnit
from ..domain.offsets import text_sha256
from ..domain.transcript import TranscriptDraft
from .base import ServiceBase, utc_now
from .documents import insert_turns

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
#: Below this similarity a changed passage is not the same passage any more.
_SAME_PASSAGE = 0.6


@dataclass(frozen=True)
class RevisionReport:
    """What a revision did to the meaning units of the document it replaced."""

    document: Document
    unchanged: int = 0
    moved: int = 0
    flagged: int = 0
    detached: int = 0


class RevisionOps(ServiceBase):
    def revise_document(self, document_id: int, draft: TranscriptDraft, *, source_name: str,
                        source_sha256: str) -> RevisionReport:
        """Import a corrected transcript as the next revision of ``document_id``.

        Meaning units are re-anchored by a word-level diff; the counts of unchanged,
        moved, flagged and detached units are returned and recorded in the event.
        """
        draft.check(source_name)
        digest = text_sha256(draft.text)
        with self._op("document.revise", "document") as op:
            old = op.tx.get(Document, document_id)
            if old.superseded:
                newer = op.tx.list(Document, revision_of=old.id)
                raise MethodError(f"document {old.id} ({old.title!r}) was already revised"
                                  + (f" as document {newer[0].id}" if newer else "")
                                  + "; revise the latest revision")
            for doc in op.tx.list(Document, text_sha256=digest) + op.tx.list(
                    Document, source_sha256=source_sha256):
                raise StcError(f"{source_name}: already in the project as document {doc.id} "
                               f"({doc.title!r}, from {doc.source_name}); nothing to revise")
            new = op.tx.insert(
                Document, informant_id=old.informant_id, title=old.title,
                source_name=source_name, source_sha256=source_sha256, text=draft.text,
                text_sha256=digest, format=draft.format, imported_at=utc_now(),
                interview_guide_id=old.interview_guide_id, revision_of=old.id,
                revision=old.revision + 1)
            op.tx.update(old, superseded=True)
            insert_turns(op.tx, new.id, draft.turns)
            anchors = Anchors(old.text, new.text)
            counts = {"unchanged": 0, "moved": 0, "flagged": 0, "detached": 0}
            for unit in op.tx.list(MeaningUnit, document_id=old.id):
                state, span = anchors.place(unit.start, unit.end, unit.snippet)
                counts[state] += 1
                if state == "detached":
                    op.tx.update(unit, status="detached")
                else:
                    start, end = span
                    op.tx.update(unit, document_id=new.id, start=start, end=end,
                                 snippet=new.text[start:end],
                                 status="flagged" if state == "flagged" else unit.status)
            op.entity_id = new.id
            op.extra = {"source_name": source_name, "source_sha256": source_sha256,
                        "revision_of": old.id, **counts}
            op.message = (f"Revised {old.title!r} from {source_name} (revision {new.revision}): "
                          f"{counts['moved']} moved, {counts['flagged']} flagged, "
                          f"{counts['detached']} detached")
        return RevisionReport(new, **counts)


class Anchors:
    """Maps code-point offsets of an old text into a new one through a word-level diff."""

    def __init__(self, old: str, new: str):
        self.new = new
        a, b = _tokens(old), _tokens(new)
        matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b],
                                          autojunk=False)
        a_pos = [p for _, p in a] + [len(old)]
        b_pos = [p for _, p in b] + [len(new)]
        # (old_start, old_end, new_start, new_end, equal) in code points
        self.spans = [(a_pos[i1], a_pos[i2], b_pos[j1], b_pos[j2], tag == "equal")
                      for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
        self.starts = [s[0] for s in self.spans]

    def _map(self, pos: int, *, end: bool) -> tuple[int, bool]:
        """New offset of an old one, and whether it was mapped exactly."""
        probe = pos - 1 if end else pos
        i = max(0, bisect.bisect_right(self.starts, probe) - 1)
        while i < len(self.spans) - 1 and self.spans[i][1] <= probe:
            i += 1
        if not self.spans:
            return 0, False
        o1, o2, n1, n2, equal = self.spans[i]
        if equal and o1 <= probe < o2:
            return n1 + (pos - o1), True
        return (n2 if end else n1), False

    def place(self, start: int, end: int, snippet: str) -> tuple[str, tuple[int, int]]:
        """``(state, (start, end))`` of a unit in the new text; see the module docstring."""
        new_start, exact_start = self._map(start, end=False)
        new_end, exact_end = self._map(end, end=True)
        if exact_start and exact_end and self.new[new_start:new_end] == snippet:
            return ("unchanged" if (new_start, new_end) == (start, end) else "moved",
                    (new_start, new_end))
        found = _nearest(self.new, snippet, new_start)
        if found is not None:
            return "moved", (found, found + len(snippet))
        if new_end > new_start and self.new[new_start:new_end].strip():
            ratio = difflib.SequenceMatcher(None, snippet, self.new[new_start:new_end]).ratio()
            if ratio >= _SAME_PASSAGE:
                return "flagged", (new_start, new_end)
        return "detached", (start, end)


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _nearest(text: str, snippet: str, near: int) -> int | None:
    """Start of the occurrence of ``snippet`` in ``text`` nearest to ``near``."""
    best, pos = None, text.find(snippet)
    while pos >= 0 and snippet.strip():
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(snippet, pos + 1)
    return best
