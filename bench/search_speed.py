"""How fast is keyword search on a whole thesis, and how much memory does it add?

    .venv/bin/python bench/search_speed.py                      # 50 × 10k words, 40k units
    .venv/bin/python bench/search_speed.py --docs 10 --words 2000 --units 4000   # quick look
    .venv/bin/python bench/search_speed.py --before /tmp/keyword_search_before.py

The thesis is ``bench/tui_speed.py``'s project (built by its ``build`` in a child
process: synthetic interviews, meaning units coded into five code groups), plus one short
interview about a carpenter so that a rare word ("snekker") has a handful of hits. The
baseline is ``tui_speed``'s one-interview project with the same extra interview, searched
for the same queries in the same run.

Every measurement runs in a fresh child process, so memory figures are the search's own:

- ``index``: the first search of a project brings the FTS5 index up to date (spaCy's
  tokenizer and the lemma tables over every transcript); measured once per project;
- ``queries``: a process that opens the project with its index stored (what every later
  ``stc-bench search`` and the TUI's search screen do): the first query (which looks its
  words up in the lemma tables), then each query's median over ``--repeat`` runs of ``nlp.search`` (the
  service call the CLI and the TUI make); resident memory after opening the project and
  the peak after the queries;
- ``tables``: what each lazily loaded piece costs on its own (time, resident memory):
  the query words looked up in the compact Ordbank copy (what a search with its index up
  to date loads), then the treebank table, the whole Ordbank dict, simplemma and spaCy's
  tokenizer (what bringing the index up to date loads).

The compact Ordbank copy is written first (``copy``; once per installation for a user,
here into the bench folder's ``cache/``), so the query processes find it.

``--before FILE`` also times an older ``stc_bench/nlp/keyword_search.py`` (say
``git show be2cc1d:stc_bench/nlp/keyword_search.py > FILE``) in the same child, so the
figures before and after a change come from one run.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tui_speed  # noqa: E402 - bench/ is the script's folder; it puts ROOT on the path too

QUERIES = (("frequent word", "jobbe"), ("rare word", "snekker"), ("prefix", "jobbs*"),
           ("phrase", '"fikk jobb"'))
CARPENTER = (
    "I: Hvor fikk du praksis?\n"
    "SN1: Hos en snekker i nabolaget. Snekkeren lot meg måle og sage de første ukene.\n"
    "I: Og etterpå?\n"
    "SN1: Nå jobber jeg sammen med to snekkere, og jeg fikk jobb fast i vår.\n"
)


def add_carpenter(path: Path) -> None:
    """The short interview that gives the rare word its hits."""
    from helpers.study import labelled_draft

    from stc_bench.services import Workbench

    with Workbench.open(path, actor="bench") as wb:
        wb.import_transcript(labelled_draft(CARPENTER), source_name="SN1.txt",
                             source_sha256=hashlib.sha256(CARPENTER.encode()).hexdigest(),
                             informant="SN1")


def rss_now() -> float:
    """Resident memory of this process now, MB."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # no /proc (Windows, macOS)
        return float("nan")


def rss_peak() -> float:
    return tui_speed.peak_rss_mb()


def load_before(path: Path):
    """An older keyword_search.py, imported inside ``stc_bench.nlp`` (its relative imports)."""
    spec = importlib.util.spec_from_file_location("stc_bench.nlp.keyword_search_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def child(mode: str, path: Path, repeat: int, before: Path | None) -> dict:
    """One measurement in this (fresh) process; see the module doc."""
    if mode == "tables":
        return measure_tables()
    if mode == "copy":
        from stc_bench.nlp import lemmatizer

        t = time.perf_counter()
        lemmatizer.write_compact_ordbank(lemmatizer._compact_path())
        return {"copy_s": time.perf_counter() - t, "rss_peak": rss_peak()}
    from stc_bench.nlp import keyword_search
    from stc_bench.services import Workbench

    out: dict = {"rss_start": rss_now()}
    wb = Workbench.open(path, actor="bench")
    out["rss_open"] = rss_now()
    t = time.perf_counter()
    if mode == "index":
        keyword_search.sync_index(wb)
        out["index_s"] = time.perf_counter() - t
        out["rss_peak"] = rss_peak()
        return out
    first = keyword_search.search(wb, QUERIES[0][1])
    out["first_query_s"] = time.perf_counter() - t
    out["rss_after_first"] = rss_now()
    out["after"] = time_queries(keyword_search.search, wb, repeat)
    out["hits"] = len(first)
    if before is not None:
        old = load_before(before)
        out["before"] = time_queries(old.search, wb, repeat)
        same = [dict(vars(h)) for h in old.search(wb, QUERIES[0][1])] == [dict(vars(h)) for h in first]
        out["before_same_hits"] = same
    out["rss_peak"] = rss_peak()
    wb.close()
    return out


def time_queries(search, wb, repeat: int) -> dict[str, tuple[int, float]]:
    """query → (hits, median seconds of ``repeat`` runs after one warm-up run)."""
    out = {}
    for _label, query in QUERIES:
        hits = len(search(wb, query))
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            search(wb, query)
            times.append(time.perf_counter() - t)
        out[query] = (hits, statistics.median(times))
    return out


def measure_tables() -> dict:
    """Time and resident memory of each lazily loaded piece, loaded one after another."""
    import stc_bench.nlp.keyword_search  # noqa: F401 - the module itself, before any table
    from stc_bench.nlp import lemmatizer, tokens

    out = {"rss_start": rss_now()}
    words = [q for _l, q in QUERIES if q.isalpha()]  # the queries that expand lemmas
    for name, load in (("query words from the copy", lambda: [lemmatizer.search_keys(w) for w in words]),
                       ("treebank table (NDT)", lemmatizer.treebank_table),
                       ("Ordbank table (nb_lemma_exc)", lemmatizer.ordbank_table),
                       ("simplemma (first lemma)", lambda: lemmatizer._simplemma("jobbet")),
                       ("spaCy blank nb tokenizer", tokens._tokenizer)):
        before, t = rss_now(), time.perf_counter()
        load()
        out[name] = (time.perf_counter() - t, rss_now() - before)
    out["rss_peak"] = rss_peak()
    return out


def run_child(mode: str, path: Path, args) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--project", str(path),
           "--repeat", str(args.repeat)]
    if args.before:
        cmd += ["--before", str(args.before)]
    env = {**os.environ, "STC_BENCH_CACHE": str(args.cache)}  # the compact Ordbank copy
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(folder: Path, args) -> tuple[Path, Path]:
    big, small = folder / "thesis.stc", folder / "small.stc"
    if not big.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, tui_speed.__file__, "--build", str(big),
                        "--docs", str(args.docs), "--words", str(args.words),
                        "--units", str(args.units)], check=True)
        add_carpenter(big)
        print(f"built {big} ({big.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    if not small.exists():
        tui_speed.build_small(small)
        add_carpenter(small)
    return big, small


def report(args, big: dict, small: dict, tables: dict) -> None:
    print(f"project: {args.docs} transcripts × {args.words} words, {args.units} meaning units "
          f"(+ the carpenter interview); baseline: one interview (+ the same)")
    print(f"index brought up to date (a build on a new project): {big['index_s']:.2f} s, peak RSS "
          f"{big['index_peak']:.0f} MB (baseline {small['index_s']:.2f} s)")
    print(f"first query in a new process (lemma lookups of its words): {big['first_query_s']:.2f} s "
          f"(baseline {small['first_query_s']:.2f} s)")
    print(f"{'query':<24}{'hits':>7}{'median s':>10}{'baseline s':>12}{'ratio':>7}"
          + (f"{'before s':>10}{'speed-up':>10}" if "before" in big else ""))
    for label, query in QUERIES:
        hits, sec = big["after"][query]
        base = small["after"][query][1]
        line = f"{label + ' ' + query:<24}{hits:>7}{sec:>10.3f}{base:>12.3f}{sec / base:>7.1f}"
        if "before" in big:
            old = big["before"][query][1]
            line += f"{old:>10.3f}{old / sec:>9.1f}×"
        print(line)
    if "before" in big:
        print(f"before and after give the same hits for {QUERIES[0][1]!r}: {big['before_same_hits']}")
    print(f"RSS: {big['rss_open']:.0f} MB with the project open → {big['rss_after_first']:.0f} MB "
          f"after the first query; peak {big['rss_peak']:.0f} MB "
          f"(baseline project: {small['rss_open']:.0f} → {small['rss_peak']:.0f} MB)")
    print(f"lazily loaded pieces (from {tables['rss_start']:.0f} MB):")
    for name, value in tables.items():
        if isinstance(value, list):
            print(f"  {name:<30} {value[0]:.2f} s  +{value[1]:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None, help="keep the projects here")
    parser.add_argument("--before", type=Path, default=None, help="an older keyword_search.py")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.project, args.repeat, args.before)))
        return 0
    folder = args.dir or Path(tempfile.mkdtemp(prefix="search-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    big_path, small_path = prepare(folder, args)
    args.cache = folder / "cache"
    copy = run_child("copy", big_path, args)
    print(f"compact Ordbank copy written (once per installation): {copy['copy_s']:.2f} s, "
          f"peak RSS {copy['rss_peak']:.0f} MB")
    results = []
    for path in (big_path, small_path):
        index = run_child("index", path, args)
        res = run_child("queries", path, args)
        res["index_s"], res["index_peak"] = index["index_s"], index["rss_peak"]
        results.append(res)
    report(args, results[0], results[1], run_child("tables", big_path, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
