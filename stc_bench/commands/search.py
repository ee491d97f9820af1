"""search: lemma-aware keyword in context across the project's transcripts."""

from __future__ import annotations

import dataclasses

from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    p = sub.add_parser("search", help="find a word in every inflected form (keyword in context)",
                       description='QUERY: a word (any form: "jobbe" finds jobber, jobbet, jobben), '
                       '=form (exact form), prefix* or "a phrase"; several parts must all occur '
                       "in one speaker turn.")
    add_project_arg(p)
    p.add_argument("query", help='e.g. jobbe, =jobben, jobb*, "fikk jobb"')
    p.add_argument("--informant", default=None, metavar="LABEL", help="only this informant")
    p.add_argument("--code-group", default=None, metavar="NAME",
                   help="only hits inside meaning units coded into this code group")
    p.add_argument("--limit", type=int, default=None, help="at most this many hits")
    p.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    p.set_defaults(run=cmd_search)


def cmd_search(args) -> int:
    from ..nlp import search

    with open_project(args) as wb:
        hits = search(wb, args.query, informant=args.informant, code_group=args.code_group,
                      limit=args.limit)
    if args.json:
        print_json([dict(dataclasses.asdict(h), in_unit=h.in_unit) for h in hits])
        return 0
    for h in hits:
        where = f"{h.informant or '-'} · {h.document_title} · turn {h.turn_idx + 1} {h.speaker}"
        unit = f"  [unit {', '.join(map(str, h.unit_ids))}: {', '.join(h.code_groups) or 'uncoded'}]" \
            if h.unit_ids else ""
        print(f"{h.left:>50} [{h.match}] {h.right:<50}  ({where}){unit}")
    print(f"{len(hits)} hit(s) for {args.query!r}")
    return 0
