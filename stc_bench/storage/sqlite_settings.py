"""How stc-bench connects to a SQLite project file, in one place for both of its drivers:
SQLAlchemy's engine (:mod:`.engine`) and the standard library's ``sqlite3`` of
``stc-bench segment`` (:mod:`.quick_write`), which must not import SQLAlchemy."""

from __future__ import annotations

import os

#: Milliseconds a writer waits for another process's write lock before giving up.
DEFAULT_BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """The busy timeout; ``STC_BUSY_TIMEOUT_MS`` overrides it (tests, slow shared disks)."""
    try:
        return int(os.environ.get("STC_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


def connection_pragmas(timeout_ms: int, *, read_only: bool) -> list[str]:
    """The statements every connection runs first: WAL, ``foreign_keys=ON``, the busy
    timeout and ``synchronous=FULL`` (a committed change survives a power cut)."""
    out = [f"PRAGMA busy_timeout = {timeout_ms}"]
    if not read_only:
        out.append("PRAGMA journal_mode = WAL")
    out += ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"]
    if read_only:
        out.append("PRAGMA query_only = ON")
    return out
