"""The app's keys for reading an analysis as a supervisor does (they change nothing, so
they work in review mode too): ``T`` traces a claim of the chapter back to the transcript,
``C`` shows the supervisor's checklist. And the student's side of the same annotation
flow: ``M`` writes a memo on the current object (like ``k`` a comment; hidden in review
mode), ``L`` lists and searches the memos.

Kept out of ``app.py`` so the app stays a thin shell: the bindings are listed in the
app's ``BINDINGS`` and the actions come with :class:`SupervisorActions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from .i18n import tr
from .workers import ProjectWrites

if TYPE_CHECKING:
    from ..services import Workbench

SUPERVISOR_BINDINGS = [
    Binding("T", "trace", "Trace a claim", id="trace", key_display="T",
            tooltip="The chapter's paragraph or quote → subgroup → condensate and its units "
                    "→ the transcript; Esc goes back one level"),
    Binding("C", "checklist", "Supervisor's checklist", id="checklist", key_display="C",
            tooltip="Per subgroup condensate, golden quote, text, validation; edited quotes; "
                    "who is silent; coded share; theme history; consent and deletion"),
    Binding("M", "memo", "Memo", id="memo", key_display="M",
            tooltip="Your memo on the current transcript, unit, code group, subgroup or text"),
    Binding("L", "memos", "Memos", id="memos", key_display="L",
            tooltip="Every memo, searched as you type; enter goes to its object"),
]


class SupervisorActions(ProjectWrites):
    """Actions of :data:`SUPERVISOR_BINDINGS` (mixed into the app, ``StcApp``)."""

    _who = ""  # the header's who-is-acting line, before a waiting note
    read_only = False  # a supervisor's review: nothing in the analysis can be changed

    if TYPE_CHECKING:  # what these actions use of the app (tui/app.py defines them)
        @property
        def wb(self) -> Workbench: ...

        def changed(self) -> None: ...

        def _go_to_object(self, target: tuple[str, int] | None) -> None: ...

    def action_trace(self) -> None:
        """T: the chapter at the current paragraph or quote (step 4), one level per key."""
        from .trace import TraceScreen

        if isinstance(self.screen, TraceScreen):
            return
        start = getattr(self.screen, "trace_start", lambda: None)()
        self.push_screen(TraceScreen(start))

    def action_checklist(self) -> None:
        """C: the supervisor's checklist; Esc returns."""
        from .checklist import ChecklistScreen

        if not isinstance(self.screen, ChecklistScreen):
            self.push_screen(ChecklistScreen())

    def action_memo(self) -> None:
        """M: write (or rewrite) the memo on what the screen has current."""
        from .comments import describe
        from .dialogs import PromptScreen

        target = getattr(self.screen, "comment_target", lambda: None)()
        if target is None:
            self.notify(tr("Nothing to write a memo on here: move to a transcript, a unit, "
                           "a code group, a subgroup or a text"))
            return
        entity, entity_id = target
        what = describe(entity, entity_id)
        existing = self.wb.memo_on(entity, entity_id)

        def written(text: str | None) -> None:
            if text is None or (existing is not None and text == existing.text):
                return

            def saved(_memo: Any) -> None:
                self.notify(tr("Memo on {what} saved (L lists memos)").format(what=what))
                self.changed()
            self.write(self.wb.write_memo, entity, entity_id, text, then=saved)
        self.push_screen(PromptScreen(tr("Memo on {what}").format(what=what),
                                      existing.text if existing else ""), written)

    def action_memos(self) -> None:
        """L: every memo, searched; the one chosen is shown where it belongs."""
        from .memos import MemosScreen

        self.push_screen(MemosScreen(), self._go_to_object)

    def ask_identity(self) -> None:
        """The first run: a name and a role for the trail, kept in the user's config."""
        from .identity import IdentityScreen

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            name, role = answer
            self.wb.actor = name
            self.show_who(role)

            def keep() -> str:
                from ..config import set_config_value

                set_config_value("actor", name)
                path = set_config_value("role", role)
                if not self.wb.read_only and self.wb.role_of_person(name) is None:
                    self.wb.add_person(name, role)  # the project's register of who acts
                return str(path)
            self.write(keep, then=lambda path: self.notify(
                tr("You act as {name} ({role}); kept in {path}").format(
                    name=name, role=tr(role), path=path)))
        self.push_screen(IdentityScreen(self.wb.actor, "supervisor" if self.wb.read_only
                                        else "student"), chosen)

    def show_who(self, role: str | None = None) -> None:
        """The header says who is acting (and in what role, unless a student) and whether
        this is a read-only review."""
        role = role if role is not None else self.role_of(self.wb.actor)
        self._who = self.who_line(self.wb.actor, role)
        self.show_waiting(self.waiting)

    def who_line(self, actor: str, role: str) -> str:
        who = actor + (f" ({tr(role)})" if role and role != "student" else "")
        return (tr("review (read only) by {who}").format(who=who) if self.read_only
                else tr("as {actor}").format(actor=who))

    def show_waiting(self, waiting: bool) -> None:
        """The header says so while a write waits for the project (another process holds
        its lock): the screen is not frozen, the change is saved when the lock is free."""
        self.waiting = waiting
        self.sub_title = self._who + (" · " + tr("waiting for the project…") if waiting else "")

    def role_of(self, name: str) -> str:
        """The role the project registers for ``name``, else the config's (for its actor)."""
        from ..config import load_config

        found = self.wb.role_of_person(name)
        if found is not None:
            return found
        config = load_config()
        return str(config.get("role", "")) if config.get("actor") == name else ""
