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
from .sqlite_settings import busy_timeout_ms, connection_pragmas

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


def make_engine(url: str, *, read_only: bool = False, key: str | None = None) -> Engine:
    """Create the engine for ``url`` with the project's connection settings; ``key``: the
    passphrase of a SQLCipher-encrypted SQLite file (see :func:`sqlcipher_module`)."""
    timeout = busy_timeout_ms()
    if postgres.is_postgresql(url):
        return postgres.make_engine(url, read_only=read_only, timeout_ms=timeout,
                                    write_option=WRITE_OPTION)
    if not is_sqlite(url):
        return create_engine(url, future=True)
    driver = {} if key is None else {"module": sqlcipher_module()}
    engine = create_engine(url, connect_args={"timeout": timeout / 1000}, **driver)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        # Take transaction control from the driver so BEGIN IMMEDIATE is ours to emit.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if key is not None:  # SQLCipher: the key must come before anything reads the file
            for statement in key_pragmas(key):
                cur.execute(statement)
        for statement in connection_pragmas(timeout, read_only=read_only):
            cur.execute(statement)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def sqlcipher_module():
    """The SQLCipher DB-API module (``sqlcipher3``, the optional ``encrypt`` extra): the
    same interface as ``sqlite3``, with the file encrypted page by page (AES-256)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def encryption_available() -> str | None:
    """SQLCipher's version when the ``encrypt`` extra is installed, else None."""
    try:
        module = sqlcipher_module()
    except ImportError:
        return None
    conn = module.connect(":memory:")
    try:
        return conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()


def key_pragmas(key: str) -> tuple[str, str]:
    """The statements that key a SQLCipher connection: SQLCipher's own log off (it would
    print lines about a failed page check to stderr for a wrong passphrase), then ``PRAGMA
    key`` with the passphrase (SQLCipher derives the key with PBKDF2, so the file opens
    with any SQLCipher 4 tool given the same passphrase). Built here, never logged."""
    return "PRAGMA cipher_log_level = NONE", "PRAGMA key = '" + key.replace("'", "''") + "'"
