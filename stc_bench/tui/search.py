"""Search: lemma-aware keyword in context across every transcript, from any screen (``/``).

Each hit shows the informant, transcript, turn, its words in context and whether it is
already inside a meaning unit (and which code groups). One key makes the hit's sentence a
meaning unit, another opens the transcript at the hit in step 2. Searching (which may
load spaCy and bring the index up to date) and writing run in thread workers.

The hits are a line-API :class:`LineList`, one line per hit, so a frequent word over a
whole thesis (thousands of hits) is listed in full: only the visible lines are drawn.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Label

from ..domain.model import Document, MeaningUnit, Turn
from .base import StepScreen
from .footer import FittedFooter
from .i18n import tr
from .linelist import Entry, LineList, cells
from .workers import BackgroundCalls

#: Hits shown at most: a safety net, far above a frequent word's hits in 50 interviews.
LIMIT = 50_000
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
    doc = wb.get(Document, hit.document_id)
    turn = wb.get(Turn, hit.turn_id)
    start, end = sentence_around(doc.text, turn, hit.start, hit.end)
    return wb.create_unit(doc.id, start, end)


def run_search(wb: Any, query: str) -> list[Any]:
    """The hits for ``query`` (at most LIMIT + 1, to tell that there are more)."""
    from ..nlp import search

    return search(wb, query, limit=LIMIT + 1)


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
        self.query_one("#search-summary", Label).update(Text(tr("Searching for {query}…").format(
            query=query), style="italic"))
        listed = self.query_one("#hits", LineList)
        region = listed.scrollable_content_region
        width = max(40, region.width or self.app.size.width - 4)
        bar = 0 if listed.show_vertical_scrollbar else listed.styles.scrollbar_size_vertical

        def lines(wb: Any, query: str) -> tuple[list[Any], list[Entry]]:
            """The hits and their lines, built off the UI thread (22,000 hits: a second)."""
            hits = run_search(wb, query)
            fit = width - bar if min(len(hits), LIMIT) > region.height else width  # one line each
            return hits, [Entry(str(i), hit_parts(h, fit)) for i, h in enumerate(hits[:LIMIT])]
        self.in_background(lines, self.wb, query, group="search",
                           then=lambda done: self._show(query, *done, keep))

    def _show(self, query: str, hits: list[Any], entries: list[Entry], keep: int | None) -> None:
        more = len(hits) > LIMIT
        self.hits = hits[:LIMIT]
        listed = self.query_one("#hits", LineList)
        listed.set_entries(entries, keep=str(keep or 0))
        inside = sum(1 for h in self.hits if h.in_unit)
        summary = Text(f"{len(self.hits)}{'+' if more else ''} {tr('hits for')} ")
        summary.append(query, style="bold")
        summary.append(" · " + tr("{n} inside meaning units (✓ unit id, code groups) · u: mark "
                                  "the sentence · t: open in the transcript").format(n=inside),
                       style="dim")
        self.query_one("#search-summary", Label).update(summary)
        if self.hits:
            listed.focus()

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
        self.in_background(hit_to_unit, self.wb, hit, then=self._marked)

    def _marked(self, unit: MeaningUnit) -> None:
        words = len(unit.snippet.split())
        self.notify(tr("Meaning unit {id} ({n} words): {text}").format(
            id=unit.id, n=words, text=unit.snippet[:70]), title=tr("Marked"))
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
