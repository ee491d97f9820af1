"""Team load test: 20 coders on one PostgreSQL project at once (issue 19).

    .venv/bin/python -m bench.team                 # 20 coders × 60 s on a throwaway server
    .venv/bin/python -m bench.team --quick         # 5 coders × 5 s (the test suite runs it)
    .venv/bin/python -m bench.team --url postgresql://kari@db.uni.no/ --coders 20 --seconds 60
    .venv/bin/python -m bench.team --json          # one object

Each coder is a separate process with its own connection, over TCP on 127.0.0.1 (a
server this starts, durable as a real one: fsync on) or to ``--url``'s server, in a new
database. Once all are connected they start together and, for the given time, do what a
coder does in steps 2 and 3 — mark a meaning unit (coded), code it into a second group,
assign it to their subgroup, rewrite their subgroup's condensate, comment on a unit —
with a pause of 1–3 s between operations (a quick coder: mark and code in two keys, read
on; ``--pause 0.05 0.25`` is a stress test far beyond people).
Every operation's wall time is measured around the Workbench call, commit included.

Afterwards: the trail must verify, every operation a coder saw committed must be in it
under that coder's name and nothing else (0 lost writes), and p95 latency must be under
50 ms. Exit 0 when all hold, 1 otherwise. Bounded: at most 50 coders and 600 s; a coder
that has not reported 60 s after the end is killed and counted as a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIX = (("mark", 35), ("code", 20), ("assign", 20), ("condense", 10), ("comment", 15))
P95_TARGET_MS = 50.0
MAX_CODERS, MAX_SECONDS = 50, 600

INTERVIEW = (
    "I: Kan du fortelle om hvordan samarbeidet i teamet begynte?\n"
    "D1: Vi startet med et felles møte der alle fikk si hva de trengte. Det var uvant, men "
    "det gjorde at jeg turte å si fra om at jeg var sliten. Lederen tok det på alvor.\n"
    "I: Hva skjedde etter det?\n"
    "D1: Vi fikk faste samtaler hver fjortende dag. Der snakket vi om arbeidsoppgaver, men "
    "også om hvordan vi hadde det. Jeg merket at jeg gruet meg mindre til å gå på jobb.\n"
    "I: Var det noe som var vanskelig?\n"
    "D1: Ja, i starten var det vanskelig å vite hvor mye jeg skulle fortelle. Jeg ville ikke "
    "at de skulle se på meg som svak. Men etter hvert kjente jeg at det var trygt, og da ble "
    "det lettere å be om hjelp når arbeidsmengden ble for stor.\n"
)


def setup(url: str, coders: int) -> None:
    """The shared project: one interview, two code groups, a subgroup per coder."""
    from stc_bench.domain.transcript import TranscriptDraft, TurnDraft
    from stc_bench.services import Workbench

    turns, pos = [], 0
    for line in INTERVIEW.rstrip("\n").split("\n"):
        label = line.split(":", 1)[0]
        turns.append(TurnDraft(label, pos, pos + len(line), is_interviewer=label == "I"))
        pos += len(line) + 1
    with Workbench.create(url, title="Teamstudie (last)", actor="leder") as wb:
        wb.import_transcript(TranscriptDraft(INTERVIEW.rstrip("\n"), tuple(turns), "txt"),
                             source_name="D1.txt", source_sha256="d" * 64, informant="D1")
        first = wb.add_code_group("Å bli tatt på alvor")
        wb.add_code_group("Arbeidsmengde")
        for n in range(coders):
            wb.add_subgroup(first.id, f"Koder {n:02d}")


def coder(url: str, name: str, index: int, seconds: float, go: Path, seed: int,
          pause: tuple[float, float] = (1.0, 3.0)) -> dict:
    """One coder's session (a child process): returns what it did and how long each took."""
    from stc_bench.services import Workbench

    rng = random.Random(seed)
    kinds = [k for k, weight in MIX for _ in range(weight)]
    with Workbench.open(url, actor=name) as wb:
        doc = wb.documents()[0]
        first, second = wb.code_groups()[:2]
        mine = wb.subgroups(first.id)[index]
        units, coded, assigned = [], set(), []
        latencies: dict[str, list[float]] = {k: [] for k, _ in MIX}
        seqs: list[int] = []  # the trail event of each operation, as this coder saw it commit
        errors = 0
        print("ready", flush=True)
        while not go.exists():  # everyone connected: the parent says go
            time.sleep(0.005)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            kind = rng.choice(kinds)
            if kind != "mark" and not units:
                kind = "mark"
            todo = [u for u in units if u not in (coded if kind == "code" else assigned)]
            if kind in ("code", "assign") and not todo:
                kind = "comment"  # nothing left to code or assign: a comment instead
            t0 = time.perf_counter()
            try:
                if kind == "mark":
                    start = rng.randrange(0, len(doc.text) - 60)
                    units.append(wb.create_unit(doc.id, start, start + rng.randrange(20, 60),
                                                [first.id]).id)
                elif kind == "code":
                    wb.code_unit(todo[0], second.id)
                    coded.add(todo[0])
                elif kind == "assign":
                    wb.assign_unit(todo[0], mine.id)
                    assigned.append(todo[0])
                elif kind == "condense":
                    wb.set_condensate(mine.id, f"Jeg ble tatt på alvor (versjon {len(seqs)}).",
                                      assigned[-5:])
                else:
                    wb.add_comment("meaning_unit", rng.choice(units), f"{name}: er dette én enhet?")
            except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
                errors += 1
                print(f"error {kind}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
                continue
            latencies[kind].append((time.perf_counter() - t0) * 1000)
            seqs.append(wb.own_seq)
            time.sleep(rng.uniform(*pause))
    return {"name": name, "seqs": seqs, "errors": errors, "latencies": latencies}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(url: str, coders: int, seconds: float, pause: tuple[float, float] = (1.0, 3.0)) -> dict:
    setup(url, coders)
    with tempfile.TemporaryDirectory() as tmp:
        go = Path(tmp) / "go"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs = [subprocess.Popen([sys.executable, "-m", "bench.team", "--worker", url, f"koder{n:02d}",
                                   str(n), str(seconds), str(go), str(1000 + n), *map(str, pause)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env, cwd=str(ROOT)) for n in range(coders)]
        for p in procs:  # each says "ready" once connected and set up
            line = p.stdout.readline().strip()
            if line != "ready":
                raise RuntimeError(f"a coder did not start: {line!r} {p.stderr.read()[-2000:]}")
        go.touch()
        started = time.monotonic()
        reports, failures = [], []
        for p in procs:
            try:
                out, err = p.communicate(timeout=max(1.0, started + seconds + 60 - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
                failures.append("a coder did not finish in time")
                continue
            if p.returncode != 0:
                failures.append(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}")
                continue
            reports.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - started
    return {**summarise(url, reports, failures, elapsed, coders, seconds), "pause_s": list(pause)}


def summarise(url: str, reports: list[dict], failures: list[str], elapsed: float, coders: int,
              seconds: float) -> dict:
    from stc_bench.services import Workbench

    with Workbench.open(url, actor="kontroll") as wb:
        t0 = time.perf_counter()
        verified = wb.verify()
        verify_ms = (time.perf_counter() - t0) * 1000
        trail = {(e.seq, e.actor) for e in wb.log()}
    # lost: an event a coder saw commit that the trail does not have under its name;
    # extra: an event under a coder's name that the coder never saw commit
    reported = {(seq, r["name"]) for r in reports for seq in r["seqs"]}
    names = {r["name"] for r in reports}
    lost = len(reported - trail)
    extra = len({(seq, actor) for seq, actor in trail if actor in names} - reported)
    every = [ms for r in reports for v in r["latencies"].values() for ms in v]
    per_kind = {k: [ms for r in reports for ms in r["latencies"][k]] for k, _ in MIX}
    operations = sum(len(r["seqs"]) for r in reports)
    result = {
        "coders": coders, "seconds": seconds, "elapsed_s": round(elapsed, 1),
        "operations": operations, "throughput_ops_s": round(operations / max(elapsed, 1e-9), 1),
        "errors": sum(r["errors"] for r in reports) + len(failures), "failures": failures,
        "lost_writes": lost, "unexpected_events": extra,
        "p50_ms": round(percentile(every, 0.5), 1), "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1), "max_ms": round(max(every, default=0), 1),
        "per_operation": {k: {"n": len(v), "p50_ms": round(percentile(v, 0.5), 1),
                              "p95_ms": round(percentile(v, 0.95), 1)} for k, v in per_kind.items()},
        "chain_ok": verified.ok, "events": verified.events, "verify_ms": round(verify_ms),
        "problem": verified.problem,
    }
    result["pass"] = bool(verified.ok and not lost and not extra and not result["errors"]
                          and len(reports) == coders and result["p95_ms"] < P95_TARGET_MS)
    return result


def print_report(r: dict) -> None:
    print(f"{r['coders']} coders × {r['seconds']:g} s, {r['pause_s'][0]:g}–{r['pause_s'][1]:g} s "
          f"between operations: {r['operations']} operations, "
          f"{r['throughput_ops_s']} ops/s, {r['errors']} errors")
    print(f"latency p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms (target < {P95_TARGET_MS:g}), "
          f"p99 {r['p99_ms']} ms, max {r['max_ms']} ms")
    for kind, v in r["per_operation"].items():
        print(f"  {kind:<9} n={v['n']:<6} p50 {v['p50_ms']} ms  p95 {v['p95_ms']} ms")
    print(f"lost writes {r['lost_writes']}, events not reported {r['unexpected_events']}; trail "
          f"{'verifies' if r['chain_ok'] else 'BROKEN: ' + r['problem']} ({r['events']} events, "
          f"verify {r['verify_ms']} ms)")
    for f in r["failures"]:
        print(f"  failure: {f}")
    print("PASS" if r["pass"] else "FAIL")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        url, name, index, seconds, go, seed, low, high = argv[1:9]
        print(json.dumps(coder(url, name, int(index), float(seconds), Path(go), int(seed),
                               (float(low), float(high)))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.team", description=__doc__.split("\n")[0])
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--quick", action="store_true", help="5 coders × 5 s")
    parser.add_argument("--pause", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="seconds between a coder's operations (default 1 3)")
    parser.add_argument("--url", help="a server to use (postgresql://user@host/; a new database "
                        "is made there), instead of a throwaway one on 127.0.0.1")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    coders, seconds = (5, 5.0) if args.quick else (args.coders, args.seconds)
    if not (1 <= coders <= MAX_CODERS and 0 < seconds <= MAX_SECONDS):
        parser.error(f"1–{MAX_CODERS} coders, at most {MAX_SECONDS} s")
    from bench.pgserver import Cluster, start_cluster

    if args.url:
        base = "postgresql+psycopg://" + args.url.split("://", 1)[1]
        cluster = Cluster(base_url=base.split("?")[0].rsplit("/", 1)[0] + "/",
                          query=("?" + base.split("?", 1)[1]) if "?" in base else "")
    else:
        cluster = start_cluster(throwaway=False, tcp=True)
    url = cluster.new_database(migrated=False)
    try:
        result = run(url, coders, seconds, tuple(args.pause))
    finally:
        if args.url:
            cluster.drop_database(url)
        cluster.stop()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_report(result)
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
