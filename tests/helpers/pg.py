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


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path) -> str:
    """Run a test on both backends: the project target for ``Workbench.create`` — a new
    file on SQLite, a new database on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "studie.stc")
    return request.getfixturevalue("pg_url")


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


#: Run a test that takes ``project_path`` (and so ``wb``) on SQLite and on PostgreSQL: the
#: TUI and export tests that cover the paths a team project uses (issue 19), not every one.
both_backends = pytest.mark.parametrize("project_path", BACKENDS, indirect=True)
