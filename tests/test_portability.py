"""Windows 11 and macOS, shown on Linux: the README's commands, dev.py, output on a narrow
console encoding, and every module importing with ``sys.platform`` simulated.

The platform-specific behaviour of the TUI (locale, Tab completion, hidden files) is in
test_portability_tui.py; the lint that keeps POSIX-only code out is in test_portability_lint.py.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stc_bench.cli import utf8_streams

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_finds_the_venv_interpreter_on_each_platform(dev):
    assert dev.venv_python(Path("v"), windows=True) == Path("v", "Scripts", "python.exe")
    assert dev.venv_python(Path("v"), windows=False) == Path("v", "bin", "python")
    assert dev.PY == dev.venv_python(dev.VENV)


def test_dev_runs_stc_bench_as_a_module_not_a_script(dev, monkeypatch, capfd):
    # No console script exists on this path: only `python -m stc_bench` can answer.
    monkeypatch.setattr(dev, "ensure_env", lambda extras: None)  # .venv is this interpreter's
    monkeypatch.setattr(dev, "PY", Path(sys.executable))
    assert dev.main(["run", "--version"]) == 0
    assert re.match(r"stc-bench \d", capfd.readouterr().out)
    assert dev.main(["nonsense"]) == 2


def test_python_m_stc_bench_is_the_command():
    done = subprocess.run([sys.executable, "-m", "stc_bench", "--version"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("stc-bench ")


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n|\n(?=- )", text) if p.strip()]


def test_readme_gives_each_command_for_linux_macos_and_windows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme[readme.index("## Quick start"):readme.index("## Your own study")]
    for command in ("demo", "test"):
        assert f"`python3 dev.py {command}`" in quick and f"`py dev.py {command}`" in quick
    # CI runs exactly the README's Linux test command.
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert ci[-1].strip() == "python3 dev.py test"
    assert "```sh\npython3 dev.py test\n```" in quick
    # Every paragraph naming a venv path also names the Windows one.
    for paragraph in _paragraphs(readme):
        if ".venv/bin/" in paragraph:
            assert ".venv\\Scripts\\" in paragraph, paragraph


def test_utf8_streams_lets_a_cp1252_stream_print_arrows():
    narrow = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    with pytest.raises(UnicodeEncodeError):  # what Windows did before
        narrow.write("→")
        narrow.flush()
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    utf8_streams(stream)
    stream.write("a → b ✓ «kjæreste»\n")
    stream.flush()
    assert "a → b ✓ «kjæreste»".encode() in raw.getvalue()
    already = io.TextIOWrapper(io.BytesIO(), encoding="UTF-8", errors="strict")
    utf8_streams(already)  # left as it is
    assert already.errors == "strict"


@pytest.mark.parametrize("command", [["audit", "log"], ["audit", "review"]])
def test_audit_output_redirected_to_a_cp1252_file_does_not_crash(wb, project_path, tmp_path,
                                                                  command):
    theme = wb.add_theme("Trygghet")
    wb.edit_theme(theme.id, name="Trygghet på jobben → mestring")
    wb.close()
    out = tmp_path / "logg.txt"
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    with out.open("wb") as sink:
        done = subprocess.run([sys.executable, "-m", "stc_bench", "--as", "veileder", *command,
                               str(project_path)], stdout=sink, stderr=subprocess.PIPE,
                              env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = out.read_text(encoding="utf-8")
    assert "'Trygghet' → 'Trygghet på jobben → mestring'" in text


IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
import stc_bench

SKIP = {"stc_bench.__main__", "stc_bench.storage.migrations.env"}  # run, not import
names = [m.name for m in pkgutil.walk_packages(stc_bench.__path__, "stc_bench.")
         if m.name not in SKIP]
for name in names:  # third-party packages load under the real platform (they are not ours)
    importlib.import_module(name)
for name in [n for n in sys.modules if n == "stc_bench" or n.startswith("stc_bench.")]:
    del sys.modules[name]
sys.platform = PLATFORM
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
from stc_bench.tui.importer import folds_case
print(json.dumps({"modules": len(names), "failed": failed, "folds_case": folds_case()}))
"""


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_every_module_imports_on_the_simulated_platform(platform):
    script = IMPORT_ALL.replace("PLATFORM", repr(platform))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=str(ROOT))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert report["modules"] > 100
    assert report["folds_case"] is True  # the patched platform is the one the code reads
