"""A quote's display text against the transcript: list lines and the editor dialog.

Cuts and replacements are shown with glyphs and strike-through, never by colour alone:
``✂`` marks words left out, ``⇄`` a bracketed replacement with the words it replaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from ..domain.model import Quote
from ..domain.quotes import compare_display
from .editor import EditorArea
from .i18n import localise_bindings, problem_text, tr

if TYPE_CHECKING:
    from textual import getters

    from .app import StcApp


def quote_line(number: int, quote: Quote, label: str) -> Text:
    """``2. Lead-in «display text» (JS1)`` with markers visible, for the quotes list."""
    line = Text(f"{number}. ", style="bold")
    if quote.lead_in:
        line.append(quote.lead_in + " ", style="italic")
    line.append("«" + " ".join(quote.display_text.split()) + "»")
    line.append(f" ({label})", style="bold")
    return line


def difference(exact: str, display: str) -> Text:
    """The display text against the unit's exact words: kept words plain, cuts struck
    through after ``✂``, replacements ``⇄ [new]`` with the replaced words struck through;
    then the unmarked edits the service would refuse, each after ``⚠``."""
    pieces, problems = compare_display(exact, display)
    out = Text()
    for piece in pieces:
        if piece.kind == "kept":
            out.append(piece.text)
        elif piece.kind == "cut":
            out.append(" ✂", style="bold")
            out.append(piece.text and f"{piece.text} " or " ", style="bold")
            out.append(piece.original, style="strike dim")
            out.append(" ")
        else:
            out.append(f" ⇄ {piece.text} ", style="bold underline")
            out.append(piece.original, style="strike dim")
            out.append(" ")
    for problem in problems:
        out.append(f"\n⚠ {problem_text(problem)}", style="bold")
    if not problems:
        out.append("\n✓ " + tr("faithful to the transcript (cuts and replacements marked)"),
                   style="bold")
    return out


class QuoteEditor(ModalScreen[bool]):
    """Edit a quote's lead-in and display text; the difference updates as you type.
    Ctrl+S saves through the service layer (which refuses unmarked edits); Esc cancels."""

    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write, .document_id …

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="quote_save", priority=True),
                Binding("escape", "cancel", "Cancel", id="quote_cancel", priority=True)]

    def __init__(self, wb: Any, quote: Quote):
        super().__init__()
        localise_bindings(self, help_first=False)
        self.wb, self.quote = wb, quote
        self.unit = wb.unit(quote.unit_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quote-editor"):
            yield Label(tr("Edit quote {id} — ctrl+s: save · Esc: cancel").format(id=self.quote.id),
                        classes="dialog-title", markup=False)
            yield Label(Text(tr("Transcript (exact words)")), classes="pane-title")
            yield Static(Text(" ".join(self.unit.snippet.split()), style="italic"), id="quote-exact")
            yield Label(Text(tr("Lead-in sentence")), classes="pane-title")
            yield Input(value=self.quote.lead_in, id="quote-lead-in")
            yield Label(Text(tr("Display text: cut with (…), replace with [role]")), classes="pane-title")
            yield EditorArea(self.quote.display_text, id="quote-display", return_to="#quote-lead-in")
            yield Label(Text(tr("Difference to the transcript")), classes="pane-title")
            yield Static("", id="quote-diff")

    def on_mount(self) -> None:
        self._update()
        self.query_one(TextArea).focus()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._update()

    def _update(self) -> None:
        display = self.query_one(TextArea).text
        self.shown = difference(self.unit.snippet, display)
        self.query_one("#quote-diff", Static).update(self.shown)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        lead_in = self.query_one("#quote-lead-in", Input).value
        display = self.query_one(TextArea).text.strip()
        # a refusal stays here, shown as a notification
        def saved(_quote: object) -> None:
            if self.is_current:  # not closed meanwhile (Esc)
                self.dismiss(True)
        self.app.write(self.wb.edit_quote, self.quote.id, lead_in=lead_in, display_text=display,
                       then=saved)

    def action_cancel(self) -> None:
        self.dismiss(False)
