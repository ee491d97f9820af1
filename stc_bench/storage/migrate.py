"""Schema creation and upgrades — by Alembic migrations only.

Before an existing project file is migrated, a consistent backup copy is written beside
it (SQLite's online backup API, so a WAL file is included) and its path reported.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from ..domain.errors import ProjectFileError

MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class MigrationReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_known(revision: str | None, where: object) -> None:
    """Refuse a store whose schema revision this stc-bench does not know: it was written
    by a newer one, and neither migrating nor reading it could be right."""
    if revision is None:
        return
    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
        known = None
    if known is None:
        raise ProjectFileError(f"{where}: written by a newer stc-bench (schema revision "
                               f"{revision}); upgrade stc-bench to open it")


def backup_sqlite(path: Path, label: str) -> Path:
    """Copy a SQLite project to ``NAME.stc.bak-LABEL-TIMESTAMP`` and return its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-{label}-{stamp}-{n}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine, sqlite_file: Path | None, revision: str = "head") -> MigrationReport:
    """Bring the store to ``revision`` (default: the newest), backing it up first if it
    already holds a project at an older revision."""
    before = current_revision(engine)
    check_known(before, sqlite_file or engine.url)
    target = head_revision() if revision == "head" else revision
    if before == target:
        return MigrationReport(before, target, None)
    if before is None and inspect(engine).get_table_names():
        raise ProjectFileError(
            f"{sqlite_file or engine.url}: not an stc-bench project (tables but no schema version)"
        )
    backup = None
    if before is not None and sqlite_file is not None:
        backup = backup_sqlite(sqlite_file, f"rev{before}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return MigrationReport(before, target, backup)
