"""The export entry points used by the CLI (and scripts): read once, build, write.

Example::

    with Workbench.open("projects/demo.stc", read_only=True) as wb:
        result = export_docx(wb, "projects/demo.stc", part="chapter")
        print(result.path, result.warnings)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import StcError
from ..domain.privacy import Finding
from .agreement_table import agreement_csv, agreement_parts, render_agreement
from .chapter import build_chapter, golden_quote_mark, words_for
from .checklist_section import render_docx as checklist_docx
from .checklist_section import render_md as checklist_md
from .docx_layout import language_tag
from .docx_writer import DocxBuilder, render_audit, render_chapter, render_codebook, render_matrix
from .files import default_target, write_export
from .leaving import Scan, check, concentration_warnings, docx_pieces, text_pieces
from .parts import CSV_PARTS, DOCX_PARTS, MD_PARTS
from .provenance import PROPERTY_NAMES, project_id, write_properties
from .snapshot import load_snapshot
from .tables import build_audit_summary, build_codebook, build_matrix
from .text_writer import (
    audit_csv,
    audit_md,
    chapter_md,
    codebook_csv,
    codebook_md,
    matrix_csv,
    matrix_md,
    md_table,
    units_csv,
)

TITLES = {"codebook": "Kodebok", "matrix": "Matrise: subgrupper × informanter",
          "audit": "Kodesporet (vedlegg)"}


@dataclass(frozen=True)
class ExportOptions:
    part: str = "chapter"
    label_style: str | None = None
    number_from: int | None = None
    template: Path | None = None
    full: bool = False
    force: bool = False
    numbers: bool = True   # --no-numbers: the template numbers headings itself
    final: bool = False    # --final: leave empty parts out; refuse if required ones are
    scan: Scan | None = None  # the anonymity check of what is written (nlp.anonymity's)
    strict: bool = False   # --strict: any finding refuses the export; nothing is written
    by: str = "informant"  # --by role: the matrix's columns are roles, not participants


@dataclass
class ExportResult:
    path: Path
    part: str
    warnings: list[str] = field(default_factory=list)  # style fallbacks, numbering, long quotes
    missing: list[str] = field(default_factory=list)   # empty parts shown as placeholders
    findings: list[Finding] = field(default_factory=list)  # possible identifiers written


def _check_part(part: str, allowed: tuple[str, ...], kind: str) -> None:
    if part not in allowed:
        raise StcError(f"export {kind}: part must be one of {', '.join(allowed)}, not {part!r}")


def _matrix_title(options: ExportOptions) -> str:
    title = TITLES["matrix"]
    return title.replace("informanter", "roller") if options.by == "role" else title


def _audit(wb):
    events = wb.log()
    report = wb.verify()
    return events, build_audit_summary(events, report.ok, report.problem)


def _annotations(wb):
    """The comment threads (each with its answers) and the memos, for the appendix."""
    return [wb.thread(c.id) for c in wb.comments(None)], wb.memos()


def _chapter(snapshot, options: ExportOptions, result: ExportResult):
    chapter = build_chapter(snapshot, part=options.part, label_style=options.label_style,
                            number_from=options.number_from, numbers=options.numbers,
                            final=options.final)
    result.missing = [] if options.final else list(chapter.missing)
    result.warnings += chapter.notes
    result.warnings += concentration_warnings(snapshot, chapter)
    return chapter


def export_docx(wb, project_ref: str | Path, target: Path | None = None,
                options: ExportOptions = ExportOptions()) -> ExportResult:
    """Write one part as .docx (default ``exports/<project>-<part>-<date>.docx``)."""
    with wb.one_read():  # one state of the project, whatever other processes write
        return _export_docx(wb, project_ref, target, options)


def _export_docx(wb, project_ref, target, options) -> ExportResult:
    part = options.part
    _check_part(part, DOCX_PARTS, "docx")
    target = Path(target) if target else default_target(project_ref, part, "docx")
    snapshot = load_snapshot(wb)
    builder = DocxBuilder(options.template, snapshot.project.language)
    builder.doc.core_properties.title = snapshot.project.title
    builder.doc.core_properties.language = language_tag(snapshot.project.language)
    result = ExportResult(target, part, warnings=list(builder.warnings))
    if part in ("chapter", "discussion"):
        chapter = _chapter(snapshot, options, result)
        render_chapter(builder, chapter)
        seq = wb.last_seq()
        head = wb.log(since=seq - 1)[-1].hash if seq else ""
        write_properties(builder.doc, {
            PROPERTY_NAMES["project"]: project_id(snapshot.project),
            PROPERTY_NAMES["seq"]: str(seq), PROPERTY_NAMES["head"]: head,
            PROPERTY_NAMES["part"]: part})
    elif part == "codebook":
        render_codebook(builder, build_codebook(snapshot), TITLES[part],
                        golden=golden_quote_mark(snapshot.project.settings) != "none")
    elif part == "matrix":
        render_matrix(builder, build_matrix(snapshot, by=options.by), _matrix_title(options))
    elif part == "agreement":
        render_agreement(builder, *agreement_parts(wb, snapshot.project.language))
    else:
        events, summary = _audit(wb)
        render_audit(builder, summary, events, TITLES[part], options.full)
        checklist_docx(builder, wb.checklist(), *_annotations(wb))
    result.findings = check(options.scan, options.strict, target, docx_pieces(builder.doc))
    write_export(target, builder.save, force=options.force)
    return result


def export_md(wb, project_ref: str | Path, target: Path | None = None,
              options: ExportOptions = ExportOptions()) -> ExportResult:
    """Write one part as Markdown (chapter by default)."""
    with wb.one_read():
        return _export_md(wb, project_ref, target, options)


def _export_md(wb, project_ref, target, options) -> ExportResult:
    part = options.part
    _check_part(part, MD_PARTS, "md")
    target = Path(target) if target else default_target(project_ref, part, "md")
    snapshot = load_snapshot(wb)
    result = ExportResult(target, part)
    if part in ("chapter", "discussion"):
        text = chapter_md(_chapter(snapshot, options, result))
    elif part == "codebook":
        text = codebook_md(build_codebook(snapshot), TITLES[part])
    elif part == "matrix":
        text = matrix_md(build_matrix(snapshot, by=options.by), _matrix_title(options))
    else:
        events, summary = _audit(wb)
        text = "\n".join([audit_md(summary, events, TITLES[part], options.full), "",
                          *checklist_md(wb.checklist(), md_table, *_annotations(wb))])
    result.findings = check(options.scan, options.strict, target, text_pieces(text))
    write_export(target, lambda p: p.write_text(text, encoding="utf-8"), force=options.force)
    return result


def export_csv(wb, project_ref: str | Path, target: Path | None = None,
               options: ExportOptions = ExportOptions(part="units")) -> ExportResult:
    """Write one table as CSV (UTF-8 with BOM so Excel reads æøå): units (default),
    codebook, matrix or audit."""
    with wb.one_read():
        return _export_csv(wb, project_ref, target, options)


def _export_csv(wb, project_ref, target, options) -> ExportResult:
    part = "units" if options.part == "chapter" else options.part
    _check_part(part, CSV_PARTS, "csv")
    target = Path(target) if target else default_target(project_ref, part, "csv")
    if part == "audit":
        text = audit_csv(wb.log())
    elif part == "agreement":
        text = agreement_csv(*agreement_parts(wb, wb.project().language)[:2])
    else:
        snapshot = load_snapshot(wb)
        text = {"units": units_csv, "codebook": lambda s: codebook_csv(build_codebook(s)),
                "matrix": lambda s: matrix_csv(build_matrix(s, by=options.by))}[part](snapshot)
    # row 1 is stc-bench's own column names: nothing in it came from the project
    findings = check(options.scan, options.strict, target, text_pieces(text, "row")[1:])
    write_export(target, lambda p: p.write_text(text, encoding="utf-8-sig"), force=options.force)
    return ExportResult(target, part, findings=findings)


__all__ = ["DOCX_PARTS", "CSV_PARTS", "ExportOptions", "ExportResult", "export_docx", "export_md",
           "export_csv", "build_chapter", "load_snapshot", "words_for"]
