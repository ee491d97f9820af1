"""Child processes for ``python -m bench.reliability`` (not run by hand).

    python -m bench.rel_worker kill-zygote PROJECT FILES_DIR
        for each stdin line ``go RUN import|coding`` fork a child that imports transcripts
        or codes until it is killed; print ``child PID`` and, once reaped, ``reaped PID``.
        A child prints ``committed {json}`` (one ``os.write``) after each commit.
    python -m bench.rel_worker cli-zygote
        for each stdin line (JSON ``{"id", "argv", "seconds", "limit_mb"}``) fork a child
        that runs ``stc-bench ARGV`` in-process under an alarm and an address-space limit;
        print one JSON line: id, exit code, seconds, peak memory (MB), stdout and stderr.
    python -m bench.rel_worker writer PROJECT NAME SECONDS
    python -m bench.rel_worker reader PROJECT SECONDS

The zygotes exist so that many cases fit in a short run: a fresh interpreter costs
~1 s of imports on the shared VM, a fork a few milliseconds.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import sys
import time
from pathlib import Path

from stc_bench.domain.errors import ProjectBusy
from stc_bench.domain.model import Document
from stc_bench.services import Workbench

WORDS = ("jobbspesialisten", "arbeidsgiveren", "tilbakefall", "åpenhet", "mestring", "lønn")


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def committed(**record) -> None:
    say("committed " + json.dumps(record, ensure_ascii=False))


# -- kills -------------------------------------------------------------------------------

def import_forever(project: str, files_dir: str, run: int) -> None:
    """Import one transcript after another (each made unique by a first line)."""
    from stc_bench.ingest.batch import import_one

    wb = Workbench.open(project, actor=f"import{run}")
    files = sorted(Path(files_dir).iterdir())
    n = 0
    while True:
        source = files[n % len(files)]
        target = Path(files_dir).parent / f"run{run}-{n}{source.suffix}"
        if source.suffix == ".txt":
            target.write_text(f"Intervju {run}-{n}\n" + source.read_text(encoding="utf-8"),
                              encoding="utf-8")
        else:
            _unique_docx(source, target, f"Intervju {run}-{n}")
        done = import_one(wb, target)
        committed(run=run, n=n, table="document", id=done.document.id, field="text_sha256",
                  value=done.document.text_sha256, turns=done.turns)
        target.unlink()
        n += 1


def _unique_docx(source: Path, target: Path, first_line: str) -> None:
    import docx

    document = docx.Document(str(source))
    document.paragraphs[0].insert_paragraph_before(first_line)
    document.save(str(target))


def code_forever(project: str, run: int) -> None:
    """Themes, memos, coded units, renames and assignments, until killed."""
    wb = Workbench.open(project, actor=f"koder{run}")
    doc = wb.list(Document)[0]
    group = wb.code_groups()[0]
    sub = wb.subgroups(group.id)[0]
    mine: list[int] = []
    n = 0
    while True:
        marker = f"r{run}-{n} {WORDS[n % len(WORDS)]}"
        kind = n % 5
        if kind == 0:
            theme = wb.add_theme(marker)
            mine.append(theme.id)
            committed(run=run, n=n, table="theme", id=theme.id, field="name", value=marker)
        elif kind == 1:
            memo = wb.add_memo("note", marker, title=f"Notat {n}")
            committed(run=run, n=n, table="memo", id=memo.id, field="text", value=marker)
        elif kind == 2:
            start = (n * 7 + run * 13) % (len(doc.text) - 40)
            unit = wb.create_unit(doc.id, start, start + 30, [group.id])
            committed(run=run, n=n, table="meaning_unit", id=unit.id, field="snippet",
                      value=unit.snippet)
            mine.append(-unit.id)
        elif kind == 3 and any(i > 0 for i in mine):
            theme_id = next(i for i in mine if i > 0)
            mine.remove(theme_id)
            wb.edit_theme(theme_id, name=marker + " (omdøpt)")
            committed(run=run, n=n, table="theme", id=theme_id, field="name",
                      value=marker + " (omdøpt)")
        elif kind == 4 and any(i < 0 for i in mine):
            unit_id = -next(i for i in mine if i < 0)
            mine.remove(-unit_id)
            a = wb.assign_unit(unit_id, sub.id)
            committed(run=run, n=n, table="assignment", id=a.id, field="unit_id", value=unit_id)
        n += 1


def kill_zygote(project: str, files_dir: str) -> None:
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3 or parts[0] != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                if parts[2] == "import":
                    import_forever(project, files_dir, int(parts[1]))
                else:
                    code_forever(project, int(parts[1]))
            finally:
                os._exit(1)
        say(f"child {pid}")
        os.waitpid(pid, 0)
        say(f"reaped {pid}")


# -- hostile inputs ----------------------------------------------------------------------

def cli_zygote() -> None:
    # Import everything an import can touch once, before any fork, so a case costs its
    # own work and not the interpreter's imports.
    import charset_normalizer  # noqa: F401
    import striprtf.striprtf  # noqa: F401

    from stc_bench import cli
    from stc_bench.ingest import odt, reader, rtf, subtitles, text, word  # noqa: F401
    from stc_bench.storage import migrate

    cli.build_parser()
    migrate.head_revision()

    for line in sys.stdin:
        case = json.loads(line)
        out_r, out_w = os.pipe()
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.close(out_r)
            _run_case(cli, case, out_w)
        os.close(out_w)
        with os.fdopen(out_r, "rb") as pipe:
            result = pipe.read()
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - started
        report = json.loads(result) if result else {"rc": None, "out": "", "err": ""}
        if os.WIFSIGNALED(status):
            report["signal"] = os.WTERMSIG(status)
        report.update(id=case["id"], seconds=round(seconds, 3),
                      peak_mb=round(usage.ru_maxrss / 1024, 1))
        say(json.dumps(report, ensure_ascii=False))


def _run_case(cli, case: dict, out_w: int) -> None:
    limit = int(case.get("limit_mb", 2048)) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.alarm(int(case.get("seconds", 10)) + 5)  # a hang ends as a signal, reported
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        rc = cli.main(case["argv"])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:  # noqa: BLE001 - reported, never raised in a fork
        rc, err = 99, io.StringIO(f"{type(exc).__name__}: {exc}\n")
    payload = json.dumps({"rc": rc, "out": out.getvalue()[-2000:], "err": err.getvalue()[-2000:]})
    os.write(out_w, payload.encode("utf-8"))
    os._exit(0)


# -- concurrency -------------------------------------------------------------------------

def writer(project: str, name: str, seconds: float) -> None:
    """Write as fast as a busy person for ``seconds``; print each commit; retry when busy."""
    wb = Workbench.open(project, actor=name)
    doc = wb.list(Document)[0]
    group = wb.code_groups()[0]
    end, n, busy = time.monotonic() + seconds, 0, 0
    while time.monotonic() < end:
        marker = f"{name}-{n}"
        try:
            if n % 3 == 0:
                row = wb.add_theme(marker)
                committed(table="theme", id=row.id, field="name", value=marker)
            elif n % 3 == 1:
                row = wb.add_memo("note", marker)
                committed(table="memo", id=row.id, field="text", value=marker)
            else:
                start = (n * 5) % (len(doc.text) - 30)
                row = wb.create_unit(doc.id, start, start + 25, [group.id])
                committed(table="meaning_unit", id=row.id, field="snippet", value=row.snippet)
        except ProjectBusy:
            busy += 1
            continue
        n += 1
        time.sleep(0.002)
    say(f"done {n} busy {busy}")


def reader_loop(project: str, seconds: float) -> None:
    """A supervisor reading status, the trail and verify in a loop (read only)."""
    end, reads, failed = time.monotonic() + seconds, 0, 0
    while time.monotonic() < end:
        try:
            with Workbench.open(project, read_only=True, actor="veileder") as wb:
                status = wb.status()
                ok = wb.verify().ok
            if not ok or status["audit_events"] < 1:
                failed += 1
        except ProjectBusy:
            pass
        reads += 1
    say(f"done {reads} failed {failed}")


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "kill-zygote":
        kill_zygote(*args)
    elif mode == "cli-zygote":
        cli_zygote()
    elif mode == "writer":
        writer(args[0], args[1], float(args[2]))
    elif mode == "reader":
        reader_loop(args[0], float(args[1]))
    else:
        sys.exit(f"unknown mode {mode}")
