"""speakers: who each speaker label of a group transcript (a focus group) is."""

from __future__ import annotations

from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "speakers", help="map the speakers of a focus group to informants",
        description="Without --map/--accept: the document's speaker labels, their turns, what "
                    "each is mapped to and the proposed informant and role. With them: map in "
                    "one event (informants created if new). A unit then belongs to the speaker "
                    "of its turn, in coverage, the matrix, the codebook and quote labels.")
    add_project_arg(p)
    p.add_argument("document", metavar="DOCUMENT", help="document id, title or source file name")
    p.add_argument("--map", dest="maps", action="append", default=[], metavar="SPEAKER=LABEL[:ROLE]",
                   help='e.g. --map "Behandler 2=B2:behandler" (repeat)')
    p.add_argument("--accept", action="store_true",
                   help="map every participant as proposed (with --map overriding some)")
    p.add_argument("--group", default="", metavar="NAME",
                   help="the focus group, kept as the informants' gruppe attribute")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_speakers)


def cmd_speakers(args) -> int:
    from ..domain.errors import StcError
    from .importing import find_document

    write = bool(args.maps or args.accept)
    with open_project(args, read_only=not write) as wb:
        doc = find_document(wb, args.document)
        speakers = wb.speakers(doc.id)
        if write:
            mapping = {s.label: (s.proposed_label, s.proposed_role)
                       for s in speakers if not s.interviewer} if args.accept else {}
            for spec in args.maps:
                speaker, sep, target = spec.partition("=")
                if not sep or not speaker.strip() or not target.strip():
                    raise StcError(f"speakers --map {spec!r}: write SPEAKER=LABEL or "
                                   "SPEAKER=LABEL:ROLE")
                label, _, role = target.partition(":")
                mapping[speaker.strip()] = (label.strip(), role.strip())
            wb.map_speakers(doc.id, mapping, group=args.group.strip())
            speakers = wb.speakers(doc.id)
        from ..domain.model import Informant

        labels = {i.id: i.label for i in wb.list(Informant)}
    rows = [{"speaker": s.label, "turns": s.turns, "interviewer": s.interviewer,
             "informant": labels.get(s.informant_id) if s.informant_id else None,
             "proposed": None if s.interviewer else {"label": s.proposed_label,
                                                     "role": s.proposed_role}}
            for s in speakers]
    if args.json:
        print_json(rows)
        return 0
    print(f"{doc.title}: {len(rows)} speakers")
    for row in rows:
        if row["interviewer"]:
            print(f"  {row['speaker']:<20} {row['turns']:>4} turns  interviewer/moderator")
            continue
        now = f"→ {row['informant']}" if row["informant"] else "not mapped"
        hint = row["proposed"]
        print(f"  {row['speaker']:<20} {row['turns']:>4} turns  {now}  (proposed: {hint['label']}"
              + (f", {hint['role']}" if hint["role"] else "") + ")")
    return 0
