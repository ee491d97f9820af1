"""Step 2's coding keys: the code groups numbered on screen, a digit that codes the
selection, the focused suggestion (accepting it) or the unit, and the picker (c, u) with the
code group used last preselected."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from ..domain.model import CodeGroup
from .dialogs import Choice, PickerScreen
from .i18n import tr
from .step2_host import Step2Host
from .transcript import GROUP_STYLES


class CodingKeys(Step2Host):
    """Mixed into the step 2 screen (which provides ``view``, ``wb``, ``_make_unit``…)."""

    last_group_id: int | None = None  # the code group last coded into (a, c preselect)

    def _show_groups(self) -> None:
        """The code groups with the digits that code into them; the focused unit's in bold."""
        groups = self.wb.code_groups()
        unit = self._current_unit_mark()
        coded = set(self.wb.unit_groups(unit.id)) if unit is not None else set()
        line = Text()
        if not groups:
            line.append(tr("No code groups yet — c or a makes one from a theme or a new name"),
                        style="dim")
        for n, group in enumerate(groups[:9], start=1):
            style = GROUP_STYLES[(n - 1) % len(GROUP_STYLES)]
            line.append(f" {n} ", style="bold")
            line.append(group.name, style=style + Style(bold=True, underline=True)
                        if group.id in coded else style)
            line.append(" ")
        if len(groups) > 9:
            line.append(tr("+{n} more: c").format(n=len(groups) - 9), style="dim")
        strip = self.query_one("#code-groups", Static)
        if line != getattr(self, "_groups_line", None):
            self._groups_line = line
            strip.update(line)

    def action_code_digit(self, n: int) -> None:
        """A digit codes the selection, the focused suggestion (accepting it) or the unit
        into code group n; on a unit already in that group it takes it out again."""
        groups = self.wb.code_groups()
        if n > len(groups):
            self.notify(tr("No code group {n}: c or a picks or makes one").format(n=n))
            return
        group = groups[n - 1]
        self.last_group_id = group.id
        unit_mark = None if self.view.selection or self.current_suggestion() else self._current_unit_mark()
        if unit_mark is None:
            self._make_unit((group.id,))
            return
        coded = group.id in self.wb.unit_groups(unit_mark.id)
        message = tr("Unit {id} taken out of {group}") if coded else tr("Unit {id} → {group}")

        def done(_result: object) -> None:
            self.notify(message.format(id=unit_mark.id, group=group.name))
            self._after_change(unit_mark)
        self.app.write(self.wb.uncode_unit if coded else self.wb.code_unit, unit_mark.id, group.id,
                       then=done)

    def action_code_unit(self) -> None:
        """c: code the unit (or accept the focused suggestion and code it) via the picker."""
        if self.current_suggestion() is not None or self.view.selection:
            self.action_accept_and_code()
            return
        unit = self.current_unit()
        if unit is None:
            self.notify(tr("Move to a meaning unit first (n/p), or mark one (enter)"))
            return
        coded = set(self.wb.unit_groups(unit.id))

        def code(group: CodeGroup) -> None:
            def coded_into(_coding: object) -> None:
                self.last_group_id = group.id
                self.notify(tr("Unit {id} → {group}").format(id=unit.id, group=group.name))
                self._focus_unit(unit)
            self.app.write(self.wb.code_unit, unit.id, group.id, then=coded_into)
        self._pick_group(tr("Code unit {id} into…").format(id=unit.id), coded, code)

    def _pick_group(self, title: str, coded: set[int], then: Callable[[CodeGroup], object]) -> None:
        """The fuzzy code-group picker (a theme or a new name makes a code group on the spot),
        with the code group used last preselected."""
        choices = [Choice(f"g:{g.id}", g.name, tr("✓ coded") if g.id in coded else "")
                   for g in self.wb.code_groups()]
        choices += [Choice(f"t:{t.id}", t.name, tr("theme → new code group"))
                    for t in self.wb.themes() if not t.promoted_to]

        def chosen(key: str | None) -> None:
            if not key:
                return
            kind, _, value = key.partition(":")

            def picked(group: CodeGroup) -> None:
                self.last_group_id = group.id
                then(group)
            if kind == "new":
                self.app.write(self.wb.add_code_group, value, then=picked)
            elif kind == "t":
                self.app.write(self.wb.promote_theme, int(value), "code_group", then=picked)
            else:
                picked(self.wb.code_group(int(value)))
        preselect = f"g:{self.last_group_id}" if self.last_group_id is not None else None
        self.app.push_screen(PickerScreen(title, choices, create_label=tr("new code group"),
                                          preselect=preselect), chosen)

    def action_uncode_unit(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        choices = [Choice(str(g), self.wb.code_group(g).name) for g in self.wb.unit_groups(unit.id)]

        def chosen(key: str | None) -> None:
            if key:
                self.app.write(self.wb.uncode_unit, unit.id, int(key),
                               then=lambda _r: self._after_change())
        self.app.push_screen(PickerScreen(tr("Remove unit {id} from…").format(id=unit.id), choices),
                             chosen)

