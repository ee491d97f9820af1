"""segment: suggest meaning units (the sentences of each informant turn, grouped to unit size)."""

from __future__ import annotations

import sys

from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    p = sub.add_parser("segment", help="suggest meaning units (stored apart from your units)")
    add_project_arg(p)
    p.add_argument("--document", type=int, default=None, metavar="ID",
                   help="only this document (default: every current document)")
    p.add_argument("--json", action="store_true", help="print {document id: suggestions}")
    p.set_defaults(run=cmd_segment)


def cmd_segment(args) -> int:
    from ..nlp import describe_pipeline, suggest_units
    from ..services.suggestions import SuggestionBench

    def progress(done: int, total: int, doc) -> None:
        if not args.json:
            width = 24
            bar = "#" * (width * done // total) + "-" * (width - width * done // total)
            print(f"\r[{bar}] {done}/{total} {doc.title[:40]:<40}", end="", file=sys.stderr,
                  flush=True)

    # A file at the newest schema: stdlib sqlite3, not the Workbench's SQLAlchemy (~0.5 s
    # of CPU in every run); otherwise the Workbench, which migrates or names the problem.
    with SuggestionBench.open(args.project) or open_project(args) as wb:
        counts = suggest_units(wb, args.document, progress=progress)
    if args.json:
        print_json({"pipeline": describe_pipeline()["name"],
                    "suggestions": {str(k): v for k, v in counts.items()}})
        return 0
    if counts:
        print(file=sys.stderr)
    total = sum(counts.values())
    print(f"{total} suggested meaning units in {len(counts)} document(s) "
          f"({describe_pipeline()['name']}); accept them in step 2 — your units are unchanged")
    return 0
