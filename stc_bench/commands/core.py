"""new, status, undo, redo, doctor."""

from __future__ import annotations

import sys

from .common import add_project_arg, open_project, passphrase_asker, print_json


def register(sub) -> None:
    p = sub.add_parser("new", help="create a new project file")
    add_project_arg(p, "the new project file, e.g. projects/jobbstotte.stc")
    p.add_argument("--title", required=True, help="project title")
    p.add_argument("--question", default="", help="the research question")
    p.add_argument("--language", default="nb", help="transcript language (nb, nn)")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the file (SQLCipher); the passphrase is asked for, or read "
                        "from STC_BENCH_PASSPHRASE")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("status", help="counts per STC step and method warnings")
    add_project_arg(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_status)

    for name, verb in (("undo", "undo the latest operation"), ("redo", "redo the latest undone operation")):
        p = sub.add_parser(name, help=verb + " (appends an inverse event; nothing is deleted)")
        add_project_arg(p)
        p.set_defaults(run=cmd_undo if name == "undo" else cmd_redo)


def cmd_new(args) -> int:
    from ..services import Workbench  # local: start-up stays free of SQLAlchemy

    passphrase = None
    if args.encrypt:
        from ..services.encryption import require_encryption

        require_encryption(args.project)
        passphrase = passphrase_asker(args.project, new=True)()
    with Workbench.create(args.project, title=args.title, question=args.question,
                          language=args.language, actor=args.actor, passphrase=passphrase) as wb:
        print(f"created {args.project} ({wb.project().title!r}) as {wb.actor}"
              + (", encrypted: keep the passphrase safe, without it the project cannot be "
                 "opened" if args.encrypt else ""))
    return 0


def cmd_status(args) -> int:
    from ..services.status import quick_status

    # A file at the newest schema is read with sqlite3 alone (no SQLAlchemy to import);
    # anything else (a URL, a file to upgrade, an encrypted one) through the Workbench.
    status = quick_status(args.project, _guide_echoes)
    if status is not None:
        import sqlite3
        from pathlib import Path

        status["encrypted"] = False  # sqlite3 alone cannot read an encrypted file
        # as Store.describe() says it (the path as engine.project_url makes it absolute)
        status["store"] = {"backend": "sqlite", "version": sqlite3.sqlite_version,
                           "where": str(Path(args.project).expanduser().absolute())}
    else:
        with open_project(args, read_only=False) as wb:
            status = wb.status()
            status["warnings"] = [*status["warnings"], *_guide_echoes(wb)]
            status["encrypted"] = wb.store.encrypted
            status["store"] = wb.store.describe()
    if args.json:
        print_json(status)
    else:
        print_status(status)
    return 0


def print_status(s: dict) -> None:
    print(f"{s['title']}" + (" (encrypted)" if s.get("encrypted") else ""))
    if s["research_question"]:
        print(f"Research question: {s['research_question']}")
    print(f"Transcripts: {s['documents']} documents, {s['informants']} informants, "
          f"{s['turns']} turns, {s['words']} words")
    print(f"Step 1  total impression: {s['themes']} preliminary themes")
    print(f"Step 2  meaning units:    {s['meaning_units']} meaning units in {s['code_groups']} code "
          f"groups; {s['uncoded_units']} uncoded")
    print(f"Step 3  condensation:     {s['subgroups']} subgroups, {s['condensates']} condensates, "
          f"{s['golden_quotes']} golden quotes")
    print(f"Step 4  synthesis:        {s['analytic_texts']} analytic texts, {s['quotes']} quotes, "
          f"{s['validations']} units re-read in context")
    print(f"Coding trail: {s['audit_events']} events, head {s['audit_events']}:{s['head_hash']}")
    if "store" in s:  # the status command adds it; demo prints a status without it
        print(f"Stored in:    {describe_store(s['store'])}")
    print_units_to_review(s)
    if s["warnings"]:
        print("Method warnings:")
        for w in s["warnings"]:
            print(f"  - {w}")


def describe_store(store: dict) -> str:
    """``PostgreSQL 15.10 at postgresql+psycopg://kari@db.uni.no/studie`` or ``SQLite 3.45
    file projects/x.stc``."""
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(store["backend"], store["backend"])
    where = "file " if store["backend"] == "sqlite" else "at "
    return f"{name} {store['version']} {where}{store['where']}".replace("  ", " ")


def _guide_echoes(wb) -> list[str]:
    """Themes and code groups that only restate an interview-guide question (a warning;
    without a guide nothing is read beyond the guide list, and no lemma table loads).
    ``wb``: a Workbench, or the quick path's read (it has the same ``list``)."""
    from ..nlp.guide import echo_warning, project_echoes

    return [echo_warning(kind.capitalize(), echo) for kind, echo in project_echoes(wb)]


def print_units_to_review(s: dict, limit: int = 20) -> None:
    """Units a revision flagged or detached, until they are re-read (resized) or deleted."""
    units = s["units_to_review"]
    if not units:
        return
    print(f"Needs review after a revision: {s['flagged_units']} flagged meaning units (their "
          f"text changed or was found elsewhere; re-read and resize, or delete), "
          f"{s['detached_units']} detached (their passage is gone; kept with their text)")
    for u in units[:limit]:
        print(f"  - unit {u['id']} {u['status']} in {u['document']!r} (document "
              f"{u['document_id']}, {u['start']}..{u['end']}): {excerpt(u['snippet'])!r}")
    if len(units) > limit:
        print(f"  … and {len(units) - limit} more (status --json lists them all)")


def excerpt(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def cmd_undo(args) -> int:
    with open_project(args) as wb:
        done = wb.undo()
    print(f"undid event {done['seq']} ({done['action']}): {done['message']}")
    return 0


def cmd_redo(args) -> int:
    with open_project(args) as wb:
        done = wb.redo()
    print(f"redid event {done['seq']} ({done['action']}): {done['message']}", file=sys.stdout)
    return 0
