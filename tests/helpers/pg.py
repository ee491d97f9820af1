"""A throwaway PostgreSQL server for the tests: one cluster per test session, one database
per test.

The cluster (``bench/pgserver.py``) is made only when a test first asks for it
(``pg_server``), in a new folder under the system's temporary folder, listening on a unix
socket in that folder only (no TCP port, nothing another user of the machine could
reach), with durability switched off (it is thrown away). It is stopped and removed when
the session ends. As root the server runs as the ``postgres`` user through ``runuser``
(PostgreSQL refuses to run as root); otherwise as the user running the tests.

``STC_TEST_PG_URL=postgresql://user@host/`` uses a server that is already running
instead (its user needs CREATEDB). Without either, every PostgreSQL test is skipped with
one line saying how to install the server — never silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.pgserver import INSTALL, Cluster, ServerUnavailable, database_name, libpq_url, start_cluster

#: What a skipped PostgreSQL test says (pytest -ra prints it once, with the count).
INSTALL_HINT = f"PostgreSQL tests skipped: {INSTALL}, or STC_TEST_PG_URL to a running server"
__all__ = ["Cluster", "database_name", "libpq_url"]


def session_cluster() -> Cluster:
    """The server for this session, or a skip that says why (never silently)."""
    try:
        return start_cluster()
    except ServerUnavailable as exc:
        reason = INSTALL_HINT if str(exc) == INSTALL else f"PostgreSQL tests skipped: {exc}"
        pytest.skip(reason)


def hold_trail_lock(url: str):
    """Another client's write transaction on a project, held open: a psycopg connection
    holding the trail's advisory lock until its ``rollback()``."""
    import psycopg

    from stc_bench.storage.postgres import TRAIL_LOCK_KEY

    conn = psycopg.connect(libpq_url(url))
    conn.execute(f"SELECT pg_advisory_xact_lock({TRAIL_LOCK_KEY})")
    return conn


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (started on first use, stopped at the end)."""
    given = os.environ.get("STC_TEST_PG_URL")
    if given:
        base, _, query = given.partition("?")
        base = "postgresql+psycopg://" + base.split("://", 1)[1].rsplit("/", 1)[0] + "/"
        yield Cluster(base_url=base, query="?" + query if query else "")
        return
    cluster = session_cluster()
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


@pytest.fixture
def backend(request, tmp_path) -> str:
    """The project target for ``Workbench.create``: a new file on SQLite, a new database
    on the session's PostgreSQL server. Every test that takes it (or ``project_path``,
    ``wb``, ``doc``, … built on it) runs once on each: conftest's
    ``pytest_generate_tests`` gives the parameter, only ``sqlite`` for a test marked
    ``@pytest.mark.sqlite_only("why")``."""
    if request.param == "sqlite":
        return str(tmp_path / "studie.stc")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def project_path(backend) -> Path | str:
    """The project a test creates: a file (a Path) on SQLite, a new database's URL on
    PostgreSQL (see ``backend``)."""
    return Path(backend) if "://" not in backend else backend


@pytest.fixture
def another_project(request, backend, tmp_path):
    """A second (third …) project target on the same backend as ``backend``: a new file
    name, or a new database on the session's server (dropped after the test)."""
    made: list[str] = []

    def new(name: str) -> str:
        if "://" not in backend:
            return str(tmp_path / f"{name}.stc")
        made.append(request.getfixturevalue("pg_server").new_database())
        return made[-1]
    yield new
    for url in made:
        request.getfixturevalue("pg_server").drop_database(url)


def backend_coverage(items) -> dict:
    """What a collection holds: how many tests run on PostgreSQL and on SQLite, and each
    ``sqlite_only`` test with its reason (tests/test_backend_coverage.py keeps these honest)."""
    def on(item) -> str | None:
        callspec = getattr(item, "callspec", None)
        return callspec.params.get("backend") if callspec else None

    return {"postgresql": sum(on(item) == "postgresql" for item in items),
            "sqlite": sum(on(item) == "sqlite" for item in items),
            "sqlite_only": {item.nodeid: item.get_closest_marker("sqlite_only").args[0]
                            for item in items if item.get_closest_marker("sqlite_only") and on(item)}}
