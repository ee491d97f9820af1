"""The user's stc-bench settings: ``config.toml`` in the platform's config folder.

Example (``~/.config/stc-bench/config.toml`` on Linux)::

    actor = "kari"

``STC_BENCH_CONFIG`` points to another file (tests, shared servers).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any


def config_path() -> Path:
    override = os.environ.get("STC_BENCH_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("stc-bench")) / "config.toml"


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
