"""A child process that writes to a project through the Workbench until it is killed.

After each committed operation it reports one line ``committed {json}`` in a single
write (atomic on a pipe), naming the row the operation left behind::

    committed {"run": 3, "n": 17, "table": "theme", "id": 12, "field": "name", "value": "r3-17"}

Two ways to run it:
    crash_worker.py run PROJECT RUN        a fresh interpreter: open PROJECT and write as run
                                           RUN forever, reporting on stdout
    child(PROJECT, RUN, connection)        a multiprocessing target: the same, reporting on a
                                           multiprocessing pipe (``ready`` first)

The multiprocessing form exists so that many kills fit in a short test: with the
``forkserver`` start method (Linux, macOS) a child is forked from a server that has
imported this module once, in a few milliseconds; with ``spawn`` (Windows) it is a fresh
interpreter. Either way it is a separate process with its own connection, killed with
``Process.kill()`` (SIGKILL; TerminateProcess on Windows).
"""

from __future__ import annotations

import json
import os
import sys

from stc_bench.domain.model import Document
from stc_bench.services import Workbench

WORDS = ("jobbspesialisten", "arbeidsgiveren", "tilbakefall", "åpenhet", "mestring", "lønn")


def stdout_line(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def write_forever(project: str, run: int, say=stdout_line) -> None:
    """Cycle through inserts, multi-row operations and updates until killed."""
    wb = Workbench.open(project, actor=f"barn{run}")
    doc = wb.list(Document)[0]
    group = wb.code_groups()[0]
    mine: list[int] = []
    n = 0

    def committed(run: int, n: int, table: str, id_: int, field: str = "id", value=None) -> None:
        record = {"run": run, "n": n, "table": table, "id": id_, "field": field,
                  "value": id_ if value is None else value}
        say("committed " + json.dumps(record, ensure_ascii=False))

    while True:
        marker = f"r{run}-{n} {WORDS[n % len(WORDS)]}"
        kind = n % 4
        if kind == 0:
            theme = wb.add_theme(marker)
            mine.append(theme.id)
            committed(run, n, "theme", theme.id, "name", marker)
        elif kind == 1:
            memo = wb.add_memo("note", marker, title=f"Notat {n}")
            committed(run, n, "memo", memo.id, "text", marker)
        elif kind == 2:
            start = (n * 7) % (len(doc.text) - 40)
            unit = wb.create_unit(doc.id, start, start + 30, [group.id])
            committed(run, n, "meaning_unit", unit.id, "snippet", unit.snippet)
        else:
            theme_id = mine.pop(0)
            wb.edit_theme(theme_id, name=marker + " (omdøpt)")
            committed(run, n, "theme", theme_id, "name", marker + " (omdøpt)")
        n += 1


def child(project: str, run: int, connection) -> None:
    """The multiprocessing target: report on ``connection`` (one message per line)."""
    os.environ["STC_BUSY_TIMEOUT_MS"] = "5000"
    connection.send_bytes(b"ready")
    write_forever(project, run, say=lambda line: connection.send_bytes(line.encode("utf-8")))


if __name__ == "__main__":
    write_forever(sys.argv[2], int(sys.argv[3]))
