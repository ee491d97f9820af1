"""Schema creation and upgrades — by Alembic migrations only.

Before an existing project file is migrated, a consistent backup copy is written beside
it (SQLite's online backup API, so a WAL file is included) and its path reported.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import ProjectFileError
from ..protect import create_private_file

# SQLAlchemy only inside the functions: storage/quick.py reads HEAD without it.
if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")

#: The newest migration in ``migrations/versions``. Opening a project at this revision
#: reads one row and never imports Alembic (about a third of a second of start-up);
#: any other revision takes Alembic's path. tests/test_migration.py checks it is
#: Alembic's head, so a new migration cannot be forgotten here.
HEAD = "0011_lean_indexes"


@dataclass(frozen=True)
class MigrationReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise RuntimeError("no Alembic migrations found")
    return head


def stored_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version`` read with one query (None: no such table or
    not exactly one row; Alembic's own reading then decides)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except (OperationalError, ProgrammingError):
        return None
    return rows[0][0] if len(rows) == 1 else None


def is_current(engine: Engine) -> bool:
    """True when the store is at :data:`HEAD` (the common case: nothing to migrate)."""
    return stored_revision(engine) == HEAD


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_known(revision: str | None, where: object) -> None:
    """Refuse a store whose schema revision this stc-bench does not know: it was written
    by a newer one, and neither migrating nor reading it could be right."""
    if revision is None:
        return
    from alembic.script import ScriptDirectory

    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
        known = None
    if known is None:
        raise ProjectFileError(f"{where}: written by a newer stc-bench (schema revision "
                               f"{revision}); upgrade stc-bench to open it")


def backup_sqlite(path: Path, label: str, key: str | None = None) -> Path:
    """Copy a SQLite project to ``NAME.stc.bak-LABEL-TIMESTAMP`` and return its path; an
    encrypted one (``key``) stays encrypted with the same passphrase."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{label}-{stamp}")
    n = 1
    while True:  # O_EXCL: never write into a file that appeared meanwhile
        try:
            create_private_file(target)  # a backup holds the same interviews: owner-only
            break
        except FileExistsError:
            n += 1
            target = path.with_name(f"{path.name}.bak-{label}-{stamp}-{n}")
    if key is not None:
        from .crypt import copy_sqlcipher

        copy_sqlcipher(path, key, target, key)
        return target
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine, sqlite_file: Path | None, revision: str = "head",
            key: str | None = None) -> MigrationReport:
    """Bring the store to ``revision`` (default: the newest), backing it up first if it
    already holds a project at an older revision."""
    if revision == "head" and is_current(engine):
        return MigrationReport(HEAD, HEAD, None)
    from alembic import command
    from sqlalchemy import inspect

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
        backup = backup_sqlite(sqlite_file, f"rev{before}", key)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return MigrationReport(before, target, backup)
