"""coders and agreement: independent coding by several coders, their consensus and agreement."""

from __future__ import annotations

from pathlib import Path

from .common import add_project_arg, open_project, print_json

DECISION_WORDS = {"take-a": "take_a", "take-b": "take_b", "merge": "merge", "reject": "reject",
                  "discuss": "discuss"}


def register(sub) -> None:
    p = sub.add_parser(
        "coders", help="independent coding of a document by several coders, and their consensus",
        description="start puts a document in independent coding: each named coder (--as NAME) "
                    "then marks and codes it alone and sees only their own units. diff lists "
                    "where two coders differ, unit by unit; agree takes what they marked alike; "
                    "resolve settles one difference (take-a, take-b, merge, reject, or discuss: "
                    "a comment). release makes the consensus the document's coding.")
    add_project_arg(p)
    csub = p.add_subparsers(dest="coders_action", metavar="ACTION", required=True)

    s = csub.add_parser("start", help="put a document in independent coding")
    s.add_argument("document", metavar="DOCUMENT", help="document id, title or source file name")
    s.add_argument("--coders", required=True, metavar="A,B[,…]", help="the coders' names")
    s.set_defaults(run=cmd_start)

    s = csub.add_parser("status", help="documents in (or released from) independent coding")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=cmd_status)

    s = csub.add_parser("release", help="end independent coding: the consensus is the coding")
    s.add_argument("document", metavar="DOCUMENT")
    s.add_argument("--force", action="store_true", help="release with differences unsettled")
    s.set_defaults(run=cmd_release)

    s = csub.add_parser("mark", help="mark a meaning unit as yourself (--as NAME), for scripts")
    s.add_argument("document", metavar="DOCUMENT")
    s.add_argument("span", metavar="START:END", help="code points into the document's text")
    s.add_argument("--group", dest="groups", action="append", default=[], metavar="NAME",
                   help="code group name or id (repeat)")
    s.set_defaults(run=cmd_mark)

    for name, run, what in (("diff", cmd_diff, "list two coders' differences, unit by unit"),
                            ("agree", cmd_agree, "take every unit both coders marked alike"),
                            ("resolve", cmd_resolve, "settle one difference")):
        s = csub.add_parser(name, help=what)
        s.add_argument("document", metavar="DOCUMENT")
        if name == "resolve":
            s.add_argument("number", type=int, metavar="N", help="the difference's number (diff)")
            s.add_argument("decision", choices=tuple(DECISION_WORDS))
            s.add_argument("--text", default="", help="discuss: the comment")
        s.add_argument("--a", default=None, metavar="NAME", help="coder A (default: the first)")
        s.add_argument("--b", default=None, metavar="NAME", help="coder B (default: the second)")
        s.add_argument("--overlap", type=float, default=0.5, metavar="X",
                       help="units pair up when overlap/union ≥ X (default 0.5)")
        if name == "diff":
            s.add_argument("--all", action="store_true", help="also the units marked alike")
            s.add_argument("--json", action="store_true")
        s.set_defaults(run=run)

    p = sub.add_parser(
        "agreement", help="agreement between coders: segments, Cohen's kappa, unitized alpha "
                          "(uα) and the coding within units (cuα)",
        description="Per code group and overall, over the documents coded independently. "
                    "Kappa and alpha count characters: by default only text some coder coded "
                    "(most of an interview is uncoded by everyone, which inflates both); "
                    "--count-uncoded counts all of it. --unit sentence makes kappa count "
                    "sentences: a coder coded a sentence with a code group when one of their "
                    "units of it overlaps the sentence. With more than one pair of coders, "
                    "kappa is the mean of the pairs' kappas, each pair given too.")
    add_project_arg(p)
    p.add_argument("--documents", nargs="+", default=None, metavar="DOC")
    p.add_argument("--groups", nargs="+", default=None, metavar="GROUP",
                   help="code group names or ids (default: every group a coder used)")
    p.add_argument("--overlap", type=float, default=0.5, metavar="X",
                   help="segment agreement: overlap/union at least X (default 0.5)")
    p.add_argument("--count-uncoded", action="store_true",
                   help="count text no coder coded too (kappa, alpha)")
    p.add_argument("--unit", choices=("character", "sentence"), default="character",
                   help="what kappa counts (default: character; sentence: the project's "
                        "sentence splitter, as segment uses)")
    p.add_argument("--json", action="store_true")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE.csv|FILE.docx",
                   help="write the table for the methods chapter, in the project's language")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=cmd_agreement)


def _doc(wb, ref: str):
    from .importing import find_document

    return find_document(wb, ref)


def _group(wb, ref: str) -> int:
    from ..domain.errors import NotFound

    for g in wb.code_groups():
        if ref == g.name or (ref.isdigit() and int(ref) == g.id):
            return g.id
    raise NotFound(f"code group {ref!r}: no such code group")


def cmd_start(args) -> int:
    with open_project(args) as wb:
        doc = _doc(wb, args.document)
        rows = wb.start_independent_coding(doc.id, args.coders.split(","))
    print(f"{doc.title}: in independent coding by {', '.join(r.coder for r in rows)}")
    return 0


def cmd_status(args) -> int:
    with open_project(args, read_only=True) as wb:
        rounds = wb.coding_rounds()
    if args.json:
        print_json([vars(r) for r in rounds])
        return 0
    if not rounds:
        print("no document is or was in independent coding")
    for r in rounds:
        state = f"released {r.released_at[:16]}" if r.released_at else "in independent coding"
        units = ", ".join(f"{c} {n}" for c, n in r.units.items())
        diff = "" if r.open_differences is None else f", {r.open_differences} differences open"
        print(f"{r.document_id} {r.title}: {state}; units {units}; consensus "
              f"{r.consensus_units}{diff}")
    return 0


def cmd_release(args) -> int:
    with open_project(args) as wb:
        doc = _doc(wb, args.document)
        wb.release_independent_coding(doc.id, force=args.force)
    print(f"{doc.title}: released; the consensus is its coding")
    return 0


def cmd_mark(args) -> int:
    from ..domain.errors import StcError

    start, sep, end = args.span.partition(":")
    if not sep or not start.strip().isdigit() or not end.strip().isdigit():
        raise StcError(f"mark: give the span as START:END, not {args.span!r}")
    with open_project(args) as wb:
        doc = _doc(wb, args.document)
        unit = wb.create_unit(doc.id, int(start), int(end), [_group(wb, g) for g in args.groups])
    print(f"meaning unit {unit.id}" + (f" ({unit.coder}'s)" if unit.coder else ""))
    return 0


def _pair(args) -> dict:
    return {"a": args.a, "b": args.b, "threshold": args.overlap}


def cmd_diff(args) -> int:
    with open_project(args, read_only=True) as wb:
        doc = _doc(wb, args.document)
        diffs = wb.coder_differences(doc.id, args.a, args.b, threshold=args.overlap)
        names = {g.id: g.name for g in wb.code_groups()}
    if args.json:
        print_json([{"number": d.number, "kind": d.kind, "decided": d.decided,
                     "a": _unit(d.unit_a, d.groups_a, names), "b": _unit(d.unit_b, d.groups_b, names)}
                    for d in diffs])
        return 0
    shown = [d for d in diffs if args.all or d.kind != "same"]
    same = sum(1 for d in diffs if d.kind == "same")
    print(f"{doc.title}: {len(diffs) - same} differences, {same} units marked alike")
    for d in shown:
        state = f"  [{d.decided}]" if d.decided else ""
        print(f"{d.number:>3} {d.kind}{state}")
        for side, unit, groups in (("A", d.unit_a, d.groups_a), ("B", d.unit_b, d.groups_b)):
            if unit is not None:
                print(f"     {side} {unit.start}..{unit.end} {', '.join(names[g] for g in groups) or '-'}:"
                      f" {unit.snippet[:70]!r}")
    return 0


def _unit(unit, groups, names) -> dict | None:
    if unit is None:
        return None
    return {"id": unit.id, "coder": unit.coder, "start": unit.start, "end": unit.end,
            "groups": [names[g] for g in groups], "text": unit.snippet}


def cmd_agree(args) -> int:
    with open_project(args) as wb:
        doc = _doc(wb, args.document)
        n = wb.settle_agreed(doc.id, **_pair(args))
    print(f"{doc.title}: {n} units marked alike taken into the consensus")
    return 0


def cmd_resolve(args) -> int:
    from ..domain.errors import StcError

    decision = DECISION_WORDS[args.decision]
    with open_project(args) as wb:
        doc = _doc(wb, args.document)
        if decision == "discuss":
            if not args.text.strip():
                raise StcError("resolve … discuss: give the comment with --text")
            c = wb.discuss_difference(doc.id, args.number, args.text, **_pair(args))
            print(f"comment {c.id} on difference {args.number}")
            return 0
        unit = wb.resolve_difference(doc.id, args.number, decision, **_pair(args))
    print(f"difference {args.number}: {args.decision}"
          + (f" → meaning unit {unit.id}" if unit is not None else ""))
    return 0


def cmd_agreement(args) -> int:
    with open_project(args, read_only=True) as wb:
        docs = None if args.documents is None else [_doc(wb, d).id for d in args.documents]
        groups = None if args.groups is None else [_group(wb, g) for g in args.groups]
        sentences, splitter = None, ""
        if args.unit == "sentence":
            from ..nlp import describe_pipeline, split_sentences

            # the figure depends on where the sentences are cut: named as doctor names it
            sentences, splitter = split_sentences, describe_pipeline()["name"]
        report = wb.agreement(docs, groups, threshold=args.overlap,
                              count_uncoded=args.count_uncoded, sentences=sentences,
                              splitter=splitter)
        titles = {d: wb.document(d).title for d in report.documents}
        language = wb.project().language
    if args.output is not None:
        from ..export.agreement_table import write_agreement

        print(write_agreement(args.output, report, language, titles, force=args.force))
        return 0
    if args.json:
        print_json({"documents": list(report.documents), "coders": list(report.coders),
                    "overlap": report.threshold, "count_uncoded": report.count_uncoded,
                    "kappa_unit": report.unit,
                    **({"sentence_splitter": report.splitter} if report.splitter else {}),
                    "rows": [{"code_group": None if r.code_group_id is None
                              else report.groups[r.code_group_id], "units": r.units,
                              "segment_agreement": r.segment_agreement, "kappa": r.kappa,
                              "kappa_pairs": {f"{a}–{b}": k for (a, b), k in r.kappa_pairs.items()},
                              "kappa_counted": r.kappa_units,
                              "alpha": r.alpha, "cu_alpha": r.cu_alpha,
                              "characters": r.chars} for r in report.rows]})
        return 0
    from ..export.agreement_table import table

    header, rows, note = table(report, language, titles)
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        print("  ".join(x.ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
    print(note)
    return 0
