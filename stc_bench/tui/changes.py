"""What changed since my last look: the events after the reviewer's last review mark,
grouped by STC step, each with what it changed — a word diff for texts and names, the old
and new boundaries for a unit. ``enter`` goes to the object; ``m`` records a new review mark
(allowed in review mode: it is the reviewer's own data)."""

from __future__ import annotations

import difflib
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.model import ReviewMark
from .comments import describe
from .i18n import action_label, localise_bindings, tr

#: Which step of the method an object belongs to (for grouping the changes).
STEP_OF = {
    "theme": "Step 1", "memo": "Step 1",
    "meaning_unit": "Step 2", "coding": "Step 2", "code_group": "Step 2", "document": "Step 2",
    "subgroup": "Step 3", "assignment": "Step 3", "condensate": "Step 3",
    "analytic_text": "Step 4", "quote": "Step 4", "validation": "Step 4",
}
STEPS = ("Step 1", "Step 2", "Step 3", "Step 4", "Project")
#: Fields whose change is shown as a word diff.
TEXT_FIELDS = ("text", "name", "heading", "description", "display_text", "lead_in", "snippet")


def word_diff(before: str, after: str) -> Text:
    """``before`` → ``after`` word by word: removed words struck through, added ones bold."""
    out = Text()
    old, new = before.split(), after.split()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(old[a1:a2]) + " ")
            continue
        if a2 > a1:
            out.append(" ".join(old[a1:a2]), style="strike red")
            out.append(" ")
        if b2 > b1:
            out.append(" ".join(new[b1:b2]), style="bold green")
            out.append(" ")
    return out


def what_changed(event: Any) -> Text:
    """The lines that say what one event changed."""
    before, after = event.before or {}, event.after or {}
    out = Text()
    if event.entity == "meaning_unit" and before and after:
        for edge in ("start", "end"):
            if edge in before or edge in after:
                out.append(tr("boundaries {old} → {new}").format(
                    old=f"{edge} {before.get(edge, '=')}", new=str(after.get(edge, '='))) + "\n")
    for field in TEXT_FIELDS:
        old, new = before.get(field), after.get(field)
        if isinstance(old, str) and isinstance(new, str) and old != new:
            out.append(f"{field}: ", style="bold")
            out.append_text(word_diff(old, new))
            out.append("\n")
        elif isinstance(new, str) and old is None and new.strip():
            out.append(f"{field}: ", style="bold")
            out.append(" ".join(new.split())[:400] + "\n", style="green")
        elif isinstance(old, str) and new is None and old.strip():
            out.append(f"{field}: ", style="bold")
            out.append(" ".join(old.split())[:400] + "\n", style="strike red")
    if event.message:
        out.append(event.message, style="dim")
    return out


class ChangesScreen(ModalScreen[tuple[str, int] | None]):
    """The events since the acting person's last review mark, by step."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="changes_close"),
        Binding("m", "mark", "Mark as reviewed", id="changes_mark"),
        Binding("enter", "go", "Go to", id="changes_go", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self._events: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="changes"):
            yield Label("", id="changes-title", classes="dialog-title", markup=False)
            yield OptionList(id="change-list")
            yield Static("", id="change-detail", markup=False)
            yield Static(Text(tr("enter: go to it · m: mark everything as reviewed · Esc: close"),
                              style="dim"), markup=False)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        wb = self.app.wb
        events = wb.changes_since_review()
        marked = bool(wb.list(ReviewMark, person=wb.actor))
        since = tr("since your last review mark") if marked else tr("since the start")
        self.query_one("#changes-title", Label).update(
            tr("{n} changes {since} ({who})").format(n=len(events), since=since, who=wb.actor))
        options = self.query_one(OptionList)
        options.clear_options()
        self._events = {}
        by_step: dict[str, list[Any]] = {}
        for e in events:
            by_step.setdefault(STEP_OF.get(e.entity, "Project"), []).append(e)
        for step in STEPS:
            if step not in by_step:
                continue
            # a heading the cursor passes over (a disabled option would stop it in Textual 8)
            options.add_option(Option(Text(tr(step), style="bold underline"), id=f"step:{step}"))
            for e in by_step[step]:
                line = Text(f"#{e.seq} {e.at_utc[:16].replace('T', ' ')} {e.actor}: ", style="dim")
                line.append(action_label(e.action))
                if e.entity_id is not None:
                    line.append(f" · {describe(e.entity, e.entity_id)}", style="italic")
                key = str(e.seq)
                self._events[key] = e
                options.add_option(Option(line, id=key))
        first = next((i for i in range(options.option_count)
                      if (options.get_option_at_index(i).id or "") in self._events), None)
        if first is not None:
            options.highlighted = first
        self._detail()

    def _current(self) -> Any:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return self._events.get(options.get_option_at_index(options.highlighted).id or "")

    def _detail(self) -> None:
        event = self._current()
        detail = what_changed(event) if event is not None else Text(
            tr("Nothing has changed since your last review mark."), style="dim")
        self.query_one("#change-detail", Static).update(detail)

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._detail()

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_go()

    def action_go(self) -> None:
        event = self._current()
        if event is not None and event.entity_id is not None:
            self.dismiss((event.entity, event.entity_id))

    def action_mark(self) -> None:
        mark = self.app.call(self.app.wb.mark_reviewed)
        if mark:
            self.notify(tr("Marked as reviewed up to event {seq}").format(seq=mark.seq))
            self._fill()

    def action_close(self) -> None:
        self.dismiss(None)
