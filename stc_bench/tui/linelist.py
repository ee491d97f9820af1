"""A long list of entries as a line-API ScrollView: only the visible lines are rendered.

An :class:`Entry` is a key and its text as ``(text, style)`` parts, shown verbatim
(``[latter]`` stays ``[latter]``: no markup is parsed) and wrapped at spaces to the
widget's width, so one entry may take several lines. Setting 8,000 entries costs one
pass over their plain text (to count lines); the styled lines of an entry are built
when it first becomes visible and kept until the entries or the width change.

Keys: ↑/↓ (entry), PageUp/PageDown, Home/End, Enter (select). ``highlighted`` is the
index of the highlighted entry, like :class:`textual.widgets.OptionList`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Sequence
from itertools import accumulate
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Part = tuple[str, Style | str | None]

#: How many named lists (pages) a LineList keeps the layout of.
PAGES_KEPT = 16


class Entry:
    """One entry: ``key`` identifies it; ``parts`` are its text pieces with their styles
    (a style, a style string like ``"bold green"``, or None)."""

    __slots__ = ("key", "parts", "plain")

    def __init__(self, key: str, parts: Sequence[Part]):
        self.key = key
        self.parts = tuple(parts)
        self.plain = "".join([text for text, _style in self.parts])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and (self.key, self.parts) == (other.key, other.parts)

    def __hash__(self) -> int:
        return hash((self.key, self.parts))

    def __repr__(self) -> str:
        return f"Entry({self.key!r}, {self.plain!r})"


#: Characters that may be wider (or narrower) than one cell: anything past the Latin
#: letters (æ, ø and å are single cells).
MAYBE_NOT_ONE_CELL = re.compile(r"[^\x00-\u02ff]")


def cells(text: str) -> int:
    """The width of ``text`` in terminal cells (fast for Latin text)."""
    if text.isascii() or not MAYBE_NOT_ONE_CELL.search(text):
        return len(text)
    return cell_len(text)


def line_starts(plain: str, width: int) -> list[int]:
    """Offsets where the wrapped lines of ``plain`` start (greedy, at spaces)."""
    width = max(8, width)
    if cells(plain) != len(plain):  # wide characters
        return _cell_line_starts(plain, width)
    starts, pos, n = [0], 0, len(plain)
    while n - pos > width:
        cut = plain.rfind(" ", pos, pos + width + 1)
        if cut <= pos:  # a word longer than the line
            cut = pos + width
        else:
            cut += 1
            while cut < n and plain[cut] == " ":
                cut += 1
            if cut >= n:
                break
        starts.append(cut)
        pos = cut
    return starts


def _cell_line_starts(plain: str, width: int) -> list[int]:
    """``line_starts`` measured in cells, for text with wide characters."""
    starts, used = [0], len(plain) - len(plain.lstrip(" "))  # leading spaces take cells too
    for m in re.finditer(r"\S+ *", plain):
        word_text = m.group().rstrip(" ")
        word = cell_len(word_text)
        if used and used + word > width:
            starts.append(m.start())
            used = 0
        if word > width:  # longer than a line: cut it by cells
            for i, ch in enumerate(word_text):
                w = cell_len(ch)
                if used and used + w > width:
                    starts.append(m.start() + i)
                    used = 0
                used += w
        else:
            used += word
        used += len(m.group()) - len(word_text)
    return starts


def _styled(style: Style | str | None) -> Style | None:
    if isinstance(style, str):
        return Style.parse(style)
    return style


class LineList(ScrollView, can_focus=True):
    """A scrolling list of wrapped entries with one highlighted entry."""

    COMPONENT_CLASSES = {"line-list--highlight"}
    DEFAULT_CSS = """
    LineList {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;  /* entries wrap: never a horizontal scrollbar */
        border: tall $border-blurred;
        background: $surface;
        & > .line-list--highlight {
            background: $block-cursor-blurred-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .line-list--highlight {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    class Highlighted(Message):
        """Another entry is highlighted (``index`` None: the list is empty)."""

        def __init__(self, line_list: LineList, index: int | None, key: str | None):
            super().__init__()
            self.line_list = line_list
            self.index = index
            self.key = key

        @property
        def control(self) -> LineList:
            return self.line_list

    class Selected(Highlighted):
        """Enter (or a click on the highlighted entry) chose an entry."""

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self.entries: list[Entry] = []
        self._highlighted: int | None = None
        self._width = 0
        self._starts: list[list[int]] = []  # per entry: wrapped line starts
        self._first: list[int] = [0]  # per entry: its first line; last item = line count
        self._cache: dict[int, list[Strip]] = {}  # entry index → its lines, unstyled by highlight
        self._styles: dict[object, Style | None] = {}
        self._pass: tuple[int, Style, Style] | None = None  # one render pass's width and styles
        self._page: Hashable | None = None  # the name of the shown list, if it has one
        self._pages: dict[Hashable, _Page] = {}  # lists shown before, by page name

    # -- the entries ---------------------------------------------------------------------

    @property
    def entry_count(self) -> int:
        return len(self.entries)

    option_count = entry_count  # the OptionList name, for callers that use both

    def set_entries(self, entries: Sequence[Entry], keep: str | None = None,
                    page: Hashable | None = None, laid_out: Layout | None = None) -> None:
        """Show ``entries``; the highlight stays on the entry with key ``keep`` if given,
        else on the same index (clamped) — on the first entry for a page not shown before.

        ``page`` names the list (say, a code group) so that coming back to it is cheap: the
        list object is then kept as given, not copied (change it only through
        :meth:`replace_entry`), and when the same object is shown again under the same
        page its layout, rendered lines, highlight and scroll position are reused.
        ``laid_out`` is the entries' :func:`layout`, if made ahead (say, in a thread); it
        is used when made for the list's present width."""
        old, old_page = self._highlighted, self._page
        self._save_page()
        saved = self._pages.get(page) if page is not None else None
        restored = (saved if saved is not None and saved.entries is entries
                    and saved.width == self._content_width() else None)
        if restored is not None:
            self.entries, self._width, self._starts, self._first, self._cache = (
                restored.entries, restored.width, restored.starts, restored.first, restored.cache)
            self._set_virtual_size(Size(self._width, self._first[-1]))
        else:
            self.entries = entries if page is not None and isinstance(entries, list) else list(entries)
            self._cache = {}
            self._layout(laid_out)
        self._page = page
        index = None
        if self.entries:
            if keep is not None:
                index = next((i for i, e in enumerate(self.entries) if e.key == keep), None)
            if index is None and restored is not None:
                index = restored.highlighted
                self.scroll_to(y=restored.scroll_y, animate=False, immediate=True)
            if index is None:  # a page seen for the first time starts at the top
                index = 0 if page is not None and page != old_page else min(old or 0, len(self.entries) - 1)
        self._highlighted = None
        self.highlighted = index
        self.refresh()

    def extend_entries(self, entries: Sequence[Entry]) -> None:
        """Add ``entries`` at the end (the next page of a long list): only they are laid
        out; the highlight and scroll position stay."""
        if not entries:
            return
        if not self._width:
            self.set_entries([*self.entries, *entries], keep=self.highlighted_key)
            return
        more = layout(entries, self._width)
        base = self._first[-1]
        self.entries = [*self.entries, *entries]  # a page's list object stays as it was given
        self._starts.extend(more.starts)
        self._first.extend(base + first for first in more.first[1:])
        self._set_virtual_size(Size(self._width, self._first[-1]))
        self.refresh()

    def _save_page(self) -> None:
        """Keep the shown list's layout under its page name (the last few pages)."""
        if self._page is None:
            return
        self._pages.pop(self._page, None)
        self._pages[self._page] = _Page(self.entries, self._width, self._starts, self._first,
                                        self._cache, self._highlighted, self.scroll_offset.y)
        while len(self._pages) > PAGES_KEPT:
            del self._pages[next(iter(self._pages))]

    def replace_entry(self, index: int, entry: Entry) -> None:
        """Show ``entry`` in place of entry ``index`` (one line changes, not the list)."""
        self.entries[index] = entry
        self._cache.pop(index, None)
        starts = line_starts(entry.plain, self._width) if _longer(entry, self._width) else [0]
        if len(starts) != len(self._starts[index]):
            self._starts[index] = starts
            self._first = [0, *accumulate(len(s) for s in self._starts)]
            self._set_virtual_size(Size(self._width, self._first[-1]))
            self.refresh()
        else:
            self._starts[index] = starts
            self.refresh_lines(*self.lines_of(index))

    def key_at(self, index: int | None) -> str | None:
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index].key

    @property
    def highlighted_key(self) -> str | None:
        return self.key_at(self._highlighted)

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(len(self.entries) - 1, index)) if self.entries else None
        old = self._highlighted
        if index == old:
            return
        self._highlighted = index
        for i in (old, index):
            if i is not None and i < len(self.entries):
                self.refresh_lines(self._first[i], self._first[i + 1] - self._first[i])
        if index is not None:
            self._show(index)
        self.post_message(self.Highlighted(self, index, self.key_at(index)))

    # -- layout and rendering ------------------------------------------------------------

    def _content_width(self) -> int:
        return max(8, self.scrollable_content_region.width or self.size.width or 80)

    def _layout(self, done: Layout | None = None) -> None:
        width = self._content_width()
        self._width = width
        if done is None or done.width != width or len(done.first) != len(self.entries) + 1:
            done = layout(self.entries, width)
        self._starts, self._first = done.starts, done.first
        self._set_virtual_size(Size(width, self._first[-1]))

    @property
    def content_width(self) -> int:
        """The width entries wrap at (for a :func:`layout` made ahead of time)."""
        return self._content_width()

    def _set_virtual_size(self, size: Size) -> None:
        """Set the scrollable size. A list whose own height does not follow its content and
        that needs a scrollbar before and after (switching between two long lists) only
        updates its scrollbar: nothing else on the screen moves, so no new layout."""
        old, view = self.virtual_size, self.scrollable_content_region.height
        height = self.styles.height
        if (size == old or not self.is_mounted or height is None or height.is_auto
                or old.width != size.width or not view or old.height <= view or size.height <= view):
            self.virtual_size = size
            return
        self.set_reactive(LineList.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def on_resize(self) -> None:
        if self._content_width() != self._width:
            self._cache.clear()
            self._layout()
            if self._highlighted is not None:
                self._show(self._highlighted)
            self.refresh()

    def entry_of_line(self, line: int) -> int | None:
        """The entry shown on (virtual) line ``line``."""
        if not self.entries or not 0 <= line < self._first[-1]:
            return None
        return bisect_right(self._first, line) - 1

    def lines_of(self, index: int) -> tuple[int, int]:
        """The first line of entry ``index`` and how many lines it takes."""
        return self._first[index], self._first[index + 1] - self._first[index]

    def _show(self, index: int) -> None:
        """Scroll so the whole entry (at least its first line) is visible."""
        first, count = self.lines_of(index)
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif first + count > top + height:
            self.scroll_to(y=max(first, first + count - height) if count <= height else first,
                           animate=False, immediate=True)

    def render_lines(self, crop):  # noqa: ANN001, ANN201 - Textual's signature
        # The width and styles are the same for every line of one pass: look them up once
        # (the DOM walk behind ``rich_style`` was most of a line's cost).
        self._pass = self._look()
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def _look(self) -> tuple[int, Style, Style]:
        """The line width, the base style and the highlight's style, as of now."""
        return (self.scrollable_content_region.width or self.size.width, self.rich_style,
                self.get_component_rich_style("line-list--highlight"))

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width, base, highlight = self._pass or self._look()
        index = self.entry_of_line(line)
        if index is None:
            return Strip.blank(width, base)
        lines = self._cache.get(index)
        if lines is None or (lines and lines[0].cell_length != width):
            lines = self._render_entry(index, width, base)
            self._cache[index] = lines
        strip = lines[line - self._first[index]]
        if index == self._highlighted:
            strip = Strip(Segment.apply_style(strip, post_style=highlight), strip.cell_length)
        return strip

    def _render_entry(self, index: int, width: int, base: Style) -> list[Strip]:
        entry = self.entries[index]
        starts = self._starts[index]
        ends = [*starts[1:], len(entry.plain)]
        segments: list[tuple[int, int, Style | None]] = []
        pos = 0
        for text, style in entry.parts:
            if text:
                segments.append((pos, pos + len(text), self._style(style)))
                pos += len(text)
        plain = entry.plain
        strips = []
        for start, end in zip(starts, ends, strict=True):
            while end > start and plain[end - 1] == " ":
                end -= 1
            row = [Segment(plain[max(a, start):min(b, end)], style)
                   for a, b, style in segments if a < end and b > start]
            strips.append(Strip(row).apply_style(base).crop_extend(0, width, base))
        return strips

    def _style(self, style: Style | str | None) -> Style | None:
        if style not in self._styles:
            self._styles[style] = _styled(style)
        return self._styles[style]

    def forget_pages(self) -> None:
        """Let go of the lists shown before (the shown one stays)."""
        self._pages.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        for saved in self._pages.values():
            saved.cache.clear()

    # -- keys and mouse ------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.entries:
            at = self._highlighted
            self.highlighted = 0 if at is None else at + step

    def action_page(self, step: int) -> None:
        if not self.entries:
            return
        at = self._highlighted or 0
        target_line = self._first[at] + step * max(1, self.scrollable_content_region.height - 1)
        target_line = max(0, min(self._first[-1] - 1, target_line))
        target = self.entry_of_line(target_line)
        if target == at:
            target = at + step
        self.highlighted = target

    def action_first(self) -> None:
        if self.entries:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.entries:
            self.highlighted = len(self.entries) - 1

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Selected(self, self._highlighted, self.highlighted_key))

    def on_click(self, event: Click) -> None:
        index = self.entry_of_line(self.scroll_offset.y + event.y)
        if index is None:
            return
        if index == self._highlighted:
            self.action_select()
        else:
            self.highlighted = index


class Layout(NamedTuple):
    """Where entries' wrapped lines start at ``width``: per entry its line starts, and
    per entry its first line (the last item: the line count)."""

    width: int
    starts: list[list[int]]
    first: list[int]


def layout(entries: Sequence[Entry], width: int) -> Layout:
    """Wrap ``entries`` at ``width`` (pure: may run in a thread)."""
    starts = [line_starts(e.plain, width) if _longer(e, width) else [0] for e in entries]
    return Layout(width, starts, [0, *accumulate(len(s) for s in starts)])


class _Page(NamedTuple):
    """A list shown before: its entries, layout at ``width``, rendered lines, highlight."""

    entries: list[Entry]
    width: int
    starts: list[list[int]]
    first: list[int]
    cache: dict[int, list[Strip]]
    highlighted: int | None
    scroll_y: int


def _longer(entry: Entry, width: int) -> bool:
    """Does ``entry`` need more than one line?"""
    n = len(entry.plain)
    return n > width or (n * 2 > width and cells(entry.plain) > width)
