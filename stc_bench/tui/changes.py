"""What changed since my last look: the events after the reviewer's last review mark,
grouped by STC step, each with what it changed — a word diff for texts and names, the old
and new boundaries for a unit. ``enter`` goes to the object; ``m`` records a new review mark
(allowed in review mode: it is the reviewer's own data)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..services.review import Change, ChangesReport
from .comments import describe
from .i18n import action_label, counted, language, localise_bindings, tr
from .workers import BackgroundCalls


def word_diff(runs: tuple[tuple[str, str], ...]) -> Text:
    """Word runs (``domain.diff.word_ops``): removed words struck through, added ones bold."""
    out = Text()
    for kind, words in runs:
        out.append(words, style={"=": "", "-": "strike red", "+": "bold green"}[kind])
        out.append(" ")
    return out


def change_label(change: Change) -> str:
    """What an event did, in the UI language (the one table ``ACTIONS``): an undo or redo
    says what it reversed."""
    undoes = change.facts.get("undoes")
    if undoes:
        template = "Undid: {what}" if change.action == "undo" else "Redid: {what}"
        return tr(template).format(what=action_label(undoes))
    return action_label(change.action)


#: How a fact of an event (``services.review.event_facts``) is worded; a name is the
#: user's text, shown in «» and never read as markup.
FACT_WORDS = {"document": "transcript «{}»", "code_group": "code group «{}»",
              "subgroup": "subgroup «{}»", "unit": "meaning unit {}",
              "golden_quote": "meaning unit {}"}


def event_text(change: Change) -> Text:
    """One event in the UI language: in English the trail's own message (as ``audit log``
    prints it), in Norwegian what it did (``ACTIONS``) and what it names, from its rows."""
    if language() != "nb":
        return Text(change.message, style="dim")
    out = Text(change_label(change), style="dim")
    parts = [tr(FACT_WORDS[key]).format(value) for key, value in change.facts.items()
             if key in FACT_WORDS and value is not None]
    if "status" in change.facts:
        parts.append(tr(str(change.facts["status"])))
    if "count" in change.facts:
        parts.append(counted(change.facts["count"], "{n} meaning unit", "{n} meaning units"))
    if parts:
        out.append(": " + ", ".join(parts), style="dim")
    return out


def what_changed(change: Change) -> Text:
    """The lines that say what one change did: unit edges, word diffs, the message."""
    out = Text()
    if change.boundaries is not None:
        old, new = (f"{s[0]}–{s[1]}" if s else "–" for s in change.boundaries)
        out.append(tr("boundaries {old} → {new}").format(old=old, new=new) + "\n")
    for f in change.fields:
        out.append(f"{tr(f.field)}: ", style="bold")
        if f.words:
            out.append_text(word_diff(f.words))
        elif f.after is not None:
            out.append(" ".join(f.after.split())[:400], style="green")
        else:
            out.append(" ".join((f.before or "").split())[:400], style="strike red")
        out.append("\n")
    if change.message:
        out.append_text(event_text(change))
    return out


class ChangesScreen(ModalScreen[tuple[str, int] | None], BackgroundCalls):
    """The events since the acting person's last review mark, by step."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="changes_close"),
        Binding("m", "mark", "Mark as reviewed", id="changes_mark"),
        Binding("enter", "go", "Go to", id="changes_go", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self._events: dict[str, tuple[Any, Change]] = {}
        self._seen = 0

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
        # read in a thread: the trail since a mark can be long, and another process may write
        self.in_background(self.app.wb.review_changes, then=self._show, group="read")

    def _show(self, report: ChangesReport) -> None:
        wb = self.app.wb
        since = (tr("since your last review mark") if report.since_seq is not None
                 else tr("since the start"))
        self.query_one("#changes-title", Label).update(
            tr("{changes} {since} ({who})").format(
                changes=counted(report.count, "{n} change", "{n} changes"), since=since,
                who=wb.actor))
        options = self.query_one(OptionList)
        options.clear_options()
        self._events = {}
        self._seen = report.head_seq
        for step in report.steps:
            # a heading the cursor passes over (a disabled option would stop it in Textual 8)
            options.add_option(Option(Text(tr(step.step), style="bold underline"),
                                      id=f"step:{step.step}"))
            for obj in step.objects:
                for c in obj.changes:
                    line = Text(f"#{c.seq} {c.at_utc[:16].replace('T', ' ')} {c.actor}: ",
                                style="dim")
                    line.append(change_label(c))
                    if obj.entity_id is not None:
                        line.append(f" · {describe(obj.entity, obj.entity_id)}", style="italic")
                    if obj.label:
                        line.append(f" «{obj.label[:50]}»", style="italic")
                    key = str(c.seq)
                    self._events[key] = (obj, c)
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
        found = self._current()
        detail = what_changed(found[1]) if found is not None else Text(
            tr("Nothing has changed since your last review mark."), style="dim")
        self.query_one("#change-detail", Static).update(detail)

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._detail()

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_go()

    def action_go(self) -> None:
        found = self._current()
        if found is not None and found[0].entity_id is not None:
            self.dismiss((found[0].entity, found[0].entity_id))

    def action_mark(self) -> None:
        # up to what this screen shows: a student's commit meanwhile is not reviewed yet
        def marked(mark) -> None:
            self.notify(tr("Marked as reviewed up to event {seq}").format(seq=mark.seq))
            self._fill()
        self.app.write(self.app.wb.mark_reviewed, self._seen, then=marked)

    def action_close(self) -> None:
        self.dismiss(None)
