"""Engines for project stores: a SQLite file by default, any SQLAlchemy URL otherwise.

SQLite connections get WAL, ``foreign_keys=ON``, a busy timeout and ``synchronous=FULL``;
write transactions start with ``BEGIN IMMEDIATE`` so two processes never interleave the
read of the trail's last hash with the append of the next event.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from . import postgres

#: Milliseconds a writer waits for another process's write lock before giving up.
DEFAULT_BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "stc_write"


def project_url(target: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL for a project given as a path (``projects/x.stc``) or a URL."""
    text = str(target)
    if text.lower().startswith("file://"):  # a file manager's "copy as URL": the path itself
        parsed = urlsplit(text)
        text = unquote(parsed.path) if parsed.netloc in ("", "localhost") else text
    if "://" in text:
        return postgres.normalise_url(text)
    return "sqlite:///" + str(Path(text).expanduser().absolute())


def safe_url(url: str) -> str:
    """``url`` fit for a message: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL: show only its scheme
        return url.split("://", 1)[0] + "://…"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory stores."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def busy_timeout_ms() -> int:
    """The busy timeout; ``STC_BUSY_TIMEOUT_MS`` overrides it (tests, slow shared disks)."""
    try:
        return int(os.environ.get("STC_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create the engine for ``url`` with the project's connection settings."""
    timeout = busy_timeout_ms()
    if postgres.is_postgresql(url):
        return postgres.make_engine(url, read_only=read_only, timeout_ms=timeout,
                                    write_option=WRITE_OPTION)
    if not is_sqlite(url):
        return create_engine(url, future=True)
    engine = create_engine(url, connect_args={"timeout": timeout / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        # Take transaction control from the driver so BEGIN IMMEDIATE is ours to emit.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {timeout}")
        if not read_only:
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        if read_only:
            cur.execute("PRAGMA query_only = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
