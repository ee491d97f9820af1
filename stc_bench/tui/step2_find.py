"""Step 2 helpers that need no widgets: informant text not yet in any meaning unit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..domain.model import MeaningUnit, Turn
from ..nlp.suggest import turn_body, without_preamble


def uncovered_stretches(text: str, turns: Sequence[Turn],
                        units: Iterable[MeaningUnit]) -> list[tuple[int, int]]:
    """Stretches of informant turns (labels left out) that no meaning unit covers.

    Each stretch lies inside one turn, is trimmed of spaces and holds at least one word;
    they come in text order. Interviewer turns are never "uncoded informant text", nor is
    the preamble (title lines, a transcription note) above the first speaker label.
    """
    spans = sorted((u.start, u.end) for u in units)
    out: list[tuple[int, int]] = []
    i = 0
    for turn in without_preamble(sorted(turns, key=lambda t: t.start)):
        if turn.is_interviewer:
            continue
        start, end = turn_body(text, turn)
        while i < len(spans) and spans[i][1] <= start:
            i += 1
        pos, j = start, i
        while j < len(spans) and spans[j][0] < end:
            a, b = spans[j]
            if a > pos:
                out.append((pos, a))
            pos = max(pos, b)
            j += 1
        if pos < end:
            out.append((pos, end))
    return [t for a, b in out if (t := _trim(text, a, b)) is not None]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in ",.;:!?…–-"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None
