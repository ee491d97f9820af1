"""purge: the originals of pseudonymised transcripts deleted from the project, and the
date the recordings were deleted recorded (the end of a project under a Sikt approval)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from .common import add_project_arg, open_project


def register(sub) -> None:
    p = sub.add_parser("purge", help="delete the originals of pseudonymised transcripts from "
                                     "the project (the trail still verifies); record when the "
                                     "recordings were deleted")
    add_project_arg(p)
    p.add_argument("--document", type=int, help="only this transcript (any of its revisions)")
    p.add_argument("--recordings-deleted", metavar="DATE",
                   help="the date (YYYY-MM-DD) the audio recordings were deleted, for the "
                        "data-management record")
    p.add_argument("--yes", action="store_true", help="do not ask before purging")
    p.set_defaults(run=cmd_purge)


def cmd_purge(args) -> int:
    from ..domain.errors import StcError

    deleted = _date(args.recordings_deleted) if args.recordings_deleted else None
    with open_project(args) as wb:
        # an earlier purge (before 2026-12-02) may have kept hashes of the original words
        kept = wb.purges_keeping_hashes()
        pairs = wb.purgeable(args.document)
        if not pairs and not kept and deleted is None:
            raise StcError(f"{args.project}: nothing to purge: no transcript has been "
                           "pseudonymised with its original still in the project")
        if pairs or kept:
            _confirm(args, len({old.id for old, _ in pairs}), kept)
            done = wb.purge_originals(args.document)
            if done.documents:
                print(f"purged the originals of {len(done.documents)} transcript revision(s) "
                      f"(documents {', '.join(map(str, done.documents))}): {done.passages} "
                      f"passages replaced by their pseudonyms in {done.rows} rows and "
                      f"{done.events} events of the trail; audit verify still passes and says so")
            if done.rehashed_purges:
                print("removed the hashes of the original words that the purge(s) in "
                      f"event(s) {', '.join(map(str, done.rehashed_purges))} had kept")
            if done.rechained_from is not None:
                seq, head = done.head
                print(f"the trail was hashed anew from event {done.rechained_from}, so no hash "
                      "in it still fits the originals; an anchor kept from before the purge "
                      f"no longer matches: keep the new head {seq}:{head}")
            if not done.compacted:
                print("stc-bench: warning: another program has the project open, so its "
                      "-wal file may still hold the originals until it closes",
                      file=sys.stderr)
        if deleted is not None:
            wb.set_data_management(actual_deletion=deleted)
            print(f"recorded: the recordings were deleted on {deleted}")
        key = wb.data_management().key_location
        words = len(wb.project().settings.get("word_list") or ())
    _leftovers(Path(args.project), key, words)
    return 0


def _date(text: str) -> str:
    from ..domain.errors import StcError

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise StcError(f"--recordings-deleted {text}: not a date (YYYY-MM-DD)") from None
    if day > date.today():
        raise StcError(f"--recordings-deleted {text}: is in the future")
    return day.isoformat()


def _confirm(args, count: int, kept: list[int]) -> None:
    from ..domain.errors import StcError

    if args.yes:
        return
    what = (f"purging {count} original(s)" if count else
            "hashing the trail anew (an earlier purge kept hashes of the original words)")
    if not sys.stdin.isatty():
        raise StcError(f"{args.project}: {what} cannot be undone: give --yes to purge")
    question = (f"Purge the originals of {count} transcript revision(s)?" if count else
                f"Remove the hashes of the original words the purge(s) in event(s) "
                f"{', '.join(map(str, kept))} kept, hashing the trail anew?")
    answer = input(f"{question} This cannot be undone [y/N] ")
    if answer.strip().lower() not in ("y", "yes", "j", "ja"):
        raise StcError(f"{args.project}: not purged")


def _leftovers(project: Path, key: str, words: int) -> None:
    """What still holds the originals or the names outside the transcripts."""
    for backup in sorted(project.parent.glob(f"{project.name}.bak-*")):
        print(f"stc-bench: warning: {backup} is an older copy of the project and still holds "
              "the originals: delete it when your approval says so", file=sys.stderr)
    if words:
        print(f"stc-bench: warning: the project's word list still names {words} word(s) for "
              "the anonymity check: remove it when the project ends (stc-bench settings "
              f"{project} --unset word_list)", file=sys.stderr)
    if key:
        print(f"stc-bench: warning: the pseudonymisation key {key} links pseudonyms to real "
              "names: delete it when your approval says so", file=sys.stderr)
