"""Render the chapter model and the tables to .docx with python-docx.

Only Word's built-in style names are used (Heading 1–3, Quote, Normal, List Number,
Table Grid), so a thesis template restyles everything. With a template its styles,
page setup and headers are kept and its body is replaced; a style the template lacks
is added in a plain form and reported in ``warnings``.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..domain.errors import StcError
from .chapter import ChapterModel, Paragraph, QuoteBlock
from .tables import CODEBOOK_COLUMNS, AuditSummary, CodebookGroup, Matrix

PARAGRAPH_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Quote", "List Number")
TABLE_STYLE = "Table Grid"


class DocxBuilder:
    """A python-docx document being filled, with the styles the exports use."""

    def __init__(self, template: Path | None = None):
        self.warnings: list[str] = []
        if template is None:
            self.doc = docx.Document()
            quote = self.doc.styles["Quote"].paragraph_format
            quote.left_indent, quote.right_indent = Cm(1), Cm(1)
        else:
            self.doc = _open_template(Path(template))
            _clear_body(self.doc)
        for name in PARAGRAPH_STYLES:
            self._ensure(name, WD_STYLE_TYPE.PARAGRAPH, template)
        self._ensure(TABLE_STYLE, WD_STYLE_TYPE.TABLE, template)

    def _ensure(self, name: str, kind, template: Path | None) -> None:
        if name in self.doc.styles:
            return
        self.warnings.append(f"{template}: has no '{name}' style; added a plain one "
                             "(restyle it in Word)")
        style = self.doc.styles.add_style(name, kind)
        if kind != WD_STYLE_TYPE.PARAGRAPH or name == "Normal":
            return
        style.base_style = self.doc.styles["Normal"]
        if name.startswith("Heading"):
            style.font.bold = True
            style.font.size = Pt({"1": 16, "2": 13, "3": 12}[name[-1]])
            style.paragraph_format.keep_with_next = True
        elif name == "Quote":
            style.font.italic = True
            style.paragraph_format.left_indent = Cm(1)
            style.paragraph_format.right_indent = Cm(1)

    # -- blocks -------------------------------------------------------------------------

    def heading(self, text: str, level: int):
        return self.paragraph(text, style=f"Heading {level}")

    def _style_id(self, name: str) -> str | None:
        """Style ids looked up once: python-docx's by-name lookup scans every style on
        each paragraph, which made long chapters slow."""
        cache = self.__dict__.setdefault("_style_ids", {})
        if name not in cache:
            style = self.doc.styles[name]
            cache[name] = None if style == self.doc.styles.default(style.type) else style.style_id
        return cache[name]

    def paragraph(self, text: str, *, placeholder: bool = False, style: str = "Normal"):
        para = self.doc.add_paragraph()
        style_id = self._style_id(style)
        if style_id is not None:
            para._p.style = style_id
        run = para.add_run(text)
        if placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return para

    def table(self, header: list[str], rows: list[list[str]], weights: list[float] | None = None):
        """A Table Grid table with a bold header row; ``weights`` share the text width
        between columns (numbers narrow, text wide) instead of equal columns."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        widths = self._widths(weights or [1] * len(header))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid LibreOffice lays out by
        _repeat_as_header(table.rows[0])
        for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
            cell.width = width
        for values in rows:
            for cell, text, width in zip(table.add_row().cells, values, widths, strict=True):
                cell.text = str(text)
                cell.width = width
        return table

    def _widths(self, weights: list[float]) -> list[int]:
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        total = sum(weights)
        return [int(usable * w / total) for w in weights]

    def landscape(self, new_section: bool = False) -> None:
        """Turn the page (for wide tables); ``new_section`` starts a landscape section
        on a new page and leaves the pages before it upright."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE) if new_section else self.doc.sections[-1]
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


def _repeat_as_header(row) -> None:
    """Repeat the header row at the top of every page a long table runs over."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _open_template(path: Path):
    if not path.exists():
        raise StcError(f"{path}: template not found")
    if not path.is_file():  # a folder, or a device such as /dev/zero: never read it
        raise StcError(f"{path}: the template is not a regular file; give a Word .docx file")
    try:
        return docx.Document(str(path))
    except ValueError as exc:
        if "template" in str(exc):
            raise StcError(f"{path}: a .dotx template; open it in Word and save it as .docx, "
                           "then give that file to --template") from exc
        raise StcError(f"{path}: not a Word .docx file ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - zip/xml errors from a damaged file
        raise StcError(f"{path}: cannot be read as a Word .docx file ({exc})") from exc


def _clear_body(doc) -> None:
    """Drop the template's body text but keep its final section (page setup, headers)."""
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


# -- parts -----------------------------------------------------------------------------------

def render_chapter(b: DocxBuilder, chapter: ChapterModel) -> None:
    """Heading 1, introduction, numbered categories, then a Heading 2 per code group and
    a Heading 3 per subgroup with analytic paragraphs, lead-ins and quotes."""
    b.heading(chapter.heading(), 1)
    for para in chapter.intro:
        b.paragraph(para.text, placeholder=para.placeholder)
    if chapter.categories:
        b.paragraph(chapter.categories_lead_in).paragraph_format.keep_with_next = True
        for label in chapter.categories:
            b.paragraph(label, style="List Number")
    for section in chapter.sections:
        b.heading(f"{section.number} {section.heading}".strip(), 2)
        _render_blocks(b, section.blocks)
        for sub in section.subsections:
            b.heading(f"{sub.number} {sub.heading}".strip(), 3)
            _render_blocks(b, sub.blocks)


def _render_blocks(b: DocxBuilder, blocks) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            b.paragraph(block.text, placeholder=block.placeholder)
        elif isinstance(block, QuoteBlock):
            if block.lead_in:
                b.paragraph(block.lead_in).paragraph_format.keep_with_next = True
            b.paragraph(block.quoted(), style="Quote")


def render_codebook(b: DocxBuilder, groups: list[CodebookGroup], title: str) -> None:
    b.heading(title, 1)
    for group in groups:
        b.heading(group.heading, 2)
        facts = f"Intern kode: {group.name}. {group.units} meningsbærende enheter fra " \
                f"{group.informants} informanter."
        b.paragraph(f"{group.description.strip()} {facts}".strip())
        if group.rows:
            b.table(list(CODEBOOK_COLUMNS), [
                [r.subgroup, r.description, str(r.units), str(r.informants), r.condensate,
                 f"«{r.golden_quote}»" if r.golden_quote else ""] for r in group.rows],
                weights=[2.6, 2.2, 1.8, 2.3, 2.8, 2.8])
        else:
            b.paragraph("[Ingen subgrupper ennå]", placeholder=True)


def matrix_rows(matrix: Matrix) -> tuple[list[str], list[list[str]]]:
    """Header and body of the matrix table: 'units/quotes' per informant, totals, silent."""
    header = ["Kodegruppe", "Subgruppe", *matrix.informants, "Sum", "Tause informanter"]
    body = []
    for row in matrix.rows:
        cells = [f"{u}/{q}" if u or q else "–" for u, q in row.cells]
        body.append([row.code_group, row.subgroup, *cells, f"{row.units}/{row.quotes}",
                     ", ".join(row.silent) or "–"])
    totals = matrix.column_totals()
    body.append(["Sum", "", *[f"{u}/{q}" for u, q in totals],
                 f"{sum(t[0] for t in totals)}/{sum(t[1] for t in totals)}", ""])
    return header, body


def render_matrix(b: DocxBuilder, matrix: Matrix, title: str) -> None:
    b.heading(title, 1)
    b.paragraph("Hver celle viser antall meningsbærende enheter / antall sitater i "
                "resultatkapitlet fra informanten i subgruppen. «–» betyr at informanten "
                "ikke har noen enheter der.")
    header, body = matrix_rows(matrix)
    if len(header) > 8:
        b.landscape()
    n = len(matrix.informants)
    b.table(header, body, weights=[2.5, 2.5, *[1] * n, 1.1, 2.5])


def render_audit(b: DocxBuilder, summary: AuditSummary, events, title: str, full: bool) -> None:
    b.heading(title, 1)
    state = "verifisert (uendret)" if summary.verified else f"BRUTT: {summary.problem}"
    b.paragraph(f"Kodesporet har {summary.events} hendelser fra {summary.first_at[:10]} til "
                f"{summary.last_at[:10]}. Hver hendelse er lenket til den forrige med en "
                f"SHA-256-hash; kjeden er {state}.")
    b.paragraph(f"Siste hash: {summary.head_hash}")
    for heading, first, pairs in (("Hendelser per steg", "Steg", summary.per_step),
                                  ("Hendelser per person", "Person", summary.per_person),
                                  ("Hendelser per dag", "Dato", summary.per_day)):
        b.heading(heading, 2)
        b.table([first, "Hendelser"], [[k, str(v)] for k, v in pairs], weights=[3, 1])
    if full:
        b.landscape(new_section=True)
        b.heading("Alle hendelser", 2)
        b.table(["Nr.", "Tid (UTC)", "Person", "Handling", "Beskrivelse"],
                [[str(e.seq), e.at_utc[:16].replace("T", " "), e.actor, e.action, e.message]
                 for e in events], weights=[0.6, 2.2, 1.2, 2.9, 5.1])
