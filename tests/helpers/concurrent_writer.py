"""One of several processes writing to the same project at the same moment.

    concurrent_writer.py PROJECT NAME COUNT START_AT

Waits until the wall-clock time START_AT (so the writers overlap), then performs COUNT
operations as actor NAME — themes, memos and coded units in turn, a millisecond apart —
and prints ``done N``.
"""

from __future__ import annotations

import sys
import time

from stc_bench.domain.model import Document
from stc_bench.services import Workbench


def main(project: str, name: str, count: int, start_at: float) -> None:
    wb = Workbench.open(project, actor=name)
    doc = wb.list(Document)[0]
    group = wb.code_groups()[0]
    time.sleep(max(0.0, start_at - time.time()))
    for i in range(count):
        if i % 3 == 0:
            wb.add_theme(f"{name} tema {i}")
        elif i % 3 == 1:
            wb.add_memo("note", f"{name} notat {i}")
        else:
            start = (i * 5) % (len(doc.text) - 30)
            wb.create_unit(doc.id, start, start + 25, [group.id])
        # A person pauses between actions; without any pause SQLite's busy handler lets
        # one writer take every turn, which is safe but proves no interleaving.
        time.sleep(0.001)
    wb.close()
    print(f"done {count}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
