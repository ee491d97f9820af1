"""REFI-QDA exchange: export qdpx|qdc (registered under ``export``), import-qdpx, import-qdc."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import add_project_arg, open_project


def register_export(esub) -> None:
    """``export qdpx`` and ``export qdc``, beside docx/md/csv."""
    for fmt, what in (("qdpx", "the whole project as a REFI-QDA Project (NVivo, ATLAS.ti, MAXQDA, "
                               "QualCoder)"),
                      ("qdc", "the code groups, subgroups and themes as a REFI-QDA Codebook")):
        p = esub.add_parser(fmt, help=what)
        add_project_arg(p)
        p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                       help=f"output file (default: exports/<project>-…-<date>.{fmt})")
        p.add_argument("--force", action="store_true", help="overwrite an existing file")
        p.set_defaults(run=cmd_export_refi, refi_format=fmt)


def register(sub) -> None:
    for fmt, what in (("qdpx", "a REFI-QDA Project (.qdpx) from another tool"),
                      ("qdc", "a REFI-QDA Codebook (.qdc): code groups, subgroups, themes")):
        p = sub.add_parser(f"import-{fmt}", help=f"import {what}")
        p.add_argument("file", type=Path, metavar="FILE", help=f"the .{fmt} file")
        add_project_arg(p)
        p.set_defaults(run=cmd_import_refi, refi_format=fmt)


def cmd_export_refi(args) -> int:
    from ..export.qdpx import export_qdc, export_qdpx

    fn = export_qdpx if args.refi_format == "qdpx" else export_qdc
    with open_project(args, read_only=True) as wb:
        path, warnings = fn(wb, args.project, args.output, force=args.force)
    for warning in warnings:
        print(f"stc-bench: warning: {warning}", file=sys.stderr)
    print(path)
    return 0


def cmd_import_refi(args) -> int:
    from ..ingest.qdpx import read_qdc, read_qdpx

    with open_project(args) as wb:
        reader = read_qdpx if args.refi_format == "qdpx" else read_qdc
        exchange = reader(args.file, wb.project().settings)  # nothing is written before this succeeds
        summary = wb.import_exchange(exchange, source_name=args.file.name)  # as ingest.batch's
    for line in summary.lines():
        print(line)
    return 0
