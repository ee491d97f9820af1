"""Slow or possibly blocked Workbench calls, off the UI thread.

Segmentation and search load spaCy (a second or two the first time) and every write may
wait for another process's write lock (``ProjectBusy``). Such calls run in a thread
worker that never touches widgets: the result comes back as a :class:`Done` message and
is handed to a callback on the UI thread; a failure becomes one notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..domain.errors import ReadOnlyProject, StcError
from .i18n import tr


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
        return str(exc), tr("Not done")
    return f"{type(exc).__name__}: {exc} ({tr('a bug: please report it')})", tr("Error")


class BackgroundCalls(Screen):
    """A screen that can run Workbench calls in thread workers (mix in before StepScreen)."""

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
            self.notify(text, title=title, severity="error")
            self.background_failed(event.worker)

    def background_failed(self, worker: Worker) -> None:
        """Hook: a background call failed (after its notification)."""
