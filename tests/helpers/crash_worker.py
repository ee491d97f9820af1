"""A child process that writes to a project through the Workbench until it is killed.

After each committed operation it writes one line ``committed {json}`` to stdout with a
single ``os.write`` (atomic on a pipe), naming the row the operation left behind::

    committed {"run": 3, "n": 17, "table": "theme", "id": 12, "field": "name", "value": "r3-17"}

Modes:
    crash_worker.py run PROJECT RUN        open PROJECT and write as run RUN, forever
    crash_worker.py zygote PROJECT         import once, then for each stdin line ``go RUN``
                                           fork a child doing ``run`` (prints ``child PID``)
                                           and, when it ends, print ``reaped PID``

The zygote exists so that many kills fit in a short test: a fresh interpreter costs
~0.5 s of imports, a fork a few milliseconds. The forked child is a separate process
with its own connection, killed with SIGKILL like any other.
"""

from __future__ import annotations

import json
import os
import sys

from stc_bench.domain.model import Document
from stc_bench.services import Workbench

WORDS = ("jobbspesialisten", "arbeidsgiveren", "tilbakefall", "åpenhet", "mestring", "lønn")


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def committed(run: int, n: int, table: str, id_: int, field: str = "id", value=None) -> None:
    record = {"run": run, "n": n, "table": table, "id": id_, "field": field,
              "value": id_ if value is None else value}
    say("committed " + json.dumps(record, ensure_ascii=False))


def write_forever(project: str, run: int) -> None:
    """Cycle through inserts, multi-row operations and updates until killed."""
    wb = Workbench.open(project, actor=f"barn{run}")
    doc = wb.list(Document)[0]
    group = wb.code_groups()[0]
    mine: list[int] = []
    n = 0
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


def zygote(project: str) -> None:
    for line in sys.stdin:
        if not line.startswith("go "):
            continue
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(project, int(line.split()[1]))
            finally:
                os._exit(1)
        say(f"child {pid}")
        os.waitpid(pid, 0)
        say(f"reaped {pid}")


if __name__ == "__main__":
    if sys.argv[1] == "run":
        write_forever(sys.argv[2], int(sys.argv[3]))
    else:
        zygote(sys.argv[2])
