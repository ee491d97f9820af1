"""PostgreSQL stores: the engine, the trail's write lock, sequences, creating the database.

A project on a server is one database. What SQLite gives a file by itself is made
explicit here:

- **One writer at a time.** Every write transaction first takes a transaction-level
  advisory lock (``pg_advisory_xact_lock``), the counterpart of SQLite's ``BEGIN
  IMMEDIATE``: reading the trail's head and appending the next event can never interleave
  with another coder's, so twenty coders writing at once give one chain, no fork, no gap.
  The lock is released by commit or rollback (also when a client dies: the server ends its
  transaction). Writers keep READ COMMITTED: once the lock is held, every statement sees
  everything committed before it.
- **Reads see one state.** Read transactions are REPEATABLE READ (one snapshot), as a
  SQLite read transaction is, so ``Workbench.one_read`` keeps its promise.
- **Waiting is bounded.** ``lock_timeout`` is the busy timeout; a writer that cannot get
  the lock in time gets ``ProjectBusy`` like on SQLite.
- **Ids.** Rows normally take their id from the table's sequence; where stc-bench gives
  an id itself (undo restoring a row, ``insert_many``, a copied project) the sequence is
  moved past it, inside the lock, so the next plain insert cannot collide.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

#: The advisory-lock key of the trail ("stc-tr" in ASCII); advisory locks are per
#: database, so each project has its own.
TRAIL_LOCK_KEY = 0x7374632D7472
#: The driver stc-bench installs (``stc-bench[postgresql]``): psycopg 3.
DRIVER = "postgresql+psycopg"
LOCK_NOT_AVAILABLE = "55P03"
INVALID_CATALOG_NAME = "3D000"
DUPLICATE_DATABASE = "42P04"


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` (what a server's administrator hands out)
    use psycopg 3, not SQLAlchemy's default driver (psycopg2, which stc-bench does not
    install); a URL naming a driver is kept as it is."""
    scheme, rest = url.split("://", 1)
    if scheme.lower() in ("postgresql", "postgres"):
        return f"{DRIVER}://{rest}"
    return url


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def make_engine(url: str, *, read_only: bool, timeout_ms: int, write_option: str) -> Engine:
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every PG test
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {int(timeout_ms)}")
            cur.execute("SET application_name = 'stc-bench'")
            if read_only:
                cur.execute("SET default_transaction_read_only = on")
        dbapi_conn.commit()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        from psycopg import IsolationLevel

        # psycopg opens the transaction at the first statement, with the isolation level
        # set here (client-side: it is said in its BEGIN, no round trip of its own). A
        # write is READ COMMITTED, so that each statement after the lock sees what the
        # writer before committed (a snapshot taken before the lock would not); a read is
        # one snapshot.
        write = bool(conn.get_execution_options().get(write_option))
        cast(Any, conn.connection.driver_connection).isolation_level = (
            IsolationLevel.READ_COMMITTED if write else IsolationLevel.REPEATABLE_READ)
        if write:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({TRAIL_LOCK_KEY})")

    return engine


def is_lock_timeout(exc: BaseException) -> bool:
    return getattr(exc, "sqlstate", None) == LOCK_NOT_AVAILABLE


def ensure_database(url: str) -> bool:
    """Create the database ``url`` names if it does not exist (True: created). The
    server's maintenance database ``postgres`` is used to create it, so the user needs
    the CREATEDB right there; without it the error says so."""
    import psycopg
    from psycopg import sql

    parsed = make_url(url)
    try:
        psycopg.connect(**_connect_args(parsed)).close()
        return False
    except psycopg.OperationalError as exc:
        if getattr(exc, "sqlstate", None) != INVALID_CATALOG_NAME and "does not exist" not in str(exc):
            raise
    with psycopg.connect(**_connect_args(parsed.set(database="postgres")), autocommit=True) as conn:
        name = sql.Identifier(parsed.database or "")
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        except psycopg.errors.DuplicateDatabase:
            return False  # created meanwhile by someone else: it is empty or checked next
    return True


def _connect_args(parsed) -> dict:
    args = {k: v for k, v in {"host": parsed.host, "port": parsed.port, "user": parsed.username,
                              "password": parsed.password, "dbname": parsed.database}.items()
            if v is not None}
    for key, value in parsed.query.items():  # ?host=/run/postgresql and the like
        args[key if key != "database" else "dbname"] = value if isinstance(value, str) else value[-1]
    return args


def bump_sequence(conn: Connection, table: str, at_least: int) -> None:
    """Move ``table``'s id sequence so that its next value is above ``at_least`` (never
    back: a sequence already further keeps its place)."""
    conn.execute(text(
        "SELECT setval(s::regclass, GREATEST(:n, COALESCE(pg_sequence_last_value(s::regclass), 0)), true) "
        "FROM (SELECT pg_get_serial_sequence(:t, 'id') AS s) q WHERE s IS NOT NULL"),
        {"n": at_least, "t": f'"{table}"'})


def take_ids(conn: Connection, table: str, count: int, floor: int) -> int:
    """Reserve ``count`` consecutive ids of ``table`` (inside the write lock) and return
    the first: above both the sequence and ``floor`` (the table's largest id + 1, which a
    row copied in with its id may have put past the sequence)."""
    row = conn.execute(text(
        "SELECT GREATEST(COALESCE(pg_sequence_last_value(s::regclass), 0) + 1, :floor) "
        "FROM (SELECT pg_get_serial_sequence(:t, 'id') AS s) q"),
        {"t": f'"{table}"', "floor": floor}).scalar_one()
    bump_sequence(conn, table, row + count - 1)
    return int(row)


def server_version(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SHOW server_version").scalar_one())
