"""A lint that keeps POSIX-only code out of stc-bench (and dev.py): no POSIX-only modules,
no POSIX-only calls, no file paths built by joining strings with "/", and no text file
opened without an encoding (Windows would use its ANSI code page, cp1252)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

POSIX_ONLY_MODULES = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix"}
POSIX_ONLY_CALLS = {("os", "fork"), ("os", "forkpty"), ("os", "geteuid"), ("os", "getuid"),
                    ("os", "getpwnam"), ("os", "killpg"), ("os", "setsid"), ("os", "getpgid"),
                    ("signal", "SIGKILL"), ("signal", "SIGHUP"), ("signal", "SIGUSR1"),
                    ("signal", "SIGALRM"), ("signal", "alarm")}
#: Calls that take a file path: a "/" glued into their argument is a POSIX path.
PATH_CALLS = {"open", "Path", "PurePath", "join", "exists", "isfile", "isdir", "makedirs", "mkdir",
              "remove", "unlink", "rename", "replace", "copy", "copyfile", "move", "rmtree",
              "scandir", "listdir", "stat"}


def _glues_slash(node: ast.AST) -> bool:
    """A string built with a "/" in it: ``a + "/b"``, ``f"{a}/b"``, ``"/".join(...)``."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and "/" in str(v.value) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
        return any((isinstance(p, ast.Constant) and isinstance(p.value, str) and "/" in p.value)
                   or _glues_slash(p) for p in parts)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join" and isinstance(node.func.value, ast.Constant)):
        return node.func.value.value == "/"
    return False


def _text_without_encoding(node: ast.Call, called: str) -> bool:
    """``read_text()``/``write_text(s)``/``open(f)`` in text mode with no ``encoding``."""
    if any(k.arg == "encoding" for k in node.keywords):
        return False
    if called == "read_text":
        return not node.args
    if called == "write_text":
        return len(node.args) < 2
    if called == "open" and isinstance(node.func, ast.Name):  # the builtin, not Workbench.open
        mode = node.args[1] if len(node.args) > 1 else next(
            (k.value for k in node.keywords if k.arg == "mode"), None)
        return not (isinstance(mode, ast.Constant) and "b" in str(mode.value))
    return False


def problems(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            found += [f"{name}:{node.lineno}: imports {a.name}" for a in node.names
                      if a.name.split(".")[0] in POSIX_ONLY_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_ONLY_MODULES \
                and node.level == 0:
            found.append(f"{name}:{node.lineno}: imports {node.module}")
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and (node.value.id, node.attr) in POSIX_ONLY_CALLS):
            found.append(f"{name}:{node.lineno}: uses {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in PATH_CALLS and any(_glues_slash(arg) for arg in node.args):
                found.append(f'{name}:{node.lineno}: a path joined with "/" passed to {called}()')
            if _text_without_encoding(node, called):
                found.append(f"{name}:{node.lineno}: {called}() without an encoding")
    return found


def test_the_lint_finds_what_it_forbids():
    bad = ("import fcntl\nfrom pwd import getpwnam\nimport os, signal\nos.fork()\n"
           "os.kill(1, signal.SIGKILL)\nopen(folder + '/x.txt')\nPath(f'{home}/.cache')\n"
           "os.makedirs('/'.join([a, b]))\nopen(p, 'w', encoding='utf-8')\np.read_text()\n"
           "p.write_text(s)\nopen(p)\n")
    found = problems(bad, "bad.py")
    assert len(found) == 11  # line 6 twice: a "/" path, and no encoding
    assert {int(f.split(":")[1]) for f in found} == {1, 2, 4, 5, 6, 7, 8, 10, 11, 12}
    fine = ("import os, sys\nfrom pathlib import Path\nopen(Path(folder) / 'x.txt', encoding='utf-8')\n"
            "print(f'{done}/{total}')\nPath(home, '.cache')\nurl.rsplit('/', 1)\n"
            "open(p, 'rb')\np.read_text(encoding='utf-8')\nWorkbench.open(p)\n")
    assert problems(fine, "fine.py") == []


def test_stc_bench_and_dev_py_have_no_posix_only_code():
    files = sorted((ROOT / "stc_bench").rglob("*.py")) + [ROOT / "dev.py"]
    assert len(files) > 100
    found = [p for f in files for p in problems(f.read_text(encoding="utf-8"),
                                                  str(f.relative_to(ROOT)))]
    assert found == []
