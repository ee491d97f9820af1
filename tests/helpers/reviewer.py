"""A supervisor reviewing while the student works: in review mode, reads what changed
since the last mark and the checklist, comments on a theme and marks what was read.

    reviewer.py PROJECT COMMENTS BEFORE STEP

COMMENTS times: waits until the student has written another STEP events since the trail's
event BEFORE (read from the trail itself, so the comments spread over the student's run
whatever the machine's speed), reads the changes since its mark (and every fifth time the
checklist), comments on the newest theme, and every tenth time records a review mark up to
what it read; prints ``done COMMENTS SEQ`` with the last head it read.
"""

from __future__ import annotations

import sys
import time

from stc_bench.services import Workbench

#: How long one wait for the student may take before the reviewer goes on regardless.
PATIENCE_S = 60.0


def main(project: str, count: int, before: int, step: int) -> None:
    wb = Workbench.open(project, actor="veileder", review=True)
    seen, mine = 0, 0
    for i in range(count):
        target, deadline = before + mine + i * step, time.monotonic() + PATIENCE_S
        while wb.last_seq() < target and time.monotonic() < deadline:
            pass  # each look is a read of the trail's head: the state, not the clock
        report = wb.review_changes()
        assert report.head_seq >= seen, (report.head_seq, seen)  # the trail never goes back
        seen = report.head_seq
        if i % 5 == 0:
            wb.checklist()
        themes = wb.themes()
        wb.add_comment("theme", themes[-1].id, f"Kommentar {i} til {themes[-1].name}")
        mine += 1
        if i % 10 == 9:
            wb.mark_reviewed(report.head_seq)
            mine += 1
    wb.close()
    print(f"done {count} {seen}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
