"""The passphrase of an encrypted project, asked in a masked field before the workbench
opens (``stc-bench open`` without ``STC_BENCH_PASSPHRASE``). A small app of its own: the
workbench is built around an open project, and this one ends with the project opened or
with nothing. The passphrase goes to SQLCipher only; it is not kept in the app."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from ..domain.errors import StcError, WrongPassphrase
from ..services import Workbench
from .i18n import tr


class PassphraseApp(App[Workbench | None]):
    """Asks until the passphrase opens ``target`` (returns the open Workbench) or Esc
    (returns None); any other error ends it with ``error`` set."""

    TITLE = "stc-bench"
    CSS_PATH = "app.tcss"
    CSS = "Screen { align: center middle; } #passphrase-dialog { width: 72; height: auto; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="passphrase_cancel")]

    def __init__(self, target: str, opener: Callable[[str], Workbench]):
        super().__init__()
        self.target = target
        self.opener = opener  # Workbench.open with everything but the passphrase
        self.error: StcError | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="passphrase-dialog"):
            yield Label(Text(tr("{path} is encrypted: its passphrase").format(path=self.target)),
                        classes="dialog-title")
            yield Input(password=True, placeholder=tr("Passphrase"), id="passphrase")
            yield Static(Text(tr("Enter opens the project · Esc quits")), id="passphrase-note",
                         markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        field = self.query_one("#passphrase", Input)
        given, field.value = event.value, ""  # not left in the widget
        if not given:
            return
        try:
            wb = self.opener(given)
        except WrongPassphrase:
            self.query_one("#passphrase-note", Static).update(
                Text(tr("Wrong passphrase: try again (Esc quits)"), style="bold red"))
            return
        except StcError as exc:
            self.error = exc
            self.exit(None)
            return
        self.exit(wb)

    def action_cancel(self) -> None:
        self.exit(None)
