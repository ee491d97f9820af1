"""audit chapter: does an exported chapter, edited since in Word, still match the trail?"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .common import add_project_arg, open_project, print_json


def register(asub) -> None:
    p = asub.add_parser("chapter", help="check an exported chapter (.docx) after edits in Word",
                        description="Exit 0: the chapter is faithful to the project; 1: a "
                                    "report of what differs; 2: bad input.")
    add_project_arg(p)
    p.add_argument("file", type=Path, metavar="FILE.docx", help="the chapter as edited")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=cmd_chapter)


def cmd_chapter(args) -> int:
    from ..export.chapter_audit import audit_chapter  # local: python-docx only when needed

    with open_project(args, read_only=True) as wb:
        audit = audit_chapter(wb, args.file)
    if args.json:
        print_json({**dataclasses.asdict(audit), "faithful": audit.faithful})
        return 0 if audit.faithful else 1
    where = f"event {audit.export_seq}" if audit.export_seq is not None else "an unknown event"
    state = "faithful" if audit.faithful else f"{len(audit.findings)} finding(s)"
    print(f"{audit.file}: {audit.part} exported at {where}, {audit.tags} tag(s): {state}")
    for finding in audit.findings:
        print(f"  ✗ {finding.kind}: {finding.message}")
        if finding.diff:
            print(f"      {finding.diff}")
    for note in audit.notes:
        print(f"  · {note}")
    for event in audit.events_after[:20]:
        print(f"      {event['seq']:>6}  {event['action']:<22} {event['message']}")
    if len(audit.events_after) > 20:
        print(f"      … and {len(audit.events_after) - 20} more (stc-bench audit log PROJECT "
              f"--since {audit.export_seq})")
    return 0 if audit.faithful else 1
