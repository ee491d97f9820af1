"""What every step screen shares: the document and code-group choosers, marks, reloading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from .comments import allowed
from .dialogs import Choice, PickerScreen
from .i18n import localise_bindings, tr
from .transcript import GROUP_STYLES, SUGGESTION_STYLE, UNCODED_STYLE, Mark

if TYPE_CHECKING:
    from textual import getters

    from ..services import Workbench
    from .app import StcApp


class StepScreen(Screen):
    """A step of the method. Subclasses implement ``reload`` (after any change)."""

    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write, .document_id …

    STEP = "overview"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        localise_bindings(self)  # footer in the UI language, `?` first

    @property
    def wb(self) -> Workbench:
        return self.app.wb

    def context_units(self) -> list[int]:
        """The meaning units ``o`` shows in context (first = current); step screens override.
        By default the screen's ``current_unit()``, if it has one."""
        current = getattr(self, "current_unit", None)
        unit = current() if current is not None else None
        return [unit.id] if unit is not None else []

    def comment_target(self) -> tuple[str, int] | None:
        """What ``k`` comments on here: (entity, id) of the current object, or None."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In review mode the keys that would change the analysis are not offered."""
        return allowed(self.app, action)

    def reload(self) -> None:  # pragma: no cover - overridden
        """Re-read what the screen shows from the service layer."""

    def save_pending(self) -> None:
        """Save text typed but not yet saved (a memo, condensate or analytic text): called
        before the app quits, changes language or leaves the screen. Screens with an
        editor override it."""

    def on_screen_resume(self) -> None:
        self.reload()

    def document_choices(self) -> list[Choice]:
        labels = self.wb.informant_labels()
        return [Choice(str(d.id), d.title,
                       labels.get(d.informant_id, "") if d.informant_id is not None else "")
                for d in self.wb.current_documents()]

    def action_choose_document(self) -> None:
        def chosen(key: str | None) -> None:
            if key:
                self.app.document_id = int(key)
                self.reload()
        self.app.push_screen(PickerScreen(tr("Open transcript"), self.document_choices()), chosen)

    def group_colours(self) -> dict[int, int]:
        return {g.id: i for i, g in enumerate(self.wb.code_groups())}


def document_marks(wb: Any, document_id: int, with_suggestions: bool = True) -> list[Mark]:
    """Meaning units coloured by their first code group, and open suggestions underlined
    (those inside or overlapping a unit are hidden: they come back with the unit's undo)."""
    colours = {g.id: i for i, g in enumerate(wb.code_groups())}
    units, open_ = wb.units_with_open_suggestions(document_id)
    first_group: dict[int, int] = {}
    for coding in wb.codings_of(u.id for u in units):  # this transcript's, not all
        first_group.setdefault(coding.unit_id, coding.code_group_id)
    marks = []
    for u in units:
        group = first_group.get(u.id)
        style = (GROUP_STYLES[colours[group] % len(GROUP_STYLES)]
                 if group in colours else UNCODED_STYLE)
        marks.append(Mark(u.start, u.end, "unit", u.id, style))
    if with_suggestions:
        for s in open_:
            marks.append(Mark(s.start, s.end, "suggestion", s.id, SUGGESTION_STYLE))
    return marks
