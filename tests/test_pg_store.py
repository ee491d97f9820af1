"""A project on a PostgreSQL server: created and used from the command line by URL, every
migration runs there (up and down), ids come from sequences even where stc-bench gives
them itself (undo), a held write lock is a one-line "busy", and reads see one state."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from alembic import command
from helpers import pg
from helpers.study import build_small_study, import_interview, span_of

from stc_bench.cli import main
from stc_bench.domain.errors import NothingToUndo, ProjectBusy, ProjectFileError
from stc_bench.domain.model import Coding, MeaningUnit, Theme
from stc_bench.services import Workbench
from stc_bench.storage import migrate
from stc_bench.storage.engine import make_engine

REVISIONS = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010_coders", "0011_lean_indexes"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_status_undo_and_doctor_on_a_url(pg_server, capsys):
    url = pg_server.url(f"ny_{time.time_ns()}")  # a database that does not exist yet
    try:
        code, out, err = run(capsys, "--as", "kari", "new", url, "--title", "Teamstudie")
        assert code == 0, err
        assert "created" in out and "'Teamstudie'" in out
        code, out, err = run(capsys, "status", url)
        assert code == 0, err
        assert "Coding trail: 1 events" in out
        assert "Stored in:    PostgreSQL 1" in out
        code, out, err = run(capsys, "status", url, "--json")
        assert '"backend": "postgresql"' in out
        code, out, err = run(capsys, "doctor", url)
        assert code == 0 and "project  PostgreSQL" in out and "psycopg" in out

        # the same URL again: refused in one line, the project unchanged
        code, out, err = run(capsys, "new", url, "--title", "Igjen")
        assert code == 2 and err.count("\n") == 1
        assert err.startswith("stc-bench: error: ") and "already exists" in err
        with Workbench.open(url) as wb:
            wb.add_theme("Første tema")
        code, out, err = run(capsys, "undo", url)
        assert code == 0 and "undid event 2" in out
        code, out, err = run(capsys, "redo", url)
        assert code == 0 and "redid event 2" in out
        with Workbench.open(url) as wb:
            assert [t.name for t in wb.list(Theme)] == ["Første tema"]
            assert wb.verify().ok and wb.last_seq() == 4
    finally:
        pg_server.drop_database(url)


def test_new_takes_a_database_with_no_tables_or_no_project_and_refuses_any_other(
        pg_url, bare_url, capsys):
    code, out, err = run(capsys, "new", pg_url, "--title", "Mal")  # schema, no project yet
    assert code == 0, err
    with psycopg.connect(pg.libpq_url(bare_url), autocommit=True) as conn:
        conn.execute("CREATE TABLE regnskap (id integer)")  # someone else's data
    code, out, err = run(capsys, "new", bare_url, "--title", "Oppå")
    assert code == 2 and "already exists and is not empty" in err
    with psycopg.connect(pg.libpq_url(bare_url), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                            ).fetchone() == (1,)  # untouched


@pytest.mark.parametrize("where", ["no database", "no server", "no driver"])
def test_a_url_that_cannot_be_opened_is_one_line(pg_server, capsys, tmp_path, where):
    url = {"no database": pg_server.url("finnes_ikke"),
           "no server": f"postgresql://stc@/db?host={tmp_path}",
           "no driver": "mysql://kari@localhost/studie"}[where]
    code, out, err = run(capsys, "status", url)
    assert code == 2 and err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "\\n" not in err
    assert {"no database": "does not exist", "no server": "Is the server running",
            "no driver": "install its driver"}[where] in err


def test_a_password_never_reaches_a_message(pg_server):
    with pytest.raises(ProjectFileError) as failed:
        Workbench.open(f"postgresql://kari:hemmelig@/db?host=/nonexistent/{time.time_ns()}")
    assert "hemmelig" not in str(failed.value)


def _stepwise(url: str, revisions: list[str], down: bool = False) -> None:
    engine = make_engine(url)
    try:
        cfg = migrate.alembic_config()
        for rev in revisions:
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                (command.downgrade if down else command.upgrade)(cfg, rev)
            assert migrate.current_revision(engine) == rev
    finally:
        engine.dispose()


@pytest.fixture
def bare_url(pg_server):
    """A database with no tables at all: Workbench.create migrates it from nothing."""
    url = pg_server.new_database(migrated=False)
    yield url
    pg_server.drop_database(url)


def test_every_migration_runs_on_postgresql_down_and_up_with_a_trail(bare_url, capsys):
    pg_url = bare_url
    with Workbench.create(pg_url, title="Gammel", actor="kari") as wb:
        build_small_study(wb)
        head = wb.verify().head_hash
    _stepwise(pg_url, list(reversed(REVISIONS[:-1])), down=True)  # 0008 … 0001
    _stepwise(pg_url, REVISIONS[1:])                              # 0002 … 0009, one at a time
    assert migrate.head_revision() in REVISIONS  # a newer migration must be added above
    _stepwise(pg_url, REVISIONS[:1], down=True)
    code, out, err = run(capsys, "status", pg_url)  # the CLI upgrades on open
    assert code == 0, err
    assert "from schema 0001" in err and "no copy was made" in err
    with Workbench.open(pg_url) as wb:
        report = wb.verify()
        assert report.ok, report.problem
        assert report.head_hash == head
    code, out, err = run(capsys, "search", pg_url, "bedrift")  # the index: a plain table here
    assert code == 0, err
    assert "1 hit(s) for 'bedrift'" in out and "besøkte en  [bedrift]" in out


def test_ids_undo_and_bulk_inserts_share_the_sequences(pg_url):
    with Workbench.create(pg_url, title="Sekvenser", actor="kari") as wb:
        doc = import_interview(wb)
        group = wb.add_code_group("Rask start")
        a = wb.add_theme("A")
        b = wb.add_theme("B")
        wb.delete_theme(b.id)
        wb.undo()  # B comes back with its own id, inserted explicitly
        assert wb.get(Theme, b.id).name == "B"
        c = wb.add_theme("C")  # the sequence is past it: no collision
        assert c.id > b.id > a.id
        spans = [span_of(doc.text, w) for w in ("Vi gikk rett ut", "Det gikk så fort",
                                                "sjefen visste om diagnosen")]
        units = wb.create_units(doc.id, spans, [group.id])  # insert_many: ids taken in one go
        assert len({u.id for u in units}) == 3
        one = wb.create_unit(doc.id, *span_of(doc.text, "Tungt de første ukene"), [group.id])
        assert one.id > max(u.id for u in units)  # the sequence was moved past the bulk
        wb.undo()
        wb.undo()
        wb.redo()  # the bulk's ids again, inserted explicitly
        more = wb.create_units(doc.id, [span_of(doc.text, "Det var en lettelse")], [group.id])
        assert more[0].id > max(u.id for u in units)
        with pytest.raises(NothingToUndo):  # a new operation cleared the redo stack
            wb.redo()
        assert len(wb.list(MeaningUnit)) == 4 and len(wb.list(Coding)) == 4
        assert wb.verify().ok


def test_a_held_write_lock_is_busy_in_the_api_and_on_the_command_line(pg_url, monkeypatch, capsys):
    with Workbench.create(pg_url, title="Opptatt", actor="kari"):
        pass
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "300")
    holder = pg.hold_trail_lock(pg_url)
    try:
        with Workbench.open(pg_url, actor="ola") as wb:
            t0 = time.monotonic()
            with pytest.raises(ProjectBusy, match="busy"):
                wb.add_theme("Venter")
            assert time.monotonic() - t0 < 5
            assert wb.list(Theme) == []  # reading is not blocked by a writer
        code, out, err = run(capsys, "undo", pg_url)
        assert code == 2 and "busy" in err and err.count("\n") == 1
    finally:
        holder.rollback()
        holder.close()
    with Workbench.open(pg_url, actor="ola") as wb:
        wb.add_theme("Etter låsen")
        assert wb.verify().ok


def test_one_read_sees_one_state_while_another_coder_writes(pg_url):
    with Workbench.create(pg_url, title="Øyeblikk", actor="kari") as wb, \
            Workbench.open(pg_url, actor="ola") as other:
        wb.add_theme("Før")
        with wb.one_read():
            assert [t.name for t in wb.list(Theme)] == ["Før"]
            done = threading.Event()
            threading.Thread(target=lambda: (other.add_theme("Under"), done.set())).start()
            assert done.wait(30)  # the writer did not wait for the reader
            assert [t.name for t in wb.list(Theme)] == ["Før"]
            assert wb.last_seq() == 2
        assert [t.name for t in wb.list(Theme)] == ["Før", "Under"]
        assert wb.last_seq() == 3
