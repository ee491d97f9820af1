"""The reliability test in one command: kills, hostile inputs, concurrency, tampering,
revisions and no network — each printed as one line with its counts.

    python -m bench.reliability            # the full run (≥200 kills, ≥1,000 inputs, 60 s)
    python -m bench.reliability --quick    # the same checks, fewer cases (CI: < 2 minutes)
    python -m bench.reliability --json     # one JSON object instead of the lines

Exits 1 if any case fails or loses data. Everything happens in a temporary folder
(``--dir`` keeps it); ``--seed`` repeats a run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.rel_checks import Result, hostile, tamper
from bench.rel_proc import ROOT, LineReader, child_env, start
from bench.rel_revisions import revisions
from stc_bench.domain.offsets import normalise_text
from stc_bench.domain.transcript import TranscriptDraft, TurnDraft
from stc_bench.services import Workbench

INTERVIEW = normalise_text(
    "I: Hvordan kom du i kontakt med jobbspesialisten?\n"
    "JS2: Det var behandleren min på DPS-et som foreslo det. Jeg hadde vært sykmeldt i to år, "
    "og jeg trodde ærlig talt ikke at noen arbeidsgiver ville ha meg.\n"
    "I: Hva skjedde så?\n"
    "JS2: Vi gikk rett ut og besøkte en bedrift i uke to. Det gikk så fort at jeg nesten ikke "
    "rakk å bli nervøs. Stine, jobbspesialisten, satt i bilen og ventet på meg etterpå.\n")


def labelled_draft(text: str) -> TranscriptDraft:
    turns, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            label = line.split(":", 1)[0]
            turns.append(TurnDraft(label, pos, pos + len(line), is_interviewer=label == "I"))
        pos += len(line) + 1
    return TranscriptDraft(text, tuple(turns), "txt")


def coding_project(path: Path) -> Path:
    with Workbench.create(path, title="Pålitelighet", actor="kari") as wb:
        wb.import_transcript(labelled_draft(INTERVIEW), source_name="JS2.txt",
                             source_sha256="2" * 64, informant="JS2")
        group = wb.add_code_group("Rask start")
        wb.add_subgroup(group.id, "Å komme raskt i gang")
    return path


# -- kills -------------------------------------------------------------------------------

def check_project(path: Path, records: list[dict]) -> list[str]:
    """Problems after a kill: integrity, trail, acknowledged commits, partial documents."""
    problems = []
    con = sqlite3.connect(str(path))
    try:
        if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            problems.append("integrity_check failed")
        for r in records:
            row = con.execute(f"SELECT {r['field']} FROM {r['table']} WHERE id = ?",
                              (r["id"],)).fetchone()
            if row is None or (row[0] != r["value"] and not (
                    r["table"] == "theme" and str(row[0]).endswith(" (omdøpt)"))):
                problems.append(f"lost: {r}")
        for doc_id, length in con.execute("SELECT id, length(text) FROM document"):
            turns = con.execute("SELECT count(*), max(\"end\") FROM turn WHERE document_id = ?",
                                (doc_id,)).fetchone()
            if turns[0] == 0 or turns[1] > length:
                problems.append(f"partial document {doc_id}")
    finally:
        con.close()
    with Workbench.open(path, read_only=True, actor="kontroll") as wb:
        report = wb.verify()
    if not report.ok:
        problems.append(f"audit verify: {report.problem}")
    return problems


def kills(work: Path, rng: random.Random, n: int) -> Result:
    result = Result("SIGKILL during import and coding")
    project = coding_project(work / "krasj.stc")
    files = work / "kilder"
    files.mkdir()
    turns = "\n".join(f"{'I' if i % 2 == 0 else 'JS2'}: Setning {i} om jobbstøtte, "
                      "arbeidsgiveren og hvordan det gikk den uka." for i in range(200))
    (files / "a.txt").write_text(turns, encoding="utf-8")
    import docx

    document = docx.Document()
    for line in turns.split("\n")[:100]:
        document.add_paragraph(line)
    document.save(str(files / "b.docx"))
    total = 0
    for first in range(0, n, KILLS_PER_PROJECT):  # a fresh project now and then: verify
        if first:                                  # is linear in the trail
            project = coding_project(work / f"krasj{first}.stc")
        records = _kill_round(project, files, rng, range(first, min(n, first + KILLS_PER_PROJECT)),
                              result)
        total += len(records)
    result.note(f"{total} acknowledged commits checked after every kill")
    return result


#: Kills against one project before the next round starts with a fresh one.
KILLS_PER_PROJECT = 50


def _kill_round(project: Path, files: Path, rng: random.Random, runs: range,
                result: Result) -> list[dict]:
    zygote = start("kill-zygote", str(project), str(files), stdin=True)
    reader = LineReader(zygote.stdout)
    records: list[dict] = []
    try:
        for run in runs:
            mode = "import" if run % 2 == 0 else "coding"
            zygote.stdin.write(f"go {run} {mode}\n".encode())
            zygote.stdin.flush()
            lines = reader.read_until(time.monotonic() + 30, lambda x: x.startswith("child "))
            pid = int(lines[-1].split()[1])
            lines += reader.read_until(time.monotonic() + rng.uniform(0.02, 0.5))
            os.kill(pid, 9)
            lines += reader.read_until(time.monotonic() + 30, f"reaped {pid}".__eq__)
            records += [json.loads(x.split(" ", 1)[1]) for x in lines
                        if x.startswith("committed ")]
            problems = check_project(project, records)
            result.add(problems, lost=sum(p.startswith("lost") for p in problems))
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    return records
    result.note(f"{len(records)} acknowledged commits checked after every kill")
    return result


# -- concurrency -------------------------------------------------------------------------

def concurrency(work: Path, seconds: float) -> Result:
    result = Result("two writers and a reader")
    project = coding_project(work / "samtidig.stc")
    procs = [start("writer", str(project), name, str(seconds)) for name in ("kari", "ola")]
    procs.append(start("reader", str(project), str(seconds)))
    outputs = []
    for proc in procs:
        out, _ = proc.communicate(timeout=seconds + 120)
        outputs.append(out.decode("utf-8").splitlines())
        if proc.returncode != 0:
            result.add([f"a process exited {proc.returncode}"])
    records = [json.loads(x.split(" ", 1)[1]) for lines in outputs[:2] for x in lines
               if x.startswith("committed ")]
    problems = check_project(project, records)
    lost = sum(p.startswith("lost") for p in problems)
    result.add(problems, lost=lost, cases=len(records))
    reads = outputs[2][-1].split() if outputs[2] else ["done", "0", "failed", "1"]
    result.cases += int(reads[1])
    if int(reads[3]):
        result.add([f"{reads[3]} reads failed"])
    result.note(f"{len(records)} writes, {reads[1]} reads in {seconds:g} s")
    return result


# -- no network --------------------------------------------------------------------------

BLOCK = '''
import socket
_LOCAL = {None, "", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}
def _refuse(what):
    raise OSError(f"network blocked by bench.reliability: {what}")
_connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo
def _guard(self, address, *a):
    if self.family in (socket.AF_INET, socket.AF_INET6) and \\
            not str(address[0]).startswith(("127.", "::1")):
        _refuse(address)
    return _connect(self, address, *a)
def _lookup(host, *a, **k):
    if host not in _LOCAL and not str(host).startswith("127."):
        _refuse(host)
    return _getaddrinfo(host, *a, **k)
socket.socket.connect = _guard
socket.socket.connect_ex = lambda self, address: _guard(self, address) or 0
socket.getaddrinfo = _lookup
'''

OFFLINE_SCRIPT = '''
import socket, sys
from pathlib import Path
from stc_bench.cli import main
try:
    socket.create_connection(("pypi.org", 443), timeout=1)
    print("NOT BLOCKED"); sys.exit(1)
except OSError as exc:
    assert "blocked" in str(exc), exc
work, demo = Path(sys.argv[1]), Path(sys.argv[2])
p = str(work / "offline.stc")
steps = [["new", p, "--title", "Uten nett"], ["import", p, *map(str, sorted(demo.glob("*.txt")))],
         ["segment", p], ["search", p, "jobbe"], ["status", p, "--json"],
         ["export", "docx", p, "-o", str(work / "k.docx")], ["export", "md", p, "-o", str(work / "k.md")],
         ["export", "csv", p, "-o", str(work / "k.csv")], ["audit", "verify", p]]
failed = 0
for argv in steps:
    rc = main(argv)
    failed += rc != 0
    print(f"step {argv[0]} {rc}", file=sys.stderr)
print(f"done {len(steps)} failed {failed}")
'''


def offline(work: Path, *, suite: bool) -> Result:
    result = Result("no network (outbound sockets blocked)")
    block = work / "noneet"
    block.mkdir()
    (block / "sitecustomize.py").write_text(BLOCK, encoding="utf-8")
    env = child_env()
    env["PYTHONPATH"] = os.pathsep.join([str(block), str(ROOT)])
    if suite:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "--deselect", "tests/test_bench_reliability.py"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
        tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        words = tail.replace(",", "").split()
        passed = int(words[words.index("passed") - 1]) if "passed" in words else 0
        failed = int(words[words.index("failed") - 1]) if "failed" in words else 0
        result.cases += passed + failed
        names = [x for x in done.stdout.splitlines() if x.startswith(("FAILED ", "ERROR "))]
        result.add([f"{failed} tests failed: {tail}", *names[:10]]
                   if failed or done.returncode else [])
        result.note(f"the whole test suite: {tail}")
        return result
    script = work / "offline.py"
    script.write_text(OFFLINE_SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(work),
                           str(ROOT / "stc_bench" / "data" / "demo")],
                          env=env, capture_output=True, text=True, timeout=600)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "done 0 failed 1"
    words = last.split()
    result.cases += int(words[1]) if words[0] == "done" else 0
    if done.returncode or words[0] != "done" or int(words[3]):
        result.add([f"offline commands failed: {last} {done.stderr[-300:]}"])
    result.note("new, import, segment, search, status, export docx/md/csv, verify")
    return result


# -- the command -------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer cases (CI)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--dir", type=Path, default=None, help="work here and keep it")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    rng = random.Random(seed)
    work = args.dir or Path(tempfile.mkdtemp(prefix="stc-reliability-"))
    work.mkdir(parents=True, exist_ok=True)
    quick = args.quick
    plan = [
        ("kills", lambda: kills(work / "kills", rng, 20 if quick else 200)),
        ("hostile", lambda: hostile(work / "hostile", rng, quick=quick)),
        ("concurrency", lambda: concurrency(work / "concurrency", 5 if quick else 60)),
        ("tamper", lambda: tamper(work / "tamper")),
        ("revisions", lambda: revisions(work / "revisions", rng, 12 if quick else 60)),
        ("offline", lambda: offline(work / "offline", suite=not quick)),
    ]
    results = []
    try:
        for name, run in plan:
            (work / name).mkdir(exist_ok=True)
            started = time.monotonic()
            try:
                result = run()
            except Exception as exc:  # noqa: BLE001 - a crashed test is a failed test
                result = Result(name)
                result.add([f"the test itself crashed: {type(exc).__name__}: {exc}"])
            result.seconds = time.monotonic() - started
            results.append(result)
            if not args.json:
                print(result.line(), flush=True)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    failed = sum(r.failures for r in results) + sum(r.lost for r in results)
    if args.json:
        print(json.dumps({"seed": seed, "quick": quick, "ok": not failed,
                          "tests": [r.as_dict() for r in results]}, ensure_ascii=False, indent=2))
    else:
        print(f"{'ok' if not failed else 'FAILED'}: {sum(r.cases for r in results)} cases, "
              f"{sum(r.failures for r in results)} failures, "
              f"{sum(r.lost for r in results)} lost (seed {seed})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
