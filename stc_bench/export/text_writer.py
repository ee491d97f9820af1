"""Markdown (for LaTeX/Quarto writers) and CSV (for R) renderings of the same content."""

from __future__ import annotations

import csv
import io
from typing import Any

from .chapter import ChapterModel, Paragraph, QuoteBlock
from .docx_writer import matrix_rows
from .snapshot import ProjectSnapshot
from .tables import CODEBOOK_COLUMNS, AuditSummary, CodebookGroup, Matrix, natural_key


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", "<br>")


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def chapter_md(chapter: ChapterModel) -> str:
    """The chapter as Markdown: #/##/### headings, quotes as ``>`` block quotes."""
    out = [f"# {chapter.heading()}", ""]
    out += _md_blocks(chapter.intro)
    if chapter.categories:
        out += [chapter.categories_lead_in, ""]
        out += [f"{n}. {label}" for n, label in enumerate(chapter.categories, 1)] + [""]
    for section in chapter.sections:
        out += [f"## {section.number} {section.heading}".replace("##  ", "## "), ""]
        out += _md_blocks(section.blocks)
        for sub in section.subsections:
            out += [f"### {sub.number} {sub.heading}".replace("###  ", "### "), ""]
            out += _md_blocks(sub.blocks)
    return "\n".join(out).rstrip() + "\n"


def _md_blocks(blocks) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out += [f"**{block.text}**" if block.placeholder else block.text, ""]
        elif isinstance(block, QuoteBlock):
            if block.lead_in:
                out += [block.lead_in, ""]
            out += [f"> {block.quoted()}", ""]
    return out


def codebook_md(groups: list[CodebookGroup], title: str) -> str:
    out = [f"# {title}", ""]
    for g in groups:
        source = f"; kilde: {g.origin_nb}" if g.origin else ""
        out += [f"## {g.heading}", "", f"{g.description} (intern kode: {g.name}; {g.units} enheter, "
                f"{g.informants} informanter{source})".strip(), ""]
        out += [md_table(list(CODEBOOK_COLUMNS), [
            [r.subgroup, r.description, r.units, r.informants, r.condensate, r.golden_quote]
            for r in g.rows]), ""]
    return "\n".join(out)


def matrix_md(matrix: Matrix, title: str) -> str:
    header, body = matrix_rows(matrix)
    per = "rolle" if matrix.by == "role" else "informant"
    return f"# {title}\n\nEnheter/sitater per {per}.\n\n{md_table(header, body)}\n"


def audit_md(summary: AuditSummary, events, title: str, full: bool) -> str:
    out = [f"# {title}", "", f"{summary.events} hendelser; siste hash `{summary.head_hash}`; "
           f"kjeden er {'verifisert' if summary.verified else 'BRUTT: ' + summary.problem}.", ""]
    for heading, pairs in (("Per steg", summary.per_step), ("Per person", summary.per_person),
                           ("Per dag", summary.per_day)):
        out += [f"## {heading}", "", md_table([heading, "Hendelser"], [list(p) for p in pairs]), ""]
    if full:
        out += ["## Alle hendelser", "", md_table(
            ["Nr.", "Tid (UTC)", "Person", "Handling", "Beskrivelse"],
            [[e.seq, e.at_utc[:19], e.actor, e.action, e.message] for e in events]), ""]
    return "\n".join(out)


# -- CSV -------------------------------------------------------------------------------------

UNIT_COLUMNS = ("unit_id", "informant", "informant_role", "document", "start", "end",
                "code_group", "subgroup", "golden_quote", "quoted_in_chapter", "text")


def units_csv(snapshot: ProjectSnapshot) -> str:
    """One row per meaning unit and subgroup (coded-but-unassigned units once, with an
    empty subgroup): the long table R users want."""
    informants = snapshot.informant_by_id()
    groups = {g.id: g for g in snapshot.code_groups}
    subs = {s.id: s for s in snapshot.subgroups}
    chapter_texts = {t.id for t in snapshot.analytic_texts if t.part == "chapter"}
    quoted = {q.unit_id for q in snapshot.quotes if q.analytic_text_id in chapter_texts}
    placed: dict[int, list[int]] = {}
    for a in snapshot.assignments:
        placed.setdefault(a.unit_id, []).append(a.subgroup_id)
    rows: list[list[Any]] = []
    for c in snapshot.codings:
        unit = snapshot.units.get(c.unit_id)
        if unit is None:
            continue
        doc = snapshot.documents[unit.document_id]
        inf = informants.get(snapshot.informant_id_of_unit(unit.id) or -1)
        mine: list[int | None] = [s for s in placed.get(unit.id, [])
                                  if subs[s].code_group_id == c.code_group_id]
        for sub_id in mine or [None]:
            sub = subs.get(sub_id) if sub_id else None
            rows.append([unit.id, inf.label if inf else "", inf.role if inf else "", doc.title,
                         unit.start, unit.end, groups[c.code_group_id].name,
                         sub.name if sub else "",
                         int(bool(sub and sub.golden_quote_unit_id == unit.id)),
                         int(unit.id in quoted), unit.snippet])
    rows.sort(key=lambda r: (natural_key(r[1]), r[3], r[4], r[6], r[7]))
    return _csv(UNIT_COLUMNS, rows)


def codebook_csv(groups: list[CodebookGroup]) -> str:
    template = any(g.origin for g in groups)  # a template analysis says where each code came from
    extra = ("origin",) if template else ()
    return _csv(("code_group", "subgroup", "description", "units", "informants", "condensate",
                 "golden_quote", *extra),
                [[r.code_group, r.subgroup, r.description, r.units, r.informants, r.condensate,
                  r.golden_quote, *([g.origin] if template else [])] for g in groups for r in g.rows])


def matrix_csv(matrix: Matrix) -> str:
    """Long form: code_group, subgroup, informant (or role), units, quotes (silent = 0 units)."""
    return _csv(("code_group", "subgroup", matrix.by, "units", "quotes"),
                [[r.code_group, r.subgroup, inf, u, q]
                 for r in matrix.rows for inf, (u, q) in zip(matrix.informants, r.cells, strict=True)])


def audit_csv(events) -> str:
    return _csv(("seq", "at_utc", "actor", "action", "entity", "entity_id", "message", "hash"),
                [[e.seq, e.at_utc, e.actor, e.action, e.entity, e.entity_id, e.message, e.hash]
                 for e in events])


def _csv(header, rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()
