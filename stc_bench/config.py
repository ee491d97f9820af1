"""The user's stc-bench settings: ``config.toml`` in the platform's config folder.

Example (``~/.config/stc-bench/config.toml`` on Linux)::

    actor = "kari"
    role = "student"

``STC_BENCH_CONFIG`` points to another file (tests, shared servers).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any


def config_path() -> Path:
    override = os.environ.get("STC_BENCH_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("stc-bench")) / "config.toml"


def default_actor() -> str:
    """The actor name from the user's config file, else the login name (here, not in the
    service layer: the TUI names who acts in its first frame, before it opens the project)."""
    name = load_config().get("actor")
    if name:
        return str(name)
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def load_config() -> dict[str, Any]:
    """The settings, or an empty dict when there is no (readable) config file."""
    path = config_path()
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def set_config_value(key: str, value: str) -> Path:
    """Set one top-level ``key = "value"`` in the config file, keeping everything else in
    it (comments, tables) as written; the file is created if missing. Returns its path.

    Raises ``StcError`` naming the file if it cannot be written."""
    from .domain.errors import StcError

    path = config_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    except OSError as exc:
        raise StcError(f"{path}: cannot read the config file ({exc.strerror})") from exc
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    table = next((i for i, text in enumerate(lines) if text.lstrip().startswith("[")), len(lines))
    mine = re.compile(rf"^\s*{re.escape(key)}\s*=")
    at = next((i for i in range(table) if mine.match(lines[i])), None)
    if at is None:
        lines.insert(table, line)
    else:
        lines[at] = line
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StcError(f"{path}: cannot write the config file ({exc.strerror})") from exc
    return path


def should_ask_identity(actor: str | None) -> bool:
    """Whether the TUI asks who is acting: no ``--as``, no ``actor`` in the config, and a
    person at the terminal (stdin and stdout are terminals) — never in tests or scripts."""
    import sys

    if actor or load_config().get("actor"):
        return False
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
