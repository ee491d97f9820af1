"""Text addressing: Unicode code-point offsets into an immutable, normalised transcript.

This module is the one place where spans are validated and where text is normalised.
"""

from __future__ import annotations

import hashlib
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable

from .errors import InvalidOffsets


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line endings, no BOM, no trailing whitespace on lines, one final newline at most.

    The result is the reference for every offset forever, so this must be deterministic
    and idempotent: ``normalise_text(normalise_text(t)) == normalise_text(t)``.
    """
    text = text.replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def text_sha256(text: str) -> str:
    """sha256 of the UTF-8 bytes of ``text`` (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_span(text: str, start: int, end: int, *, where: str = "document") -> str:
    """Validate ``[start, end)`` against ``text`` and return the snippet it covers.

    A span must be in range, non-empty, and cover at least one non-space character.
    """
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        raise InvalidOffsets(f"{where}: offsets must be integers, got {start!r}..{end!r}")
    if start < 0 or end > len(text):
        raise InvalidOffsets(
            f"{where}: span {start}..{end} is outside the text (0..{len(text)})"
        )
    if end <= start:
        raise InvalidOffsets(f"{where}: span {start}..{end} is empty")
    snippet = text[start:end]
    if not snippet.strip():
        raise InvalidOffsets(f"{where}: span {start}..{end} holds only whitespace")
    return snippet


def word_count(text: str) -> int:
    """Whitespace-separated words, the way students count them."""
    return len(text.split())


def uncovered_by(suggestions: Iterable, units: Iterable) -> list:
    """The suggestions (anything with ``start``/``end``) that neither lie inside nor
    overlap a meaning unit: a covered suggestion is hidden, and comes back when the unit
    that covers it is deleted or its creation undone."""
    spans = sorted((u.start, u.end) for u in units)
    starts = [a for a, _ in spans]
    # the longest unit bounds how far back an overlapping unit can start
    reach = max((b - a for a, b in spans), default=0)
    out = []
    for s in suggestions:
        i = bisect_left(starts, s.end)  # units starting before the suggestion ends
        covered = False
        while i > 0:
            i -= 1
            a, b = spans[i]
            if a < s.start - reach:
                break
            if b > s.start and a < s.end:
                covered = True
                break
        if not covered:
            out.append(s)
    return out
