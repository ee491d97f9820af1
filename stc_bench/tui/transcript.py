"""The transcript view: a line-API ScrollView that renders only the visible lines.

Text is shown verbatim (``[latter]`` stays ``[latter]``: no markup is parsed), wrapped
at word boundaries. Speaker labels are bold, interviewer turns dimmed, meaning units
have their code group's colour and suggestions are underlined. A caret and an optional
selection live in document offsets (Unicode code points), never in widget positions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import MouseDown, MouseMove, MouseUp
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..domain.model import Turn
from .step2_edit import word_edge, word_step

SENTENCE_END = re.compile(r"[.!?…]+[\"»”)]*(?=\s)|\n")
LABEL_STYLE = Style(bold=True, color="cyan")
INTERVIEWER_STYLE = Style(dim=True, italic=True)
SUGGESTION_STYLE = Style(underline=True)
CURRENT_STYLE = Style(bold=True, underline=True)
SELECTION_STYLE = Style(reverse=True)
#: Code-group colours that read well in a 16-colour terminal.
GROUP_STYLES = [Style(color="black", bgcolor=c) for c in
                ("cyan", "green", "yellow", "magenta", "bright_blue", "bright_red", "white")]
UNCODED_STYLE = Style(color="black", bgcolor="bright_black")


@dataclass(frozen=True)
class Mark:
    """A highlighted span: a meaning unit or a suggestion."""

    start: int
    end: int
    kind: str  # "unit" or "suggestion"
    id: int
    style: Style


def spans_between(spans: Sequence[Any], starts: Sequence[int], longest: int, start: int,
                  end: int) -> list[Any]:
    """Of ``spans`` (with ``.start``/``.end``, sorted by start; ``starts`` their starts,
    ``longest`` the longest's length) those that overlap ``[start, end)``, in order: only
    the spans that start within ``longest`` before it are looked at."""
    i = bisect_right(starts, end - 1)
    found = []
    while i > 0:
        i -= 1
        m = spans[i]
        if m.start < start - longest:
            break
        if m.end > start and m.start < end:
            found.append(m)
    return found[::-1]


def wrap_lines(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines as ``(start, end)`` offsets, wrapped at spaces to ``width`` cells."""
    width = max(8, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        start, used = pos, 0
        end = pos + len(para)
        for m in re.finditer(r"\S+\s*", para):
            ws, we = pos + m.start(), pos + m.end()
            size = cell_len(m.group().rstrip())
            if used and used + size > width:
                lines.append((start, ws))
                start, used = ws, 0
            while size > width:  # a word longer than the line
                lines.append((start, start + width))
                start += width
                size -= width
            used += cell_len(text[ws:we]) if we - ws < 200 else we - ws
        lines.append((start, end))
        pos = end + 1
    return lines


class TranscriptView(ScrollView, can_focus=True):
    """A transcript with speaker turns, highlighted units, a caret and a selection."""

    BINDINGS = [
        Binding("down", "line(1)", "Down", show=False),
        Binding("up", "line(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("right", "word(1, False)", "Next word", show=False),
        Binding("left", "word(-1, False)", "Previous word", show=False),
        Binding("shift+right", "word(1, True)", "Select word →", show=False),
        Binding("shift+left", "word(-1, True)", "Select word ←", show=False),
        Binding("shift+down", "sentence(1)", "Select sentence ↓", show=False),
        Binding("shift+up", "sentence(-1)", "Select sentence ↑", show=False),
        Binding("escape", "clear_selection", "Clear selection", show=False),
    ]

    class CaretMoved(Message):
        """The caret moved to ``offset``."""

        def __init__(self, offset: int):
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.text = ""
        self.turns: list[Turn] = []
        self._turn_starts: list[int] = []
        self.marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self._longest = 0
        self.current: Mark | None = None
        self.caret = 0
        self.select_from: int | None = None  # where a selection started (not .anchor: a Widget method)
        self._lines: list[tuple[int, int]] = [(0, 0)]
        self._line_starts: list[int] = [0]
        self._width = 0
        self._cache: dict[int, Strip] = {}
        self._base_style: Style | None = None

    # -- content ------------------------------------------------------------------------

    def show(self, text: str, turns: list[Turn], marks: list[Mark] | None = None) -> None:
        """Show a document's text with its turns (and marks); the caret goes to the top."""
        self.text = text
        self.turns = sorted(turns, key=lambda t: t.start)
        self._turn_starts = [t.start for t in self.turns]
        self.caret, self.select_from, self.current = 0, None, None
        self._width = 0
        self.set_marks(marks or [])
        self._rewrap()
        self.scroll_to(y=0, animate=False)

    def set_marks(self, marks: list[Mark]) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._mark_starts = [m.start for m in self.marks]
        self._longest = max((m.end - m.start for m in self.marks), default=0)
        if self.current is not None:
            self.current = next((m for m in self.marks if (m.kind, m.id) ==
                                 (self.current.kind, self.current.id)), None)
        self._dirty()

    def marks_at(self, offset: int) -> list[Mark]:
        return [m for m in self._marks_between(offset, offset + 1)]

    def _marks_between(self, start: int, end: int) -> list[Mark]:
        return spans_between(self.marks, self._mark_starts, self._longest, start, end)

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.select_from is None or self.select_from == self.caret:
            return None
        return min(self.select_from, self.caret), max(self.select_from, self.caret)

    def turn_at(self, offset: int) -> Turn | None:
        i = bisect_right(self._turn_starts, offset) - 1
        if i >= 0 and self.turns[i].start <= offset <= self.turns[i].end:
            return self.turns[i]
        return None

    def turn_of_line(self, offset: int) -> Turn | None:
        """The turn at ``offset``, or — on a speaker label before its words (``JS1: ``,
        outside the turn for most readers) — the turn that starts later on that line."""
        found = self.turn_at(offset)
        if found is not None:
            return found
        i = bisect_right(self._turn_starts, offset)
        if i < len(self.turns) and "\n" not in self.text[offset:self.turns[i].start]:
            return self.turns[i]
        return None

    # -- layout and rendering ----------------------------------------------------------

    def _dirty(self) -> None:
        self._cache.clear()
        self._base_style = None
        self.refresh()

    def _touch(self, *spans: tuple[int, int] | None) -> None:
        """Repaint only the lines that show these offset spans (a caret, a selection, a mark):
        a key that moves the caret re-renders two lines, not the screen."""
        for span in spans:
            if span is None:
                continue
            first, last = self.line_of(span[0]), self.line_of(span[1])
            for index in range(first, last + 1):
                self._cache.pop(index, None)
            self.refresh_lines(first, last - first + 1)

    def _rewrap(self) -> None:
        width = max(8, self.scrollable_content_region.width or self.size.width or 80)
        self._width = width
        self._lines = wrap_lines(self.text, width - 1)
        self._line_starts = [s for s, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self._dirty()

    def on_resize(self) -> None:
        if (self.scrollable_content_region.width or self.size.width) != self._width:
            self._rewrap()
            self._follow_caret()

    def line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def render_line(self, y: int) -> Strip:
        _sx, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if self._base_style is None:
            self._base_style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, self._base_style)
        strip = self._cache.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._line_strip(index).crop_extend(0, width, self._base_style)
            self._cache[index] = strip
        return strip

    def _line_strip(self, index: int) -> Strip:  # not _render: a Widget method
        start, end = self._lines[index]
        cuts = {start, end}
        marks = self._marks_between(start, end) if end > start else []
        for m in marks:
            cuts.update((m.start, m.end))
        sel = self.selection
        if sel:
            cuts.update(sel)
        caret_here = self.has_focus and start <= self.caret <= end and self.line_of(self.caret) == index
        if caret_here:
            cuts.update((self.caret, self.caret + 1))
        turn = self.turn_of_line(start)
        label = (-1, -1)  # the speaker label on this line: inside its turn or just before it
        if turn is not None:
            ti = bisect_right(self._turn_starts, end) - 1
            for t in self.turns[max(0, ti - 2): ti + 1]:
                if not start <= t.start < end:
                    continue
                cuts.add(t.start)
                if self.text.startswith(t.speaker, t.start):
                    label = (t.start, t.start + len(t.speaker) + 1)
                elif t.start > start and "\n" not in self.text[start:t.start]:
                    label = (start, t.start)
                cuts.update(label)
        points = sorted(c for c in cuts if start <= c <= end)
        segments = []
        for a, b in zip(points, points[1:], strict=False):
            if b > a:
                segments.append(Segment(self.text[a:b], self._style_at(a, b, marks, sel, label)))
        if caret_here and self.caret >= end:
            segments.append(Segment(" ", SELECTION_STYLE))
        elif caret_here:
            segments = _caret_segments(segments, start, self.caret)
        return Strip(segments)

    def _style_at(self, a: int, b: int, marks: list[Mark], sel, label: tuple[int, int]) -> Style:
        style = Style()
        turn = self.turn_of_line(a)
        if turn is not None and turn.is_interviewer:
            style += INTERVIEWER_STYLE
        if label[0] <= a < label[1]:
            style += LABEL_STYLE
        for m in marks:
            if m.start <= a and b <= m.end:
                style += m.style
                if self.current is not None and m == self.current:
                    style += CURRENT_STYLE
        if sel and sel[0] <= a and b <= sel[1]:
            style += SELECTION_STYLE
        return style

    # -- caret and selection ------------------------------------------------------------

    def move_caret(self, offset: int, extend: bool = False) -> None:
        """Put the caret at ``offset``; with ``extend`` the selection grows from the anchor."""
        offset = max(0, min(len(self.text), offset))
        old_caret, old_selection = self.caret, self.selection
        if extend and self.select_from is None:
            self.select_from = self.caret
        elif not extend:
            self.select_from = None
        self.caret = offset
        self._touch((old_caret, old_caret), (offset, offset), old_selection, self.selection)
        self._follow_caret()
        self.post_message(self.CaretMoved(offset))

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and show it."""
        self.select_from = start
        self.move_caret(end, extend=True)

    def focus_mark(self, mark: Mark | None) -> None:
        """Make ``mark`` the current one and scroll to it."""
        old, old_selection = self.current, self.selection
        self.current = mark
        if mark is not None:
            self.select_from = None
            self.move_caret(mark.start)
        self._touch((old.start, old.end) if old else None,
                    (mark.start, mark.end) if mark else None, old_selection)

    def _follow_caret(self) -> None:
        line = self.line_of(self.caret)
        top, height = self.scroll_offset.y, max(1, self.size.height)
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def action_line(self, delta: int) -> None:
        line = self.line_of(self.caret)
        column = self.caret - self._lines[line][0]
        target = max(0, min(len(self._lines) - 1, line + delta))
        s, e = self._lines[target]
        self.move_caret(min(s + column, e))

    def action_page(self, delta: int) -> None:
        self.action_line(delta * max(1, self.size.height - 1))

    def action_word(self, delta: int, extend: bool) -> None:
        self.move_caret(word_step(self.text, self.caret, delta, extend), extend=extend)

    def action_sentence(self, delta: int) -> None:
        self.move_caret(self.sentence_edge(self.caret, delta), extend=True)

    def action_clear_selection(self) -> None:
        if self.select_from is not None:
            selection = self.selection
            self.select_from = None
            self._touch(selection)

    def word_edge(self, offset: int, delta: int) -> int:
        """The end of the next word (delta > 0) or the start of the previous one."""
        return word_edge(self.text, offset, delta)

    def sentence_edge(self, offset: int, delta: int) -> int:
        """The end of this sentence (delta > 0) or the start of the previous one."""
        if delta > 0:
            m = SENTENCE_END.search(self.text, offset + 1)
            return m.end() if m and m.group() != "\n" else (m.start() if m else len(self.text))
        ends = [m.end() for m in SENTENCE_END.finditer(self.text, max(0, offset - 2000), offset - 1)]
        at = ends[-1] if ends else 0
        while at < offset and self.text[at].isspace():
            at += 1
        return at

    # -- mouse -------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int:
        index = min(len(self._lines) - 1, self.scroll_offset.y + y)
        s, e = self._lines[max(0, index)]
        return min(e, s + max(0, x))

    def on_mouse_down(self, event: MouseDown) -> None:
        self.focus()
        self.move_caret(self.offset_at(event.x, event.y))
        self.select_from = self.caret
        self.capture_mouse()

    def on_mouse_move(self, event: MouseMove) -> None:
        if event.button and self.select_from is not None:
            self.move_caret(self.offset_at(event.x, event.y), extend=True)

    def on_mouse_up(self, event: MouseUp) -> None:
        self.release_mouse()

    def on_focus(self) -> None:
        self._dirty()

    def on_blur(self) -> None:
        self._dirty()


def _caret_segments(segments: list[Segment], start: int, caret: int) -> list[Segment]:
    """Show the character at the caret in reverse video."""
    out, pos = [], start
    for seg in segments:
        end = pos + len(seg.text)
        if pos == caret:
            out.append(Segment(seg.text, (seg.style or Style()) + Style(reverse=True)))
        else:
            out.append(seg)
        pos = end
    return out
