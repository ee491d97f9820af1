"""Suggested meaning units: sentences of one speaker turn grouped to meaning-unit size.

A speaker turn is a hard boundary. Inside a turn the sentences are the atoms: very short
sentences ("Ja.", "Mm.", "Eh, altså.") join the sentence after them (or the one before,
at the end of a turn), a turn that is only backchannel is dropped, and a very long
run-on sentence is cut at a strong discourse marker near its middle. The atoms are then
grouped into suggestions of meaning-unit size (:mod:`.grouping`: a short turn is one
suggestion, a long one is split where the text turns to a new point).

Interviewer turns are skipped unless the project says otherwise, and so is the preamble
(title lines or a transcription note above the first speaker label, which the readers
keep as a turn without a speaker).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..domain.model import Document, Turn
from .grouping import group, is_short
from .pipeline import DEFAULT_NAME, TRAINED, chunks, load_pipeline, uses_trained_model
from .sentences import COMPONENT as RULES
from .sentences import token_starts

#: Where a long spoken sentence may be cut: before these words, after a comma or not.
DISCOURSE_MARKERS = re.compile(
    r"(?:,\s+|\s+)(?=(?:og så|men|altså|for eksempel|så da|og da|fordi|og det|samtidig)\b)",
    re.IGNORECASE)

Span = tuple[int, int]
#: A sentence or a group of sentences: start, end and its words.
Atom = tuple[int, int, int]


def words_in(text: str, start: int, end: int) -> int:
    """Words in ``text[start:end]`` counted as runs of non-space (fast, close enough)."""
    return len(text[start:end].split())


def turn_body(text: str, turn: Turn) -> Span:
    """The turn's span without a leading ``SPEAKER:`` label and surrounding spaces."""
    start, end = turn.start, turn.end
    label = (turn.speaker or "").strip()
    if label and text.startswith(label, start):
        after = start + len(label)
        if text[after:after + 1] in (":", "."):
            start = after + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def tidy(text: str, sentences: Sequence[Atom], min_words: int, max_words: int) -> list[Atom]:
    """Join backchannel sentences to a neighbour and cut very long ones (see module doc):
    the atoms that :func:`grouped` groups. Sentences and atoms are ``(start, end, words)``."""
    if not sentences or sum(n for _a, _b, n in sentences) < min_words:
        return []
    merged: list[Atom] = []
    pending: tuple[int, int] | None = None  # start and words of short sentences waiting
    for a, b, n in sentences:
        start, carried = pending if pending is not None else (a, 0)
        if n < min_words:
            pending = (start, carried + n)
            continue
        merged.append((start, b, carried + n))
        pending = None
    if pending is not None:
        if merged:
            a, _b, n = merged[-1]
            merged[-1] = (a, sentences[-1][1], n + pending[1])
        else:
            merged.append((pending[0], sentences[-1][1], pending[1]))
    if all(n <= max_words for _a, _b, n in merged):
        return merged
    out: list[Atom] = []
    for a, b, n in merged:
        if n <= max_words:
            out.append((a, b, n))
        else:
            out.extend((c, d, words_in(text, c, d)) for c, d in cut_long(text, a, b, max_words))
    return out


def grouped(text: str, atoms: Sequence[Atom], max_words: int) -> list[Span]:
    """The atoms of one turn grouped into suggestions (see :mod:`.grouping`); a turn that
    is short (:func:`.grouping.is_short`) is one suggestion without reading its cues."""
    if not atoms:
        return []
    counts = [n for _a, _b, n in atoms]
    if len(atoms) == 1 or is_short(sum(counts), max_words):
        return [(atoms[0][0], atoms[-1][1])]
    strings = [text[a:b] for a, b, _n in atoms]
    return [(atoms[i][0], atoms[j - 1][1]) for i, j in group(strings, counts, max_words)]


def cut_long(text: str, start: int, end: int, max_words: int) -> list[Span]:
    """Cut ``[start, end)`` at the discourse marker nearest its middle while it is longer
    than ``max_words``; a sentence without a marker stays whole."""
    if words_in(text, start, end) <= max_words:
        return [(start, end)]
    middle = (start + end) // 2
    cuts = [m for m in DISCOURSE_MARKERS.finditer(text, start, end)
            if words_in(text, start, m.start()) >= max_words // 4
            and words_in(text, m.end(), end) >= max_words // 4]
    if not cuts:
        return [(start, end)]
    best = min(cuts, key=lambda m: abs(m.start() - middle))
    left_end = best.start() + (1 if text[best.start()] == "," else 0)
    return cut_long(text, start, left_end, max_words) + cut_long(text, best.end(), end, max_words)


def segment_turns(text: str, bodies: Sequence[Span], *, min_words: int = 4,
                  max_words: int = 90) -> list[Span]:
    """Suggested spans for the given turn bodies of ``text``, in order."""
    spans: list[Span] = []
    for sentences in sentences_by_turn(text, bodies):
        spans.extend(grouped(text, tidy(text, sentences, min_words, max_words), max_words))
    return spans


def sentences_by_turn(text: str, bodies: Sequence[Span]) -> list[list[Atom]]:
    """The sentences of each turn body: ``(start, end, words)``, trimmed, in order.

    One Doc per turn: in a fresh process (every ``stc-bench segment``) spaCy parses many
    small Docs far faster than a few large ones (500k words: 0.85 s as 4,413 turns, 2.4 s
    joined into 200k-character pieces: spaCy's tokenizer stops caching a Doc's words after
    the first special case in it, e.g. an abbreviation). With the bundled rules the Docs
    come from the tokenizer alone and the rules run on their arrays (:func:`.sentences.
    token_starts`, what the pipeline's component runs): the suggestions need the starts,
    not Docs that hold them. The token arrays of all Docs are then read at once with numpy
    — sentence edges and word counts — not sentence by sentence.
    """
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY

    per_turn: list[list[Atom]] = [[] for _ in bodies]
    pieces, owners, bases = [], [], []
    for k, (a, b) in enumerate(bodies):
        for offset, piece in chunks(text[a:b]):
            pieces.append(piece)
            owners.append(k)
            bases.append(a + offset)
    nlp = load_pipeline()
    rules_only = nlp.pipe_names == [RULES]
    attrs = [ORTH if rules_only else SENT_START, IDX, LENGTH, IS_SPACE, SPACY]
    strings = nlp.vocab.strings
    arrays, kept, flags = [], [], []
    for n, doc in enumerate(nlp.tokenizer.pipe(pieces) if rules_only else nlp.pipe(pieces)):
        if len(doc):
            arrays.append(doc.to_array(attrs))
            kept.append(n)
            if rules_only:
                flags.extend(token_starts(arrays[-1][:, 0], arrays[-1][:, 4], strings))
    if not arrays:
        return per_turn
    sizes = [len(x) for x in arrays]
    arr = numpy.concatenate(arrays).astype("int64")
    piece_of = numpy.repeat(numpy.array(kept, dtype="int64"), sizes)
    first = numpy.array(flags, dtype=bool) if rules_only else arr[:, 0] == 1
    first[numpy.concatenate(([0], numpy.cumsum(sizes)[:-1]))] = True  # each Doc starts one
    found = _sentence_arrays(arr, first)
    if found is None:
        return per_turn
    heads, starts, ends, words = found
    shift = numpy.array(bases, dtype="int64")[piece_of[heads]]
    owner = numpy.array(owners, dtype="int64")[piece_of[heads]]
    rows = list(zip((starts + shift).tolist(), (ends + shift).tolist(), words.tolist(), strict=True))
    cuts = (numpy.flatnonzero(numpy.diff(owner)) + 1).tolist()
    for k, i, j in zip(owner[[0, *cuts]].tolist(), [0, *cuts], [*cuts, len(rows)], strict=True):
        per_turn[k].extend(rows[i:j])
    return per_turn


def _sentence_arrays(arr, first):
    """Each sentence as arrays, from token rows ``(SENT_START, IDX, LENGTH, IS_SPACE,
    SPACY)`` and where sentences start: the index of its first non-space token, that
    token's start, the end of its last non-space token, and its words (runs of non-space,
    as ``str.split`` counts them: spaCy splits tokens at every whitespace character, so a
    run starts at a token after a whitespace token or a trailing space). ``None`` when
    every token is whitespace."""
    import numpy

    space = arr[:, 3] != 0
    solid = numpy.flatnonzero(~space)
    if not len(solid):
        return None
    sentence = (numpy.cumsum(first) - 1)[solid]
    heads = numpy.flatnonzero(numpy.r_[True, sentence[1:] != sentence[:-1]])
    tails = numpy.r_[heads[1:] - 1, len(solid) - 1]
    run = numpy.r_[True, space[:-1] | (arr[:-1, 4] != 0)][solid].astype("int64")
    run[heads] = 1
    idx = arr[:, 1]
    return (solid[heads], idx[solid[heads]], idx[solid[tails]] + arr[solid[tails], 2],
            numpy.add.reduceat(run, heads))


def suggest_for_document(doc: Document, turns: Sequence[Turn], settings: dict) -> list[Span]:
    """Suggested meaning units for one document (turns of the informant only by default)."""
    keep_interviewer = bool(settings.get("segment_interviewer_turns"))
    bodies = [turn_body(doc.text, t) for t in without_preamble(turns)
              if keep_interviewer or not t.is_interviewer]
    if not turns:  # a document without turns: the whole text is one turn
        bodies = [(0, len(doc.text))]
    bodies = [(a, b) for a, b in bodies if a < b]
    return segment_turns(doc.text, bodies, min_words=int(settings["segment_min_words"]),
                         max_words=int(settings["segment_max_words"]))


def without_preamble(turns: Sequence[Turn]) -> list[Turn]:
    """The turns from the first one with a speaker on. Before it, speakerless turns are
    title lines and transcription notes. A transcript with no speaker labels at all has
    only speakerless turns (one per paragraph): those are all kept."""
    first = next((k for k, t in enumerate(turns) if t.speaker), None)
    return list(turns) if first is None else list(turns[first:])


def suggest_units(wb, document_id: int | None = None,
                  progress: Callable[[int, int, Document], None] | None = None) -> dict[int, int]:
    """Suggest meaning units for one document (or all) and store them on ``wb``.

    Returns ``{document_id: number of open suggestions stored}``. Existing meaning units
    are never touched; earlier open suggestions of the same documents are replaced.
    ``progress(done, total, document)`` is called after each document.
    """
    docs = [wb.get(Document, document_id)] if document_id is not None else [
        d for d in wb.documents() if not d.superseded]
    settings = wb.segment_settings()
    source = f"{TRAINED}" if uses_trained_model() else DEFAULT_NAME
    counts: dict[int, int] = {}
    for done, doc in enumerate(docs, start=1):
        spans = suggest_for_document(doc, wb.turns(doc.id), settings)
        counts[doc.id] = wb.store_suggestions(doc.id, spans, source=source[:100])
        if progress is not None:
            progress(done, len(docs), doc)
    return counts
