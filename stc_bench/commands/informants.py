"""informants: list informants, rename a label, set non-identifying attributes and consent."""

from __future__ import annotations

import sys

from ..domain.errors import NotFound, StcError
from ..domain.model import Consent, Document, Informant
from .common import add_project_arg, open_project, print_json
from .settings import parse_value


def register(sub) -> None:
    p = sub.add_parser("informants", help="list informants; rename one; set attributes or consent",
                       description="Without options: list informants with their documents, "
                                   "attributes and consent.")
    add_project_arg(p)
    p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="change a pseudonym label")
    p.add_argument("--set", nargs="+", metavar=("LABEL", "KEY=VALUE"),
                   help="set attributes, e.g. --set JS1 sector=kommunal interview_mode=telefon "
                        "(an empty value removes the attribute)")
    p.add_argument("--consent", nargs=2, metavar=("LABEL", "STATUS"),
                   help="record consent: given, withdrawn or pending")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_informants)


def _find(wb, label: str) -> Informant:
    found = wb.list(Informant, label=label)
    if not found:
        raise NotFound(f"informant {label!r} does not exist in this project")
    return found[0]


def cmd_informants(args) -> int:
    write = bool(args.rename or args.set or args.consent)
    with open_project(args, read_only=not write) as wb:
        if args.rename:
            old, new = args.rename
            wb.edit_informant(_find(wb, old).id, label=new)
            print(f"renamed informant {old!r} to {new!r}")
        if args.set:
            label, *pairs = args.set
            if not pairs:
                raise StcError("informants --set: give at least one KEY=VALUE after the label")
            values = {}
            for pair in pairs:
                key, sep, value = pair.partition("=")
                if not sep or not key:
                    raise StcError(f"informants --set: {pair!r} is not KEY=VALUE")
                values[key] = parse_value(value) if value else None
            _check_values(wb, label, values)
            wb.set_informant_attributes(_find(wb, label).id, **values)
            print(f"attributes of {label!r}: {', '.join(values)}")
        if args.consent:
            label, status = args.consent
            wb.set_consent(_find(wb, label).id, status=status)
            print(f"consent of {label!r}: {status}")
        if write:
            return 0
        rows = []
        consent = {c.informant_id: c for c in wb.list(Consent)}
        documents = wb.list(Document)
        for person in wb.list(Informant, "label"):
            docs = [d.title for d in documents if d.informant_id == person.id and not d.superseded]
            rows.append({"label": person.label, "role": person.role, "documents": docs,
                         "attributes": person.attributes,
                         "consent": consent[person.id].status if person.id in consent else ""})
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no informants yet (import transcripts with: stc-bench import PROJECT FILE...)")
    for row in rows:
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(row["attributes"].items()))
        print(f"{row['label']:<14} {row['role'] or '-':<16} consent: {row['consent'] or '-':<9} "
              f"documents: {', '.join(row['documents']) or '-'}")
        if attrs:
            print(f"{'':<14} {attrs}")
    return 0


def _check_values(wb, label: str, values: dict) -> None:
    """Attribute values are scanned like text: an identifier or a word-list word in one is
    refused, as an identifying key is (a date only warned about: an interview month may
    be what the study needs)."""
    from ..nlp.anonymity import Scanner

    scanner = Scanner.for_settings(wb.project().settings, names=False)
    findings = scanner.scan((f"{key}={value}", str(value)) for key, value in values.items()
                            if value is not None)
    dates = [f for f in findings if f.kind == "DATE"]
    for finding in dates:
        print(f"stc-bench: warning: informant {label!r}: {finding.line()}", file=sys.stderr)
    refused = [f for f in findings if f.kind != "DATE"]
    if refused:
        raise StcError(f"informant {label!r}: {refused[0].line()} would identify the person; "
                       "keep only non-identifying attributes (sector, education, site code …)")
