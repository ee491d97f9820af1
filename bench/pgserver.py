"""A throwaway PostgreSQL server: for the test suite (tests/helpers/pg.py) and the team
load test (``python -m bench.team``).

The server is made in a new folder under the system's temporary folder with the
installed binaries (``initdb``, ``pg_ctl``), listens on a unix socket in that folder
(and, when asked, on 127.0.0.1 only), trusts local connections — nothing outside this
machine can reach it — and is stopped and removed by :meth:`Cluster.stop` (also at
interpreter exit). As root it runs as the ``postgres`` user through ``runuser``
(PostgreSQL refuses to run as root); otherwise as the user running it.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: How to get the server binaries, in one line.
INSTALL = ("no PostgreSQL server binaries (initdb, pg_ctl) found; install them (Debian/Ubuntu: "
           "apt-get install postgresql; Fedora: dnf install postgresql-server; macOS: brew "
           "install postgresql@15) or set STC_PG_BIN to their folder")
SUPERUSER = "stc"
#: A server for tests: thrown away, so nothing needs to survive a crash of the machine.
THROWAWAY = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "autovacuum=off")


class ServerUnavailable(RuntimeError):
    """No server can be started here; the message says why and what to install."""


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


def database_name(url: str) -> str:
    return url.split("?", 1)[0].rsplit("/", 1)[1]


def libpq_url(url: str) -> str:
    """A project URL (``postgresql+psycopg://…``) as libpq takes it."""
    return "postgresql://" + url.split("://", 1)[1]


@dataclass
class Cluster:
    """A running server and how to reach it; ``url(name)`` is a project URL."""

    base_url: str                # ends with "/" (a database name follows)
    query: str = ""              # e.g. "?host=/tmp/stc-pg-x" for a unix socket
    folder: Path | None = None   # ours to stop and remove; None: a server we did not start
    bin_dir: Path | None = None
    as_postgres: bool = False
    template: str | None = None
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return f"{self.base_url}{database}{self.query}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(libpq_url(self.url("postgres")), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, migrated: bool = True) -> str:
        """A new database, its project URL. ``migrated``: a copy of a template that holds
        the newest schema and no project (what ``Workbench.create`` accepts), made once —
        migrating a database costs a second, copying one a tenth of that."""
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
        self.admin(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')

    def stop(self) -> None:
        if self.folder is None or not (self.folder / "data").exists():
            return
        self._run(["pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
                  check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
        argv = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=str(self.folder))
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): "
                               f"{done.stderr or done.stdout}")
        return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster(*, throwaway: bool = True, tcp: bool = False,
                  settings: tuple[str, ...] = ()) -> Cluster:
    """initdb and start a server in a new temporary folder (see the module's doc).
    ``throwaway``: durability off (tests); ``tcp``: also on 127.0.0.1 (a free port), and
    the URL goes through it (loopback, as a coder's client would)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise ServerUnavailable(INSTALL)
    as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    if as_postgres:
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise ServerUnavailable("running as root and there is no 'postgres' user to run "
                                    "the server as (apt-get install postgresql creates it)") from None
    # Short path: a unix socket's path must stay under ~100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="stc-pg-", dir="/tmp" if os.name == "posix" else None))
    if as_postgres:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = free_port() if tcp else 5432
    base, query = ((f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/", "") if tcp else
                   (f"postgresql+psycopg://{SUPERUSER}@/", f"?host={folder}"))
    cluster = Cluster(base_url=base, query=query, folder=folder, bin_dir=bin_dir,
                      as_postgres=as_postgres)
    atexit.register(cluster.stop)  # also when the caller ends without stopping it
    cluster._run(["initdb", "-D", str(folder / "data"), "-U", SUPERUSER, "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync"])
    options = ["-c", f"listen_addresses={'127.0.0.1' if tcp else ''}", "-p", str(port),
               "-c", "max_connections=200", "-k", str(folder)]
    for setting in (*(THROWAWAY if throwaway else ()), *settings):
        options += ["-c", setting]
    cluster._run(["pg_ctl", "-D", str(folder / "data"), "-o", " ".join(options), "-l",
                  str(folder / "log"), "-w", "-t", "60", "start"])
    return cluster
