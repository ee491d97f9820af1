"""Opening the project after the first frame (``stc-bench open``).

Importing the service layer (SQLAlchemy) and reading the project took longer than
importing Textual itself, and the screen stayed blank meanwhile. What the first frame
shows — the title, the labels' language, who acts — is read with ``sqlite3`` alone
(``services.status.first_look``); the Workbench is opened in a thread once that frame is
out, and whoever needs it first (the overview's loading worker, a key) waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.model import Person


class Opening:
    """A project being opened in a thread, with what the first frame needs already read."""

    def __init__(self, target: str, *, actor: str, role: str, read_only: bool, title: str,
                 settings: dict[str, Any]):
        self.target, self.actor, self.role = target, actor, role
        self.read_only, self.title, self.settings = read_only, title, settings
        self.error: BaseException | None = None
        self.started = False
        self._wb: Any = None
        self._done = threading.Event()

    @classmethod
    def prepare(cls, target: str | Path, *, actor: str | None, read_only: bool,
                config: dict[str, Any]) -> Opening | None:
        """None when the quick read cannot do it (a URL, a file to upgrade): then the
        Workbench is opened before the app starts, as always."""
        from ..config import default_actor
        from ..services.status import first_look

        look = first_look(target)
        if look is None:
            return None
        project, persons = look
        actor = actor or default_actor()
        return cls(str(target), actor=actor, role=role_for(actor, persons, config),
                   read_only=read_only, title=project.title, settings=project.settings)

    def start(self, then_in_thread: Callable[[Any], None], done: Callable[[], None]) -> None:
        """Open in a thread; ``then_in_thread(wb)`` runs there before anyone gets the
        Workbench, ``done()`` after (it must be thread-safe: post a message)."""
        self.started = True

        def run() -> None:
            try:
                from ..services import Workbench

                wb = Workbench.open(self.target, actor=self.actor, review=self.read_only)
                try:
                    then_in_thread(wb)
                except BaseException:
                    wb.close()
                    raise
                self._wb = wb
            except BaseException as exc:  # noqa: BLE001 - reported by the app, then the CLI
                self.error = exc
            finally:
                self._done.set()
            done()

        threading.Thread(target=run, name="stc-open", daemon=True).start()

    def abandon(self) -> None:
        """The app ends before it started the opening: whoever waits gets an error."""
        if not self.started:
            from ..domain.errors import StcError

            self.error = StcError(f"{self.target}: closed before the project was opened")
            self._done.set()

    def result(self) -> Any:
        """The Workbench, once opened (waits for it); the opening's error if it failed."""
        self._done.wait()
        if self.error is not None:
            raise self.error
        return self._wb


def role_for(name: str, persons: list[Person], config: dict[str, Any]) -> str:
    """The role the project registers for ``name``, else the config's (for its actor)."""
    found = [p.role for p in persons if p.name == name]
    if found:
        return found[0]
    return str(config.get("role", "")) if config.get("actor") == name else ""
