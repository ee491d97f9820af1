"""Errors a user can cause. The CLI prints them on one line and exits 2."""

from __future__ import annotations

import re
from typing import Any

#: Control characters (C0, DEL, C1) and bidi overrides: a newline in a file name would
#: forge a second line, ESC would reach the terminal, U+202E would reverse the text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), safe to print as one line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class StcError(Exception):
    """A problem the user can fix; the message names the object and what to do.

    The commonest ones a student meets in steps 1–4 also say what went wrong as data — a
    ``kind`` and its ``values`` (names are the user's text) — so the TUI can word them in
    its language; ``str(exc)`` is the English the command line prints, as before."""

    kind: str = ""

    def __init__(self, *args: Any, kind: str = "", **values: Any) -> None:
        super().__init__(*args)
        self.kind = kind
        self.values = values


class NotFound(StcError):
    """An id or name that does not exist in the project."""


class InvalidOffsets(StcError):
    """A text span that is empty, out of range or crosses documents."""


class MethodError(StcError):
    """An operation the STC model does not allow (e.g. assigning to a foreign subgroup)."""


class ProjectBusy(StcError):
    """Another process holds the project's write lock for longer than the busy timeout."""


class ReadOnlyProject(StcError):
    """A write was attempted on a project opened for review (read only)."""


class ProjectFileError(StcError):
    """The project file is missing, not a project, or cannot be opened."""


class NothingToUndo(StcError):
    """Undo/redo was asked for with an empty stack."""


class TrailConflict(StcError):
    """The rows an undo/redo would restore no longer match the trail."""


class PassphraseNeeded(ProjectFileError):
    """The project file is encrypted (or not a project) and no passphrase was given."""


class WrongPassphrase(ProjectFileError):
    """The passphrase does not open the encrypted project file."""
