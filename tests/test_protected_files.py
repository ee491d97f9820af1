"""Everything that holds interview data is owner-only on POSIX whatever the umask: the
project file and its -wal/-shm, the backup written before a migration, exports and the
lemma cache (files 0600, folders 0700); a tighter existing mode is kept."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from helpers.study import build_small_study

from stc_bench import protect
from stc_bench.cli import main
from stc_bench.export.files import write_export
from stc_bench.services import Workbench
from stc_bench.storage import migrate
from stc_bench.storage.engine import make_engine, project_url

posix_only = pytest.mark.skipif(os.name != "posix", reason="Windows files have no permission bits")
UMASKS = pytest.mark.parametrize("umask", [0o022, 0o000])


@contextmanager
def set_umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
@UMASKS
def test_a_new_project_and_its_wal_and_shm_are_owner_only(tmp_path, umask):
    path = tmp_path / "studie.stc"
    with set_umask(umask), Workbench.create(path, title="Jobbstøtte", actor="kari") as wb:
        build_small_study(wb)
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()  # WAL mode: both exist while it is open
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)


@posix_only
@UMASKS
def test_the_cli_new_command_creates_an_owner_only_project(tmp_path, umask):
    path = tmp_path / "ny.stc"
    with set_umask(umask):
        assert main(["new", str(path), "--title", "Studie"]) == 0
    assert mode(path) == 0o600


@pytest.mark.sqlite_only("the mode bits of the file's backup copy")
@posix_only
@UMASKS
def test_the_backup_before_a_migration_is_owner_only(project_path, umask):
    with Workbench.create(project_path, title="Gammelt prosjekt", actor="kari") as wb:
        build_small_study(wb)
    engine = make_engine(project_url(project_path))
    try:
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        with set_umask(umask):
            report = migrate.upgrade(engine, project_path)
    finally:
        engine.dispose()
    assert report.backup is not None and mode(report.backup) == 0o600
    con = sqlite3.connect(str(report.backup))
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()


@posix_only
@UMASKS
def test_an_export_is_owner_only(tmp_path, umask):
    with set_umask(umask):
        target = write_export(tmp_path / "kapittel.md", lambda p: p.write_text("# Resultater\n"),
                              force=False)
    assert mode(target) == 0o600
    assert target.read_text() == "# Resultater\n"


@posix_only
def test_an_export_over_a_tighter_file_keeps_its_mode(tmp_path):
    target = tmp_path / "kapittel.md"
    target.write_text("gammel\n")
    os.chmod(target, 0o400)
    write_export(target, lambda p: p.write_text("ny\n"), force=True)
    assert mode(target) == 0o400 and target.read_text() == "ny\n"


@posix_only
def test_a_cli_export_is_owner_only(tmp_path, wb, doc, project_path):
    wb.close()
    out = tmp_path / "kapittel.md"
    with set_umask(0o022):
        assert main(["export", "md", str(project_path), "-o", str(out)]) == 0
    assert mode(out) == 0o600


@posix_only
@UMASKS
def test_the_lemma_cache_folder_and_file_are_owner_only(tmp_path, monkeypatch, umask):
    from stc_bench.nlp import lemmatizer

    monkeypatch.setenv("STC_BENCH_CACHE", str(tmp_path / "cache" / "stc-bench"))
    path = lemmatizer._compact_path()
    with set_umask(umask):
        lemmatizer.write_compact_ordbank(path)
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert "jobbe" in lemmatizer.compact_lookup(path.read_text(encoding="utf-8"), "jobbet")


@posix_only
def test_an_existing_folder_and_a_tighter_file_keep_their_modes(tmp_path):
    shared = tmp_path / "team"
    shared.mkdir()
    os.chmod(shared, 0o750)
    assert protect.private_dir(shared) == shared and mode(shared) == 0o750
    f = tmp_path / "f"
    f.write_text("x")
    os.chmod(f, 0o400)
    protect.owner_only(f)
    assert mode(f) == 0o400
    os.chmod(f, 0o644)
    protect.owner_only(f)
    assert mode(f) == 0o600


def test_a_private_file_is_never_created_over_an_existing_one(tmp_path):
    f = tmp_path / "nøkkel.csv"
    f.write_text("finnes")
    with pytest.raises(FileExistsError):
        protect.create_private_file(f)
    assert f.read_text() == "finnes"


def test_without_posix_nothing_is_chmod_ed_and_nothing_fails(tmp_path, monkeypatch):
    """On Windows chmod means little: files and folders are created, no mode is changed."""
    monkeypatch.setattr(protect, "POSIX", False)
    calls = []
    monkeypatch.setattr(protect.os, "chmod", lambda *a: calls.append(a))
    folder = protect.private_dir(tmp_path / "cache")
    protect.write_private_text(folder / "a.txt", "hei")
    protect.owner_only(folder / "a.txt")
    assert (folder / "a.txt").read_text() == "hei" and calls == []
