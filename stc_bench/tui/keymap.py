"""Your own keys: ``[keymap]`` in config.toml maps a binding id to keys, as in posting or
harlequin::

    [keymap]
    step2_next_suggestion = "ctrl+n"
    step1_add_theme = "a,plus"

Every binding of ours has an id (``?`` lists them beside their keys). An id that does not
exist, a value that is not a key string, or two bindings on one key are told once in a
notice; the defaults stay for everything else.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from textual.binding import Binding

from .i18n import tr


def user_keymap(config: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The ``[keymap]`` table as binding id → keys, and what is wrong with it."""
    table = config.get("keymap")
    if table is None:
        return {}, []
    if not isinstance(table, dict):
        return {}, [tr('keymap: must be a table of binding id = "keys" (e.g. [keymap])')]
    keymap, problems = {}, []
    for binding_id, keys in table.items():
        if isinstance(keys, str) and keys.strip():
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
        else:
            problems.append(tr('keymap.{id}: {keys!r} is not a key string such as "ctrl+n"').format(
                id=binding_id, keys=keys))
    return keymap, problems


def known_binding_ids() -> set[str]:
    """Every binding id in the TUI (imports each tui module: call it off the UI thread)."""
    from .. import tui

    ids: set[str] = set()
    for info in pkgutil.iter_modules(tui.__path__):
        module = importlib.import_module(f"{tui.__name__}.{info.name}")
        for value in vars(module).values():
            for binding in getattr(value, "BINDINGS", ()) if isinstance(value, type) else ():
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    return sorted(set(keymap) - known_binding_ids())


def shown_keys(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys ``?`` shows for a binding: yours if you remapped it, else its own."""
    if binding.id and binding.id in keymap:
        return keymap[binding.id]
    return binding.key_display or binding.key
