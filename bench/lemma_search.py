"""Lemma search as the user waits for it: the first page of hits, 20 queries of mixed
frequency, p50 and p95 (issue 13).

    .venv/bin/python -m bench.lemma_search PROJECT [BASELINE_PROJECT] [--repeat 3] [--json]

What is timed is ``nlp.keyword_search.hit_pages(...)``'s first page (100 hits, or all of
them when there are fewer): what the TUI's search screen shows on Enter and what
``stc-bench search --limit 100`` prints, in a process that has the project open with its
index stored (the first search of a process, which looks its words up in the lemma
tables, is a warm-up and not counted). Beside the wall clock, the process's CPU time for
the same calls: what a page costs whatever else the machine runs. Each query runs ``--repeat`` times, interleaved
with the same query on the baseline project (one short interview), so load on the
machine hits both alike. Runs in its own process (``measure``), so nothing else the
suite did sits in its memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

#: Mixed frequency over ``bench/corpus.py``'s vocabulary: words in nearly every turn, in
#: some, in few, none; lemmas, exact forms, prefixes, phrases and two-part queries.
QUERIES = ("jeg", "det", "trodde", "=trodde", "jobbspesialist", "arbeidsgiver", "lager",
           "praksis", "angst", "usikker", "nav", "hun", "jobb*", "arb*", '"det gikk"',
           '"fikk praksis"', "jeg det", "snakke ønske", "snekker", "=jobbspesialisten")


def child(project: Path, baseline: Path, repeat: int) -> dict:
    """Time the queries on both projects, interleaved; in this (fresh) process."""
    from stc_bench.nlp import keyword_search
    from stc_bench.services import Workbench

    wbs = [Workbench.open(project, actor="bench"), Workbench.open(baseline, actor="bench")]
    for wb in wbs:
        keyword_search.sync_index(wb)  # stored once; brought up to date is not the figure
        next(keyword_search.hit_pages(wb, QUERIES[0]), None)  # lemma tables loaded
    times: list[list[float]] = [[], []]
    cpu: list[float] = []
    hits: dict[str, int] = {}
    for query in QUERIES:
        for _ in range(repeat):
            for k, wb in enumerate(wbs):
                t, c = time.perf_counter(), time.process_time()
                page = next(keyword_search.hit_pages(wb, query), [])
                times[k].append(time.perf_counter() - t)
                if k == 0:
                    cpu.append(time.process_time() - c)
                    hits[query] = len(page)
    for wb in wbs:
        wb.close()
    return {"times": times[0], "baseline": times[1], "cpu": cpu, "first_page_hits": hits}


def measure(project: Path, baseline: Path, repeat: int) -> dict:
    """:func:`child` in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "bench.lemma_search", str(project), str(baseline),
                           "--repeat", str(repeat), "--json"],
                          check=True, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    return json.loads(done.stdout)


def small_project(path: Path) -> Path:
    """The baseline: one short interview of the same study (``bench/corpus.py``)."""
    from bench import corpus

    if not path.exists():
        corpus.build(path, files=1, words=2_000, units=250).close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lemma_search",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("baseline", type=Path, nargs="?", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    baseline = args.baseline or small_project(args.project.with_name("lemma-search-baseline.stc"))
    out = child(args.project, baseline, args.repeat)
    if args.json:
        print(json.dumps(out))
        return 0
    from bench.suite import p

    print(f"first page, {len(QUERIES)} queries x {args.repeat}: p50 {p(out['times'], 50) * 1000:.1f} ms, "
          f"p95 {p(out['times'], 95) * 1000:.1f} ms (baseline p95 {p(out['baseline'], 95) * 1000:.1f} ms); "
          f"CPU p95 {p(out['cpu'], 95) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
