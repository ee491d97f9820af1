"""Helpers shared by the sub-commands: opening projects and printing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def open_project(args, *, read_only: bool = False):
    """Open ``args.project`` as ``--as`` (or the configured/default actor); report a
    migration and its backup on stderr."""
    # Imported here, not at the top: ``--help`` and every parser are built from these
    # modules, and the service layer pulls in SQLAlchemy, Alembic and the models.
    from ..services import Workbench

    wb = Workbench.open(args.project, actor=getattr(args, "actor", None), read_only=read_only)
    report = wb.migration
    if report is not None and report.migrated and report.from_revision is not None:
        kept = (f"backup written to {report.backup}" if report.backup is not None else
                "no copy was made of a database on a server (its administrator's backups keep it)")
        print(f"stc-bench: upgraded {args.project} from schema {report.from_revision} to "
              f"{report.to_revision}; {kept}", file=sys.stderr)
    return wb


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def add_project_arg(parser, help_text: str = "project file (projects/NAME.stc) or database URL"):
    parser.add_argument("project", help=help_text)


def exists_or_url(target: str) -> bool:
    return "://" in target or Path(target).exists()
