"""A writer killed with SIGKILL at random moments never damages the project: the file
passes ``PRAGMA integrity_check``, the trail verifies, and every operation the child
reported as committed is there."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.study import import_interview

from stc_bench.services import Workbench

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).parent / "helpers" / "crash_worker.py"
FRESH_RUNS = 4      # children started as new interpreters
FORKED_RUNS = 56    # children forked from a pre-imported zygote (cheap, so many kills fit)


class LineReader:
    """Lines from a child's stdout, with a deadline (no thread, no hang)."""

    def __init__(self, stream):
        self.fd = stream.fileno()
        self.buffer = b""

    def read_until(self, deadline: float, stop=lambda line: False) -> list[str]:
        lines: list[str] = []
        while True:
            while b"\n" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\n", 1)
                line = raw.decode("utf-8")
                lines.append(line)
                if stop(line):
                    return lines
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return lines
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    return lines
                self.buffer += chunk


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "STC_BUSY_TIMEOUT_MS": "5000"}


def committed_records(lines: list[str]) -> list[dict]:
    return [json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("committed ")]


def check_project(path: Path, records: list[dict]) -> None:
    con = sqlite3.connect(str(path))
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for r in records:
            row = con.execute(f"SELECT {r['field']} FROM {r['table']} WHERE id = ?", (r["id"],)).fetchone()
            assert row is not None, f"reported committed but missing: {r}"
            if r["table"] == "theme" and not r["value"].endswith(" (omdøpt)"):
                # a theme added by a run may have been renamed by a later operation of it
                assert row[0] == r["value"] or row[0].endswith(" (omdøpt)"), r
                continue
            assert row[0] == r["value"], f"reported committed but different: {r} vs {row[0]!r}"
    finally:
        con.close()
    with Workbench.open(path, actor="kontroll") as wb:
        report = wb.verify()
        assert report.ok, report.problem
        assert report.events >= len(records)


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "krasj.stc"
    with Workbench.create(path, title="Krasjtest", actor="kari") as wb:
        import_interview(wb)
        wb.add_code_group("Rask start")
    return path


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_committed(project):
    rng = random.Random(int(os.environ.get("STC_CRASH_SEED", time.time_ns() % 10**6)))
    records: list[dict] = []
    kills = 0

    for run in range(FRESH_RUNS):
        child = subprocess.Popen([sys.executable, str(WORKER), "run", str(project), str(run)],
                                 stdout=subprocess.PIPE, env=child_env(), cwd=str(ROOT))
        reader = LineReader(child.stdout)
        # Let the interpreter start, then kill at a random moment among its writes.
        lines = reader.read_until(time.monotonic() + 20, stop=lambda line: line.startswith("committed"))
        lines += reader.read_until(time.monotonic() + rng.uniform(0.0, 0.4))
        assert child.poll() is None, "the writer died on its own"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=20)
        lines += reader.read_until(time.monotonic() + 5, stop=lambda line: False)
        child.stdout.close()
        records += committed_records(lines)
        kills += 1
    check_project(project, records)

    zygote = subprocess.Popen([sys.executable, str(WORKER), "zygote", str(project)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=child_env(),
                              cwd=str(ROOT))
    reader = LineReader(zygote.stdout)
    try:
        for run in range(FRESH_RUNS, FRESH_RUNS + FORKED_RUNS):
            zygote.stdin.write(f"go {run}\n".encode())
            zygote.stdin.flush()
            lines = reader.read_until(time.monotonic() + 20, stop=lambda line: line.startswith("child "))
            pid = int(lines[-1].split()[1])
            lines += reader.read_until(time.monotonic() + rng.uniform(0.005, 0.25))
            os.kill(pid, signal.SIGKILL)
            reaped = f"reaped {pid}"
            lines += reader.read_until(time.monotonic() + 20, stop=reaped.__eq__)
            assert lines[-1] == reaped, "the zygote did not reap its child"
            records += committed_records(lines)
            kills += 1
            if kills % 15 == 0:
                check_project(project, records)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=20)
        zygote.stdout.close()

    assert kills >= 50
    assert len(records) > kills  # the children really did work between kills
    check_project(project, records)
