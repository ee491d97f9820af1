"""Slow or possibly blocked Workbench calls, off the UI thread.

Segmentation and search load spaCy (a second or two the first time) and every write may
wait for another process's write lock (up to the busy timeout, then ``ProjectBusy``).
Such calls run in a thread worker that never touches widgets: the result comes back as
a message and is handed to a callback on the UI thread; a failure becomes one
notification. Writes go through the app's :meth:`ProjectWrites.write` (in order, with a
waiting indicator); reads through a screen's :meth:`BackgroundCalls.in_background`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ..domain.errors import ReadOnlyProject, StcError
from .i18n import error_text, tr

if TYPE_CHECKING:
    from textual import getters

    from .app import StcApp


class Done(Message):
    """A background call finished with ``result``; ``then(result)`` runs on the UI thread."""

    def __init__(self, result: Any, then: Callable[[Any], None] | None):
        super().__init__()
        self.result = result
        self.then = then


def error_notice(exc: BaseException) -> tuple[str, str]:
    """A notification (message, title) for a failed background call."""
    if isinstance(exc, ReadOnlyProject):
        return (tr("This project is open read-only for review: nothing can be changed."),
                tr("Read only"))
    if isinstance(exc, StcError):
        return error_text(exc), tr("Not done")
    return f"{type(exc).__name__}: {exc} ({tr('a bug: please report it')})", tr("Error")


class BackgroundCalls(Screen):
    """A screen that can run Workbench calls in thread workers (mix in before StepScreen)."""

    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write, .document_id …

    def in_background(self, fn: Callable[..., Any], *args: Any,
                      then: Callable[[Any], None] | None = None, group: str = "write",
                      **kwargs: Any) -> Worker:
        """Run ``fn(*args, **kwargs)`` in a thread; ``then(result)`` runs afterwards."""
        return self._background(fn, args, kwargs, then, group)

    def _background(self, fn, args, kwargs, then, group) -> Worker:
        def run() -> None:
            result = fn(*args, **kwargs)
            self.post_message(Done(result, then))
        return self.run_worker(run, name=getattr(fn, "__name__", "call"), group=group,
                               thread=True, exit_on_error=False)

    def on_done(self, message: Done) -> None:
        if message.then is not None:
            message.then(message.result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            text, title = error_notice(event.worker.error)
            self.notify(text, title=title, severity="error", markup=False)  # names: user text
            self.background_failed(event.worker)

    def background_failed(self, worker: Worker) -> None:
        """Hook: a background call failed (after its notification)."""


#: A write still running after this long shows the waiting indicator: a write takes
#: milliseconds unless another process (a supervisor, a second coder) holds the project.
WAIT_INDICATOR_SECONDS = 0.25


class Written(Message):
    """A write of :meth:`ProjectWrites.write` finished: ``result`` or ``error``."""

    def __init__(self, result: Any, error: BaseException | None,
                 then: Callable[[Any], None] | None,
                 failed: Callable[[BaseException], None] | None):
        super().__init__()
        self.result, self.error, self.then, self.failed = result, error, then, failed


class _Turns:
    """Tickets for the writer threads: each write runs after every write asked for
    before it, so a quick sequence of keys lands in the order it was typed."""

    def __init__(self) -> None:
        self._next = 0  # taken on the UI thread only
        self._serving = 0
        self._turn = threading.Condition()

    def take(self) -> int:
        self._next += 1
        return self._next - 1

    @contextmanager
    def turn(self, ticket: int) -> Iterator[None]:
        with self._turn:
            self._turn.wait_for(lambda: self._serving == ticket)
        try:
            yield
        finally:
            with self._turn:
                self._serving += 1
                self._turn.notify_all()


class ProjectWrites(App[Any]):
    """The TUI's one write path (mixed into the app): no write runs on the UI thread.

    ``tests/test_tui_write_path.py`` fails if a screen calls a Workbench write method
    any other way."""

    _turns: _Turns | None = None
    writes_running = 0
    _waiting_timer: Timer | None = None
    waiting = False  # the header says the app is waiting for the project

    def write(self, fn: Callable[..., Any], *args: Any,
              then: Callable[[Any], None] | None = None,
              failed: Callable[[BaseException], None] | None = None, **kwargs: Any) -> None:
        """Run the write ``fn(*args, **kwargs)`` in a thread, after the writes asked for
        before it. ``then(result)`` runs on the UI thread once it is committed (the
        refresh that reads it); a failure becomes one translated notification, then
        ``failed(error)``. While it waits for another process's lock the header says so."""
        if self._turns is None:
            self._turns = _Turns()
        turns, ticket = self._turns, self._turns.take()
        self.writes_running += 1
        if self._waiting_timer is None:
            self._waiting_timer = self.set_timer(WAIT_INDICATOR_SECONDS, self._still_writing)

        def run() -> None:
            with turns.turn(ticket):
                try:
                    result = fn(*args, **kwargs)
                except Exception as exc:  # noqa: BLE001 - shown as one notification
                    self.post_message(Written(None, exc, then, failed))
                else:
                    self.post_message(Written(result, None, then, failed))
        self.run_worker(run, name=getattr(fn, "__name__", "write"), group="write", thread=True,
                       exit_on_error=False)

    async def writes_done(self) -> None:
        """Wait (without blocking the screen) until every write asked for has finished:
        before the app quits, or a screen is left that must read what was just saved."""
        await self.workers.wait_for_complete([w for w in self.workers if w.group == "write"])

    def _still_writing(self) -> None:
        self._waiting_timer = None
        if self.writes_running:
            self.show_waiting(True)

    def on_written(self, message: Written) -> None:
        self.writes_running -= 1
        if not self.writes_running:
            if self._waiting_timer is not None:
                self._waiting_timer.stop()
                self._waiting_timer = None
            if self.waiting:
                self.show_waiting(False)
        if message.error is not None:
            text, title = error_notice(message.error)
            severity: SeverityLevel = ("warning" if isinstance(message.error, ReadOnlyProject)
                                       else "error")
            self.notify(text, title=title, severity=severity, markup=False)
            if message.failed is not None:
                message.failed(message.error)
        elif message.then is not None:
            message.then(message.result)

    def show_waiting(self, waiting: bool) -> None:
        """Hook: the app shows (or hides) that a write waits for the project."""
        self.waiting = waiting
