"""CI runs the reliability test (``python -m bench.reliability --quick``) and fails on
any failure or any data lost: kills, hostile inputs, concurrency, tampering, revisions,
no network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_reliability_quick_passes():
    done = subprocess.run([sys.executable, "-m", "bench.reliability", "--quick", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=400,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip(), done.stderr[-2000:]
    report = json.loads(done.stdout)
    failed = [t for t in report["tests"] if t["failures"] or t["lost"]]
    assert not failed and report["ok"] and done.returncode == 0, (report["seed"], failed)
    names = {t["name"] for t in report["tests"]}
    assert len(names) == 6 and all(t["cases"] > 0 for t in report["tests"])
