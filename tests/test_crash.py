"""A writer killed at random moments (SIGKILL; TerminateProcess on Windows) never damages
the project: the file passes ``PRAGMA integrity_check``, the trail verifies, and every
operation the child reported as committed is there."""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import crash_worker
from helpers.study import import_interview, sqlite_rows

from stc_bench.services import Workbench

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).parent / "helpers" / "crash_worker.py"
FRESH_RUNS = 4      # children started as new interpreters (subprocess)
# Children from multiprocessing: forked from a server that imported the worker once
# (cheap, so many kills fit), or on Windows spawned as new interpreters (fewer).
# STC_CRASH_START=spawn runs the Windows way on Linux.
START_METHOD = os.environ.get("STC_CRASH_START") or (
    "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
POOLED_RUNS = 56 if START_METHOD == "forkserver" else 12
PG_POOLED_RUNS = 12


class LineReader:
    """Lines from a child's stdout, with a deadline: a thread feeds a queue (select() does
    not work on pipes on Windows)."""

    def __init__(self, stream):
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for raw in stream:
            self.lines.put(raw.decode("utf-8").rstrip("\n"))
        self.lines.put(None)  # end of the stream

    def read_until(self, deadline: float, stop=lambda line: False) -> list[str]:
        lines: list[str] = []
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                self.lines.put(None)  # stays at its end
                break
            lines.append(line)
            if stop(line):
                break
        return lines


class PipeReader:
    """Messages from a multiprocessing child, with a deadline."""

    def __init__(self, connection):
        self.connection = connection

    def read_until(self, deadline: float, stop=lambda line: False) -> list[str]:
        lines: list[str] = []
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                if not self.connection.poll(remaining):
                    break
                line = self.connection.recv_bytes().decode("utf-8")
            except (EOFError, OSError):  # the child is gone and everything is read
                break
            lines.append(line)
            if stop(line):
                break
        return lines


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "STC_BUSY_TIMEOUT_MS": "5000"}


def committed_records(lines: list[str]) -> list[dict]:
    return [json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("committed ")]


def after_commits(wanted: int):
    """A ``stop`` for ``read_until``: true at the child's ``wanted``-th committed operation.
    The kill then comes a random moment later, among its writes: anchored to what the
    child has done, not to a time that a loaded machine may spend starting it."""
    seen = 0

    def stop(line: str) -> bool:
        nonlocal seen
        seen += line.startswith("committed ")
        return seen >= wanted
    return stop


#: Only turns a child that never writes into a failure (a loaded machine is slow, not stuck).
HANG_S = 120


def check_project(path: Path | str, records: list[dict]) -> None:
    """The file is intact (a server keeps its own pages: only the rows are checked there),
    every reported operation is there, and the trail verifies."""
    if "://" not in str(path):
        assert sqlite_rows(path, "PRAGMA integrity_check") == [("ok",)]
    stored = {}  # (table, field, id) → value: one read per table, not one per record
    for table, field in {(r["table"], r["field"]) for r in records}:
        stored.update(((table, field, id_), value)
                      for id_, value in sqlite_rows(path, f"SELECT id, {field} FROM {table}"))
    for r in records:
        key = (r["table"], r["field"], r["id"])
        assert key in stored, f"reported committed but missing: {r}"
        value = stored[key]
        if r["table"] == "theme" and not r["value"].endswith(" (omdøpt)"):
            # a theme added by a run may have been renamed by a later operation of it
            assert value == r["value"] or value.endswith(" (omdøpt)"), r
            continue
        assert value == r["value"], f"reported committed but different: {r} vs {value!r}"
    with Workbench.open(path, actor="kontroll") as wb:
        report = wb.verify()
        assert report.ok, report.problem
        assert report.events >= len(records)


@pytest.fixture
def project(backend) -> str:
    """A SQLite file, and a PostgreSQL database (killed clients: the server rolls back)."""
    path = backend
    with Workbench.create(path, title="Krasjtest", actor="kari") as wb:
        import_interview(wb)
        wb.add_code_group("Rask start")
    return path


@pytest.mark.slow
def test_killed_at_random_moments_loses_nothing_committed(project, monkeypatch):
    rng = random.Random(int(os.environ.get("STC_CRASH_SEED", time.time_ns() % 10**6)))
    records: list[dict] = []
    kills = 0
    wanted_total = 0  # operations the children were let commit before each kill window

    for run in range(FRESH_RUNS):
        child = subprocess.Popen([sys.executable, str(WORKER), "run", str(project), str(run)],
                                 stdout=subprocess.PIPE, env=child_env(), cwd=str(ROOT))
        reader = LineReader(child.stdout)
        # Let the interpreter start and write, then kill at a random moment among its writes.
        wanted = rng.randint(1, 3)
        lines = reader.read_until(time.monotonic() + HANG_S, stop=after_commits(wanted))
        assert len(committed_records(lines)) == wanted, "the writer did not write"
        wanted_total += wanted
        lines += reader.read_until(time.monotonic() + rng.uniform(0.0, 0.4))
        assert child.poll() is None, "the writer died on its own"
        child.kill()
        child.wait(timeout=20)
        lines += reader.read_until(time.monotonic() + 5)
        child.stdout.close()
        records += committed_records(lines)
        kills += 1
    check_project(project, records)

    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        # The server must find helpers/ (Python 3.11's forkserver ignores the parent's
        # sys.path), and a child re-imports the parent's __main__ (pytest's): preload both,
        # or each child spends ~0.7 s on imports before it starts.
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), str(ROOT)]))
        context.set_forkserver_preload(["__main__", "pytest", "helpers.crash_worker"])
    # On a server a kill ends a client, never the store: fewer kills show it.
    pooled_runs = POOLED_RUNS if "://" not in project else PG_POOLED_RUNS
    for run in range(FRESH_RUNS, FRESH_RUNS + pooled_runs):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=crash_worker.child, args=(str(project), run, send))
        child.start()
        send.close()  # the child holds the only writing end: its death ends the stream
        reader = PipeReader(receive)
        wanted = rng.randint(1, 3)
        lines = reader.read_until(time.monotonic() + HANG_S, stop=after_commits(wanted))
        assert lines[:1] == ["ready"], "the child did not start"
        assert len(committed_records(lines)) == wanted, "the writer did not write"
        wanted_total += wanted
        lines += reader.read_until(time.monotonic() + rng.uniform(0.005, 0.25))
        assert child.is_alive(), "the writer died on its own"
        child.kill()
        child.join(timeout=20)
        assert child.exitcode not in (None, 0), "the child was not killed"
        lines += reader.read_until(time.monotonic() + 20)
        receive.close()
        records += committed_records(lines)
        kills += 1
        if kills % 15 == 0:
            check_project(project, records)

    assert kills == FRESH_RUNS + pooled_runs
    assert len(records) >= wanted_total >= kills  # every child really did work before its kill
    check_project(project, records)
