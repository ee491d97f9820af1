"""Word diffs: what a supervisor reads to see how a text, name or quote changed."""

from __future__ import annotations

import difflib

#: One run of words: ``=`` kept, ``-`` removed, ``+`` added.
WordRun = tuple[str, str]


def word_ops(before: str, after: str) -> tuple[WordRun, ...]:
    """``before`` → ``after`` as runs of kept, removed and added words (whitespace is not
    a change: the texts are compared word by word)."""
    old, new = before.split(), after.split()
    runs: list[WordRun] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("-", " ".join(old[a1:a2])))
        if b2 > b1:
            runs.append(("+", " ".join(new[b1:b2])))
    return tuple(runs)


def inline(runs: tuple[WordRun, ...]) -> str:
    """Runs as one line of text: ``kept [-removed-] {+added+} kept`` (git's word diff)."""
    return " ".join(text if kind == "=" else f"[-{text}-]" if kind == "-" else f"{{+{text}+}}"
                    for kind, text in runs)
