"""Corrected transcripts: a new revision of a document, meaning units re-anchored by diff.

The old document is kept (marked ``superseded``) so nothing a unit pointed at is lost.
Each unit of the old revision ends up in one of these states:

- *unchanged* / *moved*: its exact text is at the place the diff maps it to, or moved
  with the same words around it (status ``ok``);
- *flagged*: its passage was changed by the correction; it now covers the corrected
  passage and must be re-read (status ``flagged``);
- *relocated*: its passage is gone but the same words occur elsewhere; it sits there
  now and must be re-read (status ``flagged``) — never moved silently;
- *detached*: its passage could not be placed; it stays on the superseded revision
  with its snippet and offsets (status ``detached``) — never dropped.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from ..domain.errors import MethodError, StcError
from ..domain.model import Document, MeaningUnit, SpeakerInformant
from ..domain.offsets import text_sha256, word_count
from ..domain.transcript import TranscriptDraft
from .base import ServiceBase, utc_now
from .coder_rules import active_coders
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
    relocated: int = 0
    detached: int = 0


class RevisionOps(ServiceBase):
    def revise_document(self, document_id: int, draft: TranscriptDraft, *, source_name: str,
                        source_sha256: str, force: bool = False) -> RevisionReport:
        """Import a corrected transcript as the next revision of ``document_id``.

        Meaning units are re-anchored by a word-level diff; the counts of unchanged,
        moved, flagged, relocated and detached units are returned and recorded in the
        event. When more than half of the units would detach the file is most likely
        another interview, and the revision is refused unless ``force``.
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
            if active_coders(op.tx, old.id):  # the coders' units would move under them
                raise MethodError(f"document {old.id} ({old.title!r}) is in independent coding; "
                                  "release it before importing a corrected version")
            for doc in op.tx.list(Document, text_sha256=digest) + op.tx.list(
                    Document, source_sha256=source_sha256):
                raise StcError(f"{source_name}: already in the project as document {doc.id} "
                               f"({doc.title!r}, from {doc.source_name}); nothing to revise")
            new = op.tx.insert(
                Document, informant_id=old.informant_id, title=old.title,
                source_name=source_name, source_sha256=source_sha256, text=draft.text,
                text_sha256=digest, format=draft.format, imported_at=utc_now(),
                interview_guide_id=old.interview_guide_id, revision_of=old.id,
                revision=old.revision + 1, word_count=word_count(draft.text))
            op.tx.update(old, superseded=True)
            insert_turns(op.tx, new.id, draft.turns)
            # a group transcript keeps who its speakers are (labels the revision still has)
            labels = {t.speaker for t in draft.turns}
            for mapped in op.tx.list(SpeakerInformant, document_id=old.id):
                if mapped.speaker in labels:
                    op.tx.insert(SpeakerInformant, document_id=new.id, speaker=mapped.speaker,
                                 informant_id=mapped.informant_id)
            anchors = Anchors(old.text, new.text)
            counts = {"unchanged": 0, "moved": 0, "flagged": 0, "relocated": 0, "detached": 0}
            units = op.tx.list(MeaningUnit, document_id=old.id)
            placed = [(unit, *anchors.place(unit.start, unit.end, unit.snippet))
                      for unit in units]
            for _unit, state, _span in placed:
                counts[state] += 1
            if len(units) >= 2 and counts["detached"] * 2 > len(units) and not force:
                raise MethodError(
                    f"{source_name}: {counts['detached']} of {len(units)} meaning units of "
                    f"{old.title!r} would detach, so this looks like a different interview; "
                    "check the file, or give --force to revise anyway")
            for unit, state, span in placed:
                if state == "detached":
                    op.tx.update(unit, status="detached")
                else:
                    start, end = span
                    op.tx.update(unit, document_id=new.id, start=start, end=end,
                                 snippet=new.text[start:end],
                                 status="flagged" if state in ("flagged", "relocated")
                                 else unit.status)
            op.entity_id = new.id
            op.extra = {"source_name": source_name, "source_sha256": source_sha256,
                        "revision_of": old.id, **counts}
            op.message = (f"Revised {old.title!r} from {source_name} (revision {new.revision}): "
                          f"{counts['moved']} moved, {counts['flagged']} flagged, "
                          f"{counts['relocated']} relocated and flagged, "
                          f"{counts['detached']} detached")
        return RevisionReport(new, **counts)


class Anchors:
    """Maps code-point offsets of an old text into a new one through a word-level diff.

    A unit is placed by position first: the diff's mapping of its span. Its exact text
    counts as the same passage only where it overlaps that mapping, or elsewhere with
    the same words on both sides of it (a moved paragraph). Any other exact occurrence
    is a *relocation*: taken only when nothing local fits, and flagged for review.
    """

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
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
        occurrences = list(_occurrences(self.new, snippet))
        repeated = len(occurrences) > 1
        if exact_start and exact_end and self.new[new_start:new_end] == snippet and \
                self._fits(start, end, new_start, new_end, repeated):
            return ("unchanged" if (new_start, new_end) == (start, end) else "moved",
                    (new_start, new_end))
        lo, hi = min(new_start, new_end), max(new_start, new_end)
        around = _context(self.old, start, end, _CONTEXT)
        same = [p for p in occurrences if _context(self.new, p, p + len(snippet), _CONTEXT) == around]
        if same:  # the passage moved with the words around it
            found = min(same, key=lambda p: abs(p - new_start))
            return "moved", (found, found + len(snippet))
        local = [p for p in occurrences if p < hi and lo < p + len(snippet)
                 and self._fits(start, end, p, p + len(snippet), repeated)]
        if local:
            found = min(local, key=lambda p: abs(p - new_start))
            return "moved", (found, found + len(snippet))
        span = _trimmed(self.new, lo, hi)
        if span is not None:
            ratio = difflib.SequenceMatcher(None, snippet, self.new[span[0]:span[1]]).ratio()
            if ratio >= _SAME_PASSAGE:
                return "flagged", span
        if occurrences:
            found = min(occurrences, key=lambda p: abs(p - new_start))
            return "relocated", (found, found + len(snippet))
        return "detached", (start, end)

    def _fits(self, start: int, end: int, new_start: int, new_end: int, repeated: bool) -> bool:
        """Whether the words around a candidate place are the unit's own neighbours.

        A snippet that occurs once needs the same words on one side. A repeated one (the
        same sentence in several turns) needs similar words on both sides: the diff may
        align a repeat in another turn with it when paragraphs move.
        """
        before, after = _context(self.old, start, end, _CONTEXT)
        new_before, new_after = _context(self.new, new_start, new_end, _CONTEXT)
        if not repeated:
            return before[-_NEAR:] == new_before[-_NEAR:] or after[:_NEAR] == new_after[:_NEAR]
        return all(a == b or difflib.SequenceMatcher(None, a, b).ratio() >= _SAME_PASSAGE
                   for a, b in ((before, new_before), (after, new_after)))


#: Characters of neighbouring text that must match on both sides for a passage found
#: elsewhere to count as the same (moved) passage, and on one side for a mapped one.
_CONTEXT, _NEAR = 24, 12


def _context(text: str, start: int, end: int, n: int) -> tuple[str, str]:
    return text[max(0, start - n):start], text[end:end + n]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without whitespace at either end; None if nothing is left."""
    piece = text[start:end]
    if not piece.strip():
        return None
    return start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _occurrences(text: str, snippet: str):
    """Start of every occurrence of ``snippet`` in ``text``."""
    if not snippet.strip():
        return
    pos = text.find(snippet)
    while pos >= 0:
        yield pos
        pos = text.find(snippet, pos + 1)
