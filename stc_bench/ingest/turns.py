"""From paragraphs to the normalised transcript text and its speaker turns.

The text is the paragraphs joined by ``\\n`` and normalised once; a turn covers the
utterance only (from after the label to the end of its last paragraph), so meaning
units and sentence suggestions never start with ``JS1:``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..domain.offsets import normalise_lines
from ..domain.transcript import TranscriptDraft, TurnDraft
from .base import Block
from .speakers import SpeakerRules, clean_label, find_label, pick_interviewer


@dataclass
class _Para:
    start: int               # offset of the paragraph in the text
    text: str
    label: str | None = None  # candidate label
    skip: int = 0            # code points of label/timestamp before the utterance
    from_format: bool = False
    media_start_ms: int | None = None
    media_end_ms: int | None = None


#: One paragraph normalised exactly as ``normalise_text`` would inside a document.
normalise_paragraph = normalise_lines


#: The import warnings every reader may give (the TUI's catalogue words them in Norwegian).
NO_SPEAKER_LABELS = "no speaker labels found (one turn per paragraph)"
NO_INTERVIEWER_LABEL = "no interviewer label recognised"


def build_draft(blocks: list[Block], fmt: str, rules: SpeakerRules,
                warnings: list[str] | None = None) -> TranscriptDraft:
    """Join paragraphs into the stored text and find the speaker turns in it."""
    warnings = list(warnings or [])
    paras = _layout(blocks)
    text = "\n".join(p.text for p in paras)
    for p in paras:
        _find_label(p)
    accepted = _accepted_labels(paras, rules)
    turns = _turns(paras, accepted)
    labels = [t.speaker for t in turns if t.speaker]
    if not labels:
        warnings.append(NO_SPEAKER_LABELS)
    questions: Counter[str] = Counter()
    for t in turns:
        questions[t.speaker] += text.count("?", t.start, t.end) if t.speaker else 0
    interviewer = pick_interviewer(labels, dict(questions), rules)
    if labels and not interviewer:
        warnings.append(NO_INTERVIEWER_LABEL)
    turns = [TurnDraft(t.speaker, t.start, t.end, t.speaker in interviewer,
                       t.media_start_ms, t.media_end_ms) for t in turns]
    return TranscriptDraft(text, tuple(turns), fmt, tuple(warnings))


def _layout(blocks: list[Block]) -> list[_Para]:
    """Paragraphs with their offsets; leading and trailing blank paragraphs dropped."""
    texts = [normalise_paragraph(b.text) for b in blocks]
    first = next((i for i, t in enumerate(texts) if t.strip()), len(texts))
    last = max((i for i, t in enumerate(texts) if t.strip()), default=-1)
    if first <= last:  # a soft line break opening or closing the text is not text
        texts[first] = texts[first].lstrip("\n")
        texts[last] = texts[last].rstrip("\n")
    paras, pos = [], 0
    for block, text in zip(blocks[first:last + 1], texts[first:last + 1], strict=True):
        if not text.strip():
            text = ""
        para = _Para(pos, text, media_start_ms=block.media_start_ms,
                     media_end_ms=block.media_end_ms)
        if block.label is not None and text.strip():
            para.label, para.from_format = clean_label(block.label), True
            para.skip = _label_prefix(text, block.label)
        paras.append(para)
        pos += len(text) + 1
    return paras


def _label_prefix(text: str, label: str) -> int:
    """Length of ``label`` plus a following ``:``/``.``/dash and spaces at the start of text."""
    label = normalise_paragraph(label).strip()
    lead = len(text) - len(text.lstrip(" \t*_"))
    if not text[lead:].startswith(label):
        return 0
    i = lead + len(label)
    while i < len(text) and text[i] in " \t:.–-*_":
        i += 1
    return i


def _find_label(p: _Para) -> None:
    if p.from_format or not p.text:
        return
    match = find_label(p.text)
    if match is not None:
        p.label, p.skip = match.label, match.skip
        if match.time_ms is not None and p.media_start_ms is None:
            p.media_start_ms = match.time_ms


def _accepted_labels(paras: list[_Para], rules: SpeakerRules) -> set[str]:
    counts = Counter(p.label for p in paras if p.label and not p.from_format)
    accepted = {p.label for p in paras if p.from_format and p.label}
    accepted |= {label for label, n in counts.items() if n >= 2 or rules.is_known(label)}
    # A numbered role speaks once in a focus group ("Behandler 1:") while another of the
    # series speaks more ("Behandler 2:"): the series makes the single one a label too.
    series = {_NUMBERED.sub("", label) for label in accepted if _NUMBERED.search(label)}
    accepted |= {label for label in counts if _NUMBERED.search(label)
                 and _NUMBERED.sub("", label) in series}
    return accepted


_NUMBERED = re.compile(r"\s+\d{1,3}$")


def _turns(paras: list[_Para], accepted: set[str]) -> list[TurnDraft]:
    """A turn per accepted label, continued by the unlabelled paragraphs that follow it.

    Without any accepted label every paragraph is its own turn.
    """
    turns: list[TurnDraft] = []
    speaker: str | None = None
    start = end = -1
    media: tuple[int | None, int | None] = (None, None)

    def close() -> None:
        if start >= 0 and end > start:
            turns.append(TurnDraft(speaker or "", start, end, False, *media))

    for p in paras:
        labelled = p.label in accepted
        begin = p.start + p.skip if (labelled or p.label is None and p.skip) else p.start
        body = p.text[begin - p.start:]
        if labelled or not accepted:
            close()
            speaker, start, end = (p.label if labelled else ""), -1, -1
            media = (p.media_start_ms, p.media_end_ms)
        if not body.strip():
            continue
        lead = len(body) - len(body.lstrip())
        if start < 0:
            start = begin + lead
            media = (media[0] if media[0] is not None else p.media_start_ms, media[1])
        end = p.start + len(p.text)
        if p.media_end_ms is not None:
            media = (media[0], p.media_end_ms)
    close()
    return turns
