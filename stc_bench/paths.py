"""Where projects and exports go.

Inside a checkout (a ``pyproject.toml`` naming stc-bench beside ``projects/``) they go to
the checkout's ``projects/`` and ``exports/``; otherwise to the current folder's. The
``STC_BENCH_HOME`` variable overrides both with ``$STC_BENCH_HOME/projects`` and ``…/exports``.
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    override = os.environ.get("STC_BENCH_HOME")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").exists() and (checkout / "projects").is_dir():
        return checkout
    return Path.cwd()


def projects_dir() -> Path:
    return home() / "projects"


def exports_dir() -> Path:
    return home() / "exports"
