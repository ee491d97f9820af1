"""One check in a real terminal: `stc-bench open` starts, shows the overview, reads a
transcript verbatim and quits cleanly (tmux send-keys / capture-pane)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

STC_BENCH = Path(sys.executable).with_name("stc-bench")


def capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                          text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def send(session: str, *keys: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)


def quit_cleanly(session: str) -> None:
    """ctrl+q: the app exits with 0 and no traceback."""
    send(session, "C-q")
    screen = wait_for(session, "STC-EXIT=")
    assert "STC-EXIT=0" in screen
    assert "Traceback" not in screen


def test_open_in_tmux_shows_overview_transcript_and_quits(wb, doc, project_path):
    wb.add_code_group("Relasjonen")
    wb.close()
    session = f"stc-{uuid.uuid4().hex[:8]}"
    env = " ".join(f"{k}={shlex.quote(os.environ[k])}" for k in ("STC_BENCH_HOME", "STC_BENCH_CONFIG"))
    command = (f"env {env} {shlex.quote(str(STC_BENCH))} --as kari open {shlex.quote(str(project_path))}"
               "; echo STC-EXIT=$?; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command],
                   check=True)
    try:
        screen = wait_for(session, "Step 2 — meaning units")
        assert "Jobbstøtte og psykisk helse" in screen
        assert "code group 'Relasjonen' has no subgroups" in screen
        send(session, "2")
        screen = wait_for(session, "[latter]")
        assert "altså [latter], jeg visste" in screen
        quit_cleanly(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_demo_in_tmux_creates_the_project_shows_the_overview_and_quits(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    session = f"stc-{uuid.uuid4().hex[:8]}"
    env = (f"STC_BENCH_HOME={shlex.quote(str(home))} "
           f"STC_BENCH_CONFIG={shlex.quote(os.environ['STC_BENCH_CONFIG'])} STC_PIPELINE=default")
    command = (f"cd {shlex.quote(str(tmp_path))} && env {env} {shlex.quote(str(STC_BENCH))} demo"
               "; echo STC-EXIT=$?; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command],
                   check=True)
    try:
        wait_for(session, "Step 4 — synthesis", timeout=60)
        screen = wait_for(session, "JS1", timeout=30)  # the transcript list fills in a worker
        assert "Jobbstøtte og psykisk helse" in screen
        assert "Traceback" not in screen
        assert (home / "projects" / "demo.stc").exists()
        # step 3, the next code group in place, > to step 4 (digits assign in step 3), F2
        send(session, "3")
        first = wait_for(session, "Meaning units (1–9").splitlines()[1]
        send(session, "]")
        deadline = time.monotonic() + 10
        while capture(session).splitlines()[1] == first and time.monotonic() < deadline:
            time.sleep(0.2)
        assert capture(session).splitlines()[1] != first  # another code group's title
        send(session, ">")
        wait_for(session, "Analytic text (third person")
        send(session, "F2")
        screen = wait_for(session, "Analytisk tekst (tredje person")
        assert "Traceback" not in screen
        quit_cleanly(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
