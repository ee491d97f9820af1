"""A project written by an older stc-bench is upgraded on open: a backup is written
first (and named on stderr), the backup still opens with the old schema, and the
upgraded file verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from helpers.study import build_small_study, downgrade, sqlite_rows

from stc_bench.cli import main
from stc_bench.domain.errors import ProjectFileError
from stc_bench.services import Workbench
from stc_bench.storage import migrate
from stc_bench.storage.engine import make_engine, project_url

OLD = "0001"


def tables(path: Path | str, kind: str = "table") -> set[str]:
    """The names of the file's tables (or of its indexes: ``kind="index"``); a PostgreSQL
    project's tables."""
    if "://" in str(path):
        assert kind == "table"
        return {r[0] for r in sqlite_rows(path, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    con = sqlite3.connect(str(path))
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}
    finally:
        con.close()


def revision(path: Path | str) -> str:
    return sqlite_rows(path, "SELECT version_num FROM alembic_version")[0][0]


@pytest.fixture
def old_project(project_path) -> Path:
    """A project with a real trail, taken back to schema 0001 by its own migrations."""
    with Workbench.create(project_path, title="Gammelt prosjekt", actor="kari") as wb:
        build_small_study(wb)
    downgrade(project_path, OLD)
    assert revision(project_path) == OLD
    assert "suggestion" not in tables(project_path)  # genuinely the older schema
    return project_path


def test_fresh_store_at_an_old_revision_reports_no_backup(tmp_path):
    path = tmp_path / "ny.stc"
    engine = make_engine(project_url(path))
    try:
        report = migrate.upgrade(engine, path, revision=OLD)
        assert report.from_revision is None and report.backup is None
        assert migrate.current_revision(engine) == OLD
        report = migrate.upgrade(engine, path)
        assert report.from_revision == OLD and report.backup is not None and report.backup.exists()
        assert report.to_revision == migrate.head_revision()
    finally:
        engine.dispose()


@pytest.mark.sqlite_only('the backup copy of the file made before a migration (PostgreSQL migrations: test_pg_store)')
def test_cli_upgrades_on_open_and_names_the_backup(old_project, capsys):
    assert main(["status", str(old_project)]) == 0
    err = capsys.readouterr().err
    assert f"from schema {OLD} to {migrate.head_revision()}" in err
    backups = sorted(old_project.parent.glob(old_project.name + ".bak-*"))
    assert len(backups) == 1
    assert str(backups[0]) in err

    # the backup is a working SQLite file with the old schema and the whole trail
    assert revision(backups[0]) == OLD
    assert "suggestion" not in tables(backups[0])
    con = sqlite3.connect(str(backups[0]))
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        old_events = con.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    finally:
        con.close()

    assert revision(old_project) == migrate.head_revision()
    assert "suggestion" in tables(old_project)
    assert main(["audit", "verify", str(old_project)]) == 0
    assert f"ok: {old_events} events" in capsys.readouterr().out

    # a second open finds nothing to migrate and writes no second backup
    assert main(["status", str(old_project)]) == 0
    assert "upgraded" not in capsys.readouterr().err
    assert len(list(old_project.parent.glob(old_project.name + ".bak-*"))) == 1


@pytest.mark.sqlite_only('the backup copy of the file made before a migration (PostgreSQL migrations: test_pg_store)')
def test_the_backup_is_written_before_the_migration(old_project, monkeypatch):
    seen = {}
    real_upgrade = command.upgrade

    def upgrade_after_checking_backup(cfg, rev, **kw):
        seen["backups"] = list(old_project.parent.glob(old_project.name + ".bak-*"))
        return real_upgrade(cfg, rev, **kw)

    monkeypatch.setattr(command, "upgrade", upgrade_after_checking_backup)  # alembic.command
    with Workbench.open(old_project, actor="kari") as wb:
        assert wb.migration.backup in seen["backups"]
        assert wb.verify().ok


def test_review_mode_refuses_to_migrate(old_project, capsys):
    with pytest.raises(ProjectFileError, match="older stc-bench"):
        Workbench.open(old_project, read_only=True)
    assert main(["audit", "log", str(old_project)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stc-bench: error: ") and err.count("\n") == 1
    assert revision(old_project) == OLD  # untouched


def test_head_constant_is_alembics_head():
    # Opening a current project skips Alembic by comparing with this constant.
    assert migrate.HEAD == migrate.head_revision()


def test_opening_a_current_project_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    from stc_bench.services import Workbench

    path = tmp_path / "p.stc"
    Workbench.create(path, title="Jobbstøtte").close()
    # through the Workbench (`stc-bench status` itself reads such a file with sqlite3
    # alone: tests/test_status_counts.py)
    probe = ("import sys\nfrom stc_bench.services import Workbench\n"
             f"with Workbench.open({str(path)!r}) as wb:\n"
             "    code = 0 if wb.status()['audit_events'] == 1 else 1\n"
             "print(code, 'alembic' in sys.modules, 'sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False", "True"]


@pytest.mark.sqlite_only("the FTS5 index's rowids; PostgreSQL's index is a plain table")
def test_0009_keys_an_existing_search_index_by_place_and_keeps_its_hits(project_path):
    """An index built before 0009 (rowids in insertion order) is re-keyed on upgrade —
    rowid = document id << 32 | turn id — and searches find the same hits without
    building the index again."""
    from stc_bench.nlp import search

    with Workbench.create(project_path, title="Søk", actor="kari") as wb:
        build_small_study(wb)
        before = [(h.document_id, h.turn_id, h.start, h.unit_ids) for h in search(wb, "jobbe")]
    assert before
    downgrade(project_path, "0005")
    con = sqlite3.connect(str(project_path))
    old_rowids = [r[0] for r in con.execute("SELECT rowid FROM search_turn ORDER BY rowid")]
    con.close()
    assert old_rowids == list(range(1, len(old_rowids) + 1))  # the pre-0009 keys
    with Workbench.open(project_path, actor="kari") as wb:
        state = wb.search_state()
        assert [(h.document_id, h.turn_id, h.start, h.unit_ids) for h in search(wb, "jobbe")] == before
        assert wb.search_state() == state  # not indexed again
    con = sqlite3.connect(str(project_path))
    rows = con.execute("SELECT rowid, document_id, turn_id FROM search_turn").fetchall()
    con.close()
    assert len(rows) == len(old_rowids) and all(r == d << 32 | t for r, d, t in rows)


LEAN = {"ix_turn_document_id", "ix_speaker_informant_document_id", "ix_coding_unit_id",
        "ix_assignment_unit_id", "ix_condensate_unit_condensate_id", "ix_analytic_text_subgroup_id"}


def indexes(path: Path) -> set[str]:
    return tables(path, "index")


def test_0011_drops_only_the_indexes_a_unique_constraint_already_begins_with(tmp_path):
    new = tmp_path / "ny.stc"
    with Workbench.create(new, title="Ny", actor="kari") as wb:
        build_small_study(wb)
    assert not indexes(new) & LEAN
    old = tmp_path / "gammel.stc"
    with Workbench.create(old, title="Gammel", actor="kari") as wb:
        build_small_study(wb)
    downgrade(old, "0010_coders")
    assert indexes(old) >= LEAN  # the older schema really had them
    assert main(["status", str(old)]) == 0  # upgraded on open
    assert indexes(old) == indexes(new)
    with Workbench.open(old, actor="kari") as wb:
        assert wb.verify().ok
    # every lookup by the column still walks an index (the unique constraint's), no scan
    con = sqlite3.connect(str(new))
    try:
        for table, column in [("turn", "document_id"), ("speaker_informant", "document_id"),
                              ("coding", "unit_id"), ("assignment", "unit_id"),
                              ("condensate_unit", "condensate_id"),
                              ("analytic_text", "subgroup_id")]:
            plan = " ".join(r[-1] for r in con.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = 1"))
            assert "USING INDEX sqlite_autoindex" in plan or "USING COVERING INDEX" in plan, (table, plan)
    finally:
        con.close()
