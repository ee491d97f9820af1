#!/usr/bin/env python3
"""Set up stc-bench in ./.venv (once; again when pyproject.toml changes) and run it.

    python3 dev.py demo     # set up, create projects/demo.stc if missing, open it in the TUI
    python3 dev.py test     # set up with the dev tools, lint (ruff), type-check (mypy), run the whole test suite
    python3 dev.py run ARGS # any stc-bench command, e.g. run new projects/mitt.stc --title T

On Windows say ``py dev.py …`` (the python.org launcher; ``python3`` there is a Store alias).
Needs only Python >= 3.11 and access to PyPI (or a local mirror pip is configured for).
Anything after the command is passed on (``python3 dev.py test -k audit``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python(folder: Path, windows: bool = os.name == "nt") -> Path:
    """The interpreter a venv has: Scripts\\python.exe on Windows, bin/python elsewhere."""
    return folder / "Scripts" / "python.exe" if windows else folder / "bin" / "python"


PY = venv_python(VENV)


def ensure_env(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"stc-bench needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".stc-installed{'-' + extras if extras else ''}"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return
    print(f"dev.py: installing stc-bench{'[' + extras + ']' if extras else ''} into .venv", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT, check=True)
    stamp.write_text(digest, encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "run"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "test":
        ensure_env("dev")
        if not rest:
            # The whole run (CI's) lints first: a lint error fails it before 10 minutes of tests.
            # A subset (`test -k …`) skips it so the edit-test loop stays quick.
            code = subprocess.call([str(PY), "-m", "ruff", "check", "--quiet", "."], cwd=ROOT)
            if code:
                print("dev.py: ruff found problems (above); fix them, or `ruff check --fix .`")
                return code
            # the packages [tool.mypy] in pyproject.toml lists
            code = subprocess.call([str(PY), "-m", "mypy"], cwd=ROOT)
            if code:
                print("dev.py: mypy found type errors (above)")
                return code
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    ensure_env("")
    args = ["demo", *rest] if command == "demo" else rest
    # The venv's interpreter with -m, not the console script: that is stc-bench.exe on
    # Windows and a shebang script elsewhere, and -m works the same on every platform.
    return subprocess.call([str(PY), "-m", "stc_bench", *args], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
