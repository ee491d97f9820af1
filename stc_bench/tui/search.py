"""Search: lemma-aware keyword in context across every transcript, from any screen (``/``).

Each hit shows the informant, transcript, turn, its words in context and whether it is
already inside a meaning unit (and which code groups). One key makes the hit's sentence a
meaning unit, another opens the transcript at the hit in step 2. Searching (which may
load spaCy and bring the index up to date) and writing run in thread workers.

The hits are a line-API :class:`LineList`, one line per hit, so a frequent word over a
whole thesis (thousands of hits) can be listed in full: only the visible lines are drawn.
They come a page at a time (``nlp.keyword_search.hit_pages``): Enter shows the first page,
and the next one is read when the highlight comes near the end of those listed — a
frequent word's first hits do not wait for the rest, nor hold them all in memory.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Label

from ..domain.model import MeaningUnit, Turn
from .base import StepScreen
from .footer import FittedFooter
from .i18n import counted, tr
from .linelist import Entry, LineList, cells
from .workers import BackgroundCalls

#: Read the next page of hits when the highlight is this close to the last one listed.
AHEAD = 40
LEFT = 30
WHITESPACE = re.compile(r"\s+")


def sentence_around(text: str, turn: Turn, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``turn`` that holds ``[start, end)`` (the hit itself if none does)."""
    from ..nlp import split_sentences
    from ..nlp.suggest import turn_body

    a, b = turn_body(text, turn)
    for s, e in split_sentences(text[a:b]):
        if a + s <= start < a + e:
            return a + s, max(a + e, end)
    return start, end


def hit_to_unit(wb: Any, hit: Any) -> MeaningUnit:
    """Mark the sentence around a search hit as a meaning unit (through the Workbench)."""
    doc = wb.document(hit.document_id)
    turn = wb.turn(hit.turn_id)
    start, end = sentence_around(doc.text, turn, hit.start, hit.end)
    return wb.create_unit(doc.id, start, end)


class HitPages:
    """A search's hits as they are read, a page at a time (one reader at a time: the
    screen reads the next page only when the last read is done)."""

    def __init__(self, wb: Any, query: str):
        from ..nlp.keyword_search import hit_pages

        self._pages = hit_pages(wb, query)
        self.done = False

    def next_page(self) -> list[Any]:
        page = next(self._pages, None)
        if page is None:
            self.done = True
            return []
        return page


def hit_parts(hit: Any, width: int = 0) -> list[tuple[str, str | None]]:
    """One keyword-in-context line as ``(text, style)`` parts: who, where, in a unit or
    not, the words around the hit (verbatim), its code groups; cut to ``width`` if given."""
    speaker = "" if hit.speaker in ("", hit.informant) else hit.speaker[:3]
    left = WHITESPACE.sub(" ", hit.left)
    if cells(left) == len(left):  # one cell a character (Latin text): cut at once
        left = left[-LEFT:]
    while cell_len(left) > LEFT:
        left = left[1:]
    right = WHITESPACE.sub(" ", hit.right)[:LEFT]
    parts: list[tuple[str, str | None]] = [
        (f"{hit.informant or '—':<6.6} ", "bold"), (f"{hit.document_title:<12.12} ", "dim"),
        (f"t{hit.turn_idx:<4}{speaker:<4}", "dim"),
        (f"✓{hit.unit_ids[0]:<5} ", "green") if hit.in_unit else ("·      ", "yellow"),
        (" " * (LEFT - cell_len(left)) + left, None), (hit.match, "bold reverse"),
        (right + " " * (LEFT - cell_len(right)) + " ", None)]
    if hit.in_unit:
        parts.append((", ".join(hit.code_groups) or tr("uncoded"), "green"))
    if width:
        parts = _cut(parts, width)
    return parts


def _cut(parts: list[tuple[str, str | None]], width: int) -> list[tuple[str, str | None]]:
    """The parts cut to ``width`` cells, the last one ending in "…" if anything was cut."""
    out, used = [], 0
    for text, style in parts:
        size = cell_len(text)
        if used + size <= width:
            out.append((text, style))
            used += size
            continue
        room = max(0, width - used - 1)
        if cells(text) == len(text):
            text = text[:room]
        while cell_len(text) > room:
            text = text[:-1]
        out.append((text + "…", style))
        break
    return out


class SearchScreen(BackgroundCalls, StepScreen):
    """A query, its hits as keyword-in-context lines, keys to mark or open a hit."""

    STEP = "search"
    BINDINGS = [
        Binding("slash", "edit_query", "Query", id="search_query", key_display="/",
                tooltip="Type a new search (jobbe, =jobben, jobb*, \"fikk jobb\")"),
        Binding("u", "hit_to_unit", "Mark sentence", id="search_unit",
                tooltip="Make the sentence around the hit a meaning unit"),
        Binding("t", "open_hit", "In transcript", id="search_open",
                tooltip="Open the transcript at the hit (step 2)"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=tr("search the transcripts") + ": jobbe · =jobben · jobb* · \"fikk jobb\"",
                    id="search-input")
        yield Label(Text(tr("Enter to search; words match in every form (lemma-aware)."), style="dim"),
                    id="search-summary")
        yield LineList(id="hits")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.hits: list[Any] = []
        self.query_text = ""
        self.query_one(Input).focus()

    def reload(self) -> None:
        if self.query_text:
            self._search(self.query_text, keep=self._highlighted_index())

    def context_units(self) -> list[int]:
        hit = self.current_hit()
        return list(hit.unit_ids) if hit is not None else []

    # -- searching ------------------------------------------------------------------------

    def action_edit_query(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query:
            self._search(query)

    def _search(self, query: str, keep: int | None = None) -> None:
        self.query_text = query
        self._searches = getattr(self, "_searches", 0) + 1
        self.query_one("#search-summary", Label).update(Text(tr("Searching for {query}…").format(
            query=query), style="italic"))
        listed = self.query_one("#hits", LineList)
        region = listed.scrollable_content_region
        width = max(40, region.width or self.app.size.width - 4)
        bar = 0 if listed.show_vertical_scrollbar else listed.styles.scrollbar_size_vertical

        def first(wb: Any, query: str) -> tuple[HitPages, list[Any], list[Entry], int]:
            """The first page of hits and their lines (or up to the hit to keep), off the UI
            thread."""
            pages = HitPages(wb, query)
            hits = pages.next_page()
            while not pages.done and len(hits) <= (keep or 0):
                hits += pages.next_page()
            more = not pages.done and len(hits) > 0
            fit = width - bar if more or len(hits) > region.height else width  # one line each
            return pages, hits, [Entry(str(i), hit_parts(h, fit)) for i, h in enumerate(hits)], fit
        search = self._searches

        def show(done: tuple[HitPages, list[Any], list[Entry], int]) -> None:
            pages, hits, entries, fit = done
            self._show(search, query, pages, hits, entries, fit, keep)
        self.in_background(first, self.wb, query, group="search", then=show)

    def _show(self, search: int, query: str, pages: HitPages, hits: list[Any],
              entries: list[Entry], fit: int, keep: int | None) -> None:
        if search != self._searches:
            return  # a newer search was started meanwhile
        self._pages, self._fit, self._reading = pages, fit, False
        self.hits = hits
        listed = self.query_one("#hits", LineList)
        listed.set_entries(entries, keep=str(keep or 0))
        self._summarise()
        if self.hits:
            listed.focus()

    def _summarise(self) -> None:
        inside = sum(1 for h in self.hits if h.in_unit)
        more = "" if self._pages.done else "+"
        summary = Text(f"{len(self.hits)}{more} {tr('hits for')} ")
        summary.append(self.query_text, style="bold")
        summary.append(" · " + tr("{n} inside meaning units (✓ unit id, code groups) · u: mark "
                                  "the sentence · t: open in the transcript").format(n=inside),
                       style="dim")
        self.query_one("#search-summary", Label).update(summary)

    def on_line_list_highlighted(self, event: LineList.Highlighted) -> None:
        """Near the end of the hits listed: read the next page (once at a time)."""
        pages = getattr(self, "_pages", None)
        if (pages is None or pages.done or self._reading or event.index is None
                or event.index < len(self.hits) - AHEAD):
            return
        self._reading = True
        search, fit, start = self._searches, self._fit, len(self.hits)

        def more(pages: HitPages) -> tuple[list[Any], list[Entry]]:
            hits = pages.next_page()
            return hits, [Entry(str(start + i), hit_parts(h, fit)) for i, h in enumerate(hits)]
        self.in_background(more, pages, group="search",
                           then=lambda done: self._more(search, *done))

    def background_failed(self, worker: Any) -> None:
        self._reading = False  # a failed page read may be tried again

    def _more(self, search: int, hits: list[Any], entries: list[Entry]) -> None:
        if search != self._searches:
            return
        self._reading = False
        self.hits = self.hits + hits
        listed = self.query_one("#hits", LineList)
        listed.extend_entries(entries)
        self._summarise()
        if listed.highlighted is not None and listed.highlighted >= len(self.hits) - AHEAD:
            self.on_line_list_highlighted(LineList.Highlighted(listed, listed.highlighted, None))

    def _highlighted_index(self) -> int | None:
        return self.query_one("#hits", LineList).highlighted

    def current_hit(self) -> Any | None:
        index = self._highlighted_index()
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    # -- acting on a hit ----------------------------------------------------------------------

    def action_hit_to_unit(self) -> None:
        hit = self.current_hit()
        if hit is None:
            self.notify(tr("Search first, then pick a hit (↑/↓)"))
            return
        if hit.in_unit:
            self.notify(tr("Already inside meaning unit {id} — t: see it in the transcript").format(
                id=hit.unit_ids[0]), severity="warning")
            return
        self.app.write(hit_to_unit, self.wb, hit, then=self._marked)

    def _marked(self, unit: MeaningUnit) -> None:
        words = len(unit.snippet.split())
        self.notify(tr("Meaning unit {id} ({words}): {text}").format(
            id=unit.id, words=counted(words, "{n} word", "{n} words"), text=unit.snippet[:70]), title=tr("Marked"))
        self.reload()

    async def action_open_hit(self) -> None:
        hit = self.current_hit()
        if hit is None:
            self.notify(tr("Search first, then pick a hit (↑/↓)"))
            return
        self.app.document_id = hit.document_id
        self.app.reveal = (hit.document_id, hit.start, hit.end)
        await self.app.run_action("goto('step2')")

    def on_line_list_selected(self, event: LineList.Selected) -> None:
        self.app.call_later(self.action_open_hit)
