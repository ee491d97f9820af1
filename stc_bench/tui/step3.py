"""Step 3 — condensation: subgroups, assignments, condensates and golden quotes."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Label, Static, TextArea

from ..domain.model import (
    CodeGroup,
    MeaningUnit,
    Subgroup,
)
from ..services.speakers import UnitLabels
from .editor import EditorArea
from .footer import FittedFooter
from .group_screen import GroupScreen
from .headings import edit_headings
from .i18n import tr
from .linelist import Entry, Layout, LineList, layout

# Styles as strings: a unit's (text, style) parts are then plain tuples of strings, which
# the garbage collector stops tracking — 8,000 units are 24,000 of them.
LABEL = "bold"
ASSIGNED = "green"
UNASSIGNED = "yellow"
GOLDEN = "bold yellow"


class GroupView(NamedTuple):
    """What step 3 shows of one code group, as read at trail event ``seq``."""

    seq: int
    subs: list[Subgroup]
    assigned: dict[int, list[int]]  # unit id → subgroup numbers (1-based)
    golden: dict[int, int]  # unit id → number of the subgroup it is the golden quote of
    units: list[MeaningUnit]
    entries: list[Entry]
    laid_out: Layout | None = None  # the entries wrapped, when read ahead
    condensates: dict[int, str] | None = None  # subgroup id → its condensate's text


def unit_entry(unit: MeaningUnit, labels: UnitLabels, assigned: dict[int, list[int]],
               golden: dict[int, int], words: tuple[str, str] | None = None) -> Entry:
    """One unit's line(s): informant, the unit's words, its subgroups (→ n) or none."""
    none, golden_of = words or (tr("no subgroup"), tr("golden quote of"))
    numbers = assigned.get(unit.id)
    parts = [(labels.of(unit.id, unit.document_id) + ": ", LABEL),
             (unit.snippet.replace("\n", " "), None),
             ("  →\u00a0" + ",".join(map(str, numbers)), ASSIGNED) if numbers
             else (f"  ({none})", UNASSIGNED)]
    if unit.id in golden:
        parts.append((f"  ★ {golden_of} {golden[unit.id]}", GOLDEN))
    return Entry(str(unit.id), parts)


class CondensateView(Static, can_focus=False):
    """The condensate as text; a click opens the editor (as ``e`` does)."""

    async def on_click(self) -> None:
        await self.screen.run_action("edit_condensate")  # run_action is a coroutine


def read_group(wb, group_id: int, seq: int, labels: UnitLabels,
               width: int | None = None) -> GroupView:
    """Read a code group's subgroups, assignments and units, and wrap its lines at
    ``width`` if given (reads only: safe in a thread)."""
    subs = wb.subgroups(group_id)
    golden = {s.golden_quote_unit_id: i for i, s in enumerate(subs, 1) if s.golden_quote_unit_id}
    assigned: dict[int, list[int]] = {}
    for i, sub in enumerate(subs, 1):
        for a in wb.subgroup_assignments(sub.id):
            assigned.setdefault(a.unit_id, []).append(i)
    units = wb.units_in_group(group_id)
    words = (tr("no subgroup"), tr("golden quote of"))
    entries = [unit_entry(u, labels, assigned, golden, words) for u in units]
    condensates = {sub.id: c.text for sub in subs if (c := wb.condensate(sub.id)) is not None}
    return GroupView(seq, subs, assigned, golden, units, entries,
                     layout(entries, width) if width else None, condensates)


class Step3Screen(GroupScreen):
    """Units of a code group on the left; subgroups and the condensate on the right.

    The group's data (units, subgroups, assignments) is read once per change: ``reload``
    does nothing while the trail has no new event and the code group is the same, and an
    assignment made here updates only its own line.
    """

    STEP = "step3"
    BINDINGS = [
        *[Binding(str(n), f"assign({n})", "Assign" if n == 1 else "", show=n == 1,
                  key_display="1–9" if n == 1 else None, id=f"step3_assign_{n}",
                  tooltip="Put the highlighted unit in subgroup n (again: take it out)")
          for n in range(1, 10)],
        Binding("q", "golden_quote", "Golden quote", id="step3_golden",
                tooltip="Make the highlighted unit the golden quote of its subgroup"),
        Binding("e", "edit_condensate", "Condensate", id="step3_edit",
                tooltip="Write the subgroup's condensate (ctrl+s saves; leaving it saves too)"),
        Binding("n", "new_subgroup", "New subgroup", id="step3_new_subgroup"),
        Binding("r", "rename_subgroup", "Rename subgroup", id="step3_rename_subgroup", show=False),
        Binding("ctrl+s", "save_condensate", "Save", id="step3_save", show=False),
        Binding("h", "headings", "Headings", id="step3_headings", show=False,
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
                yield LineList(id="subgroups")
                yield Label(Text(tr("Condensate (first person)")), id="cond-title",
                            classes="pane-title")
                # Read as text; e turns it into an editor (a TextArea costs a few ms a frame).
                yield CondensateView("", id="condensate-text", markup=False)
                yield EditorArea(id="condensate", return_to="#subgroups", classes="-hidden")
        yield FittedFooter()

    def on_mount(self) -> None:
        self._cond_for: int | None = None
        self._shown: tuple[int | None, int] | None = None  # (code group, trail seq) on screen
        self._labels: tuple[int, UnitLabels] | None = None  # (trail seq, labels)
        self._units: list[MeaningUnit] = []
        self._subs: list[Subgroup] = []
        self._assigned: dict[int, list[int]] = {}  # unit id → subgroup numbers (1-based)
        self._golden: dict[int, int] = {}  # unit id → number of the subgroup it is golden for
        self._groups: dict[int, GroupView] = {}  # code group → what it shows, at one trail seq
        self._condensates: dict[int, str] | None = None  # of the shown group's subgroups
        self.reload()
        self.query_one("#units", LineList).focus()

    def reload(self, seq: int | None = None) -> None:
        """Re-read the code group if it or anything in the project changed since last shown
        (``seq``: the trail's last seq, if the caller has just read it)."""
        seq = self.wb.last_seq() if seq is None else seq
        group = self.group(seq)
        same_group = self._shown is not None and self._shown[0] == (group.id if group else None)
        if self._shown == (group.id if group else None, seq):
            return
        self._shown = (group.id if group else None, seq)
        title = self.query_one("#group-title", Label)
        units = self.query_one("#units", LineList)
        if group is None:
            title.update(Text(tr("No code groups yet: make some in step 2 (or promote a theme)")))
            self._units, self._subs, self._assigned, self._golden = [], [], {}, {}
            self._condensates = None
            units.set_entries([])
            self._fill_subgroups()
            return
        line = Text(group.name, style="bold")
        if group.heading and group.heading != group.name:
            line.append(f" · {tr('heading')}: «{group.heading}»")
        line.append(" · g ] [: " + tr("another code group") + " · < >: " + tr("step")
                    + " · h: " + tr("headings"), style="dim")
        title.update(line, layout=False)  # one line, always: no new layout for a new title
        view = self._groups.get(group.id)
        if view is None or view.seq != seq:
            view = read_group(self.wb, group.id, seq, self._unit_labels(seq))
        self._subs, self._assigned, self._golden, self._units = (
            view.subs, view.assigned, view.golden, view.units)
        self._condensates = view.condensates
        # Back in a group: where you left it; the same group after a change: the same unit.
        units.set_entries(view.entries, keep=units.highlighted_key if same_group else None,
                          page=group.id, laid_out=view.laid_out)
        self._remember(group.id, seq)
        self._fill_subgroups()
        # once this group is on screen: the thread would otherwise hold up its first frame
        self.call_after_refresh(self.read_ahead, group.id, seq)

    def _remember(self, group_id: int, seq: int) -> None:
        """Keep what the group shows until the next change (switching back is then free)."""
        self._groups = {g: view for g, view in self._groups.items() if view.seq == seq}
        self._groups[group_id] = GroupView(seq, self._subs, self._assigned, self._golden,
                                           self._units, self.query_one("#units", LineList).entries,
                                           condensates=self._condensates)

    def has_ahead(self, group_id: int, seq: int) -> bool:
        view = self._groups.get(group_id)
        return view is not None and view.seq == seq

    def ahead_reader(self, seq: int) -> Callable[[int], GroupView]:
        labels = self._unit_labels(seq)
        wb, width = self.wb, self.query_one("#units", LineList).content_width
        return lambda group_id: read_group(wb, group_id, seq, labels, width)

    def keep_ahead(self, group_id: int, view: GroupView) -> None:
        self._groups.setdefault(group_id, view)

    def forget_ahead(self, shown: int | None) -> None:
        self._groups = {g: view for g, view in self._groups.items() if g == shown}

    def _unit_labels(self, seq: int) -> UnitLabels:
        if self._labels is None or self._labels[0] != seq:
            self._labels = (seq, self.wb.unit_labels())
        return self._labels[1]

    def _entry(self, unit: MeaningUnit, labels: UnitLabels) -> Entry:
        return unit_entry(unit, labels, self._assigned, self._golden)

    def _fill_subgroups(self) -> None:
        counts: dict[int, int] = {}
        for numbers in self._assigned.values():
            for n in numbers:
                counts[n] = counts.get(n, 0) + 1
        entries = []
        for i, sub in enumerate(self._subs, 1):
            parts: list[tuple[str, str | None]] = [(f"{i}. {sub.name}", "bold")]
            if sub.heading and sub.heading != sub.name:
                parts.append((f" «{sub.heading}»", None))
            parts.append((f"  {counts.get(i, 0)} {tr('units')}"
                          + ("  ★" if sub.golden_quote_unit_id else ""), "dim"))
            entries.append(Entry(str(sub.id), parts))
        options = self.query_one("#subgroups", LineList)
        if entries != options.entries:
            options.set_entries(entries)
        self._show_condensate(fresh=True)

    def _show_condensate(self, fresh: bool = False) -> None:
        """Show the highlighted subgroup's condensate (``fresh``: the group was read at the
        trail's present seq, so the text read with it is current)."""
        sub_id = self.highlighted_id("#subgroups")
        if sub_id == self._cond_for:
            if sub_id is None:
                self._show_text("")
            return
        known = self._condensates
        if sub_id is None:
            text = ""
        elif known is not None and self._shown is not None and (
                fresh or self._shown[1] == self.wb.last_seq()):
            text = known.get(sub_id, "")  # read with the group, and nothing changed since
        else:
            text = self._saved_condensate(sub_id)
        self._cond_for = sub_id
        self._show_text(text)

    def _show_text(self, text: str) -> None:
        view = self.query_one("#condensate-text", CondensateView)
        if self._cond_for is None:
            shown = Text(tr("(no subgroup yet: n makes one)"), style="dim")
        else:
            shown = Text(text) if text.strip() else Text(tr("(no condensate yet: e writes it)"),
                                                         style="dim")
        view.update(shown, layout=False)  # its height is fixed (1fr): no new layout

    def _editing(self) -> bool:
        return not self.query_one("#condensate", TextArea).has_class("-hidden")

    def on_line_list_highlighted(self, event: LineList.Highlighted) -> None:
        if event.line_list.id == "subgroups":
            self._show_condensate()

    def comment_target(self) -> tuple[str, int] | None:
        focused = self.app.focused
        unit_id = self.highlighted_id("#units")
        if focused is not None and focused.id in ("subgroups", "condensate") or unit_id is None:
            sub_id = self._cond_for
            if sub_id is not None:
                return "subgroup", sub_id
            group = self.group()
            return ("code_group", group.id) if group is not None else None
        return "meaning_unit", unit_id

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
        taken_out = n in numbers
        changed = sorted(set(numbers) - {n}) if taken_out else sorted({*numbers, n})
        self.app.write(self.wb.unassign_unit if taken_out else self.wb.assign_unit, unit_id,
                       subs[n - 1].id, then=lambda _r: self._assigned_now(group, unit_id, changed,
                                                                         before))

    def _assigned_now(self, group: CodeGroup, unit_id: int, changed: list[int], before: int) -> None:
        """The unit's subgroups are now ``changed``: when that is the only event since
        ``before``, update its line; else read the group again."""
        if self._shown == (group.id, before) and self.wb.last_seq() == before + 1:
            self._assigned[unit_id] = changed  # only this change: update its line, not the list
            self._shown = (group.id, before + 1)
            units = self.query_one("#units", LineList)
            labels = self._labels[1] if self._labels else self.wb.unit_labels()
            index = units.highlighted
            unit = self._units[index] if index is not None and index < len(self._units) else None
            if unit is not None and index is not None and unit.id == unit_id:
                units.replace_entry(index, self._entry(unit, labels))
                # Other groups read ahead show their own subgroups: this change is not theirs.
                self._groups = {g: view._replace(seq=before + 1)
                                for g, view in self._groups.items() if view.seq == before}
                if self._labels is not None and self._labels[0] == before:
                    self._labels = (before + 1, self._labels[1])
                self._remember(group.id, before + 1)
                self._fill_subgroups()
                return
        self.reload()

    def action_new_subgroup(self) -> None:
        group = self.group()
        if group is None:
            return

        self.ask(tr("New subgroup of {group!r}").format(group=group.name), "",
                 lambda name: self.app.write(self.wb.add_subgroup, group.id, name,
                                             then=lambda _sub: self.reload()))

    def action_rename_subgroup(self) -> None:
        sub_id = self.highlighted_id("#subgroups")
        if sub_id is not None:
            sub = self.wb.subgroup(sub_id)
            self.ask(tr("Rename subgroup"), sub.name,
                     lambda v: self.app.write(self.wb.rename_subgroup, sub_id, v,
                                              then=lambda _sub: self.reload()))

    def action_headings(self) -> None:
        sub_id = self.highlighted_id("#subgroups")
        edit_headings(self, self.group(), self.wb.subgroup(sub_id) if sub_id else None)

    def context_units(self) -> list[int]:
        """The highlighted unit; from the subgroups list or the condensate, the condensate's
        units (else the subgroup's)."""
        focused = self.focused.id if self.focused else None
        sub_id = self.highlighted_id("#subgroups")
        if focused in ("subgroups", "condensate") and sub_id is not None:
            return self.wb.condensate_units(sub_id)
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
        def chosen(_sub: object) -> None:
            self.notify(tr("Golden quote of {sub!r}: unit {unit}").format(sub=sub.name, unit=unit_id))
            self.reload()
        self.app.write(self.wb.set_golden_quote, sub.id, unit_id, then=chosen)

    def action_edit_condensate(self) -> None:
        """Open the highlighted subgroup's condensate in the editor."""
        if self._cond_for is None:
            self.notify(tr("Make a subgroup first (n)"), severity="warning")
            return
        editor = self.query_one("#condensate", EditorArea)
        came_from = self.app.focused
        if not self._editing():
            editor.load_text(self._saved_condensate(self._cond_for))
            editor.remove_class("-hidden")
            self.query_one("#condensate-text").add_class("-hidden")
        editor.open_from(came_from)

    def action_save_condensate(self) -> None:
        sub_id = self._cond_for
        if sub_id is None:
            return
        text = self.query_one("#condensate", TextArea).text
        units = [u.id for u in self.wb.units_in_subgroup(sub_id)]
        self.app.write(self.wb.set_condensate, sub_id, text, units,
                       then=lambda _c: self.notify(tr("Saved the condensate")),
                       failed=lambda _e: self._show_text(self._saved_condensate(self._cond_for)))

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea) and event.widget.id == "condensate":
            self.save_pending()
            editor = event.widget  # back to reading: the text as saved (or being saved)
            editor.add_class("-hidden")
            self.query_one("#condensate-text").remove_class("-hidden")
            self._show_text(editor.text)

    def save_pending(self) -> None:
        if self._cond_for is None or self.wb.read_only or not self._editing():
            return
        if self._saved_condensate(self._cond_for) != self.query_one("#condensate", TextArea).text:
            self.action_save_condensate()

    def _saved_condensate(self, sub_id: int | None) -> str:
        """The subgroup's condensate as stored ("" for none, or no subgroup)."""
        found = self.wb.condensate(sub_id) if sub_id is not None else None
        return found.text if found else ""
