"""The text editor of the steps (memo, condensate, analytic text, quote): a TextArea that
``Esc`` leaves for the list it was opened from, with the editing keys people expect.

Without it ``Esc`` did nothing in an editor, so the next key meant for a list (a digit,
``n``, ``e``) was typed into the memo instead. Leaving saves through the screen's blur
handler, as moving the focus with the mouse does.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import TextArea


class EditorArea(TextArea):
    """A TextArea for the researcher's own text; Esc goes back to ``return_to``."""

    BINDINGS = [
        Binding("escape", "leave", "Back to the list", id="editor_leave", show=False),
        Binding("ctrl+a", "select_all", "Select all", id="editor_select_all", show=False),
        Binding("ctrl+e", "cursor_line_end", "Line end", id="editor_line_end", show=False),
    ]

    def __init__(self, *args: Any, return_to: str, **kwargs: Any):
        kwargs.setdefault("soft_wrap", True)
        super().__init__(*args, **kwargs)
        self.return_to = return_to  # a selector on the screen: the list this editor serves
        self.came_from: Widget | None = None

    def open_from(self, widget: Widget | None) -> None:
        """Focus the editor, remembering the widget to go back to on Esc."""
        if widget is not None and widget is not self:
            self.came_from = widget
        self.focus()

    def action_leave(self) -> None:
        target = self.came_from
        if target is None or not target.is_attached or not target.focusable:
            target = self.screen.query_one(self.return_to)
        self.came_from = None
        target.focus()
