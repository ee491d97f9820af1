"""pseudonymise: replace identifiers and word-list words (and names, with the name model)
in transcripts, stored as a new revision; the key goes to a file the user names."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..domain.errors import StcError, one_line
from ..domain.privacy import KINDS
from .common import add_project_arg, open_project


def register(sub) -> None:
    p = sub.add_parser("pseudonymise", aliases=["pseudonymize"],
                       help="replace names and identifiers in transcripts (a new revision)",
                       description="Finds the words of the word list (setting word_list), "
                                   "fødselsnummer, phone numbers, e-mail addresses, dates and "
                                   "(with the name model) names, places and workplaces, and "
                                   "stores each transcript with them replaced as its next "
                                   "revision; meaning units are re-anchored.")
    add_project_arg(p)
    p.add_argument("--document", type=int, default=None, metavar="ID",
                   help="only this document (default: every current document)")
    p.add_argument("--key", type=Path, default=None, metavar="FILE",
                   help="new file for the key (real -> replacement, CSV, owner-only); "
                        "keep it apart from the project")
    p.add_argument("--replace", choices=("category", "pseudonym"), default="category",
                   help="category: [Navn], [Sted], [Arbeidsplass], [Dato], [Nummer]; "
                        "pseudonym: one numbered pseudonym per person, place, workplace "
                        "([Navn 1], [Navn 2] …)")
    p.add_argument("--keep", action="append", default=[], metavar="WORD",
                   help="leave this word as it is (repeat for more)")
    p.add_argument("--dry-run", action="store_true",
                   help="list the candidates and change nothing (no key needed)")
    p.set_defaults(run=cmd_pseudonymise)


def cmd_pseudonymise(args) -> int:
    from ..domain.model import Document
    from ..nlp import pseudonymise as ps

    if args.key is None and not args.dry_run:
        raise StcError("pseudonymise: give --key FILE (where the key is written), or --dry-run")
    if args.key is not None and not args.dry_run:
        ps.check_key(args.key)
    keep = frozenset(" ".join(w.split()).casefold() for w in args.keep)
    with open_project(args, read_only=args.dry_run) as wb:
        docs = [d for d in wb.list(Document) if not d.superseded
                and (args.document is None or d.id == args.document)]
        if args.document is not None and not docs:
            raise StcError(f"document {args.document}: no such current document (see: stc-bench status)")
        scanner = ps.scanner_for(wb.project().settings)
        names = ps.Pseudonyms()
        plans = [ps.plan(d, scanner, mode=args.replace, keep=keep, pseudonyms=names) for d in docs]
        plans = [p for p in plans if p.replacements]
        if not plans:
            print(f"nothing to pseudonymise in {len(docs)} document(s) ({scanner.describe()})")
            return 0
        if args.dry_run:
            _list(plans)
            return 0
        for done in ps.run(wb, plans, args.key):
            _print_done(done.plan, done.report, done.quotes)
    print(f"stc-bench: warning: {args.key} holds the real names and what replaced them; store it "
          "apart from the project (not beside it, not in the same cloud folder), as your "
          "approval says; stc-bench never reads it", file=sys.stderr)
    return 0


def _list(plans) -> None:
    for plan_ in plans:
        doc = plan_.document
        print(f"document {doc.id} ({one_line(doc.title)!r}): {len(plan_.replacements)} candidate(s)")
        for r in plan_.replacements:
            line = doc.text.count("\n", 0, r.start) + 1
            print(f"  line {line}: {r.label} {one_line(r.original)!r} -> {r.replacement}")


def _print_done(plan_, report, quotes: tuple[int, int]) -> None:
    doc = plan_.document
    kinds = Counter(KINDS.get(r.label, r.label) for r in plan_.replacements)
    what = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    print(f"document {doc.id} ({one_line(doc.title)!r}): {len(plan_.replacements)} replaced ({what}); "
          f"revision {report.document.revision} is document {report.document.id}; meaning units: "
          f"{report.unchanged + report.moved} in place, {report.flagged + report.relocated} flagged "
          f"for re-reading (their words changed), {report.detached} detached; quotes: "
          f"{quotes[0]} updated" + (f", {quotes[1]} to edit by hand (their display text no "
                                    "longer fits the unit)" if quotes[1] else ""))
