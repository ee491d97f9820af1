"""export docx|md|csv: the results chapter, codebook, matrix and audit appendix."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from ..domain.settings import SPECS
from ..export.parts import CSV_PARTS, DOCX_PARTS, HTML_PARTS, MD_PARTS
from .common import add_project_arg, open_project

#: The setting's choices, as export.chapter checks them (not imported here: building the
#: parser for every command must stay cheap).
LABEL_STYLES = SPECS["label_style"].choices


def register(sub) -> None:
    export = sub.add_parser("export", help="write the chapter, codebook, matrix or audit trail")
    esub = export.add_subparsers(dest="export_format", metavar="{docx,md,csv,html,qdpx,qdc}")
    esub.required = True
    for fmt, parts, default in (("docx", DOCX_PARTS, "chapter"), ("md", MD_PARTS, "chapter"),
                                ("csv", CSV_PARTS, "units")):
        p = esub.add_parser(fmt, help=f"export as .{fmt}")
        add_project_arg(p)
        p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                       help=f"output file (default: exports/<project>-<part>-<date>.{fmt})")
        p.add_argument("--part", choices=parts, default=default, help=f"what to export (default {default})")
        p.add_argument("--force", action="store_true", help="overwrite an existing file")
        p.add_argument("--full", action="store_true", help="audit: list every event")
        p.add_argument("--by", choices=("informant", "role"), default="informant",
                       help="matrix: a column per informant (default) or per role (focus groups, "
                            "mixed studies)")
        p.add_argument("--strict", action="store_true",
                       help="refuse (exit 2, nothing written) if the anonymity check finds a "
                            "word-list word, an identifier or a name")
        if fmt != "csv":
            p.add_argument("--number-from", type=int, default=None, metavar="N",
                           help="this part's chapter number: N.0, N.1, N.1.1 … (default: the "
                                "project setting number_from; the discussion the next number)")
            p.add_argument("--no-numbers", dest="numbers", action="store_false",
                           help="no typed heading numbers (the thesis template numbers them)")
            p.add_argument("--final", action="store_true",
                           help="leave empty parts out; refuse if a required part is empty")
            p.add_argument("--label-style", choices=LABEL_STYLES, default=None,
                           help="label after quotes (default: project setting label_style, "
                                "else pseudonym)")
        if fmt == "docx":
            p.add_argument("--template", type=Path, default=None, metavar="FILE",
                           help="a .docx whose styles, page setup and headers to build on")
        p.set_defaults(run=cmd_export)
    _register_html(esub)
    from .refi import register_export  # REFI-QDA .qdpx/.qdc beside the thesis formats

    register_export(esub)


def _register_html(esub) -> None:
    p = esub.add_parser("html", help="the supervisor's report: one offline HTML file")
    add_project_arg(p)
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="output file (default: exports/<project>-report-<date>.html)")
    p.add_argument("--part", choices=HTML_PARTS, default="chapter",
                   help="which analytic texts to show beside the analysis (default chapter)")
    p.add_argument("--no-transcripts", dest="transcripts", action="store_false",
                   help="leave the transcripts out: only the quoted units and golden quotes")
    p.add_argument("--label-style", choices=LABEL_STYLES, default=None,
                   help="label after quotes (default: project setting label_style)")
    p.add_argument("--number-from", type=int, default=None, metavar="N",
                   help="the chapter's number (default: the project setting number_from)")
    p.add_argument("--no-numbers", dest="numbers", action="store_false",
                   help="no heading numbers")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--strict", action="store_true",
                   help="write nothing if the anonymity check finds a possible identifier")
    p.set_defaults(run=cmd_export_html)


def cmd_export_html(args) -> int:
    from ..domain.privacy import IdentifiersFound
    from ..export.html_report import HtmlOptions, export_html  # local: jinja2
    from ..nlp.anonymity import Scanner

    options = HtmlOptions(part=args.part, label_style=args.label_style,
                          number_from=args.number_from, numbers=args.numbers,
                          transcripts=args.transcripts, force=args.force, strict=args.strict)
    with open_project(args, read_only=True) as wb:
        scanner = Scanner.for_settings(wb.project().settings, dates=True)
        try:
            result = export_html(wb, args.project, args.output, replace(options, scan=scanner.scan))
        except IdentifiersFound as exc:
            _report(scanner, exc.findings, "report")
            raise
    _report(scanner, result.findings, "report")
    for warning in result.warnings:
        print(f"stc-bench: warning: {warning}", file=sys.stderr)
    print(result.path)
    return 0


def cmd_export(args) -> int:
    # local: the writers pull in python-docx and lxml, which no other command needs
    from ..domain.privacy import IdentifiersFound
    from ..export.api import ExportOptions, export_csv, export_docx, export_md
    from ..nlp.anonymity import Scanner

    export_fn = {"docx": export_docx, "md": export_md, "csv": export_csv}[args.export_format]
    options = ExportOptions(part=args.part, label_style=getattr(args, "label_style", None),
                            number_from=getattr(args, "number_from", None),
                            template=getattr(args, "template", None), full=args.full,
                            force=args.force, numbers=getattr(args, "numbers", True),
                            final=getattr(args, "final", False), strict=args.strict, by=args.by)
    with open_project(args, read_only=True) as wb:
        # The audit trail's dates and names are when and by whom the research was done (the
        # student, the supervisor), not about informants; the word list still applies.
        audit = args.part == "audit"
        scanner = Scanner.for_settings(wb.project().settings, dates=not audit, names=not audit)
        try:
            result = export_fn(wb, args.project, args.output, replace(options, scan=scanner.scan))
        except IdentifiersFound as exc:
            _report(scanner, exc.findings, args.part)
            raise
    _report(scanner, result.findings, result.part)
    for warning in result.warnings:
        print(f"stc-bench: warning: {warning}", file=sys.stderr)
    if result.missing:
        print(f"stc-bench: warning: {len(result.missing)} empty part(s) shown as placeholders:",
              file=sys.stderr)
        for what in result.missing:
            print(f"  - {what}", file=sys.stderr)
    print(result.path)
    return 0


def _report(scanner, findings, part: str) -> None:
    """The anonymity check's findings on stderr, one line each, with what it looked for."""
    if not findings:  # said every time: the line a student shows a supervisor
        print(f"stc-bench: anonymity check ({scanner.describe()}): nothing found in the {part}",
              file=sys.stderr)
        return
    print(f"stc-bench: warning: anonymity check ({scanner.describe()}): {len(findings)} "
          f"possible identifier(s) in the {part}:", file=sys.stderr)
    for finding in findings:
        print(f"  - {finding.line()}", file=sys.stderr)
