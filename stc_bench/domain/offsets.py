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
    return normalise_lines(text).strip("\n")


def normalise_lines(text: str) -> str:
    """:func:`normalise_text` without the trim of blank lines at the ends: a paragraph
    normalised exactly as it will read inside the normalised document."""
    text = text.replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


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
        raise InvalidOffsets(f"{where}: span {start}..{end} is empty", kind="empty_span")
    snippet = text[start:end]
    if not snippet.strip():
        raise InvalidOffsets(f"{where}: span {start}..{end} holds only whitespace",
                             kind="blank_span")
    return snippet


def check_spans(text: str, spans: list[tuple[int, int]], *, where: str = "document"
                ) -> tuple[list[int], list[int], list[str]]:
    """:func:`check_span` of many spans: their starts, ends and snippets.

    The checks run over the whole list in C (``map``, ``min``, ``max``), not a Python
    call per span: a bulk write of 40,000 units spent a fifth of its time here. When one
    fails, the spans are checked one by one, so the error names the first bad span just
    as :func:`check_span` would."""
    if not spans:
        return [], [], []
    starts, ends = (list(column) for column in zip(*spans, strict=True))
    if set(map(type, starts)) | set(map(type, ends)) == {int} and min(starts) >= 0 \
            and max(ends) <= len(text) and all(map(int.__lt__, starts, ends)):
        snippets = list(map(text.__getitem__, map(slice, starts, ends)))
        if all(map(str.strip, snippets)):
            return starts, ends, snippets
    return starts, ends, [check_span(text, a, b, where=where) for a, b in spans]


def word_count(text: str) -> int:
    """Whitespace-separated words, the way students count them."""
    return len(text.split())


def overlaps(spans: Iterable[tuple[int, int]], marks: Iterable[tuple[int, int]]
             ) -> list[tuple[int, int]]:
    """The pieces of ``spans`` that lie inside at least one of ``marks`` (e.g. the
    informant text a transcript's units cover), in order and without double counting.

    One sweep over both, sorted: linear in their number, not their product (a thesis has
    800 units and 400 informant turns per transcript)."""
    merged: list[list[int]] = []
    for s, e in sorted(marks):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[tuple[int, int]] = []
    i = 0
    for s, e in sorted(spans):
        while i < len(merged) and merged[i][1] <= s:
            i += 1  # marks wholly before this span end before every later span too
        j = i
        while j < len(merged) and merged[j][0] < e:
            a, b = max(s, merged[j][0]), min(e, merged[j][1])
            if b > a:
                out.append((a, b))
            j += 1
    return out


def covered(spans: Iterable[tuple[int, int]], marks: Iterable[tuple[int, int]]) -> int:
    """Code points of ``spans`` that lie inside at least one of ``marks``."""
    return sum(e - s for s, e in overlaps(spans, marks))


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


def reshaped_suggestions(text: str, spans: dict[int, tuple[int, int]], target: int,
                         new: tuple[int, int]) -> tuple[dict[int, tuple[int, int] | None],
                                                        list[tuple[int, int]]]:
    """Suggestion ``target`` given the span ``new``, its neighbours kept tiling the text:
    what it grows into is taken from the suggestions there (one it swallows is gone), and
    what it lets go joins the neighbour it touches — the boundary between two suggestions
    moved — or, with no neighbour on that side in the same paragraph, stays suggested on
    its own. Returns ``(changed, added)``: new spans by id (None: gone) and spans to add."""
    old = spans[target]
    changed: dict[int, tuple[int, int] | None] = {target: new}
    added: list[tuple[int, int]] = []
    start, end = new
    for ident, (a, b) in sorted(spans.items(), key=lambda item: item[1]):
        if ident == target or b <= start or a >= end:
            continue
        left, right = trimmed_span(text, a, min(b, start)), trimmed_span(text, max(a, end), b)
        changed[ident] = left or right
        if left and right:
            added.append(right)
    current: dict[int, tuple[int, int] | None] = {i: s for i, s in spans.items() if i != target}
    current.update({i: s for i, s in changed.items() if i != target})
    for piece, side in ((trimmed_span(text, old[0], min(start, old[1])), "before"),
                        (trimmed_span(text, max(end, old[0]), old[1]), "after")):
        if piece is None:
            continue
        touching = _touching(text, current, piece, side)
        if touching is None:
            added.append(piece)
        else:
            neighbour, (a, b) = touching
            changed[neighbour] = current[neighbour] = (min(a, piece[0]), max(b, piece[1]))
    return changed, added


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without the whitespace at its edges; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _touching(text: str, spans: dict[int, tuple[int, int] | None], piece: tuple[int, int],
              side: str) -> tuple[int, tuple[int, int]] | None:
    """The suggestion (id, span) right before (``side="before"``) or after ``piece`` with
    only spaces between them, on the same line (a line break is a turn's or paragraph's
    edge)."""
    for ident, span in spans.items():
        if span is None:
            continue
        gap = text[span[1]:piece[0]] if side == "before" else text[piece[1]:span[0]]
        near = span[1] <= piece[0] if side == "before" else span[0] >= piece[1]
        if near and (gap == "" or gap.isspace()) and "\n" not in gap:
            return ident, span
    return None


def split_edges(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """Where the two parts of ``[start, end)`` cut at ``at`` end and begin: the spaces at
    the cut belong to neither (``"meg. Det"`` → ``"meg."`` and ``"Det"``)."""
    left_end, right_start = at, at
    while left_end > start and text[left_end - 1].isspace():
        left_end -= 1
    while right_start < end and text[right_start].isspace():
        right_start += 1
    return left_end, right_start
