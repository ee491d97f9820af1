"""The memos (``L``): every memo of the project, newest first, searched as you type;
``enter`` goes to the object a memo is on. ``M`` writes the memo on what a screen has
current (the same objects ``k`` comments on)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.model import Memo
from .comments import describe
from .i18n import localise_bindings, tr
from .workers import BackgroundCalls


def memo_line(memo: Memo) -> Text:
    where = describe(memo.entity, memo.entity_id) if memo.entity and memo.entity_id else tr(
        "the project")
    line = Text(f"{memo.created_at[:10]} · {where}: ", style="bold")
    line.append(" ".join(memo.text.split())[:120])
    return line


class MemosScreen(ModalScreen[tuple[str, int] | None], BackgroundCalls):
    """Every memo, filtered by the words typed above the list."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="memos_close"),
        Binding("down", "to_list", "List", id="memos_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self.shown: list[Memo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="memos"):
            yield Label("", id="memos-title", classes="dialog-title", markup=False)
            yield Input(placeholder=tr("Search the memos"), id="memo-search")
            yield OptionList(id="memo-list")
            yield Static("", id="memo-text", markup=False)
            yield Static(Text(tr("type to search · ↓: the list · enter: go to it · Esc: close"),
                              style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._search("")

    def _search(self, query: str) -> None:
        def found(memos: list[Memo]) -> None:
            # one search per key, each in its thread: only the latest query's answer shows
            if query == self.query_one(Input).value:
                self._show(memos)
        self.in_background(self.app.wb.memos, query, then=found, group="read")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_to_list()

    def _show(self, memos: list[Memo]) -> None:
        self.shown = memos
        self.query_one("#memos-title", Label).update(tr("Memos ({n})").format(n=len(memos)))
        options = self.query_one(OptionList)
        options.clear_options()
        for memo in memos:
            options.add_option(Option(memo_line(memo), id=str(memo.id)))
        if memos:
            options.highlighted = 0
        self._detail()

    def _current(self) -> Memo | None:
        index = self.query_one(OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def _detail(self) -> None:
        memo = self._current()
        self.query_one("#memo-text", Static).update(
            Text(memo.text) if memo else Text(tr("No memos here. M writes one on what a screen "
                                                 "has current."), style="dim"))

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._detail()

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        memo = self._current()
        if memo is not None and memo.entity and memo.entity_id:
            self.dismiss((memo.entity, memo.entity_id))

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
