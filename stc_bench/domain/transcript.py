"""A parsed transcript before it is stored: what every reader in ``ingest`` produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InvalidOffsets
from .offsets import normalise_text


@dataclass(frozen=True)
class TurnDraft:
    """One speaker turn: code-point span ``[start, end)`` of the normalised text."""

    speaker: str
    start: int
    end: int
    is_interviewer: bool = False
    media_start_ms: int | None = None
    media_end_ms: int | None = None


@dataclass(frozen=True)
class TranscriptDraft:
    """Normalised text, its speaker turns and what the reader noticed."""

    text: str
    turns: tuple[TurnDraft, ...]
    format: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def check(self, where: str) -> None:
        """Turns must lie inside the text, in order, without overlapping."""
        if self.text != normalise_text(self.text):
            raise InvalidOffsets(f"{where}: transcript text is not normalised")
        if not self.text.strip():
            raise InvalidOffsets(f"{where}: the transcript has no text")
        last = 0
        for i, turn in enumerate(self.turns):
            if not (last <= turn.start < turn.end <= len(self.text)):
                raise InvalidOffsets(f"{where}: turn {i} ({turn.start}..{turn.end}) is out of "
                                     "order or outside the text")
            last = turn.end
