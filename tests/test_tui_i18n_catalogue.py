"""Every label the TUI shows goes through the catalogue and has a Norwegian (bokmål)
version: literal ``tr`` arguments, binding descriptions, notifications, dialog titles and
widget texts. A string built before ``tr`` (an f-string, a concatenation) can never be
translated, so it fails here too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import stc_bench.tui
from stc_bench.tui.i18n import NB, set_language, tr

WORD = re.compile(r"[^\W\d_]{3,}")
#: Calls whose first argument the user reads (a notification, a dialog's title, a widget's text).
SHOWN_FIRST = {"notify", "PickerScreen", "PromptScreen", "ConfirmScreen", "Label", "Static", "Button",
               "Text", "update", "append"}


def _sources():
    for path in sorted(Path(stc_bench.tui.__file__).parent.glob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _words(text: str) -> bool:
    """Whether ``text`` holds a word (three letters or more: key names such as "n/p",
    "g ] [" or "ctrl+z" and separators are no words to translate)."""
    return bool(WORD.search(re.sub(r"\b(?:ctrl|alt|shift|esc|enter|tab)\b", "", text, flags=re.I)))


def _literal(node: ast.expr) -> bool:
    """A string the code spells out: a constant, an f-string or a concatenation of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _words(v.value) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    return False


def test_every_literal_label_given_to_tr_is_in_the_norwegian_catalogue():
    missing = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "tr" and node.args:
                arg = node.args[0]
                if isinstance(arg, (ast.JoinedStr, ast.BinOp)):
                    missing.append(f"{path.name}:{node.lineno}: tr() of a built string")
                elif not isinstance(arg, ast.Constant):
                    continue  # a name: its values are catalogued where they are spelled out
                elif arg.value not in NB:
                    missing.append(f"{path.name}:{node.lineno}: {arg.value!r}")
    assert missing == []


def test_binding_descriptions_are_in_the_catalogue():
    missing = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "Binding" and len(node.args) >= 3:
                label = node.args[2]
                if isinstance(label, ast.Constant) and label.value and label.value not in NB:
                    missing.append(f"{path.name}:{node.lineno}: {label.value!r}")
                elif isinstance(label, ast.IfExp):
                    for branch in (label.body, label.orelse):
                        if isinstance(branch, ast.Constant) and branch.value and branch.value not in NB:
                            missing.append(f"{path.name}:{node.lineno}: {branch.value!r}")
    assert missing == []


def test_nothing_shown_is_spelled_out_without_tr():
    """Notifications, dialog titles and widget texts: a literal must be wrapped in tr()."""
    bare = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in SHOWN_FIRST):
                continue
            shown = list(node.args[:1]) + [k.value for k in node.keywords
                                           if k.arg in ("title", "placeholder", "label")]
            for arg in shown:
                if _literal(arg):
                    bare.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)[:70]}")
    assert bare == []


def test_pane_names_and_trail_actions_are_in_the_catalogue():
    from stc_bench.tui.catalogue import ACTIONS
    from stc_bench.tui.comments import ENTITY_NAMES
    from stc_bench.tui.footer import PANES

    assert [name for name in ENTITY_NAMES.values() if name not in NB] == []
    assert [name for name in PANES.values() if name not in NB] == []
    assert [label for label in ACTIONS.values() if label not in NB] == []


def test_templates_keep_their_fields_in_norwegian():
    set_language("nb")
    try:
        assert tr("Unit {id} → {group}").format(id=7, group="Tempo") == "Enhet 7 → Tempo"
        for english, norwegian in NB.items():
            fields = {part.split("}")[0] for part in english.split("{")[1:]}
            assert fields == {part.split("}")[0] for part in norwegian.split("{")[1:]}, english
    finally:
        set_language("en")


def test_every_count_has_its_norwegian_singular_and_plural():
    """A literal ``counted(n, one, other)``: the English pair is a key of PLURALS_NB, and both
    languages' forms keep the same fields."""
    from stc_bench.tui.catalogue import PLURALS_NB

    missing = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "counted" and len(node.args) >= 3:
                one, other = node.args[1:3]
                if not (isinstance(one, ast.Constant) and isinstance(other, ast.Constant)):
                    missing.append(f"{path.name}:{node.lineno}: counted() of built strings")
                elif (one.value, other.value) not in PLURALS_NB:
                    missing.append(f"{path.name}:{node.lineno}: {one.value!r}")
    assert missing == []
    for english, norwegian in PLURALS_NB.items():
        fields = [{part.split("}")[0] for part in text.split("{")[1:]}
                  for text in (*english, *norwegian)]
        assert all(f == fields[0] and "n" in f for f in fields), english
