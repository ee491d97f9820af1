"""guide: the interview guide's versions, and a new version from a file."""

from __future__ import annotations

from pathlib import Path

from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    p = sub.add_parser("guide", help="list interview-guide versions, or add one from a file",
                       description="Without --add: each version with its questions and the "
                                   "interviews that used it. With --add FILE: store the file "
                                   "(.txt .md .docx .odt .rtf) as the next version; step 1 "
                                   "and status then warn about themes that only restate one "
                                   "of its questions.")
    add_project_arg(p)
    p.add_argument("--add", metavar="FILE", default=None, help="the guide as a file")
    p.add_argument("--title", default=None, help="with --add: the version's title (default: file name)")
    p.add_argument("--note", default="", help="with --add: what changed in this version")
    p.add_argument("--propose", action="store_true",
                   help="template analysis: code groups proposed from the newest guide's main "
                        "questions, numbered")
    p.add_argument("--adopt", action="append", default=[], metavar="N[=NAME]",
                   help="make proposal N an a-priori code group, renamed to NAME if given "
                        "(repeat; one event for all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_guide)
    register_codebook(sub)


def cmd_guide(args) -> int:
    from ..domain.errors import StcError
    from ..domain.model import Document, InterviewGuide
    from ..nlp.guide import guide_questions

    if args.add is None and (args.title or args.note):
        raise StcError("guide: --title and --note go with --add FILE")
    if args.propose or args.adopt:
        return _template(args)
    if args.add is not None:
        from ..ingest.guide import read_guide

        text = read_guide(Path(args.add))
        with open_project(args) as wb:
            guide = wb.add_interview_guide(args.title or Path(args.add).stem, text, args.note)
        print(f"{args.add}: interview guide version {guide.version} ({guide.title!r}), "
              f"{len(guide_questions(text))} questions")
        return 0
    with open_project(args, read_only=True) as wb:
        guides = wb.list(InterviewGuide, "version")
        docs = wb.list(Document)
    rows = [{"version": g.version, "title": g.title, "note": g.note,
             "questions": guide_questions(g.text),
             "documents": [d.title for d in docs if d.interview_guide_id == g.id]} for g in guides]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no interview guide yet: stc-bench guide PROJECT --add FILE")
    for row in rows:
        print(f"version {row['version']}: {row['title']}" + (f" — {row['note']}" if row["note"] else ""))
        for n, question in enumerate(row["questions"], 1):
            print(f"  {n}. {question}")
        print(f"  used by: {', '.join(row['documents']) or 'no interview linked'}")
    return 0


def _template(args) -> int:
    from ..domain.errors import StcError
    from ..nlp.guide import propose_code_groups

    with open_project(args, read_only=not args.adopt) as wb:
        guide = newest_guide(wb)
        proposals = propose_code_groups(guide.text)
        if not args.adopt:
            if args.json:
                print_json([{"number": n, "name": name, "question": q}
                            for n, (name, q) in enumerate(proposals, 1)])
                return 0
            print(f"code groups proposed from interview guide version {guide.version} "
                  f"({guide.title}); adopt with --adopt N or --adopt N=NAME:")
            for n, (name, question) in enumerate(proposals, 1):
                print(f"  {n}. {name}  ← «{question}»")
            return 0
        chosen = []
        for spec in args.adopt:
            number, _, name = spec.partition("=")
            if not number.strip().isdigit() or not 1 <= int(number) <= len(proposals):
                raise StcError(f"guide --adopt {spec!r}: give a proposal number 1–{len(proposals)} "
                               "(see --propose), optionally =NAME")
            proposed, question = proposals[int(number) - 1]
            chosen.append((name.strip() or proposed, question))
        groups = wb.add_guide_code_groups(chosen, guide.id)
    for group in groups:
        print(f"code group {group.id} {group.name!r} (a priori, from the guide)")
    return 0


def newest_guide(wb):
    """The newest interview-guide version with text, or a one-line error saying how to add one."""
    from ..domain.errors import StcError
    from ..nlp.guide import newest_guide as newest

    guide = newest(wb)
    if guide is None:
        raise StcError("no interview guide with text in this project: stc-bench guide PROJECT "
                       "--add FILE")
    return guide


def register_codebook(sub) -> None:
    p = sub.add_parser("import-codebook", help="code groups and subgroups from a codebook csv "
                                               "(template analysis)",
                       description="Columns by header: code_group (or kodegruppe), subgroup "
                                   "(subgruppe), description (beskrivelse); stc-bench's own "
                                   "codebook csv reads back in. New code groups are a priori; "
                                   "existing ones are kept. One transaction, one undoable event.")
    add_project_arg(p)
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(run=cmd_import_codebook)


def cmd_import_codebook(args) -> int:
    from ..ingest.codebook import read_codebook_csv

    entries = read_codebook_csv(Path(args.file))
    with open_project(args) as wb:
        counts = wb.import_codebook(entries, Path(args.file).name)
    print(f"{args.file}: {counts['code_groups']} code groups (a priori) and {counts['subgroups']} "
          f"subgroups added; {counts['kept']} already in the project, kept as they were")
    return 0
