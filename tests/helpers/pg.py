"""A throwaway PostgreSQL server for the tests: one cluster per test session, one database
per test.

The cluster is made only when a test first asks for it (``pg_server``), in a new folder
under the system's temporary folder, listening on a unix socket in that folder only (no
TCP port, nothing another user of the machine could reach), with durability switched off
(it is thrown away). It is stopped and removed when the session ends. As root the server
runs as the ``postgres`` user through ``runuser`` (PostgreSQL refuses to run as root);
otherwise as the user running the tests.

``STC_TEST_PG_URL=postgresql://user@host/`` uses a server that is already running
instead (its user needs CREATEDB). Without either, every PostgreSQL test is skipped with
one line saying how to install the server — never silently.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

#: What a skipped PostgreSQL test says (pytest -ra prints it once, with the count).
INSTALL_HINT = ("PostgreSQL tests skipped: no PostgreSQL server binaries (initdb, pg_ctl) found; "
                "install them (Debian/Ubuntu: apt-get install postgresql; Fedora: dnf install "
                "postgresql-server; macOS: brew install postgresql@15) or set STC_PG_BIN to their "
                "folder, or STC_TEST_PG_URL to a running server")
SUPERUSER = "stc"
SERVER_SETTINGS = ("-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                   "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "autovacuum=off")


def find_bin_dir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: ``STC_PG_BIN``, then Debian's
    /usr/lib/postgresql/<newest>/bin, then ``pg_config --bindir``, then the PATH."""
    candidates = []
    if os.environ.get("STC_PG_BIN"):
        candidates.append(Path(os.environ["STC_PG_BIN"]))
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    candidates += [Path(p) for p in reversed(versions)]
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(Path(out.stdout.strip()))
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


@dataclass
class Cluster:
    """A running server and how to reach it; ``url(name)`` is a project URL."""

    base_url: str                # ends with "/" (a database name follows)
    query: str = ""              # e.g. "?host=/tmp/stc-pg-x" for a unix socket
    folder: Path | None = None   # ours to stop and remove; None: a server we did not start
    bin_dir: Path | None = None
    as_postgres: bool = False
    template: str | None = None
    _names = itertools.count(1)

    def url(self, database: str) -> str:
        return f"{self.base_url}{database}{self.query}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(_libpq_url(self.url("postgres")), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, migrated: bool = True) -> str:
        """A new database, its project URL. ``migrated``: a copy of a template that holds
        the newest schema and no project (what ``Workbench.create`` accepts), made once
        per session — migrating a database costs a second, copying one a tenth of that.
        ``tests/test_pg_store.py`` runs the migrations themselves on PostgreSQL."""
        name = f"stc_{os.getpid()}_{next(self._names)}"
        template = f' TEMPLATE "{self._template()}"' if migrated else ""
        self.admin(f'CREATE DATABASE "{name}"{template}')
        return self.url(name)

    def _template(self) -> str:
        if self.template is None:
            from stc_bench.storage import migrate
            from stc_bench.storage.engine import make_engine

            name = f"stc_{os.getpid()}_template"
            self.admin(f'CREATE DATABASE "{name}"')
            engine = make_engine(self.url(name))
            try:
                migrate.upgrade(engine, None)
            finally:
                engine.dispose()  # a template must have no connections while it is copied
            self.template = name
        return self.template

    def drop_database(self, url: str) -> None:
        name = database_name(url)
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.folder is None or not (self.folder / "data").exists():
            return
        _run(self, ["pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
             check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def database_name(url: str) -> str:
    return url.split("?", 1)[0].rsplit("/", 1)[1]


def hold_trail_lock(url: str):
    """Another client's write transaction on a project, held open: a psycopg connection
    holding the trail's advisory lock until its ``rollback()``."""
    import psycopg

    from stc_bench.storage.postgres import TRAIL_LOCK_KEY

    conn = psycopg.connect(_libpq_url(url))
    conn.execute(f"SELECT pg_advisory_xact_lock({TRAIL_LOCK_KEY})")
    return conn


def _libpq_url(url: str) -> str:
    """A project URL (``postgresql+psycopg://…``) as libpq takes it."""
    return "postgresql://" + url.split("://", 1)[1]


def _run(cluster: Cluster, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
    argv = [str(cluster.bin_dir / argv[0]), *argv[1:]]
    if cluster.as_postgres:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=str(cluster.folder))
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr or done.stdout}")
    return done


def start_cluster() -> Cluster:
    """initdb and start a server in a new temporary folder (see the module's doc)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(INSTALL_HINT)
    as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    if as_postgres:
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL tests skipped: running as root and there is no 'postgres' "
                        "user to run the server as (apt-get install postgresql creates it)")
    # Short path: a unix socket's path must stay under ~100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="stc-pg-", dir="/tmp" if os.name == "posix" else None))
    if as_postgres:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(base_url=f"postgresql+psycopg://{SUPERUSER}@/", query=f"?host={folder}",
                      folder=folder, bin_dir=bin_dir, as_postgres=as_postgres)
    atexit.register(cluster.stop)  # also when the session ends without its finaliser
    _run(cluster, ["initdb", "-D", str(folder / "data"), "-U", SUPERUSER, "-A", "trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"])
    options = " ".join([*SERVER_SETTINGS, "-k", str(folder)])
    _run(cluster, ["pg_ctl", "-D", str(folder / "data"), "-o", options, "-l",
                   str(folder / "log"), "-w", "-t", "60", "start"])
    return cluster


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (started on first use, stopped at the end)."""
    given = os.environ.get("STC_TEST_PG_URL")
    if given:
        base, _, query = given.partition("?")
        base = "postgresql+psycopg://" + base.split("://", 1)[1].rsplit("/", 1)[0] + "/"
        yield Cluster(base_url=base, query="?" + query if query else "")
        return
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server):
    """A new empty database on the session's server, dropped after the test: its URL."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path) -> str:
    """Run a test on both backends: the project target for ``Workbench.create`` — a new
    file on SQLite, a new database on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "studie.stc")
    return request.getfixturevalue("pg_url")
