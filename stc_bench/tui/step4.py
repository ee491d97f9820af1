"""Step 4 — synthesis: analytic text beside the condensate, quotes, validation in context."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..domain.model import AnalyticText, Condensate, Quote, Subgroup, Validation
from .headings import edit_headings
from .i18n import tr
from .quote_editor import QuoteEditor, quote_line
from .recontext import ValidateScreen
from .step3 import GroupScreen, condensate_units, unit_labels


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
        Binding("h", "headings", "Headings", id="step4_headings",
                tooltip="Chapter heading, list label, discussion heading; subgroup heading"),
        Binding("t", "edit_quote", "Edit quote", id="step4_edit_quote",
                tooltip="The highlighted quote's lead-in and display text, with the difference"),
        Binding("x", "remove_quote", "Remove quote", id="step4_remove_quote", show=False),
        Binding("ctrl+up", "move_quote(-1)", "Quote up", id="step4_quote_up", key_display="^↑",
                show=False),
        Binding("ctrl+down", "move_quote(1)", "Quote down", id="step4_quote_down",
                key_display="^↓", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="group-title", markup=False)
        with Horizontal():
            with Vertical(id="step4-left"):
                yield Label(Text(tr("Headings: the code group and its subgroups")), classes="pane-title")
                yield OptionList(id="outline")
                yield Static("", id="condensate-view", markup=False)
                yield Label(Text(tr("Analytic text (third person: the results chapter)")),
                            classes="pane-title")
                yield TextArea(id="analytic", soft_wrap=True)
            with Vertical(id="step4-right"):
                yield Label(Text(tr("Units (i: quote · v: validate · o: in context)")),
                            classes="pane-title")
                yield OptionList(id="units")
                yield Label(Text(tr("Quotes in order (t: edit · x: remove · ^↑/^↓: move)")),
                            classes="pane-title")
                yield OptionList(id="quotes")
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
        self._fill_quotes()

    def _where(self) -> dict[str, int] | None:
        owner = self.owner()
        if owner is None:
            return None
        return {"subgroup_id": owner[1]} if owner[0] == "s" else {"code_group_id": owner[1]}

    def quotes(self) -> tuple[AnalyticText | None, list[Quote]]:
        """The current analytic text (chapter part) and its quotes in order."""
        where = self._where()
        texts = self.wb.list(AnalyticText, part="chapter", **where) if where else []
        if not texts:
            return None, []
        return texts[0], self.wb.list(Quote, "position", analytic_text_id=texts[0].id)

    def _fill_quotes(self, keep: int | None = None) -> None:
        options = self.query_one("#quotes", OptionList)
        at = options.highlighted
        options.clear_options()
        labels = unit_labels(self.wb)
        units = {u.id: u for u in self.wb.units()}
        for i, quote in enumerate(self.quotes()[1], 1):
            unit = units.get(quote.unit_id)
            options.add_option(Option(quote_line(i, quote, labels.get(unit.document_id, "")
                                                 if unit else "?"), id=str(quote.id)))
        if options.option_count:
            if keep is not None:
                at = options.get_option_index(str(keep))
            options.highlighted = min(at or 0, options.option_count - 1)

    def _quote(self) -> Quote | None:
        quote_id = self.highlighted_id("#quotes")
        return self.wb.get(Quote, quote_id) if quote_id is not None else None

    def action_edit_quote(self) -> None:
        quote = self._quote()
        if quote is None:
            self.notify(tr("No quote here yet: insert one from the units (i)"), severity="warning")
            return

        def edited(saved: bool | None) -> None:
            if saved:
                self.notify(tr("Saved the quote"))
                self._fill_quotes(keep=quote.id)
        self.app.push_screen(QuoteEditor(self.wb, quote), edited)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "quotes":
            self.action_edit_quote()

    def action_remove_quote(self) -> None:
        quote = self._quote()
        if quote is None or self.focused is not self.query_one("#quotes", OptionList):
            self.notify(tr("Move to a quote first (the quotes list)"), severity="warning")
            return
        if self.app.call(self.wb.remove_quote, quote.id) is None and not self.wb.read_only:
            self.notify(f"{tr('Removed quote')} {quote.id} (ctrl+z)")
            self._fill_units()

    def action_move_quote(self, delta: int) -> None:
        quote = self._quote()
        text, quotes = self.quotes()
        if quote is None or text is None:
            return
        ids = [q.id for q in quotes]
        i = ids.index(quote.id)
        j = max(0, min(len(ids) - 1, i + delta))
        if i != j:
            ids[i], ids[j] = ids[j], ids[i]
            if self.app.call(self.wb.reorder_quotes, text.id, ids):
                self._fill_quotes(keep=quote.id)

    def action_headings(self) -> None:
        owner = self.owner()
        sub = self.wb.get(Subgroup, owner[1]) if owner and owner[0] == "s" else None
        edit_headings(self, self.group(), sub)

    def context_units(self) -> list[int]:
        """The focused quote's or unit's meaning unit; from the outline or the analytic text,
        the subgroup's condensate units (or the code group's units)."""
        focused = self.focused.id if self.focused else None
        if focused == "quotes":
            quote = self._quote()
            return [quote.unit_id] if quote else []
        if focused == "units":
            unit_id = self.highlighted_id("#units")
            return [unit_id] if unit_id is not None else []
        owner, group = self.owner(), self.group()
        if owner is None or group is None:
            return []
        if owner[0] == "s":
            return condensate_units(self.wb, owner[1])
        return [u.id for u in self.wb.units_in_group(group.id)]

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
        self.app.push_screen(ValidateScreen(self.wb, unit_id), verdict)
