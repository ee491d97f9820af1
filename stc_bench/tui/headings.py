"""Headings are not names: edit a code group's chapter heading, list label and discussion
heading, and a subgroup's heading, from steps 3 and 4 (the trail keeps every version)."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..domain.model import CodeGroup, Subgroup
from .dialogs import Choice, PickerScreen, PromptScreen
from .i18n import tr

GROUP_FIELDS = [("heading", "Chapter heading"), ("list_label", "List label"),
                ("discussion_heading", "Discussion heading"), ("name", "Internal name")]
SUBGROUP_FIELDS = [("heading", "Subgroup heading"), ("discussion_heading", "Discussion heading"),
                   ("name", "Internal name")]


def heading_choices(group: CodeGroup, subgroup: Subgroup | None) -> list[Choice]:
    """One picker entry per heading, its current value as the hint; the subgroup's first
    when one is current."""
    choices = []
    if subgroup is not None:
        choices += [Choice(f"s:{field}", f"{tr(label)} — {subgroup.name}",
                           getattr(subgroup, field) or "—") for field, label in SUBGROUP_FIELDS]
    choices += [Choice(f"g:{field}", f"{tr(label)} — {group.name}", getattr(group, field) or "—")
                for field, label in GROUP_FIELDS]
    return choices


def edit_headings(screen: Any, group: CodeGroup | None, subgroup: Subgroup | None) -> None:
    """Pick which heading to change, type its new text; saved through the service layer,
    then ``screen.reload()``."""
    if group is None:
        screen.notify(tr("No code group yet"), severity="warning")
        return
    app, wb = screen.app, screen.app.wb

    def chosen(key: str | None) -> None:
        if not key:
            return
        kind, _, field = key.partition(":")
        owner = subgroup if kind == "s" else group
        if owner is None:
            return
        label = dict(SUBGROUP_FIELDS if kind == "s" else GROUP_FIELDS)[field]

        def save(value: str) -> None:
            def saved(_owner: object) -> None:
                screen.notify(f"{tr(label)}: {value.strip()}")
                screen.reload()
            app.write(partial(wb.edit_subgroup if kind == "s" else wb.edit_code_group, owner.id,
                              **{field: value.strip()}), then=saved)

        def answered(value: str | None) -> None:
            if value is not None:
                save(value)
        app.push_screen(PromptScreen(f"{tr(label)} — {owner.name}", getattr(owner, field)),
                        answered)
    app.push_screen(PickerScreen(tr("Which heading?"), heading_choices(group, subgroup)), chosen)
