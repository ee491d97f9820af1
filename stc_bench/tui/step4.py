"""Step 4 — synthesis: analytic text beside the condensate, quotes, validation in context."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..domain.model import AnalyticText, Condensate, Document, MeaningUnit, Quote, Validation
from .base import document_marks
from .step3 import GroupScreen, unit_labels
from .transcript import TranscriptView


class ContextScreen(ModalScreen[str | None]):
    """A unit in its original transcript: y records 're-read in context', Esc goes back."""

    BINDINGS = [Binding("y", "verdict('confirmed')", "Re-read: confirmed", id="context_confirm"),
                Binding("n", "verdict('questioned')", "Questioned", id="context_question"),
                Binding("escape", "verdict('')", "Back", id="context_back")]

    def __init__(self, wb, unit: MeaningUnit):
        super().__init__()
        self.wb, self.unit = wb, unit

    def compose(self) -> ComposeResult:
        doc = self.wb.get(Document, self.unit.document_id)
        with Vertical(classes="dialog", id="context"):
            yield Label(Text(f"Unit {self.unit.id} in {doc.title} — y: confirmed · n: questioned · "
                             "Esc: back"), classes="dialog-title")
            yield TranscriptView(id="context-view")

    def on_mount(self) -> None:
        doc = self.wb.get(Document, self.unit.document_id)
        view = self.query_one(TranscriptView)
        view.styles.height = 20
        marks = document_marks(self.wb, doc.id, with_suggestions=False)
        view.show(doc.text, self.wb.turns(doc.id), marks)
        self.call_after_refresh(self._focus_unit)

    def _focus_unit(self) -> None:
        view = self.query_one(TranscriptView)
        view.focus_mark(next((m for m in view.marks if m.id == self.unit.id), None))
        view.focus()

    def action_verdict(self, status: str) -> None:
        self.dismiss(status or None)


class Step4Screen(GroupScreen):
    """Per code group and subgroup: condensate, analytic text, quotes and validation."""

    STEP = "step4"
    BINDINGS = [
        Binding("g", "choose_group", "Code group", id="step4_group"),
        Binding("e", "edit_text", "Analytic text", id="step4_edit"),
        Binding("ctrl+s", "save_text", "Save", id="step4_save"),
        Binding("i", "insert_quote", "Insert quote", id="step4_quote",
                tooltip="Quote the highlighted unit as an illustration"),
        Binding("v", "validate", "Validate", id="step4_validate",
                tooltip="Re-read the highlighted unit in its original context"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="group-title", markup=False)
        with Horizontal():
            with Vertical(id="step4-left"):
                yield Label("Headings: the code group and its subgroups", classes="pane-title")
                yield OptionList(id="outline")
                yield Static("", id="condensate-view", markup=False)
                yield Label("Analytic text (third person: the results chapter)", classes="pane-title")
                yield TextArea(id="analytic", soft_wrap=True)
            with Vertical(id="step4-right"):
                yield Label("Units (i: quote · v: validate in context)", classes="pane-title")
                yield OptionList(id="units")
                yield Static("", id="group-warnings", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._text_for: tuple[str, int] | None = None
        self.reload()
        self.query_one("#outline", OptionList).focus()

    def owner(self) -> tuple[str, int] | None:
        options = self.query_one("#outline", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        kind, _, value = options.get_option_at_index(options.highlighted).id.partition(":")
        return kind, int(value)

    def reload(self) -> None:
        group = self.group()
        if group is None:
            self.query_one("#group-title", Label).update(Text("No code groups yet"))
            return
        self.query_one("#group-title", Label).update(Text(f"{group.heading or group.name} · g: another"))
        outline = self.query_one("#outline", OptionList)
        at = outline.highlighted
        outline.clear_options()
        outline.add_option(Option(Text(group.heading or group.name, style="bold"), id=f"g:{group.id}"))
        for sub in self.wb.subgroups(group.id):
            outline.add_option(Option(Text("  " + (sub.heading or sub.name)), id=f"s:{sub.id}"))
        outline.highlighted = min(at or 0, outline.option_count - 1)
        self._text_for = None
        self._show_owner()
        warnings = [w for w in self.wb.warnings() if group.name in w]
        self.query_one("#group-warnings", Static).update(
            Text("\n".join("⚠ " + w for w in warnings), style="yellow"))

    def _show_owner(self) -> None:
        owner = self.owner()
        if owner is None or owner == self._text_for:
            return
        kind, id_ = owner
        where = {"subgroup_id": id_} if kind == "s" else {"code_group_id": id_}
        cond = self.wb.list(Condensate, **where) if kind == "s" else []
        self.query_one("#condensate-view", Static).update(
            Text("Condensate: " + cond[0].text, style="italic") if cond and cond[0].text
            else Text("(a code group's introduction: no condensate)" if kind == "g"
                      else "(no condensate yet: write it in step 3)", style="dim"))
        text = self.wb.list(AnalyticText, part="chapter", **where)
        self.query_one("#analytic", TextArea).load_text(text[0].text if text else "")
        self._text_for = owner
        self._fill_units()

    def _fill_units(self) -> None:
        owner, group = self.owner(), self.group()
        if owner is None or group is None:
            return
        kind, id_ = owner
        units = self.wb.units_in_subgroup(id_) if kind == "s" else self.wb.units_in_group(group.id)
        validated = {v.unit_id for v in self.wb.list(Validation)}
        texts = self.wb.list(AnalyticText, **({"subgroup_id": id_} if kind == "s" else
                                              {"code_group_id": id_}))
        quoted = {q.unit_id for t in texts for q in self.wb.list(Quote, analytic_text_id=t.id)}
        labels = unit_labels(self.wb)
        options = self.query_one("#units", OptionList)
        at = options.highlighted
        options.clear_options()
        for unit in units:
            line = Text("✓ " if unit.id in validated else "· ", style="green")
            line.append(f"{labels.get(unit.document_id, '')}: ", style="bold")
            line.append(unit.snippet.replace("\n", " "))
            if unit.id in quoted:
                line.append("  ❝ quoted", style="cyan")
            options.add_option(Option(line, id=str(unit.id)))
        if options.option_count:
            options.highlighted = min(at or 0, options.option_count - 1)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "outline":
            self._save_if_changed()
            self._show_owner()

    def _save_if_changed(self) -> None:
        if self._text_for is None or self.wb.read_only:
            return
        kind, id_ = self._text_for
        where = {"subgroup_id": id_} if kind == "s" else {"code_group_id": id_}
        saved = self.wb.list(AnalyticText, part="chapter", **where)
        if (saved[0].text if saved else "") != self.query_one("#analytic", TextArea).text:
            self.action_save_text()

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea):
            self._save_if_changed()

    def action_edit_text(self) -> None:
        self.query_one("#analytic", TextArea).focus()

    def action_save_text(self) -> None:
        if self._text_for is None:
            return
        kind, id_ = self._text_for
        where = {"subgroup_id": id_} if kind == "s" else {"code_group_id": id_}
        if self.app.call(self.wb.set_analytic_text, self.query_one("#analytic", TextArea).text, **where):
            self.notify("Saved the analytic text")

    def action_insert_quote(self) -> None:
        owner, unit_id = self.owner(), self.highlighted_id("#units")
        if owner is None or unit_id is None:
            return
        kind, id_ = owner
        where = {"subgroup_id": id_} if kind == "s" else {"code_group_id": id_}
        if self.app.call(self.wb.add_quote, unit_id, **where):
            self.notify(f"Quoted unit {unit_id}; edit its display text with cuts (…) later")
            self._fill_units()

    def action_validate(self) -> None:
        unit_id = self.highlighted_id("#units")
        if unit_id is None:
            return

        def verdict(status: str | None) -> None:
            if status and self.app.call(self.wb.mark_validated, unit_id, status):
                self.notify(f"Unit {unit_id}: re-read in context ({status})")
                self._fill_units()
                self.reload()
        self.app.push_screen(ContextScreen(self.wb, self.wb.get(MeaningUnit, unit_id)), verdict)
