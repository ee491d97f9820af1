"""Which project files this process has open, so that none is read again behind SQLite.

SQLite locks a file with POSIX advisory locks. They belong to the process, not to a
descriptor: closing *any* descriptor of the file drops every lock the process holds on
it, SQLite's included. SQLite guards its own descriptors against this; a plain
``open()``/``close()`` of the file does not. Reading the file's header that way while a
connection of this process is open (the tests' Workbench and the TUI's, the TUI's first
look with ``sqlite3``) left the process holding no lock, so another process closing its
connection believed it was the last one, checkpointed and deleted the WAL this process
was still writing to: its later commits were invisible to every other process, or failed
with "disk I/O error".

So the header is read only when no one here has the file open, and the answer is kept
for as long as someone does (:func:`hold`). Standard library only: ``storage/quick.py``
uses it without SQLAlchemy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

#: The first 16 bytes of every plain SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"

_lock = threading.Lock()
#: (device, inode) → [holders, plain]; a file is here while a holder has it open.
_held: dict[tuple[int, int], list] = {}


@dataclass
class Held:
    """This process holds ``path`` open; :meth:`release` when its connections are closed."""

    key: tuple[int, int]
    #: the file starts with SQLite's header (False: SQLCipher-encrypted, or no database)
    plain: bool
    _released: bool = field(default=False, repr=False)

    def release(self) -> None:
        """Idempotent: a Store may be closed twice, or closed and then collected."""
        with _lock:
            if self._released:
                return
            self._released = True
            entry = _held[self.key]
            entry[0] -= 1
            if not entry[0]:
                del _held[self.key]


def hold(path: Path, plain: bool | None = None) -> Held:
    """Count one more holder of the existing file ``path`` and say whether it is plain
    SQLite: ``plain`` when the caller knows (it has just created the file), else read
    from the header — only when no holder has the file open, else the answer read then.

    Call it before opening any connection on the file, and release after closing them:
    the header read happens under the same lock as the count, so it never closes a
    descriptor while another holder's connection is open. Raises ``OSError`` when the
    file cannot be read."""
    info = path.stat()
    key = (info.st_dev, info.st_ino)
    with _lock:
        entry = _held.get(key)
        if entry is None:
            if plain is None:
                with path.open("rb") as fh:
                    plain = fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
            entry = _held[key] = [0, plain]
        entry[0] += 1
        return Held(key, entry[1])


def holders(path: Path) -> int:
    """How many holders have ``path`` open in this process (0 for a missing file)."""
    try:
        info = path.stat()
    except OSError:
        return 0
    with _lock:
        entry = _held.get((info.st_dev, info.st_ino))
        return entry[0] if entry else 0

