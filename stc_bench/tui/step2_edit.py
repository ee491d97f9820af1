"""Step 2's edits by sentence, without widgets: what ``]``, ``[``, ``{``, ``}``, ``s`` and
``j`` do to a span, and which suggestions are still worth showing.

Sentences are the atoms of meaning units: a unit or suggestion grows and shrinks one
sentence at a time, and splits at a sentence boundary. The sentence spans come from the
same spaCy rules that make the suggestions (:func:`sentence_atoms`), so an edge reached by
these keys is an edge a suggestion could have had. Kept free of Textual so the key-count
harness (``bench/effort.py``) plans with exactly the rules the app applies.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from ..domain.model import Turn
from ..domain.offsets import trimmed_span
from ..nlp.suggest import turn_body

Span = tuple[int, int]
WORD = re.compile(r"\w+")


def word_edge(text: str, offset: int, delta: int) -> int:
    """The end of the next word (delta > 0) or the start of the previous one."""
    if delta > 0:
        m = WORD.search(text, offset)
        return m.end() if m else len(text)
    starts = [m.start() for m in WORD.finditer(text, max(0, offset - 200), offset)]
    starts = [s for s in starts if s < offset]
    return starts[-1] if starts else max(0, offset - 200)


class Sentences:
    """The sentence atoms of one transcript, for moving a span's edges by a sentence."""

    def __init__(self, spans: Iterable[Span]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.ends = sorted(b for _, b in spans)

    def grow_end(self, start: int, end: int) -> int | None:
        """The end of the sentence after ``end`` (or of the one ``end`` cuts through)."""
        i = bisect_right(self.ends, end)
        return self.ends[i] if i < len(self.ends) else None

    def shrink_end(self, start: int, end: int) -> int | None:
        """The end of the sentence before the last one in ``[start, end)``."""
        i = bisect_left(self.ends, end) - 1
        return self.ends[i] if i >= 0 and self.ends[i] > start else None

    def grow_start(self, start: int, end: int) -> int | None:
        """The start of the sentence before ``start`` (or of the one ``start`` cuts)."""
        i = bisect_left(self.starts, start) - 1
        return self.starts[i] if i >= 0 else None

    def shrink_start(self, start: int, end: int) -> int | None:
        """The start of the second sentence in ``[start, end)``."""
        i = bisect_right(self.starts, start)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else None

    def split_point(self, start: int, end: int, caret: int) -> int | None:
        """Where ``s`` splits ``[start, end)``: the first sentence start after the caret
        (after the first sentence when the caret is at the span's start)."""
        i = bisect_right(self.starts, max(start, caret))
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else None



def resized(sentences: Sentences, span: Span, start_step: int, end_step: int) -> Span | None:
    """``span`` with its start moved ``start_step`` and its end ``end_step`` sentences
    (negative: earlier); None when there is no sentence to move to."""
    start: int | None
    end: int | None
    start, end = span
    if start_step:
        start = (sentences.grow_start(start, end) if start_step < 0
                 else sentences.shrink_start(start, end))
    if end_step and start is not None:
        end = (sentences.grow_end(start, end) if end_step > 0
               else sentences.shrink_end(start, end))
    if start is None or end is None or not start < end:
        return None
    return start, end


def word_resized(text: str, span: Span, start_step: int, end_step: int) -> Span | None:
    """``span`` with one edge moved by a word (ctrl+arrows): the end keeps the punctuation
    written against its last word; None when the span would be empty."""
    start, end = span
    if start_step:
        start = word_edge(text, start, -1) if start_step < 0 else next_word_start(text, start)
    if end_step:
        end = (with_trailing_punctuation(text, word_edge(text, end, 1)) if end_step > 0
               else prev_word_end(text, end))
    return (start, end) if start < end else None


def next_word_start(text: str, offset: int) -> int:
    end = word_edge(text, offset, 1)
    while end < len(text) and not text[end].isalnum():
        end += 1
    return end


def prev_word_end(text: str, offset: int) -> int:
    start = word_edge(text, offset, -1)
    while start > 0 and not text[start - 1].isalnum():
        start -= 1
    return start


def with_trailing_punctuation(text: str, end: int) -> int:
    """``end`` moved over the closing punctuation written against a word ("!", "?»", "…"),
    which a unit that ends there keeps; a comma or an opening quote is not taken."""
    while end < len(text) and text[end] in CLOSING_PUNCTUATION:
        end += 1
    return end


#: What may close a sentence or a quotation right after its last word.
CLOSING_PUNCTUATION = frozenset(".!?…»”\"')]’")


def word_step(text: str, caret: int, delta: int, extend: bool) -> int:
    """Where → / ← (with shift: select) put the caret: the end of the next word or the
    start of the previous one; a selection growing forward takes the punctuation that
    closes the word with it ("kniver!"), so what is selected is what Enter marks."""
    offset = word_edge(text, caret, delta)
    return with_trailing_punctuation(text, offset) if extend and delta > 0 else offset


def selected_span(text: str, anchor: int, caret: int) -> Span | None:
    """What Enter or a digit makes a unit of: the selection trimmed of spaces."""
    return trimmed_span(text, min(anchor, caret), max(anchor, caret))


def sentence_atoms(text: str, turns: Sequence[Turn]) -> list[Span]:
    """The sentences of a transcript as the suggestions see them: spaCy's sentence rules,
    cut to the turns' bodies (a speaker label is never part of a sentence). Loads spaCy:
    call it in a worker."""
    from ..nlp.pipeline import split_sentences

    spans = split_sentences(text)
    if not turns:
        return spans
    bodies = sorted(turn_body(text, t) for t in turns)
    out: list[Span] = []
    starts = [a for a, _ in bodies]
    for a, b in spans:
        i = max(0, bisect_right(starts, a) - 1)
        while i < len(bodies) and bodies[i][0] < b:
            piece = trimmed_span(text, max(a, bodies[i][0]), min(b, bodies[i][1]))
            if piece is not None:
                out.append(piece)
            i += 1
    return out
