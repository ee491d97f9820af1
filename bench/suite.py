"""The figures a user waits for (issue 13), each against a baseline measured in the same run.

Wall clock of the real command in a fresh process (interpreter start included), samples
interleaved with the baseline's so load on the machine hits both alike; p50 and p95.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_CHAIN = """
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1]); prev = "0" * 64
for row in con.execute("SELECT seq, at_utc, actor, action, entity, entity_id, before, after, "
                       "changes, message FROM audit_event ORDER BY seq"):
    prev = hashlib.sha256(prev.encode() + repr(row).encode()).hexdigest()
"""
BARE_COUNT = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
    con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
"""


@dataclass
class Figure:
    name: str
    value: float  # seconds (p50) or a rate
    baseline: float
    ratio: float
    target: str
    passed: bool
    command: str
    unit: str = "s"
    p95: float | None = None
    baseline_p95: float | None = None
    notes: dict = field(default_factory=dict)

    def row(self) -> str:
        p95 = f" (p95 {self.p95:.3g})" if self.p95 is not None else ""
        bp95 = f" (p95 {self.baseline_p95:.3g})" if self.baseline_p95 is not None else ""
        return (f"{self.name:<28} {self.value:>10.3g}{self.unit}{p95:<14} baseline "
                f"{self.baseline:>10.3g}{bp95:<14} ratio {self.ratio:>6.2f}  target "
                f"{self.target:<18} {'pass' if self.passed else 'MISS'}")


def stc_bench() -> list[str]:
    script = Path(sys.executable).with_name("stc-bench")
    return [str(script)] if script.exists() else [sys.executable, "-m", "stc_bench"]


#: The children's environment without PYTHONDONTWRITEBYTECODE (set in some shells, as in
#: this VM's): with it every sample compiled stc_bench anew (~0.1 s for `audit verify`),
#: which an installed stc-bench, like the baselines' modules, never does (as bench.pty_frames).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=ROOT, env=CHILD_ENV)
    return time.perf_counter() - t0


def paired(argv: list[str], base: list[str], samples: int) -> tuple[list[float], list[float]]:
    """``samples`` wall times of each, interleaved; one unrecorded warm-up of each first."""
    wall(argv), wall(base)
    a, b = [], []
    for _ in range(samples):
        a.append(wall(argv))
        b.append(wall(base))
    return a, b


def p(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def vs_baseline(name, argv, base, samples, limit, *, absolute: float | None = None) -> Figure:
    a, b = paired(argv, base, samples)
    ratio = p(a, 50) / p(b, 50)
    passed = ratio <= limit if absolute is None else p(a, 50) < absolute
    target = f"<= {limit}x" if absolute is None else f"< {absolute} s"
    return Figure(name, p(a, 50), p(b, 50), ratio, target, passed, " ".join(argv),
                  p95=p(a, 95), baseline_p95=p(b, 95), notes={"samples": samples})


def run(*, quick: bool, scale: int = 1, samples: int | None = None,
        work: Path | None = None) -> list[Figure]:
    if work is None:
        with tempfile.TemporaryDirectory(prefix="stc-bench-suite-") as tmp:
            return run(quick=quick, scale=scale, samples=samples, work=Path(tmp))
    from bench import bulk_speed, corpus, figures_search_tui, trail_speed
    from stc_bench.services import Workbench

    samples = samples or (5 if quick else 20)
    files, words, units = (5, 2_000, 2_000) if quick else (50, 10_000, 40_000)
    events = 3_000 if quick else 100_000
    files, units, events = files * scale, units * scale, events * scale
    cli, textual = stc_bench(), [sys.executable, "-c", "import textual.app"]
    figures = [vs_baseline("--help vs import textual", cli + ["--help"], textual, samples, 1.5)]

    project = work / f"corpus-{scale}.stc"
    for old in work.glob(project.name + "*"):
        old.unlink()
    corpus.build(project, files=files, words=words, units=units).close()
    with Workbench.open(project, read_only=True) as wb:
        nwords = wb.status()["words"]
    status = cli + ["status", "--json", str(project)]
    figures.append(vs_baseline("status --json vs textual", status, textual, samples, 1.5))
    figures[-1].notes["words"] = nwords
    figures.append(vs_baseline(f"status at {nwords:,} words", status,
                               [sys.executable, "-c", BARE_COUNT, str(project)], samples, 0,
                               absolute=1.0))
    figures += figures_search_tui.run(project, work, cli, textual, samples, quick=quick)

    trail = work / f"trail-{scale}.stc"
    for old in work.glob(trail.name + "*"):
        old.unlink()
    with Workbench.create(trail, title="Benchmark", actor="bench") as wb:
        trail_speed.append_fast(wb, events - 1)
    verify_cmd = cli + ["audit", "verify", str(trail)]
    # the first verification of a trail replays every event (and leaves a checkpoint, so
    # later ones check the tables against it and replay only what follows): timed once
    full = wall(verify_cmd + ["--full", "--no-checkpoint"])
    per = max(1, samples // 4)  # each verify reads the whole trail: fewer samples
    verify = vs_baseline(f"audit verify {events:,} events", verify_cmd,
                         [sys.executable, "-c", BARE_CHAIN, str(trail)], per, 0,
                         absolute=max(1.0, round(events / 100_000, 2)))
    verify.notes.update(events=events, full_replay_s=round(full, 3),
                        from_checkpoint="the unrecorded warm-up run leaves one")
    figures.append(verify)

    service, raw = bulk_speed.measure(units)
    figures.append(Figure(f"bulk {units:,} units", service, raw, service / raw, ">= 0.5x",
                          service / raw >= 0.5, "Workbench.create_units vs sqlite3 executemany",
                          unit="/s"))
    from bench import segment_speed  # segment and import + segment vs bare nlp.pipe

    segment = work / f"segment-{scale}"
    segment.mkdir(exist_ok=True)
    # at N times the data each sample parses N times the words: N times fewer samples
    # (at least 3), or --scale 10 spends hours here
    heavy = max(3, samples // scale) if scale > 1 else samples
    figures += segment_speed.measure(segment, words=20_000 if quick else 500_000, files=scale,
                                     samples=heavy, import_samples=max(1, heavy // 4),
                                     joined=not quick)
    return figures


def table(figures: list[Figure]) -> str:
    return "\n".join(f.row() for f in figures)


def as_json(figures: list[Figure]) -> list[dict]:
    return [{("pass" if k == "passed" else k): v for k, v in asdict(f).items()} for f in figures]
