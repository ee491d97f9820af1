"""audit log / audit verify."""

from __future__ import annotations

import dataclasses

from ..domain.audit import diff_fields
from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    audit = sub.add_parser("audit", help="the coding trail")
    asub = audit.add_subparsers(dest="audit_command", metavar="{log,verify}")
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


def cmd_log(args) -> int:
    with open_project(args, read_only=True) as wb:
        events = wb.log(since=args.since, actor=args.actor)
    if args.json:
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
