"""A quote's display text against the unit's exact words.

Researchers shorten quotes with marked cuts — ``(…)``, ``(...)``, ``...``, ``…`` — and
replace names with bracketed placeholders such as ``[teamleder]``. Anything else that
differs from the transcript is an unmarked edit, which a thesis must not contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A cut or a bracketed replacement, each a marker between literal pieces.
MARKER = re.compile(r"\((?:…|\.\.\.)\)|\[[^\]\n]*\]|\.\.\.|…")


@dataclass(frozen=True)
class Piece:
    """One part of the display text: ``kind`` is ``kept``, ``cut`` or ``replaced``."""

    kind: str
    text: str
    original: str = ""


#: Each kind of unmarked edit and its English sentence (the service's refusal, exports).
PROBLEMS: dict[str, str] = {
    "not_in_transcript": "not in the transcript as written: {words!r}",
    "unmarked_cut": "words left out without a (…) mark: {words!r}",
}


@dataclass(frozen=True)
class QuoteProblem:
    """One unmarked edit: its kind (a key of :data:`PROBLEMS`) and the words concerned,
    so the TUI can word it in its own language."""

    kind: str
    words: str

    @property
    def text(self) -> str:
        return PROBLEMS[self.kind].format(words=self.words)

    def __str__(self) -> str:
        return self.text


def _squash(text: str) -> str:
    return " ".join(text.split())


def compare_display(exact: str, display: str) -> tuple[list[Piece], list[QuoteProblem]]:
    """Align ``display`` with ``exact``: the pieces (kept / cut / replaced) and the
    problems (unmarked edits). No problems means the display text is faithful."""
    pieces: list[Piece] = []
    problems: list[QuoteProblem] = []
    source = _squash(exact)
    folded = source.casefold()
    pos = 0
    started = False
    marker: str | None = None
    for literal, next_marker in _segments(display):
        words = _squash(literal).strip(" ,;:")
        if words:
            found = folded.find(words.casefold(), pos)
            if found < 0:
                problems.append(QuoteProblem("not_in_transcript", words))
            else:
                skipped = source[pos:found].strip()
                if skipped:
                    if started and marker is None:
                        problems.append(QuoteProblem("unmarked_cut", skipped))
                    kind = "replaced" if marker and marker.startswith("[") else "cut"
                    pieces.append(Piece(kind, marker or "", skipped))
                pieces.append(Piece("kept", source[found:found + len(words)]))
                pos = found + len(words)
            started = True
            marker = None
        if next_marker is not None:
            marker = next_marker
    rest = source[pos:].strip(" .,;:")
    if rest:
        pieces.append(Piece("cut", marker or "", source[pos:].strip()))
    return pieces, problems


def _segments(display: str) -> list[tuple[str, str | None]]:
    """Split display text into (literal, marker after it) pairs."""
    out: list[tuple[str, str | None]] = []
    cursor = 0
    for match in MARKER.finditer(display):
        out.append((display[cursor:match.start()], match.group()))
        cursor = match.end()
    out.append((display[cursor:], None))
    return out
