"""Every label the TUI passes to ``tr`` has a Norwegian (bokmål) version in the catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import stc_bench.tui
from stc_bench.tui.i18n import NB, set_language, tr


def test_every_literal_label_given_to_tr_is_in_the_norwegian_catalogue():
    missing = []
    for path in Path(stc_bench.tui.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value not in NB):
                missing.append(f"{path.name}: {node.args[0].value!r}")
    assert missing == []


def test_templates_keep_their_fields_in_norwegian():
    set_language("nb")
    try:
        assert tr("Unit {id} → {group}").format(id=7, group="Tempo") == "Enhet 7 → Tempo"
        for english, norwegian in NB.items():
            fields = {part.split("}")[0] for part in english.split("{")[1:]}
            assert fields == {part.split("}")[0] for part in norwegian.split("{")[1:]}, english
    finally:
        set_language("en")
