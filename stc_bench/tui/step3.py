"""Step 3 — condensation: subgroups, assignments, condensates and golden quotes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from ..domain.model import (
    Assignment,
    CodeGroup,
    Condensate,
    CondensateUnit,
    Document,
    Informant,
    MeaningUnit,
    Subgroup,
)
from .base import StepScreen
from .dialogs import Choice, PickerScreen, PromptScreen
from .headings import edit_headings
from .i18n import tr
from .linelist import Entry, LineList

# Styles as strings: a unit's (text, style) parts are then plain tuples of strings, which
# the garbage collector stops tracking — 8,000 units are 24,000 of them.
LABEL = "bold"
ASSIGNED = "green"
UNASSIGNED = "yellow"
GOLDEN = "bold yellow"


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
                self.reload()  # once: the resume after the picker finds nothing changed
        counts = self.wb.units_per_group()
        choices = [Choice(str(g.id), g.name, tr("{n} units").format(n=counts.get(g.id, 0)))
                   for g in self.wb.code_groups()]
        self.app.push_screen(PickerScreen(tr("Code group"), choices), chosen)

    def ask(self, title: str, value: str, then) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:
                then(answer)
        self.app.push_screen(PromptScreen(title, value), done)

    def highlighted_id(self, selector: str) -> int | None:
        options = self.query_one(selector)
        if isinstance(options, LineList):
            key = options.highlighted_key
            return int(key) if key is not None else None
        if options.highlighted is None or not options.option_count:
            return None
        return int(options.get_option_at_index(options.highlighted).id)


class Step3Screen(GroupScreen):
    """Units of a code group on the left; subgroups and the condensate on the right.

    The group's data (units, subgroups, assignments) is read once per change: ``reload``
    does nothing while the trail has no new event and the code group is the same, and an
    assignment made here updates only its own line.
    """

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
                yield LineList(id="units")
            with Vertical(id="step3-right"):
                yield Label(Text(tr("Subgroups")), classes="pane-title")
                yield OptionList(id="subgroups")
                yield Label(Text(tr("Condensate (first person, an artificial quotation)")), id="cond-title",
                            classes="pane-title")
                yield TextArea(id="condensate", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self._cond_for: int | None = None
        self._shown: tuple[int | None, int] | None = None  # (code group, trail seq) on screen
        self._labels: tuple[int, dict[int, str]] | None = None  # (trail seq, labels)
        self._units: list[MeaningUnit] = []
        self._subs: list[Subgroup] = []
        self._assigned: dict[int, list[int]] = {}  # unit id → subgroup numbers (1-based)
        self._golden: dict[int, int] = {}  # unit id → number of the subgroup it is golden for
        self._groups: dict[int, tuple] = {}  # code group → (trail seq, what it shows)
        self.reload()
        self.query_one("#units", LineList).focus()

    def reload(self) -> None:
        """Re-read the code group if it or anything in the project changed since last shown."""
        seq = self.wb.last_seq()
        group = self.group()
        if self._shown == (group.id if group else None, seq):
            return
        self._shown = (group.id if group else None, seq)
        title = self.query_one("#group-title", Label)
        units = self.query_one("#units", LineList)
        if group is None:
            title.update(Text(tr("No code groups yet: make some in step 2 (or promote a theme)")))
            self._units, self._subs, self._assigned, self._golden = [], [], {}, {}
            units.set_entries([])
            self._fill_subgroups()
            return
        line = Text(group.name, style="bold")
        if group.heading and group.heading != group.name:
            line.append(f" · {tr('heading')}: «{group.heading}»")
        line.append(" · g: " + tr("another code group") + " · h: " + tr("headings"), style="dim")
        title.update(line)
        cached = self._groups.get(group.id)
        if cached is not None and cached[0] == seq:  # back to a group seen since the last change
            _seq, self._subs, self._assigned, self._golden, self._units, entries = cached
        else:
            self._subs = self.wb.subgroups(group.id)
            self._golden = {s.golden_quote_unit_id: i for i, s in enumerate(self._subs, 1)
                            if s.golden_quote_unit_id}
            self._assigned = {}
            for i, sub in enumerate(self._subs, 1):
                for a in self.wb.list(Assignment, subgroup_id=sub.id):
                    self._assigned.setdefault(a.unit_id, []).append(i)
            self._units = self.wb.units_in_group(group.id)
            labels = self._unit_labels(seq)
            words = (tr("no subgroup"), tr("golden quote of"))
            entries = [self._entry(u, labels, words) for u in self._units]
        units.set_entries(entries, keep=units.highlighted_key)
        self._remember(group.id, seq)
        self._fill_subgroups()

    def _remember(self, group_id: int, seq: int) -> None:
        """Keep what the group shows until the next change (switching back is then free)."""
        self._groups = {g: data for g, data in self._groups.items() if data[0] == seq}
        self._groups[group_id] = (seq, self._subs, self._assigned, self._golden, self._units,
                                  list(self.query_one("#units", LineList).entries))

    def _unit_labels(self, seq: int) -> dict[int, str]:
        if self._labels is None or self._labels[0] != seq:
            self._labels = (seq, unit_labels(self.wb))
        return self._labels[1]

    def _entry(self, unit: MeaningUnit, labels: dict[int, str],
               words: tuple[str, str] | None = None) -> Entry:
        """One unit's line(s): informant, the unit's words, its subgroups (→ n) or none."""
        none, golden = words or (tr("no subgroup"), tr("golden quote of"))
        numbers = self._assigned.get(unit.id)
        parts = [(labels.get(unit.document_id, "") + ": ", LABEL),
                 (unit.snippet.replace("\n", " "), None),
                 ("  →\u00a0" + ",".join(map(str, numbers)), ASSIGNED) if numbers
                 else (f"  ({none})", UNASSIGNED)]
        if unit.id in self._golden:
            parts.append((f"  ★ {golden} {self._golden[unit.id]}", GOLDEN))
        return Entry(str(unit.id), parts)

    def _fill_subgroups(self) -> None:
        options = self.query_one("#subgroups", OptionList)
        at = options.highlighted
        options.clear_options()
        counts: dict[int, int] = {}
        for numbers in self._assigned.values():
            for n in numbers:
                counts[n] = counts.get(n, 0) + 1
        for i, sub in enumerate(self._subs, 1):
            line = Text(f"{i}. {sub.name}", style="bold")
            if sub.heading and sub.heading != sub.name:
                line.append(f" «{sub.heading}»")
            line.append(f"  {counts.get(i, 0)} {tr('units')}" + ("  ★" if sub.golden_quote_unit_id else ""),
                        style="dim")
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
        subs = self._subs
        if n > len(subs):
            self.notify(tr("No subgroup {n} in {group!r}: n makes a new one").format(n=n, group=group.name))
            return
        before = self.wb.last_seq()
        numbers = self._assigned.get(unit_id, [])
        if n in numbers:
            self.app.call(self.wb.unassign_unit, unit_id, subs[n - 1].id)
            changed = sorted(set(numbers) - {n})
        else:
            self.app.call(self.wb.assign_unit, unit_id, subs[n - 1].id)
            changed = sorted({*numbers, n})
        if self._shown == (group.id, before) and self.wb.last_seq() == before + 1:
            self._assigned[unit_id] = changed  # only this change: update its line, not the list
            self._shown = (group.id, before + 1)
            units = self.query_one("#units", LineList)
            labels = self._labels[1] if self._labels else unit_labels(self.wb)
            index = units.highlighted
            unit = self._units[index] if index is not None and index < len(self._units) else None
            if unit is not None and unit.id == unit_id:
                units.replace_entry(index, self._entry(unit, labels))
                self._remember(group.id, before + 1)
                self._fill_subgroups()
                return
        self.reload()

    def action_new_subgroup(self) -> None:
        group = self.group()
        if group is None:
            return

        def add(name: str) -> None:
            if self.app.call(self.wb.add_subgroup, group.id, name):
                self.reload()
        self.ask(tr("New subgroup of {group!r}").format(group=group.name), "", add)

    def action_rename_subgroup(self) -> None:
        sub_id = self.highlighted_id("#subgroups")
        if sub_id is not None:
            sub = self.wb.get(Subgroup, sub_id)
            self.ask(tr("Rename subgroup"), sub.name,
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
        mine = [self._subs[n - 1] for n in self._assigned.get(unit_id, []) if n <= len(self._subs)]
        current = self.highlighted_id("#subgroups")
        sub = next((s for s in mine if s.id == current), mine[0] if mine else None)
        if sub is None:
            self.notify(tr("Assign the unit to a subgroup first (1–9)"), severity="warning")
            return
        if self.app.call(self.wb.set_golden_quote, sub.id, unit_id):
            self.notify(tr("Golden quote of {sub!r}: unit {unit}").format(sub=sub.name, unit=unit_id))
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
            self.notify(tr("Saved the condensate"))

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea) and event.widget.id == "condensate":
            saved = self.wb.list(Condensate, subgroup_id=self._cond_for) if self._cond_for else []
            if (saved[0].text if saved else "") != event.widget.text and not self.wb.read_only:
                self.action_save_condensate()
