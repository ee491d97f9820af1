"""audit log / audit verify / audit review."""

from __future__ import annotations

import dataclasses

from ..domain.audit import diff_fields
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
    p = asub.add_parser("verify", help="recompute the hash chain and re-derive every row")
    add_project_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_verify)
    p = asub.add_parser("review", help="what changed since your last review mark (--as NAME)")
    add_project_arg(p)
    p.add_argument("--mark", action="store_true",
                   help="then record that you have reviewed up to the latest event")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_review)
    audit_chapter.register(asub)


def cmd_log(args) -> int:
    with open_project(args, read_only=True) as wb:
        events = wb.log(since=args.since, actor=args.actor)
    return print_events(events, args.json)


def cmd_review(args) -> int:
    with open_project(args, read_only=not args.mark) as wb:
        events = wb.changes_since_review()
        if not args.json:
            who = wb.actor
            print(f"{len(events)} event(s) since {who}'s last review mark" if events
                  else f"nothing has changed since {who}'s last review mark")
        print_events(events, args.json)
        if args.mark:
            mark = wb.mark_reviewed()
            if not args.json:
                print(f"marked: {wb.actor} has reviewed up to event {mark.seq}")
    return 0


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


def cmd_verify(args) -> int:
    with open_project(args, read_only=True) as wb:
        report = wb.verify()
    if args.json:
        print_json(dataclasses.asdict(report))
    elif report.ok:
        print(f"ok: {report.events} events, chain and rows verified; head {report.head_hash}")
    else:
        print(f"FAILED at seq {report.first_bad_seq}: {report.problem}")
    return 0 if report.ok else 3
