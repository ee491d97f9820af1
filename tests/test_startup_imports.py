"""Start-up cost: a command imports only what it needs (issue 13).

``stc-bench --help`` (and building the parser for any command) must not import the heavy
libraries; each is imported by the command that uses it. Checked in a fresh interpreter,
by the modules it ends up holding, not by time.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "spacy", "docx", "textual", "lxml")

PROBE = """
import sys, io, contextlib
from stc_bench import cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        cli.main({argv!r})
    except SystemExit as exc:
        code = exc.code
print(repr(sorted(m for m in {heavy!r} if m in sys.modules)))
print(len(out.getvalue()))
"""


def loaded_after(argv: list[str]) -> tuple[list[str], int]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=HEAVY)],
                          capture_output=True, text=True, check=True)
    modules, length = done.stdout.strip().splitlines()[-2:]
    return eval(modules), int(length)  # noqa: S307 - our own repr of a list of str


def test_help_imports_nothing_heavy():
    modules, printed = loaded_after(["--help"])
    assert modules == []
    assert printed > 200  # the help was really printed (every command listed)


def test_sub_command_help_imports_nothing_heavy():
    for argv in (["export", "docx", "--help"], ["audit", "verify", "--help"], ["status", "--help"]):
        modules, printed = loaded_after(argv)
        assert modules == [], argv
        assert printed > 50, argv


def test_export_help_still_lists_its_parts():
    done = subprocess.run([sys.executable, "-m", "stc_bench", "export", "csv", "--help"],
                          capture_output=True, text=True, check=True)
    assert "units,codebook,matrix,audit" in done.stdout
