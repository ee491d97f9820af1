"""A supervisor reviewing while the student works: in review mode, reads what changed
since the last mark and the checklist, comments on a theme and marks what was read.

    reviewer.py PROJECT COMMENTS START_AT

Waits until START_AT, then COUNT times: reads the changes since its mark (and every
fifth time the checklist), comments on the newest theme, and every tenth time records a
review mark up to what it read; prints ``done COUNT SEQ`` with the last head it read.
"""

from __future__ import annotations

import sys
import time

from stc_bench.services import Workbench


def main(project: str, count: int, start_at: float) -> None:
    wb = Workbench.open(project, actor="veileder", review=True)
    time.sleep(max(0.0, start_at - time.time()))
    seen = 0
    for i in range(count):
        report = wb.review_changes()
        assert report.head_seq >= seen, (report.head_seq, seen)  # the trail never goes back
        seen = report.head_seq
        if i % 5 == 0:
            wb.checklist()
        themes = wb.themes()
        wb.add_comment("theme", themes[-1].id, f"Kommentar {i} til {themes[-1].name}")
        if i % 10 == 9:
            wb.mark_reviewed(report.head_seq)
        time.sleep(0.005)
    wb.close()
    print(f"done {count} {seen}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
