"""The app in a real pseudo-terminal, timed by the bytes a terminal would receive (issue 13).

    .venv/bin/python -m bench.pty_frames first-frame PROJECT [--samples 20] [--before DIR]
    .venv/bin/python -m bench.pty_frames step2-n PROJECT [--samples 40]
    .venv/bin/python -m bench.pty_frames memory PROJECT
    .venv/bin/python -m bench.pty_frames overview-memory PROJECT

The process runs on the slave side of a pty of 120 x 40 cells (``TERM=xterm-256color``);
this module is the terminal on the master side. Like Windows Terminal, iTerm2 or kitty it
answers Textual's query for synchronized output (DEC mode 2026), so every frame arrives
between ``ESC[?2026h`` and ``ESC[?2026l`` and a frame's end is the byte that ends it.

- ``first-frame``: from just before the process is started (interpreter start included)
  to the last byte of its first frame (Textual's first frame paints the whole screen:
  on an empty project the whole overview); the baseline
  is ``python -c "import textual.app"`` started the same way, until it exits. Beside
  the wall clock, the CPU time each had used by then (what load on a shared machine does
  not change); ``--before DIR`` times the stc_bench in DIR too, sample by sample.
- ``step2-n``: step 2 open on the project and the app idle (its background reads done,
  ``Terminal.settle``), each ``n`` written to the terminal after the
  screen is quiet (``QUIET`` s without a byte, a typist's pause); the time is from the
  write to the last byte of the last frame the key caused, and that frame must show the
  next unit's info line (``Unit N (…``). A second frame after the move counts: its end
  is the time. Beside it, the CPU time the app's threads ran from the write to that last
  frame (Linux ``/proc/PID/task/*/schedstat``): what the key costs whatever else the
  machine runs.
- ``memory``: peak resident memory (``VmHWM``) of the app after the overview, steps 1–4
  and the search screen showing a frequent word (``jeg``), each waited for on screen;
  ``overview-memory``: the same once the overview alone has shown its figures, app idle.

Unix only (``pty``, ``termios``): on Windows the figures are reported as not measured.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
ASK_SYNC, SYNC_YES = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
ROWS, COLS = 40, 120
QUIET = 0.25
UNIT_LINE = re.compile(rb"Unit (\d+) \(")
AVAILABLE = sys.platform != "win32"
#: ``--before DIR``: the command line of the stc_bench in DIR (first on sys.path).
BEFORE = ("import sys; sys.path.insert(0, {!r}); from stc_bench.cli import main; "
          "sys.argv[0] = 'stc-bench'; sys.exit(main())")


class Terminal:
    """One process on a pty; ``read`` collects its output with arrival times."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None):
        import fcntl
        import struct
        import termios

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.master, self.out = master, bytearray()
        self.started = time.perf_counter()
        # Bytecode cached, as for an installed package (pip compiles it; textual's is): with
        # PYTHONDONTWRITEBYTECODE set, as in some shells, every start compiled stc_bench anew
        # (~0.14 s of CPU) while the textual-import baseline never did.
        environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
                                     env={**environ, **(env or {})}, start_new_session=True)
        os.close(slave)
        self.frame_ends: list[tuple[int, float]] = []  # (offset after SYNC_END, arrival)
        self.frame_cpu: list[float | None] = []  # the app's CPU seconds when each arrived

    def read(self, timeout: float) -> bool:
        """Read what has arrived within ``timeout`` s; False if nothing did (or it ended)."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # the process ended and closed the slave side
            return False
        now = time.perf_counter()
        if not data:
            return False
        start = len(self.out)
        self.out += data
        if ASK_SYNC in data:
            os.write(self.master, SYNC_YES)
        at = self.out.find(SYNC_END, max(0, start - len(SYNC_END) + 1))
        while at != -1:
            self.frame_ends.append((at + len(SYNC_END), now))
            self.frame_cpu.append(self.cpu())
            at = self.out.find(SYNC_END, at + 1)
        return True

    def read_until_quiet(self, quiet: float = QUIET, limit: float = 120.0) -> None:
        end = time.perf_counter() + limit
        while time.perf_counter() < end and self.read(quiet):
            pass

    def wait_for_frame(self, limit: float = 120.0) -> None:
        """Read until a frame has ended (the app is up), then until it is idle."""
        deadline = time.perf_counter() + limit
        while not self.frame_ends and time.perf_counter() < deadline and self.proc.poll() is None:
            self.read(0.05)
        if not self.frame_ends:
            raise RuntimeError(f"no frame within {limit} s: {bytes(self.out[-300:])!r}")
        self.settle()

    def press(self, key: bytes, limit: float = 60.0) -> None:
        """Write ``key``, read until a frame has come of it, then until the app is idle
        (the screen's background loads have drawn too). Idle, not quiet: a focused
        input's blinking cursor draws a frame every half second for as long as it has
        focus, so "no byte for a second" never comes (the search screen waited out a
        two-minute limit)."""
        before, deadline = len(self.frame_ends), time.perf_counter() + limit
        self.write(key)
        while len(self.frame_ends) == before and time.perf_counter() < deadline:
            self.read(0.05)
        if len(self.frame_ends) == before:
            raise RuntimeError(f"{key!r} drew no frame within {limit} s")
        self.settle()

    def wait_for(self, text: bytes, since: int, limit: float = 120.0) -> None:
        """Read until ``text`` has arrived after offset ``since``, then until idle."""
        deadline = time.perf_counter() + limit
        while text not in self.out[since:] and time.perf_counter() < deadline:
            self.read(0.05)
        if text not in self.out[since:]:
            raise RuntimeError(f"no {text!r} within {limit} s: {bytes(self.out[-300:])!r}")
        self.settle()

    def settle(self, limit: float = 120.0) -> None:
        """Read until the app is idle: under 5 % of a core over half a second (its
        background reads done, as when the user reads the screen before the next key)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            used, t = self.cpu(), time.perf_counter()
            if used is None:  # no /proc: a half second without a byte has to do
                self.read_until_quiet(0.5, limit=2.0)
                return
            # a fixed window, reading all through it: a blinking cursor's frame every half
            # second costs a few ms (idle), so waiting for silence would only wait it out
            while (left := t + 0.3 - time.perf_counter()) > 0:
                self.read(left)
            if self.cpu() - used < 0.05 * (time.perf_counter() - t):
                return

    def write(self, data: bytes) -> float:
        t = time.perf_counter()
        os.write(self.master, data)
        return t

    def cpu(self) -> float | None:
        """CPU seconds the process's threads have run (Linux ``schedstat``, ns), else None."""
        try:
            return sum(int((task / "schedstat").read_text().split()[0])
                       for task in Path(f"/proc/{self.proc.pid}/task").iterdir()) / 1e9
        except (OSError, ValueError):
            return None

    def peak_rss(self) -> float | None:
        """The process's peak resident memory so far, MB (Linux ``VmHWM``), else None."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(found.group(1)) / 1024 if found else None

    def close(self, limit: float = 10.0) -> None:
        """ctrl+q, then read what the app still writes until it has exited. Not reading
        would leave the app blocked on a full pty while it draws its last frames, so it
        never got to the quit: every sample of the first frame waited out the whole limit
        (the quick suite spent 40 of its 190 s so)."""
        try:
            os.write(self.master, b"\x11")  # ctrl+q
            deadline = time.perf_counter() + limit
            while self.proc.poll() is None and time.perf_counter() < deadline:
                self.read(0.05)
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def env(home: Path) -> dict[str, str]:
    """English labels, a user config that names who acts (else the first ``open`` at a
    terminal asks for a name and role, and no frame of the workbench comes), a truecolor
    xterm."""
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('actor = "bench"\nrole = "student"\n', encoding="utf-8")
    return {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "XDG_CONFIG_HOME": str(home / "config"),
            "STC_BENCH_CONFIG": str(config), "STC_BENCH_HOME": str(home)}


def first_full_frame(argv: list[str], home: Path, limit: float = 60.0) -> float:
    """Seconds from start to the last byte of the first frame (Textual paints the whole
    screen in its first frame)."""
    return timed_first_frame(argv, home, limit)[0]


def timed_first_frame(argv: list[str], home: Path, limit: float = 60.0) -> tuple[float, float | None]:
    """Wall seconds to the last byte of the first frame, and the CPU seconds the process
    had run when it arrived (None where ``/proc`` does not tell)."""
    term = Terminal(argv, env(home))
    try:
        deadline = time.perf_counter() + limit
        while not term.frame_ends and time.perf_counter() < deadline:
            term.read(0.05)
        if not term.frame_ends:
            raise RuntimeError(f"no frame within {limit} s: {bytes(term.out[-300:])!r}")
        return term.frame_ends[0][1] - term.started, term.frame_cpu[0]
    finally:
        term.close()


def until_exit(argv: list[str], home: Path) -> float:
    """Seconds from start to exit, on a pty as well (the baseline)."""
    return timed_exit(argv, home)[0]


def timed_exit(argv: list[str], home: Path) -> tuple[float, float]:
    """Wall seconds from start to exit on a pty, and the process's CPU seconds (user + sys)."""
    term = Terminal(argv, env(home))
    while True:  # reap it here, for its rusage (poll() would reap it without)
        pid, status, usage = os.wait4(term.proc.pid, os.WNOHANG)
        if pid:
            break
        term.read(0.01)
    took = time.perf_counter() - term.started
    term.proc.returncode = os.waitstatus_to_exitcode(status)
    while term.read(0):  # what it wrote last
        pass
    os.close(term.master)
    return took, usage.ru_utime + usage.ru_stime


def first_frames(cli: list[str], project: Path, home: Path, samples: int) -> tuple[list[float], list[float]]:
    """``stc-bench open PROJECT`` to its first full frame, and the textual import,
    interleaved, after one unrecorded warm-up of each."""
    res = first_frames_timed({"app": cli}, project, home, samples)
    return res["app"]["wall"], res["baseline"]["wall"]


def first_frames_timed(clis: dict[str, list[str]], project: Path, home: Path,
                       samples: int) -> dict[str, dict[str, list]]:
    """Each command's ``open PROJECT`` to its first full frame and the textual import,
    interleaved sample by sample (several commands: e.g. the code before and after a
    change, under the same load), after one unrecorded warm-up of each; wall and CPU."""
    runs = {name: cli + ["open", str(project)] for name, cli in clis.items()}
    base = [sys.executable, "-c", "import textual.app"]
    for argv in runs.values():
        timed_first_frame(argv, home)
    timed_exit(base, home)
    out: dict[str, dict[str, list]] = {name: {"wall": [], "cpu": []} for name in [*runs, "baseline"]}
    for _ in range(samples):
        for name, argv in runs.items():
            took, cpu = timed_first_frame(argv, home)
            out[name]["wall"].append(took)
            out[name]["cpu"].append(cpu)
        took, cpu = timed_exit(base, home)
        out["baseline"]["wall"].append(took)
        out["baseline"]["cpu"].append(cpu)
    return out


def step2_n(cli: list[str], project: Path, home: Path, samples: int) -> dict:
    """Step 2's ``n`` (next unit), key to the last frame; see the module doc."""
    term = Terminal(cli + ["open", str(project)], env(home))
    try:
        term.wait_for_frame()
        since = len(term.out)
        term.write(b"2")
        term.wait_for(b"Mark/accept", since)  # step 2's footer: its transcript is shown
        since = len(term.out)
        term.write(b"n")  # the first unit (from the top of the transcript): not counted
        term.wait_for(b"Unit ", since)
        term.settle()
        times, cpu, frames, seen = [], [], [], None
        for _ in range(samples):
            mark, before = len(term.out), len(term.frame_ends)
            used = term.cpu()
            t = term.write(b"n")
            deadline = t + 30
            while len(term.frame_ends) == before and time.perf_counter() < deadline:
                term.read(0.05)  # the first frame, however long the machine makes it wait
            term.read_until_quiet()
            ends = term.frame_ends[before:]
            ids = UNIT_LINE.findall(bytes(term.out[mark:]))
            if not ends or not ids or ids[-1] == seen:
                raise RuntimeError(f"n drew no new unit line: {bytes(term.out[mark:mark + 400])!r}")
            seen = ids[-1]
            times.append(ends[-1][1] - t)
            frames.append(len(ends))
            if used is not None and term.frame_cpu[-1] is not None:
                cpu.append(term.frame_cpu[-1] - used)
        return {"times": times, "cpu": cpu, "frames": frames}
    finally:
        term.close()


def peak_memory(cli: list[str], project: Path, home: Path) -> float | None:
    """Peak resident memory (MB) of ``stc-bench open PROJECT`` after the overview, steps 1
    to 4 and the search screen with a frequent word's first hits, each waited for."""
    term = Terminal(cli + ["open", str(project)], env(home))
    try:
        term.wait_for_frame()
        # ">" (next step): a bare digit in step 2 codes the focused unit, in step 3 assigns it
        for key in (b">", b">", b">", b">", b"/"):
            term.press(key)
        since = len(term.out)
        term.write(b"jeg\r")
        term.wait_for(b"hits for", since)
        return term.peak_rss()
    finally:
        term.close()


def overview_memory(cli: list[str], project: Path, home: Path) -> float | None:
    """Peak resident memory (MB) of ``stc-bench open PROJECT`` once the overview has shown
    the project's figures and its table, and the app is idle."""
    term = Terminal(cli + ["open", str(project)], env(home))
    try:
        term.wait_for(b"events in the trail", 0)
        term.settle()
        return term.peak_rss()
    finally:
        term.close()


def main(argv: list[str] | None = None) -> int:
    from bench.suite import p, stc_bench

    parser = argparse.ArgumentParser(prog="python -m bench.pty_frames",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("first-frame", "step2-n", "memory", "overview-memory"))
    parser.add_argument("project", type=Path)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="first-frame: also time the stc_bench of DIR (e.g. `git archive` "
                             "of an older commit), interleaved with this one")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="stc-pty-") as home:
        if args.what == "first-frame":
            clis = {"app": stc_bench()}
            if args.before is not None:
                clis = {"before": [sys.executable, "-c", BEFORE.format(str(args.before.resolve()))],
                        **clis}
            res = first_frames_timed(clis, args.project, Path(home), args.samples)
            b, b_cpu = res["baseline"]["wall"], res["baseline"]["cpu"]
            out = {"baseline_p50": p(b, 50), "baseline_p95": p(b, 95), "baseline_cpu_p50": p(b_cpu, 50)}
            for name in clis:
                a, cpu = res[name]["wall"], [c for c in res[name]["cpu"] if c is not None]
                out[name] = {"p50": p(a, 50), "p95": p(a, 95), "ratio": p(a, 50) / p(b, 50),
                             "cpu_p50": p(cpu, 50) if cpu else None,
                             "cpu_ratio": p(cpu, 50) / p(b_cpu, 50) if cpu else None}
        elif args.what == "memory":
            out = {"peak_rss_mb": peak_memory(stc_bench(), args.project, Path(home))}
        elif args.what == "overview-memory":
            out = {"peak_rss_mb": overview_memory(stc_bench(), args.project, Path(home))}
        else:
            res = step2_n(stc_bench(), args.project, Path(home), args.samples)
            out = {"p50": p(res["times"], 50), "p95": p(res["times"], 95),
                   "cpu_p95": p(res["cpu"], 95) if res["cpu"] else None,
                   "frames_per_key": sorted(set(res["frames"]))}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
