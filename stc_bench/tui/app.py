"""The stc-bench Textual app: a thin shell over the Workbench (services).

``make_app`` is the one factory used by ``stc-bench open``, ``stc-bench demo`` and the
tests. Each of Malterud's four steps is a mode (a screen that keeps its state); the
overview is the start screen.
"""

from __future__ import annotations

import gc
import importlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..domain.errors import ReadOnlyProject, StcError
from .comments import allowed
from .i18n import action_label, choose_language, language, localise_bindings, set_language, tr
from .keymap import unknown_ids, user_keymap
from .opening import Opening
from .overview import OverviewScreen
from .supervisor import SUPERVISOR_BINDINGS, SupervisorActions
from .workers import ProjectWrites, error_notice

if TYPE_CHECKING:
    from ..services import Workbench

T = TypeVar("T")

#: How often the app looks whether another process has written to the project.
TRAIL_WATCH_SECONDS = 1.0


class TrailMoved(Message):
    """The trail's head is now ``seq`` (posted from the watcher's thread)."""

    def __init__(self, seq: int):
        super().__init__()
        self.seq = seq


#: Allocations between young-generation garbage collections while the app runs.
GC_THRESHOLD = 50_000


def _screen(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen, its module imported when the mode is first shown: the first frame
    (the overview) waits for no other screen's imports."""
    def build() -> Screen:
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)()
    build.__name__ = name
    return build


class ProjectOpened(Message):
    """The Workbench opened after the first frame is ready (posted from its thread)."""


class StcApp(SupervisorActions, ProjectWrites, App):
    """The four-step STC workbench."""

    CSS_PATH = "app.tcss"
    TITLE = "stc-bench"
    # The overview is the default screen of the first mode, not one of MODES until it is up:
    # Textual makes a MODES screen with the whole stylesheet parsed and applied once more
    # (``_init_mode`` → ``refresh_css``), about a quarter of the CPU before the first frame.
    MODES = {"step1": _screen("step1", "Step1Screen"),
             "step2": _screen("step2", "Step2Screen"), "step3": _screen("step3", "Step3Screen"),
             "step4": _screen("step4", "Step4Screen"),
             "coverage": _screen("coverage", "CoverageScreen"),
             "records": _screen("records", "RecordsScreen"),
             "search": _screen("search", "SearchScreen")}
    DEFAULT_MODE = "overview"
    FIRST_MODE: dict[str, Callable[[], Screen]] = {DEFAULT_MODE: OverviewScreen}
    STEPS = Binding.Group("Steps", compact=True)  # one footer label for 0–6
    UNDO = Binding.Group("Undo/redo", compact=True)
    BINDINGS = [
        Binding("0,alt+0", "goto('overview')", "Overview", id="goto_overview", group=STEPS),
        Binding("1,alt+1", "goto('step1')", "Step 1", id="goto_step1", group=STEPS),
        Binding("2,alt+2", "goto('step2')", "Step 2", id="goto_step2", group=STEPS),
        Binding("3,alt+3", "goto('step3')", "Step 3", id="goto_step3", group=STEPS),
        Binding("4,alt+4", "goto('step4')", "Step 4", id="goto_step4", group=STEPS),
        Binding("5,alt+5", "goto('coverage')", "Coverage", id="goto_coverage", group=STEPS,
                tooltip="Informant × subgroup coverage and each transcript's coded share"),
        Binding("6,alt+6", "goto('records')", "Records", id="goto_records", group=STEPS,
                tooltip="Data management, informants and consent, interview guides"),
        Binding("greater_than_sign", "step(1)", "Next step", id="step_next",
                key_display=">", show=False, tooltip="The next of Malterud's four steps"),
        Binding("less_than_sign", "step(-1)", "Previous step", id="step_previous",
                key_display="<", show=False, tooltip="The previous step (or the overview)"),
        # before any scrolling container's own ctrl+page keys (sideways paging): no one types them
        Binding("ctrl+pagedown", "step(1)", "Next step", id="step_next_page", show=False,
                priority=True),
        Binding("ctrl+pageup", "step(-1)", "Previous step", id="step_previous_page", show=False,
                priority=True),
        Binding("slash", "goto('search')", "Search", id="goto_search", key_display="/",
                tooltip="Search every transcript (keyword in context, lemma-aware)"),
        Binding("o", "recontextualise", "In context", id="recontextualise",
                tooltip="Show the current unit, condensate or quote in its transcript"),
        Binding("ctrl+z", "undo", "Undo", id="undo", group=UNDO,
                tooltip="Undo the last change (kept in the trail)"),
        Binding("ctrl+y", "redo", "Redo", id="redo", group=UNDO,
                tooltip="Redo the last undone change"),
        Binding("question_mark", "help", "Help", id="help", key_display="?",
                tooltip="What this step is about and its keys"),
        Binding("k", "comment", "Comment", id="comment",
                tooltip="Comment on the current theme, unit, subgroup, text or quote (in the trail)"),
        Binding("K", "comments", "Comments", id="comments", key_display="K",
                tooltip="Comment threads: open, mine, resolved; answer, resolve, go to the object"),
        Binding("R", "changes", "Changes since my review", id="changes", key_display="R",
                tooltip="What changed since your last review mark, by step, with word diffs"),
        *SUPERVISOR_BINDINGS,
        Binding("f2", "switch_language", "Norsk/English", id="switch_language", show=False,
                tooltip="Switch the labels between Norwegian and English (kept in your config)"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, wb: Workbench | Opening, config: dict[str, Any] | None = None,
                 ask_identity: bool = False, **kwargs: Any):
        """``wb``: the open Workbench, or the :class:`Opening` that opens it once the first
        frame is shown (``stc-bench open``)."""
        super().__init__(**kwargs)
        self._ask_identity = ask_identity  # the first run: who is acting (tui/identity.py)
        self._config = config or {}
        self.user_keymap, self._keymap_problems = user_keymap(self._config)
        self._clashes_told: set[frozenset[str]] = set()
        self._english_bindings = self._bindings  # the catalogue's keys, for a language switch
        localise_bindings(self, help_first=False)
        self.document_id: int | None = None  # the transcript open in steps 1 and 2
        self.code_group_id: int | None = None  # the code group open in steps 3 and 4
        self.reveal: tuple[int, int, int] | None = None  # (document, start, end) step 2 selects
        self._opening = wb if isinstance(wb, Opening) else None
        self._ui_thread = threading.get_ident()  # the app runs where it is built
        self._wb: Workbench | None = None if isinstance(wb, Opening) else wb
        if isinstance(wb, Opening):
            self.read_only = wb.read_only
            self.title = wb.title
            self.sub_title = self.who_line(wb.actor, wb.role)
        else:
            self.read_only = wb.read_only
            self.title = wb.project().title
            self._show_who()

    @property
    def wb(self) -> Workbench:
        """The project's Workbench; while it is still being opened (just after the first
        frame), a caller waits for it — on the UI thread only a key pressed in that moment."""
        if self._wb is None:
            if threading.get_ident() == self._ui_thread:
                # asked on the UI thread before the first frame was out (on_ready starts
                # it): start it now, or nothing ever would while this thread waits
                self._start_opening()
            self._wb = self._being_opened().result()
        return self._wb

    def _being_opened(self) -> Opening:
        """The opening under way: there is one whenever there is no Workbench yet."""
        if self._opening is None:
            raise RuntimeError("the app has neither a Workbench nor one being opened")
        return self._opening

    def _start_opening(self) -> None:
        opening = self._being_opened()
        if not opening.started:
            def opened() -> None:  # in the opening's thread: post_message is thread-safe
                self.post_message(ProjectOpened())
            opening.start(self._first_places, opened)

    def _show_who(self) -> None:
        """The header's sub-title: who is acting, and whether this is a read-only review."""
        self.show_who()

    def get_default_screen(self) -> Screen:
        """The overview, as the first mode's screen (see MODES)."""
        return OverviewScreen()

    def on_mount(self) -> None:
        # the first mode's screen is made (on Compose): now it can be switched to by name
        self.add_mode(self.DEFAULT_MODE, self.FIRST_MODE[self.DEFAULT_MODE])
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        for problem in self._keymap_problems:
            self.notify(problem, title=tr("Your keymap"), severity="warning", markup=False)
        wanted = choose_theme(self._config)
        if wanted in self.available_themes:
            self.theme = wanted
        elif wanted:
            self.notify(tr("No theme {name!r}: using the default (themes: {names})").format(
                name=wanted, names=", ".join(sorted(self.available_themes))),
                severity="warning", markup=False)
        if self._ask_identity:
            self.call_after_refresh(self.ask_identity)

    def on_load(self) -> None:
        if self._opening is None:
            self._first_places(self.wb)

    def _first_places(self, wb: Workbench) -> None:
        """The transcript and code group the steps start on (run by the opening's thread
        before anyone can see the Workbench, when it is opened after the first frame)."""
        docs = wb.current_document_ids()  # not the texts: at 5M words ~50 MB for one id
        self.document_id = docs[0] if docs else None
        groups = wb.code_groups()
        self.code_group_id = groups[0].id if groups else None

    def on_ready(self) -> None:
        # Young-generation passes every 700 allocations promote the short-lived render
        # objects of each key into the older generations, whose passes then cost 3–5 ms
        # in the middle of a key: collect less often (cycles are still collected).
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(GC_THRESHOLD, 20, 20)
        if self._opening is not None:
            # the first frame is out: now the project (SQLAlchemy, the reads), in a thread
            self._start_opening()
        else:
            self._project_ready()
        if self.user_keymap:
            self.run_worker(self._check_keymap, thread=True, group="keymap", exit_on_error=False)

    def on_project_opened(self, _message: ProjectOpened) -> None:
        if self._being_opened().error is not None:  # cmd_open reports it after the terminal is back
            self.exit(return_code=2)
            return
        # (the header already names who acts: first_look read the same people and config)
        self._project_ready()

    def _project_ready(self) -> None:
        # What the app built to start with lives as long as the app: keep it out of the
        # garbage collector's full passes, which otherwise walk it on every large reload.
        gc.freeze()
        # Another process (a supervisor, a second coder, the student) may write to the
        # project: look at the trail's head every second and show what they did.
        self._seen_seq = self.wb.last_seq()
        self.set_interval(TRAIL_WATCH_SECONDS, self._watch_trail)

    @property
    def open_error(self) -> BaseException | None:
        """Why the project could not be opened after the first frame (None: it was)."""
        return None if self._opening is None else self._opening.error

    def _check_keymap(self) -> None:
        """Binding ids in the user's [keymap] that no binding has (typos): told once."""
        unknown = unknown_ids(self.user_keymap)
        if unknown:
            self.call_from_thread(
                self.notify, tr("No key binding named {ids}: see ? for the names").format(
                    ids=", ".join(unknown)), title=tr("Your keymap"), severity="warning",
                markup=False)

    def handle_bindings_clash(self, clashed_bindings: set, node) -> None:
        """Two bindings on one key after the user's keymap: say so once, not on every key."""
        names = frozenset(b.id or b.action for b in clashed_bindings)
        if names in self._clashes_told:
            return
        self._clashes_told.add(names)
        self.notify(tr("{ids} now share a key: the keymap's binding wins").format(
            ids=", ".join(sorted(names))), title=tr("Your keymap"), severity="warning", markup=False)

    def _watch_trail(self) -> None:
        def read_head() -> None:
            seq = self.wb.last_seq()
            if seq != self._seen_seq:
                self.post_message(TrailMoved(seq))
        self.run_worker(read_head, thread=True, group="watch", exclusive=True, exit_on_error=False)

    def on_trail_moved(self, message: TrailMoved) -> None:
        """The trail moved: reload the screen unless the newest event is our own (the
        screen that made it has shown it already)."""
        if message.seq == self._seen_seq:
            return
        self._seen_seq = message.seq
        if message.seq != self.wb.own_seq:
            self.changed()

    def on_unmount(self) -> None:
        gc.set_threshold(*getattr(self, "_gc_threshold", gc.get_threshold()))
        gc.unfreeze()
        if self._opening is not None:
            self._opening.abandon()  # never started: wake anyone waiting
            if self._opening.error is not None:
                return  # it never opened: nothing to close
        self.wb.close()

    # -- calling the service layer ----------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """One notice at a time: a new one replaces the last (a pile of them would cover the
        text being read); information goes after three seconds. User text is never markup."""
        self.clear_notifications()
        if timeout is None:
            timeout = 3 if severity == "information" else 8
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Review mode: undo and redo are not offered (they would change the analysis)."""
        return allowed(self, action)

    def action_comment(self) -> None:
        """k: a comment on what the screen has current."""
        target = getattr(self.screen, "comment_target", lambda: None)()
        if target is None:
            self.notify(tr("Nothing to comment on here: move to a theme, a unit, a subgroup or a text"))
            return
        entity, entity_id = target
        from .comments import describe
        from .dialogs import PromptScreen

        def saved(_comment) -> None:
            self.notify(tr("Comment on {what} saved (K lists comments)").format(
                what=describe(entity, entity_id)))
            self.changed()

        def written(text: str | None) -> None:
            if text and text.strip():  # written off the UI thread: it may wait for a lock
                self.write(self.wb.add_comment, entity, entity_id, text, then=saved)
        self.push_screen(PromptScreen(tr("Comment on {what}").format(what=describe(entity, entity_id))),
                         written)

    def action_comments(self) -> None:
        """K: the comment threads; the one chosen is shown where it belongs."""
        from .comments import CommentsScreen

        self.push_screen(CommentsScreen(), self._go_to_object)

    def action_changes(self) -> None:
        """R: the events since my last review mark; the one chosen is shown in its place."""
        from .changes import ChangesScreen

        self.push_screen(ChangesScreen(), self._go_to_object)

    def _go_to_object(self, target: tuple[str, int] | None) -> None:
        if target is None:
            self.changed()
            return
        from .comments import object_place

        with self.wb.one_read():
            where = object_place(self.wb, *target)
        if where is None:
            self.notify(tr("That object is no longer in the project"))
            return
        mode, document_id, code_group_id, span = where
        if document_id is not None:
            self.document_id = document_id
        if code_group_id is not None:
            self.code_group_id = code_group_id
        if span is not None and document_id is not None:
            self.reveal = (document_id, *span)
        self.call_later(self.run_action, f"goto('{mode}')")

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a quick call on the UI thread (never a Workbench write: :meth:`write`);
        a user error becomes a notification, never a crash."""
        try:
            return fn(*args, **kwargs)
        except StcError as exc:
            text, title = error_notice(exc)
            self.notify(text, title=title, markup=False,  # a name in it is the user's text
                        severity="warning" if isinstance(exc, ReadOnlyProject) else "error")
        return None

    def changed(self) -> None:
        """Ask the visible screen to reload what it shows after a change."""
        try:
            screen = self.screen
        except ScreenStackError:  # the app is closing (the trail watch's last look): none
            return
        refresh = getattr(screen, "reload", None)
        if refresh is not None:
            refresh()

    # -- actions ------------------------------------------------------------------------

    def save_pending(self) -> None:
        """Save what was typed but not yet saved, on every screen the app has built."""
        stacks = getattr(self, "_screen_stacks", {}).values()
        for screen in {id(s): s for stack in stacks for s in stack}.values():
            saver = getattr(screen, "save_pending", None)
            if saver is not None and screen.is_mounted:
                saver()

    async def action_quit(self) -> None:
        self.save_pending()  # ctrl+q from inside an editor: the text is kept
        await self.writes_done()  # before on_unmount closes the project
        self.exit()

    async def action_goto(self, mode: str) -> None:
        self.wb  # noqa: B018 - a key pressed while the project opens waits for it here
        if self.current_mode != mode:
            saver = getattr(self.screen, "save_pending", None)
            if saver is not None:
                saver()
                await self.writes_done()  # the next screen reads what was saved
            await self.switch_mode(mode)
            self.changed()

    async def action_step(self, delta: int) -> None:
        """The next or previous step (``<`` / ``>``: in step 3 the digits assign units)."""
        order = ["overview", "step1", "step2", "step3", "step4"]
        at = order.index(self.current_mode) if self.current_mode in order else 0
        await self.action_goto(order[max(0, min(len(order) - 1, at + delta))])

    async def action_switch_language(self) -> None:
        """Norwegian ↔ English: every screen is built again in the new language (where you
        are — transcript, code group — is kept), and the choice is saved in your config."""
        from ..config import set_config_value

        self.save_pending()
        await self.writes_done()  # their callbacks belong to the screens built again below
        new = "en" if language() == "nb" else "nb"
        set_language(new)
        self._bindings = self._english_bindings
        localise_bindings(self, help_first=False)
        current = self.current_mode
        while len(self.screen_stack) > 1:  # a dialog over the screen
            self.pop_screen()
        self.add_mode("_language", Screen)
        await self.switch_mode("_language")
        for mode, screen in {**self.FIRST_MODE, **self.MODES}.items():
            await self.remove_mode(mode)
            self.add_mode(mode, screen)
        await self.switch_mode(current)
        await self.remove_mode("_language")
        self._show_who()
        path = self.call(set_config_value, "language_ui", new)
        said = tr("Labels in English") if new == "en" else tr("Labels in Norwegian")
        self.notify(said + (f" ({tr('kept in')} {path})" if path else ""), markup=False)

    def action_undo(self) -> None:
        def undone(done: dict[str, Any]) -> None:
            self.notify(tr("Undid: {what}").format(what=action_label(done['action'])))
            self.changed()
        self.write(self.wb.undo, then=undone)

    def action_redo(self) -> None:
        def redone(done: dict[str, Any]) -> None:
            self.notify(tr("Redid: {what}").format(what=action_label(done['action'])))
            self.changed()
        self.write(self.wb.redo, then=redone)

    def action_recontextualise(self) -> None:
        """Open the transcript at the current unit (or a condensate's units); Esc returns."""
        from .recontext import RecontextScreen

        if isinstance(self.screen, RecontextScreen):
            return
        finder = getattr(self.screen, "context_units", None)
        unit_ids = finder() if finder is not None else []
        if not unit_ids:
            self.notify(tr("Nothing to show in context here: move to a meaning unit, a "
                           "condensate or a quote"), severity="warning")
            return
        self.push_screen(RecontextScreen(self.wb, unit_ids))

    def action_help(self) -> None:
        from .dialogs import HelpScreen

        self.push_screen(HelpScreen(getattr(self.screen, "STEP", "overview"), self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of this screen and of the app, by name, in the command palette."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for owner in (screen, self):
            for _key, binding in owner._bindings:  # translated descriptions
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.action in seen or binding.action == "quit":
                    continue
                if not allowed(self, binding.action.split("(")[0]):
                    continue  # review mode: what would change the analysis is not offered
                seen.add(binding.action)
                help_text = binding.tooltip or f"key: {binding.key_display or binding.key}"
                yield SystemCommand(binding.description, help_text,
                                    _runner(owner, binding.action))


def _runner(owner: Any, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await owner.run_action(action)
    return run


def make_app(project_path: str | Path, actor: str | None = None, read_only: bool = False,
             ask_identity: bool = False, defer_open: bool = False,
             passphrase: str | None = None) -> StcApp:
    """Open the project through the service layer and build the app around it;
    ``ask_identity``: ask who is acting when it starts (the first run at a terminal);
    ``passphrase``: for an encrypted project (without it: PassphraseNeeded, and
    :func:`ask_passphrase` asks in the terminal).

    Raises StcError (before any terminal takeover) if the project cannot be opened.
    ``defer_open`` (``stc-bench open``): a plain file at the newest schema is opened in a
    thread after the first frame (tui/opening.py); an error then is ``app.open_error``
    once the app has ended. An encrypted file is opened first (sqlite3 alone cannot read
    it for the first frame).
    """
    target = str(project_path)
    if "://" not in target and not Path(target).exists():
        raise StcError(f"{target}: no such project file (create one with: stc-bench new {target} "
                       "--title TITLE)")
    from ..config import load_config

    config = load_config()
    if defer_open:
        opening = Opening.prepare(target, actor=actor, read_only=read_only, config=config)
        if opening is not None:
            set_language(choose_language(config, opening.settings))
            return StcApp(opening, config, ask_identity=ask_identity)
    from ..services import Workbench

    wb = Workbench.open(target, actor=actor, review=read_only, passphrase=passphrase)
    return app_for(wb, ask_identity=ask_identity, config=config)


def app_for(wb: Workbench, ask_identity: bool = False,
            config: dict[str, Any] | None = None) -> StcApp:
    """The workbench app around an open project, in the user's language."""
    from ..config import load_config

    config = load_config() if config is None else config
    set_language(choose_language(config, wb.project().settings))
    return StcApp(wb, config, ask_identity=ask_identity)


def ask_passphrase(project_path: str | Path, actor: str | None = None,
                   read_only: bool = False) -> Workbench | None:
    """Ask for an encrypted project's passphrase in a masked field until it opens the
    project (the open Workbench) or the user gives up (None)."""
    from ..config import load_config
    from .passphrase import PassphraseApp

    set_language(choose_language(load_config(), {}))
    target = str(project_path)
    app = PassphraseApp(target, lambda given: Workbench.open(
        target, actor=actor, review=read_only, passphrase=given))
    wb = app.run()
    if app.error is not None:
        raise app.error
    return wb


def choose_theme(config: dict[str, Any], environ: dict[str, str] | None = None) -> str | None:
    """The Textual theme: ``theme`` from the config, else ``ansi-dark`` (the terminal's own
    16 colours) when the terminal says it has no more than 16, else None (the default)."""
    named = str(config.get("theme", "") or "").strip()
    if named:
        return named
    env = os.environ if environ is None else environ
    term, colorterm = env.get("TERM", ""), env.get("COLORTERM", "").lower()
    if (colorterm in ("truecolor", "24bit") or "256" in term or "truecolor" in term
            or term in ("", "dumb")):
        return None
    return "ansi-dark"
