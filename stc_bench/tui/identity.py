"""Who is acting: on the first run (no ``actor`` in the config and no ``--as``) the app
asks for a name and a role instead of silently using the login name, and keeps both in
the user's config. Asked only when ``make_app(ask_identity=True)`` — ``stc-bench open``
does so only when a person sits at the terminal — so tests, scripts and the demo never
wait for it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from .i18n import localise_bindings, tr

ROLES = ("student", "supervisor", "coder")


class IdentityScreen(ModalScreen[tuple[str, str] | None]):
    """A name (the login name offered) and a role; Esc keeps the login name for now."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="identity_cancel")]

    def __init__(self, suggested: str, role: str = "student"):
        super().__init__()
        localise_bindings(self, help_first=False)
        self.suggested = suggested
        self.role = role

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="identity"):
            yield Label(Text(tr("Who are you? The coding trail names you in every event.")),
                        classes="dialog-title")
            yield Input(value=self.suggested, placeholder=tr("Your name"), id="identity-name")
            yield Label(Text(tr("Your role (enter chooses):")))
            roles = OptionList(*(Option(tr(r), id=r) for r in ROLES), id="identity-role")
            yield roles
            yield Static(Text(tr("Kept in your config file; --as NAME acts as someone else "
                                 "for one run."), style="dim"), markup=False)

    def on_mount(self) -> None:
        roles = self.query_one(OptionList)
        roles.highlighted = ROLES.index(self.role) if self.role in ROLES else 0
        self.query_one(Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = self.query_one(Input).value.strip()
        if not name:
            self.notify(tr("Your name cannot be empty"), severity="warning")
            self.query_one(Input).focus()
            return
        self.dismiss((name, event.option.id or "student"))

    def action_cancel(self) -> None:
        self.dismiss(None)
