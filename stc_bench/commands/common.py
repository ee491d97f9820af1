"""Helpers shared by the sub-commands: opening projects and printing."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Where a script (or a test) gives an encrypted project's passphrase instead of the prompt.
PASSPHRASE_ENV = "STC_BENCH_PASSPHRASE"


def open_project(args, *, read_only: bool = False):
    """Open ``args.project`` as ``--as`` (or the configured/default actor); report a
    migration and its backup on stderr."""
    # Imported here, not at the top: ``--help`` and every parser are built from these
    # modules, and the service layer pulls in SQLAlchemy, Alembic and the models.
    from ..services import Workbench

    wb = Workbench.open(args.project, actor=getattr(args, "actor", None), read_only=read_only,
                        passphrase=passphrase_asker(args.project))
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


def passphrase_asker(project: str, *, new: bool = False) -> Callable[[], str]:
    """A function giving ``project``'s passphrase: ``STC_BENCH_PASSPHRASE``, else asked at
    the terminal without echo (twice for a ``new`` one). Called only when one is needed;
    the passphrase is never in argv, never stored, never printed."""
    from ..domain.errors import PassphraseNeeded, StcError

    def ask() -> str:
        given = os.environ.get(PASSPHRASE_ENV)
        if given:
            return given
        if not sys.stdin.isatty():
            raise PassphraseNeeded(f"{project}: needs a passphrase and there is no terminal to "
                                   f"ask at: set {PASSPHRASE_ENV}")
        try:
            first = getpass.getpass(f"Passphrase for {project}: ")
            if new and getpass.getpass("The same passphrase again: ") != first:
                raise StcError(f"{project}: the two passphrases differ; nothing was changed")
        except (EOFError, KeyboardInterrupt):
            raise StcError(f"{project}: no passphrase given; nothing was changed") from None
        return first

    return ask
