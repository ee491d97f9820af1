"""Recontextualisation: a meaning unit shown where it was said, with the turns around it.

Opened with one key (``o``) from any unit, condensate (its units) or quote; Esc pops the
screen, so the screen underneath is exactly as it was left (list, highlight, focus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ..domain.model import MeaningUnit
from .base import document_marks
from .footer import FittedFooter
from .i18n import localise_bindings, tr
from .transcript import TranscriptView

if TYPE_CHECKING:
    from textual import getters

    from .app import StcApp

#: Lines of the previous turn(s) kept visible above the unit when there is room.
CONTEXT_LINES = 6


class RecontextScreen(Screen[str | None]):
    """One or more meaning units in their transcripts; n/p move between them."""

    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write, .document_id …

    STEP = "context"
    BINDINGS = [
        Binding("escape", "back", "Back", id="context_back", priority=True),
        Binding("n", "step(1)", "Next unit", id="context_next"),
        Binding("p", "step(-1)", "Previous unit", id="context_prev"),
    ]

    def __init__(self, wb: Any, unit_ids: list[int], index: int = 0, heading: str = ""):
        super().__init__()
        localise_bindings(self)
        self.wb = wb
        self.unit_ids = unit_ids
        self.index = max(0, min(index, len(unit_ids) - 1))
        self.heading = heading
        self._doc: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="context-title", markup=False)
        yield TranscriptView(id="context-view")
        yield Static("", id="context-info", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._show)

    @property
    def unit(self) -> MeaningUnit:
        return self.wb.unit(self.unit_ids[self.index])

    def _show(self) -> None:
        unit = self.unit
        view = self.query_one(TranscriptView)
        doc = self.wb.document(unit.document_id)
        if self._doc != doc.id:
            view.show(doc.text, self.wb.turns(doc.id), document_marks(self.wb, doc.id, False))
            self._doc = doc.id
        mark = next((m for m in view.marks if m.kind == "unit" and m.id == unit.id), None)
        view.focus_mark(mark)
        view.focus()
        self.call_after_refresh(self._scroll_to_context, view, unit)  # after the new size
        label = self.wb.informant(doc.informant_id).label if doc.informant_id else "—"
        turns = [t.idx for t in view.turns if t.end > unit.start and t.start < unit.end]
        where = (tr("turn {n}").format(n=turns[0] + 1) if len(turns) == 1 else
                 tr("turns {first}–{last}").format(first=turns[0] + 1, last=turns[-1] + 1) if turns else "")
        title = Text(f"{self.heading} · " if self.heading else "", style="bold")
        title.append(f"{label} · {doc.title} · " + tr("unit {id}").format(id=unit.id) + f" {where}")
        if len(self.unit_ids) > 1:
            title.append(f" · {self.index + 1}/{len(self.unit_ids)} (n/p)")
        self.query_one("#context-title", Label).update(title)
        info = Text("▶ ", style="bold")
        info.append(unit.snippet.replace("\n", " "))
        self.query_one("#context-info", Static).update(info)

    def _scroll_to_context(self, view: TranscriptView, unit: MeaningUnit) -> None:
        """Show the turn before the unit too, when the unit still fits on screen."""
        first = view.line_of(unit.start)
        last = view.line_of(max(unit.start, unit.end - 1))
        height = max(1, view.size.height)
        before = [t for t in view.turns if t.end <= unit.start]
        top = view.line_of(before[-1].start) if before else 0
        top = max(top, first - CONTEXT_LINES, last - height + 1)
        view.scroll_to(y=max(0, min(top, first)), animate=False, immediate=True)

    def action_step(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self.unit_ids):
            self.index = target
            self._show()

    def action_back(self) -> None:
        self.dismiss(None)


class ValidateScreen(RecontextScreen):
    """A unit in context with a verdict: y records 're-read in context', n 'questioned'."""

    BINDINGS = [
        Binding("y", "verdict('confirmed')", "Re-read: confirmed", id="context_confirm"),
        Binding("n", "verdict('questioned')", "Questioned", id="context_question"),
    ]

    def __init__(self, wb: Any, unit_id: int):
        super().__init__(wb, [unit_id], heading=tr("Validate"))

    def action_verdict(self, status: str) -> None:
        self.dismiss(status)

