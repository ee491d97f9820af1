"""The tests' throwaway PostgreSQL server: started once, a database per test, socket only,
and a clear skip line when the server binaries are missing."""

from __future__ import annotations

import psycopg
import pytest
from helpers import pg

from bench import pgserver
from stc_bench.services import Workbench
from stc_bench.storage import migrate


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(pg.libpq_url(url), autocommit=True)


def test_each_test_gets_its_own_database_on_a_socket_only_server(pg_url, pg_server):
    with _connect(pg_url) as conn:  # the newest schema, no project yet
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.HEAD,)
        assert conn.execute("SELECT count(*) FROM project").fetchone() == (0,)
        if pg_server.folder is not None:  # a server we started: nothing listens on TCP
            assert conn.execute("SHOW listen_addresses").fetchone() == ("",)
            assert conn.execute("SHOW unix_socket_directories").fetchone() == (str(pg_server.folder),)
    other = pg_server.new_database(migrated=False)
    try:
        assert other != pg_url
        with _connect(other) as conn:
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                                ).fetchone() == (0,)
    finally:
        pg_server.drop_database(other)
    with _connect(pg_server.url("postgres")) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database")}
    assert pg.database_name(pg_url) in names
    assert pg.database_name(other) not in names


def test_without_server_binaries_the_tests_skip_with_the_install_line(monkeypatch):
    monkeypatch.setattr(pgserver, "find_bin_dir", lambda: None)
    with pytest.raises(pytest.skip.Exception) as skipped:
        pg.session_cluster()
    assert str(skipped.value) == pg.INSTALL_HINT
    assert "apt-get install postgresql" in pg.INSTALL_HINT and "\n" not in pg.INSTALL_HINT


def test_the_bin_dir_can_be_named(monkeypatch, tmp_path):
    monkeypatch.setenv("STC_PG_BIN", str(tmp_path))
    assert pgserver.find_bin_dir() != tmp_path  # no initdb there: not taken
    for name in ("initdb", "pg_ctl"):
        (tmp_path / name).write_text("")
    assert pgserver.find_bin_dir() == tmp_path


def test_backend_fixture_gives_a_project_on_each(backend):
    with Workbench.create(backend, title="Begge", actor="kari") as wb:
        wb.add_theme("Tema")
        assert wb.store.backend == ("postgresql" if "://" in backend else "sqlite")
        assert wb.verify().ok
