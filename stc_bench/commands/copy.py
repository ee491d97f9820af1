"""copy: a project from a SQLite file to a PostgreSQL database or back, trail intact."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("copy", help="copy a project to a new file or an empty database "
                       "(SQLite ↔ PostgreSQL), with its whole trail, and verify the copy")
    p.add_argument("source", help="the project: a file (projects/NAME.stc) or a database URL")
    p.add_argument("dest", help="the copy: a new file, or a database URL (created when missing; "
                   "must be empty)")
    p.set_defaults(run=cmd_copy)


def cmd_copy(args) -> int:
    from ..services.copying import copy_project  # local: start-up stays free of SQLAlchemy

    done = copy_project(args.source, args.dest)
    rows = sum(done.rows.values())
    print(f"copied {done.source} to {done.dest}: {rows} rows in {len(done.rows)} tables, "
          f"{done.events} trail events")
    print(f"trail verified in the copy: head {done.head_seq}:{done.head_hash}")
    return 0
