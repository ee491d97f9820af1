"""Every project test runs on SQLite and on PostgreSQL unless it says why not: the count of
PostgreSQL tests cannot shrink silently, and the SQLite-only ones stay few, each with its
reason (conftest.py's ``pytest_generate_tests``; CONTRIBUTING.md says how to mark one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import COVERAGE, ROOT, without_backend

#: At least this many tests run on PostgreSQL (the whole suite, 2026-12-02: see the README's
#: PostgreSQL section). Raise it when you add tests; lowering it needs a reason in the commit.
POSTGRESQL_FLOOR = 596
#: At most this many project tests are kept to SQLite (each names why in its marker): a new
#: one raises it, and the commit says why its subject is the file.
SQLITE_ONLY_CEILING = 40


def whole_collection(config, tmp_path) -> dict:
    """This run's collection when it is the whole suite, else a collection of it in a
    separate process (a run of a few files still checks the whole)."""
    mine = config.stash.get(COVERAGE, None)
    if mine is not None and mine["whole"]:
        return mine
    out = tmp_path / "coverage.json"
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
                           "-p", "no:cacheprovider", str(ROOT / "tests")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "STC_TEST_COVERAGE_OUT": str(out)})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    found = json.loads(Path(out).read_text())
    assert found["whole"]
    return found


def test_the_postgresql_half_does_not_shrink_and_sqlite_only_says_why(request, tmp_path):
    found = whole_collection(request.config, tmp_path)
    listing = "\n".join(f"  {node}: {why}" for node, why in sorted(found["sqlite_only"].items()))
    assert found["postgresql"] >= POSTGRESQL_FLOOR, (
        f"{found['postgresql']} tests run on PostgreSQL, fewer than {POSTGRESQL_FLOOR}; "
        f"sqlite_only:\n{listing}")
    assert len(found["sqlite_only"]) <= SQLITE_ONLY_CEILING, f"too many sqlite_only:\n{listing}"
    # every project test is one of a pair, or says why it is not
    assert found["sqlite"] == found["postgresql"] + len(found["sqlite_only"])
    assert all(why.strip() for why in found["sqlite_only"].values())


def test_sqlite_only_without_a_reason_or_a_project_is_refused(tmp_path):
    """The marker is a claim about a project test: no reason, or no project, fails collection."""
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    files = {"test_no_reason.py": "@pytest.mark.sqlite_only('')\ndef test_a(project_path):\n    pass\n",
             "test_no_project.py": "@pytest.mark.sqlite_only('the file')\ndef test_b():\n    pass\n",
             "test_fine.py": ("@pytest.mark.sqlite_only('its file mode')\ndef test_kept(project_path):\n"
                              "    pass\n\ndef test_paired(backend):\n    pass\n")}
    for name, body in files.items():
        (tmp_path / name).write_text("import pytest\n\n" + body)
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
                           "-p", "no:cacheprovider", "--continue-on-collection-errors",
                           "--rootdir", str(tmp_path), "-c", str(ROOT / "pyproject.toml"), *files],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT / "tests"), str(ROOT)))})
    out = done.stdout + done.stderr
    assert done.returncode != 0 and "2 errors" in out
    assert "test_no_reason.py::test_a: sqlite_only needs its reason" in out
    assert "test_no_project.py::test_b: sqlite_only on a test that makes no project" in out
    listed = [line for line in done.stdout.splitlines() if line.startswith("test_fine.py::")]
    assert listed == ["test_fine.py::test_kept[sqlite]", "test_fine.py::test_paired[sqlite]",
                      "test_fine.py::test_paired[postgresql]"]


def test_a_snapshot_is_named_without_its_backend_so_both_compare_with_one_picture():
    assert without_backend("test_help_snapshot[sqlite]") == "test_help_snapshot"
    assert without_backend("test_help_snapshot[postgresql]") == "test_help_snapshot"
    assert without_backend("test_cross[postgresql-coverage]") == "test_cross[coverage]"
    assert without_backend("test_cross[records-sqlite]") == "test_cross[records]"
    assert without_backend("test_plain") == "test_plain"


def test_without_a_server_the_postgresql_half_is_skipped_in_one_line(tmp_path):
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    (tmp_path / "nopg.py").write_text("import bench.pgserver as p\np.find_bin_dir = lambda: None\n")
    (tmp_path / "test_three.py").write_text("import pytest\n\n@pytest.mark.parametrize('n', [1, 2, 3])\n"
                                            "def test_n(project_path, n):\n    assert project_path\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:randomly", "-p", "no:cacheprovider",
                           "-p", "nopg", "--rootdir", str(tmp_path), "-c", str(ROOT / "pyproject.toml"),
                           "test_three.py"], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(
                              (str(tmp_path), str(ROOT / "tests"), str(ROOT)))})
    skipped = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert done.returncode == 0 and "3 passed, 3 skipped" in done.stdout, done.stdout[-2000:]
    assert len(skipped) == 1 and skipped[0].startswith("SKIPPED [3] ")
    assert "apt-get install postgresql" in skipped[0]
