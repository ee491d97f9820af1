"""Page, language and table layout of the .docx exports.

A thesis is A4 with 2.5 cm margins and spell-checked in Norwegian, so a document built
without a template gets that page and the project's language in its style defaults
(Word and LibreOffice pick the spelling dictionary from ``w:lang``). Table columns are
sized from their content: no column is narrower than its longest word, so Word never
breaks "Subgruppe" or "Sum" in the middle, and the rest of the width goes to the
columns with the most text.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .language import language_tag

MARGIN = Cm(2.5)
A4 = (Cm(21.0), Cm(29.7))
TABLE_FONT = Pt(9)
# Average and widest character of a proportional font, as a share of its size: text
# columns are sized by the average, the longest word by the widest so it never breaks.
_AVERAGE, _WIDE = 0.50, 0.62
_PADDING = Cm(0.45)  # both cell margins with a little air
_HEADER_FILL = "D9E2F3"


def thesis_page(doc) -> None:
    """A4 upright with 2.5 cm margins on every section (no template given)."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)


def set_language(doc, language: str) -> None:
    """The document language in the style defaults and in every style that names one, so
    Word checks the spelling in Norwegian (nb-NO / nn-NO) or British English."""
    tag = language_tag(language)
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    targets = [rpr_default.find(qn("w:rPr"))]
    if targets[0] is None:
        targets[0] = OxmlElement("w:rPr")
        rpr_default.append(targets[0])
    targets += [rpr for rpr in styles.iter(qn("w:rPr")) if rpr.find(qn("w:lang")) is not None]
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)


def document_language(doc) -> str:
    """The ``w:lang`` of the style defaults ('' when none is set)."""
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/"
                                   f"{qn('w:lang')}")
    return lang.get(qn("w:val"), "") if lang is not None else ""


def turn_landscape(section) -> None:
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def usable_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def column_widths(header: list[str], rows: list[list[str]], usable: int,
                  font: Pt = TABLE_FONT) -> list[int]:
    """Widths (EMU) from the content: each column at least as wide as its longest word
    (the header's included), then the spare width shared by how much more text a column
    holds, so names and descriptions get room and counts stay narrow."""
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    floor, want, natural = [], [], []
    for cells in columns:
        texts = [str(c) for c in cells]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        floor.append(int(longest_word * font * _WIDE) + _PADDING)
        natural.append(max((len(t) for t in texts), default=1) * font * _AVERAGE + _PADDING)
        want.append(max(0, int(natural[-1]) - floor[-1]))
    spare = usable - sum(floor)
    if spare <= 0:  # even the longest words do not fit: shrink in proportion
        return [int(usable * f / sum(floor)) for f in floor]
    total_want = sum(want)
    if total_want <= spare:  # everything fits on one line: the rest by length of text
        rest = spare - total_want
        extra = [w + rest * n / sum(natural) for w, n in zip(want, natural, strict=True)]
    else:
        extra = [spare * w / total_want for w in want]
    return [int(f + e) for f, e in zip(floor, extra, strict=True)]


def style_header_cell(cell, fill: bool) -> None:
    """Bold header text, shaded unless a template's own table style decides."""
    for run in cell.paragraphs[0].runs:
        run.bold = True
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), _HEADER_FILL)
        cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row) -> None:
    """Repeat the header row at the top of every page a long table runs over, and keep
    it from being split itself."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)
