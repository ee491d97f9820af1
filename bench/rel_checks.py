"""Hostile inputs and tampered trails for ``python -m bench.reliability``."""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.rel_hostile import all_cases
from bench.rel_proc import LineReader, start
from stc_bench.cli import main as cli_main
from stc_bench.domain import audit
from stc_bench.services import Workbench

SECONDS, MEGABYTES = 10, 1024  # every input: at most this long and this much memory


@dataclass
class Result:
    name: str
    cases: int = 0
    failures: int = 0
    lost: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, problems: list[str], *, lost: int = 0, cases: int = 1) -> None:
        self.cases += cases
        self.failures += 1 if problems else 0
        self.lost += lost
        self.problems += problems[:12] if len(self.problems) < 20 else []

    def note(self, text: str) -> None:
        self.notes.append(text)

    def line(self) -> str:
        head = (f"{'ok    ' if not (self.failures or self.lost) else 'FAILED'} {self.name}: "
                f"{self.cases} cases, {self.failures} failures, {self.lost} lost "
                f"({self.seconds:.0f} s)")
        extra = [f"    {n}" for n in self.notes] + [f"    ! {p}" for p in self.problems[:10]]
        return "\n".join([head, *extra])

    def as_dict(self) -> dict:
        return {"name": self.name, "cases": self.cases, "failures": self.failures,
                "lost": self.lost, "seconds": round(self.seconds, 1),
                "problems": self.problems, "notes": self.notes}


# -- hostile inputs ----------------------------------------------------------------------

def _state(project: Path) -> tuple[int, int]:
    con = sqlite3.connect(str(project))
    try:
        return (con.execute("SELECT count(*) FROM audit_event").fetchone()[0],
                con.execute("SELECT count(*) FROM document").fetchone()[0])
    finally:
        con.close()


def _new_document(project: Path) -> tuple[str, int]:
    con = sqlite3.connect(str(project))
    try:
        doc_id, text = con.execute("SELECT id, text FROM document ORDER BY id DESC").fetchone()
        turns = con.execute("SELECT count(*) FROM turn WHERE document_id = ?", (doc_id,))
        return text, turns.fetchone()[0]
    finally:
        con.close()


def hostile(work: Path, rng: random.Random, *, quick: bool) -> Result:
    result = Result("hostile inputs through every reader")
    project = work / "fiendtlig.stc"
    with Workbench.create(project, title="Fiendtlige filer", actor="kari"):
        pass
    cases = all_cases(work / "filer", rng, quick=quick)
    zygote = start("cli-zygote", stdin=True)
    reader = LineReader(zygote.stdout)
    worst = (0.0, 0.0)
    kinds: dict[str, int] = {}
    try:
        for case in cases:
            before = _state(project)
            request = {"id": case.id, "argv": ["import", str(project), str(case.path)],
                       "seconds": SECONDS, "limit_mb": 3 * MEGABYTES}
            zygote.stdin.write((json.dumps(request) + "\n").encode())
            zygote.stdin.flush()
            lines = reader.read_until(time.monotonic() + SECONDS + 60, lambda x: x.startswith("{"))
            if not lines:
                result.add([f"{case.id}: no answer from the runner"])
                break
            report = json.loads(lines[-1])
            worst = (max(worst[0], report["seconds"]), max(worst[1], report["peak_mb"]))
            kinds[case.kind] = kinds.get(case.kind, 0) + 1
            problems, lost = _judge(case, report, before, _state(project), project)
            result.add(problems, lost=lost)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    result.note(", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    result.note(f"slowest {worst[0]:.2f} s, most memory {worst[1]:.0f} MB (limits {SECONDS} s, "
                f"{MEGABYTES} MB)")
    return result


def _judge(case, report: dict, before, after, project: Path) -> tuple[list[str], int]:
    where, rc, err = f"{case.id} ({case.kind})", report.get("rc"), report.get("err", "")
    problems = []
    if report.get("signal"):
        problems.append(f"{where}: killed by signal {report['signal']} (hang or memory)")
    if report["seconds"] > SECONDS:
        problems.append(f"{where}: took {report['seconds']:.1f} s")
    if report["peak_mb"] > MEGABYTES:
        problems.append(f"{where}: used {report['peak_mb']:.0f} MB")
    if "\x1b" in err + report.get("out", "") or "\r" in err + report.get("out", ""):
        problems.append(f"{where}: a control character reached the terminal")
    if rc == 2:
        if err.count("\n") != 1 or not err.startswith("stc-bench: error: "):
            problems.append(f"{where}: not one error line: {err[:200]!r}")
        if after != before:
            problems.append(f"{where}: refused but the project changed")
        if case.expect == "import":
            problems.append(f"{where}: refused a good transcript: {err.strip()[:200]}")
            return problems, 1
    elif rc == 0:
        if case.expect == "refuse":
            problems.append(f"{where}: imported what must be refused")
        if after != (before[0] + 1, before[1] + 1):
            problems.append(f"{where}: imported, but not exactly one document and one event")
        else:
            text, turns = _new_document(project)
            if turns == 0:
                problems.append(f"{where}: a document without turns")
            if case.needle and case.needle not in text:
                problems.append(f"{where}: text lost on import ({case.needle[:40]!r} missing)")
                return problems, 1
    else:
        problems.append(f"{where}: exit {rc}: {err.strip()[:200]}")
    return problems, 0


# -- tampering ---------------------------------------------------------------------------

def _verify(path: Path, *extra: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli_main(["audit", "verify", str(path), *extra])


def _sql(path: Path | str, *statements) -> None:
    """``?``-style statements run in one transaction outside stc-bench: with sqlite3 on a
    file, with psycopg on a PostgreSQL project URL (the trail anchor's tests use both)."""
    if "://" in str(path):
        import psycopg

        from bench.pgserver import libpq_url

        with psycopg.connect(libpq_url(str(path))) as pg:
            for sql, params in statements:
                pg.execute(sql.replace("?", "%s"), params)
        return
    con = sqlite3.connect(str(path))
    try:
        with con:
            for sql, params in statements:
                con.execute(sql, params)
    finally:
        con.close()


def rewrite_consistently(path: Path | str, seq: int) -> None:
    """A consistent rewrite of event ``seq``: forged quote, actor and backdated time, and
    the chain recomputed after it, as someone who knows the hashing would (the trail
    anchor's tests use it too)."""
    with Workbench.open(path, read_only=True) as wb:
        events = wb.log()
    prev = events[seq - 2].hash if seq > 1 else audit.GENESIS
    statements = []
    for ev in events[seq - 1:]:
        fields = {name: getattr(ev, name) for name in audit.HASHED_FIELDS}
        if ev.seq == seq:
            fields.update(actor="veileder", at_utc="2025-01-01T08:00:00.000000Z",
                          message="«Jeg ble aldri spurt» (forfalsket sitat)")
        digest = audit.event_hash(prev, fields)
        statements.append(("UPDATE audit_event SET actor=?, at_utc=?, message=?, prev_hash=?, "
                           "hash=? WHERE seq=?", (fields["actor"], fields["at_utc"],
                                                  fields["message"], prev, digest, ev.seq)))
        prev = digest
    _sql(path, *statements)


def tamper(work: Path) -> Result:
    from bench.reliability import coding_project

    result = Result("tampered trails")
    pristine = coding_project(work / "original.stc")
    with Workbench.open(pristine, actor="kari") as wb:
        doc = wb.documents()[0]
        group = wb.code_groups()[0]
        for i, words in enumerate(("Vi gikk rett ut", "Det gikk så fort", "Stine")):
            start = doc.text.index(words)
            wb.create_unit(doc.id, start, start + len(words), [group.id])
            wb.add_theme(f"Tema {i}")
        status = wb.status()
    anchor = f"{status['audit_events']}:{status['head_hash']}"
    last = status["audit_events"]

    def case(name: str, apply, *expect: str, want: int = 3) -> None:
        path = work / f"{name}.stc"
        shutil.copy(pristine, path)
        apply(path)
        rc = _verify(path, *expect)
        result.add([] if rc == want else [f"{name}: audit verify exited {rc}, not {want}"])

    case("untouched", lambda p: None, "--expect", anchor, want=0)
    case("event edited", lambda p: _sql(p, ("UPDATE audit_event SET message = 'x' WHERE seq = 3", ())))
    case("event removed", lambda p: _sql(p, ("DELETE FROM audit_event WHERE seq = 4", ())))
    case("events swapped", lambda p: _sql(
        p, ("UPDATE audit_event SET seq = -1 WHERE seq = 4", ()),
        ("UPDATE audit_event SET seq = 4 WHERE seq = 5", ()),
        ("UPDATE audit_event SET seq = 5 WHERE seq = -1", ())))
    case("row edited", lambda p: _sql(p, ("UPDATE theme SET name = 'Forfalsket'", ())))
    case("row inserted", lambda p: _sql(p, ("INSERT INTO theme (name, description, notes, "
                                            "position, promoted_to) VALUES ('Ny', '', '', 99, "
                                            "'')", ())))
    case("binary in an event", lambda p: _sql(p, ("UPDATE audit_event SET at_utc = X'00ff' "
                                                  "WHERE seq = 2", ())))
    case("snippet edited", lambda p: _sql(p, ("UPDATE meaning_unit SET snippet = 'Annet'", ())))
    case("tail rolled back", lambda p: _sql(
        p, ("DELETE FROM theme WHERE name = 'Tema 2'", ()),
        ("DELETE FROM audit_event WHERE seq = ?", (last,))), "--expect", anchor)
    case("consistent rewrite", lambda p: rewrite_consistently(p, 3), "--expect", anchor)
    case("consistent rewrite, no anchor (chain alone cannot tell)", lambda p: rewrite_consistently(p, 3),
         want=0)

    def marked_then_rewritten(path: Path) -> None:
        with Workbench.open(path, actor="veileder") as wb:
            wb.mark_reviewed()
        rewrite_consistently(path, 2)

    case("rewrite under a review mark", marked_then_rewritten)
    return result
