"""Comments on anything (supervisor ↔ student) and what review mode leaves on screen.

``k`` comments on what the screen has current (a theme, a meaning unit, a subgroup, an
analytic text, a quote, a transcript); ``K`` lists the comment threads — open, mine or
resolved — where ``enter`` goes to the object, ``a`` answers and ``x`` resolves. Every
comment, answer and resolution is an event in the coding trail. In review mode
(``open --review``) the analysis is read-only: the keys that would change it leave the
footer and the palette, and only comments and review marks are written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.model import Comment
from .i18n import counted, localise_bindings, tr

if TYPE_CHECKING:
    from textual import getters

    from .app import StcApp

#: Actions that change the analysis: hidden (and refused) in review mode.
EDIT_ACTIONS = frozenset({
    "accept_and_code", "add_theme", "code_unit", "code_digit", "delete_theme", "delete_unit",
    "describe_theme", "dismiss_suggestion", "edit_condensate", "edit_quote", "edit_text",
    "golden_quote", "headings", "import_transcripts", "insert_quote", "join_next", "mark_unit",
    "merge_next", "move_quote", "move_theme", "new_subgroup", "promote", "promote_subgroup",
    "remove_quote", "rename_subgroup", "rename_theme", "resize_sentence", "resize_word",
    "save_condensate", "save_impression", "save_text", "split_sentence", "suggest",
    "theme_notes", "uncode_unit", "assign", "undo", "redo", "validate", "verdict", "edit",
    "consent", "new_guide", "link_guide", "hit_to_unit", "focus_memo", "place_quote", "memo",
})

#: What the trail calls each kind of object a comment can be on, as the reader sees it.
ENTITY_NAMES = {
    "theme": "theme", "meaning_unit": "meaning unit", "code_group": "code group",
    "subgroup": "subgroup", "condensate": "condensate", "analytic_text": "analytic text",
    "quote": "quote", "document": "transcript", "comment": "comment", "memo": "memo",
    # what else the trail's events are about (the changes screen names them too)
    "validation": "validation", "informant": "informant", "consent": "consent",
    "project": "project", "interview_guide": "interview guide", "person": "person",
    "data_management": "data management",
}


def allowed(app: Any, action: str) -> bool:
    """Whether ``action`` is offered: everything, except edits while reviewing. (The
    app's own ``read_only``, known before its Workbench is: the first frame's footer
    asks before the project is open.)"""
    return not (getattr(app, "read_only", False) and action in EDIT_ACTIONS)


def describe(entity: str, entity_id: int) -> str:
    return f"{tr(ENTITY_NAMES.get(entity, entity))} {entity_id}"


class CommentsScreen(ModalScreen[tuple[str, int] | None]):
    """The comment threads: open, mine or resolved; enter goes to the object."""

    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write, .document_id …

    BINDINGS = [
        Binding("escape", "close", "Close", id="comments_close"),
        Binding("o", "show('open')", "Open", id="comments_open"),
        Binding("m", "show('mine')", "Mine", id="comments_mine"),
        Binding("r", "show('resolved')", "Resolved", id="comments_resolved"),
        Binding("a", "answer", "Answer", id="comments_answer"),
        Binding("x", "resolve", "Resolve", id="comments_resolve"),
        Binding("enter", "go", "Go to", id="comments_go", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self.which = "open"
        self._shown: list[Comment] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="comments"):
            yield Label("", id="comments-title", classes="dialog-title", markup=False)
            yield OptionList(id="comment-threads")
            yield Static("", id="comment-thread", markup=False)
            yield Static(Text(tr("o open · m mine · r resolved · enter: go to it · a: answer · "
                                 "x: resolve · Esc: close"), style="dim"), markup=False)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        wb = self.app.wb
        if self.which == "mine":
            found = wb.comments(None, author=wb.actor)
        else:
            found = wb.comments(self.which)
        answers = wb.answer_counts()
        self._shown = found
        title = {"open": tr("Open comments"), "mine": tr("My comments"),
                 "resolved": tr("Resolved comments")}[self.which]
        self.query_one("#comments-title", Label).update(f"{title} ({len(found)})")
        options = self.query_one(OptionList)
        options.clear_options()
        for c in found:
            replies = answers.get(c.id, 0)
            line = Text(f"{describe(c.entity, c.entity_id)} · {c.author}: ", style="bold")
            line.append(" ".join(c.text.split())[:100])
            if replies:
                line.append("  " + counted(replies, "{n} answer", "{n} answers"), style="dim")
            if c.resolved_at:
                line.append("  ✓ " + tr("resolved by {who}").format(who=c.resolved_by), style="green")
            options.add_option(Option(line, id=str(c.id)))
        if found:
            options.highlighted = 0
        self._show_thread()

    def _current(self) -> Comment | None:
        index = self.query_one(OptionList).highlighted
        return self._shown[index] if index is not None and index < len(self._shown) else None

    def _show_thread(self) -> None:
        c = self._current()
        body = Text()
        if c is not None:
            for one in self.app.wb.thread(c.id):
                body.append(f"{one.author} ({one.created_at[:16].replace('T', ' ')}): ", style="bold")
                body.append(one.text + "\n")
        elif not self._shown:
            body.append(tr("No comments here. k comments on what a screen has current."), style="dim")
        self.query_one("#comment-thread", Static).update(body)

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._show_thread()

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_go()

    def action_show(self, which: str) -> None:
        self.which = which
        self._fill()

    def action_go(self) -> None:
        c = self._current()
        if c is not None:
            self.dismiss((c.entity, c.entity_id))

    def action_answer(self) -> None:
        c = self._current()
        if c is None:
            return
        from .dialogs import PromptScreen

        def answered(text: str | None) -> None:
            if text and text.strip():  # off the UI thread: another process may hold the lock
                self.app.write(self.app.wb.reply_comment, c.id, text,
                               then=lambda _reply: self._fill())
        self.app.push_screen(PromptScreen(tr("Answer {author}").format(author=c.author)), answered)

    def action_resolve(self) -> None:
        c = self._current()
        if c is None or c.resolved_at:
            return

        def resolved(_comment) -> None:
            self.notify(tr("Resolved"))
            self._fill()
        self.app.write(self.app.wb.resolve_comment, c.id, then=resolved)

    def action_close(self) -> None:
        self.dismiss(None)


def object_place(wb: Any, entity: str, entity_id: int
                 ) -> tuple[str, int | None, int | None, tuple[int, int] | None] | None:
    """Where an object of the trail is shown: (screen, transcript, code group, span to
    select in step 2); None when it is gone."""
    from ..domain.errors import NotFound

    try:
        if entity == "comment":
            parent = wb.comment(entity_id)
            return object_place(wb, parent.entity, parent.entity_id)
        if entity == "meaning_unit":
            unit = wb.unit(entity_id)
            return "step2", unit.document_id, None, (unit.start, unit.end)
        if entity == "document":
            return "step2", wb.document(entity_id).id, None, None
        if entity == "theme":
            return "step1", None, None, None
        if entity == "code_group":
            return "step3", None, wb.code_group(entity_id).id, None
        if entity == "subgroup":
            return "step3", None, wb.subgroup(entity_id).code_group_id, None
        if entity == "condensate":
            sub = wb.subgroup(wb.condensate_by_id(entity_id).subgroup_id)
            return "step3", None, sub.code_group_id, None
        if entity in ("analytic_text", "quote"):
            text_id = entity_id if entity == "analytic_text" else wb.quote(entity_id).analytic_text_id
            text = wb.analytic_text(text_id)
            group = (text.code_group_id if text.subgroup_id is None
                     else wb.subgroup(text.subgroup_id).code_group_id)
            return "step4", None, group, None
    except NotFound:
        return None
    return None
