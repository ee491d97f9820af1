"""Modal dialogs: the fuzzy quick-picker, a one-line prompt, help per step."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from .i18n import help_text, localise_bindings, tr
from .keymap import shown_keys


def fuzzy_score(query: str, text: str) -> float | None:
    """A subsequence match score in (0, 1]; None when ``query`` does not match."""
    if not query:
        return 1.0
    q, t = query.casefold(), text.casefold()
    if q in t:
        return 1.0 - t.index(q) / (len(t) + 1) * 0.5
    pos, gaps = 0, 0
    for ch in q:
        found = t.find(ch, pos)
        if found < 0:
            return None
        gaps += found - pos
        pos = found + 1
    return 0.4 / (1 + gaps)


@dataclass(frozen=True)
class Choice:
    """One entry of a picker: ``key`` is returned when chosen; ``label`` is shown."""

    key: str
    label: str
    hint: str = ""


class PickerScreen(ModalScreen[str | None]):
    """Type to filter, ↑/↓ to move, Enter to choose, Esc to cancel.

    With ``create_label`` set, the typed text can also be chosen as a new entry, which
    returns ``"new:" + text``.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker_cancel"),
                Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False)]

    def __init__(self, title: str, choices: list[Choice], create_label: str = "",
                 preselect: str | None = None):
        super().__init__()
        self.heading = title
        self.choices = choices
        self.create_label = create_label
        self.preselect = preselect  # the key highlighted before anything is typed

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Label(Text(self.heading), classes="dialog-title")
            yield Input(placeholder=tr("type to filter…"), id="picker-input")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        scored = [(fuzzy_score(query, c.label), i, c) for i, c in enumerate(self.choices)]
        hits = sorted(((s, i, c) for s, i, c in scored if s is not None), key=lambda h: (-h[0], h[1]))
        for _s, _i, c in hits:
            label = Text(c.label)
            if c.hint:
                label.append(f"  {c.hint}", style="dim")
            options.add_option(Option(label, id=c.key))
        if self.create_label and query.strip():
            options.add_option(Option(Text(f"+ {self.create_label} «{query.strip()}»"),
                                      id="new:" + query.strip()))
        if options.option_count:
            options.highlighted = 0
            if not query and self.preselect is not None:
                keys = [c.key for _s, _i, c in hits]
                if self.preselect in keys:
                    options.highlighted = keys.index(self.preselect)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            now = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, now + step))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (a name, a description); Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt_cancel")]

    def __init__(self, title: str, value: str = ""):
        super().__init__()
        self.heading = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.heading), classes="dialog-title")
            yield Input(value=self.value, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """What the current step is for, and its keys."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help_close")]

    def __init__(self, step: str, screen: Screen):
        super().__init__()
        localise_bindings(self, help_first=False)
        self.step = step
        self.keys: list[tuple[str, str, str]] = []
        for _key, b in screen._bindings:
            # ours all have an id; Textual's inherited ones (tab, copy) do not
            if isinstance(b, Binding) and b.id and b.description and b.action != "app.help":
                entry = (shown_keys(b, getattr(screen.app, "user_keymap", {})), b.description, b.id)
                if entry not in self.keys:
                    self.keys.append(entry)

    def compose(self) -> ComposeResult:
        title, body = help_text(self.step)
        keys = Text()
        for key, what, binding_id in self.keys:
            keys.append(f"{key:<10}", style="bold")
            keys.append(f"{what:<34}")
            keys.append(f"{binding_id}\n", style="dim")  # the name to remap it by in [keymap]
        for key, what in (("0–4", tr("the overview / a step")),
                          ("< / >", tr("the previous / next step (also where digits are taken)")),
                          ("5 / 6", tr("coverage / records")),
                          ("o", tr("a unit, condensate or quote in its transcript (Esc: back)")),
                          ("^z / ^y", tr("undo / redo (kept in the trail)")),
                          ("^p", tr("every action by name")), ("?", tr("this help")),
                          ("F2", tr("labels in Norwegian / English"))):
            keys.append(f"{key:<10}{what}\n", style="dim")
        keys.append("\n" + tr("Your own keys: a [keymap] table in config.toml by the grey names, "
                              "e.g. quit = \"ctrl+x\"") + "\n", style="dim")
        with VerticalScroll(classes="dialog", id="help"):  # long key lists scroll
            yield Label(Text(title), classes="dialog-title")
            yield Static(Text(body), id="help-body")
            yield Static(keys, id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
