"""Step 3 — condensation: subgroups, assignments, condensates and golden quotes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from ..domain.model import Assignment, CodeGroup, Condensate, CondensateUnit, Document, Informant, Subgroup
from .base import StepScreen
from .dialogs import Choice, PickerScreen, PromptScreen
from .headings import edit_headings
from .i18n import tr


def unit_labels(wb) -> dict[int, str]:
    """Informant label per document id."""
    informants = {i.id: i.label for i in wb.list(Informant)}
    return {d.id: informants.get(d.informant_id, d.title) for d in wb.list(Document)}


def condensate_units(wb, subgroup_id: int) -> list[int]:
    """The units a subgroup's condensate condenses (else the subgroup's units), in order."""
    cond = wb.list(Condensate, subgroup_id=subgroup_id)
    linked = {c.unit_id for c in wb.list(CondensateUnit, condensate_id=cond[0].id)} if cond else set()
    units = wb.units_in_subgroup(subgroup_id)
    return [u.id for u in units if u.id in linked] or [u.id for u in units]


class GroupScreen(StepScreen):
    """A step that works on one code group at a time (steps 3 and 4)."""

    def group(self) -> CodeGroup | None:
        if self.app.code_group_id is None:
            groups = self.wb.code_groups()
            self.app.code_group_id = groups[0].id if groups else None
        if self.app.code_group_id is None:
            return None
        return self.wb.get(CodeGroup, self.app.code_group_id)

    def action_choose_group(self) -> None:
        def chosen(key: str | None) -> None:
            if key:
                self.app.code_group_id = int(key)
                self.reload()
        choices = [Choice(str(g.id), g.name, f"{len(self.wb.units_in_group(g.id))} units")
                   for g in self.wb.code_groups()]
        self.app.push_screen(PickerScreen("Code group", choices), chosen)

    def ask(self, title: str, value: str, then) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:
                then(answer)
        self.app.push_screen(PromptScreen(title, value), done)

    def highlighted_id(self, selector: str) -> int | None:
        options = self.query_one(selector, OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return int(options.get_option_at_index(options.highlighted).id)


class Step3Screen(GroupScreen):
    """Units of a code group on the left; subgroups and the condensate on the right."""

    STEP = "step3"
    BINDINGS = [
        Binding("g", "choose_group", "Code group", id="step3_group"),
        *[Binding(str(n), f"assign({n})", "Assign to subgroup n" if n == 1 else "", show=n == 1,
                  key_display="1–9" if n == 1 else None, id=f"step3_assign_{n}")
          for n in range(1, 10)],
        Binding("n", "new_subgroup", "New subgroup", id="step3_new_subgroup"),
        Binding("r", "rename_subgroup", "Rename subgroup", id="step3_rename_subgroup"),
        Binding("q", "golden_quote", "Golden quote", id="step3_golden",
                tooltip="Make the highlighted unit the golden quote of its subgroup"),
        Binding("e", "edit_condensate", "Condensate", id="step3_edit"),
        Binding("ctrl+s", "save_condensate", "Save", id="step3_save"),
        Binding("h", "headings", "Headings", id="step3_headings",
                tooltip="Chapter heading, list label, discussion heading; subgroup heading"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="group-title", markup=False)
        with Horizontal():
            with Vertical(id="step3-left"):
                yield Label(Text(tr("Meaning units (1–9: assign to subgroup)")), classes="pane-title")
                yield OptionList(id="units")
            with Vertical(id="step3-right"):
                yield Label(Text(tr("Subgroups")), classes="pane-title")
                yield OptionList(id="subgroups")
                yield Label(Text(tr("Condensate (first person, an artificial quotation)")), id="cond-title",
                            classes="pane-title")
                yield TextArea(id="condensate", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self._cond_for: int | None = None
        self.reload()
        self.query_one("#units", OptionList).focus()

    def reload(self) -> None:
        group = self.group()
        title = self.query_one("#group-title", Label)
        if group is None:
            title.update(Text("No code groups yet: make some in step 2 (or promote a theme)"))
            return
        line = Text(group.name, style="bold")
        if group.heading and group.heading != group.name:
            line.append(f" · {tr('heading')}: «{group.heading}»")
        line.append(" · g: " + tr("another code group") + " · h: " + tr("headings"), style="dim")
        title.update(line)
        subs = self.wb.subgroups(group.id)
        golden = {s.golden_quote_unit_id: i for i, s in enumerate(subs, 1) if s.golden_quote_unit_id}
        assigned: dict[int, list[int]] = {}
        for i, sub in enumerate(subs, 1):
            for a in self.wb.list(Assignment, subgroup_id=sub.id):
                assigned.setdefault(a.unit_id, []).append(i)
        labels = unit_labels(self.wb)
        units = self.query_one("#units", OptionList)
        at = units.highlighted
        units.clear_options()
        for unit in self.wb.units_in_group(group.id):
            line = Text(f"{labels.get(unit.document_id, '')}: ", style="bold")
            line.append(unit.snippet.replace("\n", " "))
            marks = ",".join(map(str, assigned.get(unit.id, [])))
            line.append(f"  → {marks}" if marks else "  (no subgroup)",
                        style="green" if marks else "yellow")
            if unit.id in golden:
                line.append(f"  ★ golden quote of {golden[unit.id]}", style="bold yellow")
            units.add_option(Option(line, id=str(unit.id)))
        if units.option_count:
            units.highlighted = min(at or 0, units.option_count - 1)
        self._fill_subgroups(subs)

    def _fill_subgroups(self, subs: list[Subgroup]) -> None:
        options = self.query_one("#subgroups", OptionList)
        at = options.highlighted
        options.clear_options()
        for i, sub in enumerate(subs, 1):
            n = len(self.wb.list(Assignment, subgroup_id=sub.id))
            line = Text(f"{i}. {sub.name}", style="bold")
            if sub.heading and sub.heading != sub.name:
                line.append(f" «{sub.heading}»")
            line.append(f"  {n} units" + ("  ★" if sub.golden_quote_unit_id else ""), style="dim")
            options.add_option(Option(line, id=str(sub.id)))
        if options.option_count:
            options.highlighted = min(at or 0, options.option_count - 1)
        self._show_condensate()

    def _show_condensate(self) -> None:
        sub_id = self.highlighted_id("#subgroups")
        if sub_id == self._cond_for:
            return
        found = self.wb.list(Condensate, subgroup_id=sub_id) if sub_id else []
        self.query_one("#condensate", TextArea).load_text(found[0].text if found else "")
        self._cond_for = sub_id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "subgroups":
            self._show_condensate()

    def action_assign(self, n: int) -> None:
        unit_id = self.highlighted_id("#units")
        group = self.group()
        if unit_id is None or group is None:
            return
        subs = self.wb.subgroups(group.id)
        if n > len(subs):
            self.notify(f"No subgroup {n} in {group.name!r}: n makes a new one")
            return
        sub = subs[n - 1]
        if self.wb.list(Assignment, unit_id=unit_id, subgroup_id=sub.id):
            self.app.call(self.wb.unassign_unit, unit_id, sub.id)
        else:
            self.app.call(self.wb.assign_unit, unit_id, sub.id)
        self.reload()

    def action_new_subgroup(self) -> None:
        group = self.group()
        if group is None:
            return

        def add(name: str) -> None:
            if self.app.call(self.wb.add_subgroup, group.id, name):
                self.reload()
        self.ask(f"New subgroup of {group.name!r}", "", add)

    def action_rename_subgroup(self) -> None:
        sub_id = self.highlighted_id("#subgroups")
        if sub_id is not None:
            sub = self.wb.get(Subgroup, sub_id)
            self.ask("Rename subgroup", sub.name,
                     lambda v: self.app.call(self.wb.rename_subgroup, sub_id, v) and self.reload())

    def action_headings(self) -> None:
        sub_id = self.highlighted_id("#subgroups")
        edit_headings(self, self.group(), self.wb.get(Subgroup, sub_id) if sub_id else None)

    def context_units(self) -> list[int]:
        """The highlighted unit; from the subgroups list or the condensate, the condensate's
        units (else the subgroup's)."""
        focused = self.focused.id if self.focused else None
        sub_id = self.highlighted_id("#subgroups")
        if focused in ("subgroups", "condensate") and sub_id is not None:
            return condensate_units(self.wb, sub_id)
        unit_id = self.highlighted_id("#units")
        return [unit_id] if unit_id is not None else []

    def action_golden_quote(self) -> None:
        unit_id = self.highlighted_id("#units")
        group = self.group()
        if unit_id is None or group is None:
            return
        mine = [s for s in self.wb.subgroups(group.id)
                if self.wb.list(Assignment, unit_id=unit_id, subgroup_id=s.id)]
        current = self.highlighted_id("#subgroups")
        sub = next((s for s in mine if s.id == current), mine[0] if mine else None)
        if sub is None:
            self.notify("Assign the unit to a subgroup first (1–9)", severity="warning")
            return
        if self.app.call(self.wb.set_golden_quote, sub.id, unit_id):
            self.notify(f"Golden quote of {sub.name!r}: unit {unit_id}")
            self.reload()

    def action_edit_condensate(self) -> None:
        self.query_one("#condensate", TextArea).focus()

    def action_save_condensate(self) -> None:
        sub_id = self._cond_for
        if sub_id is None:
            return
        text = self.query_one("#condensate", TextArea).text
        units = [u.id for u in self.wb.units_in_subgroup(sub_id)]
        if self.app.call(self.wb.set_condensate, sub_id, text, units):
            self.notify("Saved the condensate")

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea) and event.widget.id == "condensate":
            saved = self.wb.list(Condensate, subgroup_id=self._cond_for) if self._cond_for else []
            if (saved[0].text if saved else "") != event.widget.text and not self.wb.read_only:
                self.action_save_condensate()
