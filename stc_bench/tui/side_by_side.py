"""One transcript twice, side by side: coder A's units on the left, coder B's on the right.

A line-API ScrollView (as :class:`~.transcript.TranscriptView`): the text is wrapped once at
the width of one column, both columns show the same lines, and only the visible lines are
rendered (kept until the units, the current difference or the width change), so a 20,000-word
transcript scrolls as fast as a short one. Each column has a margin that names, on the line
where a unit starts, its difference's number and its code groups. Text is shown verbatim:
no markup is parsed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..domain.model import Turn
from .transcript import CURRENT_STYLE, INTERVIEWER_STYLE, LABEL_STYLE, spans_between, wrap_lines

#: Cells of each column's margin (the code group's name where a unit starts).
MARGIN = 14
#: Between the two columns.
GAP = " │ "
CURRENT_MARGIN = Style(bold=True, reverse=True)
SETTLED_STYLE = Style(dim=True)
#: Lines of transcript kept above the current difference when the view moves to it.
CONTEXT_LINES = 3


@dataclass(frozen=True)
class Shown:
    """A coder's unit as its column shows it: its span, the margin's label, its colour, and
    the difference it belongs to (``number``)."""

    start: int
    end: int
    label: str
    style: Style
    number: int
    settled: bool = False


class _Column:
    """One side's units, found by offset (sorted by start, as TranscriptView's marks)."""

    def __init__(self, units: list[Shown]):
        self.units = sorted(units, key=lambda u: (u.start, u.end))
        self.starts = [u.start for u in self.units]
        self.longest = max((u.end - u.start for u in self.units), default=0)

    def between(self, start: int, end: int) -> list[Shown]:
        return spans_between(self.units, self.starts, self.longest, start, end)


class SideBySide(ScrollView, can_focus=True):
    """Two columns of one transcript; ``↑``/``↓`` ask for the previous/next difference."""

    DEFAULT_CSS = """
    SideBySide { height: 1fr; background: $surface; overflow-x: hidden; }
    """
    BINDINGS = [
        Binding("down", "step(1)", "Next difference", show=False),
        Binding("up", "step(-1)", "Previous difference", show=False),
        Binding("home", "step(-1000000)", "First difference", show=False),
        Binding("end", "step(1000000)", "Last difference", show=False),
    ]

    class Step(Message):
        """The user asked for the difference ``delta`` places on (or ``number``: clicked)."""

        def __init__(self, delta: int = 0, number: int | None = None):
            super().__init__()
            self.delta, self.number = delta, number

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.text = ""
        self.left = _Column([])
        self.right = _Column([])
        self.current = 0  # the current difference's number (0: none)
        self._lines: list[tuple[int, int]] = [(0, 0)]
        self._line_starts = [0]
        self._width = 0
        self._column = 8
        self._cache: dict[int, Strip] = {}
        self._turns: list[tuple[int, int, bool, int]] = []  # start, end, interviewer, label end
        self._turn_starts: list[int] = []
        self._base: Style | None = None  # the style of one render pass

    # -- content ----------------------------------------------------------------------------

    def show(self, text: str, turns: Sequence[Turn] = ()) -> None:
        """The transcript both columns show (wrapped when laid out), with its turns: speaker
        labels bold, the interviewer's words dimmed, as in the transcript view."""
        if text != self.text:
            self.text = text
            ordered = sorted(turns, key=lambda t: t.start)
            self._turns = [(t.start, t.end, t.is_interviewer,
                            t.start + len(t.speaker) + 1 if t.speaker and text.startswith(t.speaker, t.start)
                            else t.start) for t in ordered]
            self._turn_starts = [t[0] for t in self._turns]
            self._width = 0
            self._rewrap()

    def set_units(self, left: list[Shown], right: list[Shown], current: int) -> None:
        """Each coder's units and the current difference's number (its units stand out)."""
        self.left, self.right, self.current = _Column(left), _Column(right), current
        self._cache.clear()
        self.refresh()

    def set_current(self, number: int) -> None:
        """Make difference ``number`` the current one and scroll to it: only the lines of
        the old and the new current difference are rendered again."""
        old, self.current = self.current, number
        for span in (self._span_of(old), self._span_of(number)):
            if span is not None:
                first, last = self.line_of(span[0]), self.line_of(max(span[0], span[1] - 1))
                for index in range(first, last + 1):
                    self._cache.pop(index, None)
                self.refresh_lines(first, last - first + 1)
        span = self._span_of(number)
        if span is not None:
            self._scroll_to_span(*span)

    def _span_of(self, number: int) -> tuple[int, int] | None:
        """From the first to the last character of difference ``number``'s units."""
        spans = [(u.start, u.end) for side in (self.left, self.right) for u in side.units
                 if u.number == number] if number else []
        if not spans:
            return None
        return min(a for a, _ in spans), max(b for _, b in spans)

    def _scroll_to_span(self, start: int, end: int) -> None:
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if first < top or last >= top + height:
            self.scroll_to(y=max(0, first - CONTEXT_LINES), animate=False, immediate=True)

    # -- layout -----------------------------------------------------------------------------

    def _rewrap(self) -> None:
        width = max(2 * (MARGIN + 8) + len(GAP),
                    self.scrollable_content_region.width or self.size.width or 80)
        self._width = width
        self._column = (width - len(GAP)) // 2 - MARGIN
        self._lines = wrap_lines(self.text, self._column)
        self._line_starts = [s for s, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        if (self.scrollable_content_region.width or self.size.width) != self._width:
            self._rewrap()
            if self.current:
                self.set_current(self.current)

    def line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def rendered_lines(self) -> int:
        """How many lines are rendered and kept (the visible ones, not the transcript)."""
        return len(self._cache)

    # -- rendering --------------------------------------------------------------------------

    def render_lines(self, crop):  # noqa: ANN001, ANN201 - Textual's signature
        # one look-up of the style per pass, not per line (its DOM walk was most of a
        # line's cost, as in LineList)
        self._base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        base = self._base or self.rich_style
        width = self.size.width
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None or strip.cell_length != width:
            start, end = self._lines[index]
            gap = Strip([Segment(GAP, Style(dim=True))])
            strip = Strip.join([self._half(self.left, start, end, base), gap,
                                self._half(self.right, start, end, base)]
                               ).crop_extend(0, width, base)
            self._cache[index] = strip
        return strip

    def _half(self, side: _Column, start: int, end: int, base: Style) -> Strip:
        units = side.between(start, end) if end > start else []
        margin = self._margin([u for u in units if u.start >= start])
        cuts = {start, end}
        for u in units:
            cuts.update((u.start, u.end))
        for turn in self._turns_between(start, end):
            cuts.update((turn[0], turn[3]))
        points = sorted(c for c in cuts if start <= c <= end)
        segments = []
        for a, b in zip(points, points[1:], strict=False):
            style = self._turn_style(a)
            for u in units:
                if u.start <= a and b <= u.end:
                    style += u.style + (CURRENT_STYLE if u.number == self.current else
                                        SETTLED_STYLE if u.settled else Style())
            segments.append(Segment(self.text[a:b], style))
        text = Strip(segments).apply_style(base).crop_extend(0, self._column, base)
        return Strip.join([margin.apply_style(base), text])

    def _turns_between(self, start: int, end: int) -> list[tuple[int, int, bool, int]]:
        i = max(0, bisect_right(self._turn_starts, start) - 1)
        j = bisect_right(self._turn_starts, end)
        return self._turns[i:j]

    def _turn_style(self, offset: int) -> Style:
        i = bisect_right(self._turn_starts, offset) - 1
        if i < 0 or offset >= self._turns[i][1]:
            return Style()
        _start, _end, interviewer, label_end = self._turns[i]
        style = INTERVIEWER_STYLE if interviewer else Style()
        return style + LABEL_STYLE if offset < label_end else style

    def _margin(self, starting: list[Shown]) -> Strip:
        if not starting:
            return Strip.blank(MARGIN)
        u = next((x for x in starting if x.number == self.current), starting[0])
        label = f"{'▶' if u.number == self.current else ' '}{u.label}"
        if len(starting) > 1:
            label += f" +{len(starting) - 1}"
        style = (u.style + CURRENT_MARGIN if u.number == self.current
                 else u.style + SETTLED_STYLE if u.settled else u.style)
        if cell_len(label) > MARGIN - 1:
            label = label[:MARGIN - 2] + "…"
        return Strip([Segment(label, style)]).crop_extend(0, MARGIN, None)

    # -- keys and mouse ---------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.post_message(self.Step(delta))

    def on_click(self, event: Click) -> None:
        """A click on a unit (either column) makes its difference the current one."""
        line = self.scroll_offset.y + event.y
        if line >= len(self._lines):
            return
        half = (self._width - len(GAP)) // 2
        side, x = (self.left, event.x) if event.x < half else (self.right, event.x - half - len(GAP))
        start, end = self._lines[line]
        at = start + max(0, x - MARGIN)
        hit = [u for u in side.between(start, end) if u.start <= at < u.end]
        if hit:
            self.post_message(self.Step(number=hit[0].number))
