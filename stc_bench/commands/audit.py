"""audit log / audit verify / audit review."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys

from ..domain.audit import diff_fields
from ..domain.diff import inline
from ..domain.errors import StcError
from . import audit_chapter
from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    audit = sub.add_parser("audit", help="the coding trail")
    asub = audit.add_subparsers(dest="audit_command", metavar="{log,verify,review,chapter}")
    asub.required = True
    p = asub.add_parser("log", help="list audit events")
    add_project_arg(p)
    p.add_argument("--since", type=int, default=None, metavar="SEQ", help="only events after SEQ")
    p.add_argument("--actor", default=None, metavar="NAME", help="only events by NAME")
    p.add_argument("--json", action="store_true", help="one JSON array, with row changes")
    p.set_defaults(run=cmd_log)
    p = asub.add_parser("verify", help="recompute the hash chain and check every row against "
                                       "the trail")
    add_project_arg(p)
    p.add_argument("--full", action="store_true",
                   help="replay every event from the first, not only those after the last "
                        "checkpoint")
    p.add_argument("--no-checkpoint", action="store_true",
                   help=f"do not add a checkpoint event (verify adds one after checking "
                        f"{CHECKPOINT_EVERY:,} or more events past the last one)")
    p.add_argument("--expect", action="append", default=[], metavar="SEQ:HASH",
                   type=parse_anchor,
                   help="fail unless event SEQ is still in the trail with this hash (the head "
                        "'status' and 'audit review --mark' print; keep it outside the file)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_verify)
    p = asub.add_parser("review", help="what changed since your last review mark (--as NAME)")
    add_project_arg(p)
    p.add_argument("--mark", action="store_true",
                   help="then record that you have reviewed up to the latest event")
    p.add_argument("--since-mark", action="store_true",
                   help="the changes grouped by step and object, with word diffs and unit "
                        "boundaries (as the TUI's R screen shows them)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_review)
    audit_chapter.register(asub)


def cmd_log(args) -> int:
    with open_project(args, read_only=True) as wb:
        events = wb.log(since=args.since, actor=args.actor)
    return print_events(events, args.json)


def parse_anchor(text: str) -> tuple[int, str]:
    """``SEQ:HASH`` (the hash in full or its first 8+ hex digits)."""
    seq, _, digest = text.partition(":")
    digest = digest.strip().lower()
    if not seq.strip().isdigit() or len(digest) < 8 or len(digest) > 64 or \
            any(c not in "0123456789abcdef" for c in digest):
        raise argparse.ArgumentTypeError(f"{text!r} is not SEQ:HASH (e.g. 57:3f9bc749b729…, "
                                         "as 'status' prints it)")
    return int(seq), digest


def _quick_verify(args):
    """The chain and the tables from the last checkpoint with stdlib sqlite3 (no storage
    layer start-up): a passing report, or None when a full verification must decide."""
    if "://" in args.project:
        return None
    from ..storage import trail_check  # stdlib sqlite3 and the domain only

    found = trail_check.quick_verify_file(
        args.project, args.expect, None if args.no_checkpoint else CHECKPOINT_EVERY)
    if found is None:
        return None
    if found.record is not None:  # a long stretch after the checkpoint: a new one
        _add_checkpoint(args, (found.events, found.head_hash, found.record))
    # the keys of services.reading.VerifyReport (not imported: it brings the storage layer)
    return {"ok": True, "events": found.events, "first_bad_seq": None, "problem": "",
            "head_hash": found.head_hash, "warnings": [], "checkpoint": found.checkpoint,
            "replayed": found.replayed, "notes": []}


def _add_checkpoint(args, state) -> None:
    """Record the checkpoint of a verification that passed; skipped, not an error, when
    the project cannot be written now (read-only file, another process writing)."""
    from ..services import Workbench

    try:
        with Workbench.open(args.project, actor=getattr(args, "actor", None)) as wb:
            wb.write_checkpoint(state)
    except StcError:
        pass


def cmd_review(args) -> int:
    with open_project(args, read_only=not args.mark) as wb:
        shown_up_to = None  # the mark covers what was shown, not what came in meanwhile
        try:
            if args.since_mark:
                report = wb.review_changes()
                shown_up_to = report.head_seq
                if args.json:
                    print_json({"count": report.count, **_without_facts(dataclasses.asdict(report))})
                else:
                    print_report(report)
            else:
                events = wb.changes_since_review()
                if not args.json:
                    who = wb.actor
                    print(f"{len(events)} event(s) since {who}'s last review mark" if events
                          else f"nothing has changed since {who}'s last review mark")
                print_events(events, args.json)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (e.g. `| head -1`): what was not shown is not reviewed.
            _quiet_stdout()
            raise StcError("the list of changes was cut off (the output was closed); "
                           "nothing was marked as reviewed" if args.mark else
                           "the list of changes was cut off (the output was closed)") from None
        if args.mark:
            mark = wb.mark_reviewed(shown_up_to)
            line = (f"marked: {wb.actor} has reviewed up to event {mark.seq}; anchor "
                    f"{mark.seq}:{mark.head_hash} (keep it outside the project file; "
                    f"audit verify --expect {mark.seq}:{mark.head_hash} checks it)")
            try:
                print(line, file=sys.stderr if args.json else sys.stdout)  # JSON stays one array
                sys.stdout.flush()
            except BrokenPipeError:
                _quiet_stdout()
                print(line, file=sys.stderr)
    return 0


def _without_facts(report: dict) -> dict:
    """The report as --json printed it before the TUI worded events from their facts:
    scripts read the English ``message``, and the output stays byte for byte the same."""
    for step in report["steps"]:
        for obj in step["objects"]:
            for change in obj["changes"]:
                change.pop("facts", None)
    return report


def print_report(report) -> None:
    """The changes by step and object: ``[-removed-] {+added+}`` word diffs, unit edges."""
    since = (f"since {report.person}'s last review mark (event {report.since_seq})"
             if report.since_seq is not None else f"since the start ({report.person} has no "
             "review mark)")
    print(f"{report.count} change(s) {since}, up to event {report.head_seq}")
    for step in report.steps:
        print(f"\n{step.step}")
        for obj in step.objects:
            name = obj.entity.replace("_", " ") + (f" {obj.entity_id}" if obj.entity_id else "")
            print(f"  {name}" + (f" «{obj.label}»" if obj.label else ""))
            for c in obj.changes:
                print(f"    #{c.seq} {c.at_utc[:16].replace('T', ' ')} {c.actor} {c.action}: "
                      f"{c.message}")
                if c.boundaries is not None:
                    print(f"        boundaries {_span(c.boundaries[0])} → {_span(c.boundaries[1])}")
                for f in c.fields:
                    text = (inline(f.words) if f.words else
                            f"{{+{' '.join(f.after.split())}+}}" if f.after is not None else
                            f"[-{' '.join((f.before or '').split())}-]")
                    print(f"        {f.field}: {text}")


def _span(span) -> str:
    return "none" if span is None else f"{span[0]}–{span[1]}"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush does not fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def print_events(events, as_json: bool) -> int:
    if as_json:
        print_json([dataclasses.asdict(e) for e in events])
        return 0
    for e in events:
        before, after = diff_fields(e.before, e.after)
        line = f"{e.seq:>6}  {e.at_utc[:19]}Z  {e.actor:<12} {e.action:<22} {e.message}"
        print(line)
        if isinstance(before, dict) and isinstance(after, dict) and before and len(before) <= 4:
            for key in after:
                if key in ("text", "snippet") and len(str(after[key])) > 60:
                    continue
                print(f"{'':>8}{key}: {before.get(key)!r} → {after[key]!r}")
    return 0


#: After checking this many events past the last checkpoint (or from the start), a
#: verification that passed adds a checkpoint, so the next one replays only what follows.
CHECKPOINT_EVERY = 10_000


def cmd_verify(args) -> int:
    report = None if args.full else _quick_verify(args)
    if report is None:
        with open_project(args, read_only=True) as wb:
            # the quick path above was not sure: straight to the full replay
            report = wb.verify(expect=args.expect, full=True,
                               checkpoint_every=None if args.no_checkpoint else CHECKPOINT_EVERY)
            state = wb.verified_state
        if state is not None:
            _add_checkpoint(args, state)
        report = dataclasses.asdict(report)
    if args.json:
        print_json(report)
    elif report["ok"]:
        anchored = f"; anchor{'s' if len(args.expect) > 1 else ''} " + ", ".join(
            f"{seq}:{digest[:16]}…" for seq, digest in args.expect) + " found" \
            if args.expect else ""
        print(f"ok: {report['events']} events, chain and rows verified{anchored}; head "
              f"{report['events']}:{report['head_hash']}")
        for note in report.get("notes", ()):
            print(f"  {note}")
    else:
        print(f"FAILED at seq {report['first_bad_seq']}: {report['problem']}")
    for warning in report["warnings"]:
        print(f"stc-bench: warning: {warning}", file=sys.stderr)
    return 0 if report["ok"] else 3
