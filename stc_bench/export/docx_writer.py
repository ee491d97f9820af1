"""Render the chapter model and the tables to .docx with python-docx.

Only Word's built-in style names are used (Heading 1–3, Quote, Normal, List Number,
Table Grid), so a thesis template restyles everything. With a template its styles,
page setup and headers are kept and its body is replaced; a style the template lacks
is added in a plain form and reported in ``warnings``.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Cm, Pt

from ..domain.errors import StcError
from .chapter import ChapterModel, Paragraph, QuoteBlock, unquote
from .docx_layout import (
    TABLE_FONT,
    column_widths,
    repeat_as_header,
    set_language,
    style_header_cell,
    thesis_page,
    turn_landscape,
    usable_width,
)
from .provenance import Bookmarks, heading_tag, lead_in_tag, paragraph_tag, quote_tag
from .tables import CODEBOOK_COLUMNS, AuditSummary, CodebookGroup, Matrix

_COUNT = re.compile(r"^(?:\d+(?:/\d+)?|–|)$")  # count columns are centred
PARAGRAPH_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Quote", "List Number")
TABLE_STYLE = "Table Grid"


class DocxBuilder:
    """A python-docx document being filled, with the styles the exports use.

    Without a template the page is A4 with 2.5 cm margins and the styles carry the
    project's language; a template keeps its own page, language and table style."""

    def __init__(self, template: Path | None = None, language: str = "nb"):
        self.warnings: list[str] = []
        self.templated = template is not None
        if template is None:
            self.doc = docx.Document()
            quote = self.doc.styles["Quote"].paragraph_format
            quote.left_indent, quote.right_indent = Cm(1), Cm(1)
            thesis_page(self.doc)
            set_language(self.doc, language)
        else:
            self.doc = _open_template(Path(template))
            _clear_body(self.doc)
        for name in PARAGRAPH_STYLES:
            self._ensure(name, WD_STYLE_TYPE.PARAGRAPH, template)
        self._ensure(TABLE_STYLE, WD_STYLE_TYPE.TABLE, template)
        self.bookmarks = Bookmarks(self.doc)
        if self.doc.core_properties.author == "python-docx":  # python-docx's own template
            self.doc.core_properties.author = ""

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

    def heading(self, text: str, level: int, tag: str = ""):
        return self.paragraph(text, style=f"Heading {level}", tag=tag)

    def _style_id(self, name: str) -> str | None:
        """Style ids looked up once: python-docx's by-name lookup scans every style on
        each paragraph, which made long chapters slow."""
        cache = self.__dict__.setdefault("_style_ids", {})
        if name not in cache:
            style = self.doc.styles[name]
            cache[name] = None if style == self.doc.styles.default(style.type) else style.style_id
        return cache[name]

    def paragraph(self, text: str, *, placeholder: bool = False, style: str = "Normal",
                  tag: str = ""):
        """A paragraph; ``tag`` names the hidden bookmark around it (provenance)."""
        para = self.doc.add_paragraph()
        style_id = self._style_id(style)
        if style_id is not None:
            para._p.style = style_id
        run = para.add_run(text)
        if placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if tag:
            self.bookmarks.wrap(para, tag)
        return para

    def table(self, header: list[str], rows: list[list[str]]):
        """A table with a repeating bold header row and columns sized by their content."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        widths = column_widths(header, rows, usable_width(self.doc.sections[-1]))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid LibreOffice lays out by
        repeat_as_header(table.rows[0])
        for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text)
            style_header_cell(cell, fill=not self.templated)
            cell.width = width
        for values in rows:
            for cell, text, width in zip(table.add_row().cells, values, widths, strict=True):
                cell.text = str(text)
                cell.width = width
        counts = [all(_COUNT.match(str(r[i])) for r in rows) if rows else False
                  for i in range(len(header))]
        for row in table.rows:  # tables a size smaller than the text, as theses set them
            for cell, centred in zip(row.cells, counts, strict=True):
                for para in cell.paragraphs:
                    para.paragraph_format.space_before = Pt(1)
                    para.paragraph_format.space_after = Pt(1)
                    if centred:
                        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in para.runs:
                        run.font.size = TABLE_FONT
        return table

    def landscape(self, new_section: bool = False) -> None:
        """Turn the page (for wide tables); ``new_section`` starts a landscape section
        on a new page and leaves the pages before it upright."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE) if new_section else self.doc.sections[-1]
        turn_landscape(section)

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


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
    a Heading 3 per subgroup with analytic paragraphs, lead-ins and quotes, each tagged
    with where it came from (see ``provenance``)."""
    b.heading(chapter.heading(), 1)
    _render_blocks(b, chapter.intro)
    if chapter.categories:
        b.paragraph(chapter.categories_lead_in).paragraph_format.keep_with_next = True
        for label in chapter.categories:
            b.paragraph(label, style="List Number")
    for section in chapter.sections:
        b.heading(f"{section.number} {section.heading}".strip(), 2,
                  tag=heading_tag("code_group", section.code_group_id))
        _render_blocks(b, section.blocks)
        for sub in section.subsections:
            b.heading(f"{sub.number} {sub.heading}".strip(), 3,
                      tag=heading_tag("subgroup", sub.subgroup_id))
            _render_blocks(b, sub.blocks)


def _render_blocks(b: DocxBuilder, blocks) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            tag = (paragraph_tag(block.text_id, block.index, block.text)
                   if block.text_id is not None and not block.placeholder else "")
            b.paragraph(block.text, placeholder=block.placeholder, tag=tag)
        elif isinstance(block, QuoteBlock):
            if block.lead_in:
                b.paragraph(block.lead_in, tag=lead_in_tag(block.quote_id, block.lead_in)
                            ).paragraph_format.keep_with_next = True
            b.paragraph(block.quoted(), style="Quote",
                        tag=quote_tag(block.quote_id, block.unit_id, unquote(block.display_text)))


def render_codebook(b: DocxBuilder, groups: list[CodebookGroup], title: str,
                    golden: bool = True) -> None:
    """A landscape section: per code group a heading, its facts and a table of its
    subgroups (the golden quote column unless the project marks none)."""
    b.landscape()
    b.heading(title, 1)
    columns = list(CODEBOOK_COLUMNS) if golden else list(CODEBOOK_COLUMNS[:-1])
    for group in groups:
        b.heading(group.heading, 2)
        facts = f"Intern kode: {group.name}. {group.units} meningsbærende enheter fra " \
                f"{group.informants} informanter." + (f" Kilde: {group.origin_nb}." if group.origin else "")
        b.paragraph(f"{group.description.strip()} {facts}".strip())
        if group.rows:
            b.table(columns, [
                [r.subgroup, r.description, str(r.units), str(r.informants), r.condensate,
                 f"«{r.golden_quote}»" if r.golden_quote else ""][:len(columns)]
                for r in group.rows])
        else:
            b.paragraph("[Ingen subgrupper ennå]", placeholder=True)


def matrix_rows(matrix: Matrix) -> tuple[list[str], list[list[str]]]:
    """Header and body of the matrix table: 'units/quotes' per informant, totals, silent."""
    header = ["Kodegruppe", "Subgruppe", *matrix.informants, "Sum", matrix.silent_title]
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
    b.landscape()
    b.heading(title, 1)
    b.paragraph("Hver celle viser antall meningsbærende enheter / antall sitater i "
                "resultatkapitlet fra informanten i subgruppen. «–» betyr at informanten "
                "ikke har noen enheter der.")
    header, body = matrix_rows(matrix)
    # the code group once, on its first subgroup's row: the rows below read as its own
    shown = [[("" if i and row[0] == body[i - 1][0] else row[0]), *row[1:]]
             for i, row in enumerate(body)]
    b.table(header, shown)


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
        b.table([first, "Hendelser"], [[k, str(v)] for k, v in pairs])
    if full:
        b.landscape(new_section=True)
        b.heading("Alle hendelser", 2)
        b.table(["Nr.", "Tid (UTC)", "Person", "Handling", "Beskrivelse"],
                [[str(e.seq), e.at_utc[:16].replace("T", "\u00a0"), e.actor, e.action, e.message]
                 for e in events])
