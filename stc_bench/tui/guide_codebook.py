"""Template analysis in step 1: code groups proposed from the interview guide's main
questions; the student keeps (space), renames (r) or drops them, then adopts (enter)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from .dialogs import PromptScreen
from .i18n import localise_bindings, tr


class GuideCodebookScreen(ModalScreen[list[tuple[str, str]] | None]):
    """Returns the chosen ``(name, question)`` pairs, or None when cancelled."""

    BINDINGS = [
        Binding("enter", "adopt", "Adopt the checked", id="guide_codebook_adopt", priority=True),
        Binding("r", "rename", "Rename", id="guide_codebook_rename"),
        Binding("escape", "cancel", "Cancel", id="guide_codebook_cancel"),
    ]

    def __init__(self, version: int, proposals: list[tuple[str, str]]):
        super().__init__()
        localise_bindings(self, help_first=False)
        self.version = version
        self.proposals = list(proposals)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="guide-codebook"):
            yield Label(Text(tr("Code groups from interview guide version {v}: space keeps or drops, "
                                "r renames, enter adopts the checked (a priori)").format(v=self.version)),
                        classes="dialog-title")
            yield SelectionList[int](*self._selections(), id="guide-proposals")

    def _selections(self, checked: set[int] | None = None) -> list[Selection[int]]:
        return [Selection(self._label(name, question), i, checked is None or i in checked)
                for i, (name, question) in enumerate(self.proposals)]

    @staticmethod
    def _label(name: str, question: str) -> Text:
        label = Text(name, style="bold")
        label.append(f"  ← «{question}»", style="dim")
        return label

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_rename(self) -> None:
        options = self.query_one(SelectionList)
        at = options.highlighted
        if at is None:
            return
        name, question = self.proposals[at]

        def renamed(value: str | None) -> None:
            if value and value.strip():
                checked = set(options.selected)
                self.proposals[at] = (value.strip(), question)
                options.clear_options()
                options.add_options(self._selections(checked))
                options.highlighted = at
        self.app.push_screen(PromptScreen(tr("Rename the proposed code group"), name), renamed)

    def action_adopt(self) -> None:
        checked = sorted(self.query_one(SelectionList).selected)
        self.dismiss([self.proposals[i] for i in checked] or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
