"""The search and TUI figures of issue 13 for ``python -m bench`` (``bench/suite.py``):
lemma search's first page, peak memory with the search screen open, the first frame of
``stc-bench open`` and step 2's ``n`` key, the last two in a real pty (``bench/pty_frames.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.suite import Figure, p


def lemma_search(project: Path, work: Path, repeat: int) -> Figure:
    """p95 of the first page over 20 queries (``bench/lemma_search.py``) < 50 ms."""
    from bench import lemma_search as ls

    baseline = ls.small_project(work / "lemma-search-baseline.stc")
    out = ls.measure(project, baseline, repeat)
    value, base = p(out["times"], 95), p(out["baseline"], 95)
    return Figure(f"lemma search p95, {len(ls.QUERIES)} queries", value, base, value / base,
                  "< 0.05 s p95", value < 0.05,
                  f"{sys.executable} -m bench.lemma_search {project} --repeat {repeat}",
                  p95=value, baseline_p95=base,
                  notes={"p50": p(out["times"], 50), "samples": len(out["times"]),
                         "cpu_p95": p(out["cpu"], 95),
                         "first_page_hits": out["first_page_hits"]})


def run(project: Path, work: Path, cli: list[str], textual: list[str], samples: int, *,
        quick: bool) -> list[Figure]:
    """The four figures on the suite's corpus ``project``; the pty ones only where there
    is a pty (not on Windows: said on stderr, not counted)."""
    from bench import lemma_search as ls
    from bench import pty_frames
    from stc_bench.services import Workbench

    figures = [lemma_search(project, work, 1 if quick else 3)]
    if not pty_frames.AVAILABLE:
        print("not measured on this system (no pty): peak memory, first frame, step 2 n",
              file=sys.stderr)
        return figures
    small = ls.small_project(work / "lemma-search-baseline.stc")
    home = work / "pty-home"
    home.mkdir(exist_ok=True)
    peaks = [pty_frames.peak_memory(cli, path, home) for path in (project, small)]
    if peaks[0] is not None:
        figures.append(Figure("peak memory, steps + search", peaks[0], peaks[1], peaks[0] / peaks[1],
                              "< 300 MB", peaks[0] < 300, f"{sys.executable} -m bench.pty_frames "
                              f"memory {project}", unit=" MB"))
    empty = work / "empty.stc"
    if not empty.exists():
        Workbench.create(empty, title="Tom", actor="bench").close()
    frames = pty_frames.first_frames_timed({"app": cli}, empty, home, samples)
    a, b = frames["app"]["wall"], frames["baseline"]["wall"]
    cpu = [c for c in frames["app"]["cpu"] if c is not None]  # what load does not change
    figures.append(Figure("open: first frame (pty)", p(a, 50), p(b, 50), p(a, 50) / p(b, 50),
                          "<= 1.5x", p(a, 50) / p(b, 50) <= 1.5,
                          " ".join(cli + ["open", str(empty)]) + " vs " + " ".join(textual),
                          p95=p(a, 95), baseline_p95=p(b, 95),
                          notes={"samples": samples, "cpu_p50": p(cpu, 50) if cpu else None,
                                 "baseline_cpu_p50": p(frames["baseline"]["cpu"], 50)}))
    presses = max(5 if quick else 20, samples)
    keys = [pty_frames.step2_n(cli, path, home, presses) for path in (project, small)]
    value, base = p(keys[0]["times"], 95), p(keys[1]["times"], 95)
    figures.append(Figure("step 2 n, key to last frame", value, base, value / base, "< 0.016 s p95",
                          value < 0.016, f"{sys.executable} -m bench.pty_frames step2-n {project}",
                          p95=value, baseline_p95=base,
                          notes={"p50": p(keys[0]["times"], 50), "samples": len(keys[0]["times"]),
                                 "frames_per_key": sorted(set(keys[0]["frames"])),
                                 "cpu_p95": p(keys[0]["cpu"], 95) if keys[0]["cpu"] else None}))
    return figures
