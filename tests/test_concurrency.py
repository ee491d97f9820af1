"""Two processes writing to one project at once lose nothing; a project whose write
lock is held too long gives a clear one-line error instead of a hang or a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.pg import hold_trail_lock
from helpers.study import import_interview

from stc_bench.domain.errors import ProjectBusy
from stc_bench.domain.model import AuditEvent, Memo, Theme
from stc_bench.services import Workbench

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).parent / "helpers" / "concurrent_writer.py"


@pytest.fixture
def project(backend) -> str:
    """The shared project: a SQLite file, and a PostgreSQL database (every test runs on both)."""
    path = backend
    with Workbench.create(path, title="Delt prosjekt", actor="kari") as wb:
        import_interview(wb)
        wb.add_code_group("Rask start")
        wb.add_theme("Tema før start")
    return path


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


@pytest.mark.slow
def test_two_writers_at_once_lose_no_operation(project):
    count = 240
    with Workbench.open(project) as wb:
        events_before = wb.status()["audit_events"]
    start_at = str(time.time() + 2.0)
    writers = [subprocess.Popen([sys.executable, str(WRITER), str(project), name, str(count), start_at],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
                                cwd=str(ROOT))
               for name in ("kari", "ola")]
    for w in writers:
        out, err = w.communicate(timeout=240)
        assert w.returncode == 0, err
        assert out.strip() == f"done {count}"

    with Workbench.open(project, actor="kontroll") as wb:
        report = wb.verify()
        assert report.ok, report.problem
        assert report.events == events_before + 2 * count
        events = wb.log(since=events_before)
        by_actor = {name: [e for e in events if e.actor == name] for name in ("kari", "ola")}
        assert all(len(v) == count for v in by_actor.values())
        # the writers really interleaved: the trail switches actor more than once
        switches = sum(1 for a, b in zip(events, events[1:], strict=False) if a.actor != b.actor)
        assert switches > 1
        for name in ("kari", "ola"):
            themes = {t.name for t in wb.list(Theme)}
            assert {f"{name} tema {i}" for i in range(0, count, 3)} <= themes
            memos = {m.text for m in wb.list(Memo)}
            assert {f"{name} notat {i}" for i in range(1, count, 3)} <= memos
        assert [e.seq for e in wb.log()] == list(range(1, report.events + 1))
        assert isinstance(events[0], AuditEvent)


def hold_write_lock(path: str):
    """Another process's write transaction, held open (stdlib sqlite3, autocommit off; on
    PostgreSQL a psycopg transaction holding the trail's advisory lock)."""
    if "://" in path:
        return hold_trail_lock(path)
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE project SET language = language")
    return con


def test_busy_project_gives_a_clear_error_in_the_api(project, monkeypatch):
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "200")
    with Workbench.open(project, actor="kari") as wb:
        con = hold_write_lock(project)
        try:
            t0 = time.monotonic()
            with pytest.raises(ProjectBusy, match="busy"):
                wb.add_theme("Venter på lås")
            assert time.monotonic() - t0 < 5
        finally:
            con.rollback()
            con.close()
        wb.add_theme("Etter låsen")  # the lock is gone: writing works again
        assert wb.verify().ok


@pytest.mark.parametrize("command", [["undo"], ["redo"]])
def test_busy_project_on_the_command_line_exits_2_with_one_line(project, command):
    con = hold_write_lock(project)
    try:
        t0 = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "stc_bench", "--as", "ola", *command, str(project)],
                              capture_output=True, text=True, timeout=60,
                              env=env(STC_BUSY_TIMEOUT_MS="300"), cwd=str(ROOT))
        elapsed = time.monotonic() - t0
    finally:
        con.rollback()
        con.close()
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("stc-bench: error: ")
    assert "busy" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert elapsed < 30


REVIEWER = Path(__file__).parent / "helpers" / "reviewer.py"


@pytest.mark.slow
def test_a_student_writing_500_operations_and_a_reviewer_commenting_meanwhile(project):
    """Student and supervisor on one file at once: every operation of both is in the
    trail, the chain verifies, and the review read a trail that only moved forward."""
    count, comments = 500, 60
    with Workbench.open(project) as wb:
        before = wb.last_seq()
    start_at = str(time.time() + 2.0)
    student = subprocess.Popen([sys.executable, str(WRITER), str(project), "kari", str(count), start_at],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
                               cwd=str(ROOT))
    step = count // comments  # a comment after every few of the student's operations
    reviewer = subprocess.Popen([sys.executable, str(REVIEWER), str(project), str(comments),
                                 str(before), str(step)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
                                cwd=str(ROOT))
    out, err = student.communicate(timeout=300)
    assert student.returncode == 0, err
    assert out.strip() == f"done {count}"
    out, err = reviewer.communicate(timeout=300)
    assert reviewer.returncode == 0, err
    assert out.startswith(f"done {comments} ")

    with Workbench.open(project, actor="kontroll") as wb:
        report = wb.verify()
        assert report.ok, report.problem
        events = wb.log(since=before)
        mine = [e for e in events if e.actor == "kari"]
        theirs = [e for e in events if e.actor == "veileder"]
        assert len(mine) == count and len(theirs) == comments + comments // 10
        assert {e.action for e in theirs} == {"comment.add", "review.mark"}
        assert report.events == before + len(mine) + len(theirs)  # nothing lost, nothing extra
        assert {f"kari tema {i}" for i in range(0, count, 3)} <= {t.name for t in wb.list(Theme)}
        assert sorted(c.text.split(" til ")[0] for c in wb.comments(None, author="veileder")) == \
            sorted(f"Kommentar {i}" for i in range(comments))
        switches = sum(1 for a, b in zip(events, events[1:], strict=False) if a.actor != b.actor)
        assert switches > 1  # the two really worked at the same time
        assert wb.review_changes("veileder").since_seq is not None
