"""Word .docx: body paragraphs and tables in order; headers, footers, comments left out."""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from .archive import check_archive
from .base import Block, IngestError
from .speakers import clean_label, find_label

_HEADER_LABELS = {"taler", "speaker", "navn", "person", "hvem", "name", "tid", "time"}


def docx_blocks(data: bytes) -> list[Block]:
    """Paragraphs of a .docx body in reading order, with bold or table-column labels."""
    check_archive(data, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
        return list(_body_blocks(document))
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many kinds on damage
        raise IngestError(f"is a damaged .docx ({type(exc).__name__}); open it in Word or "
                          "LibreOffice and save it again") from None


def _body_blocks(document):
    style_bold: dict[str, bool] = {}
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield _paragraph_block(item, style_bold)
        elif isinstance(item, Table):
            yield from table_blocks([[c.text for c in _unique_cells(row)] for row in item.rows])


def _is_bold(run, style_bold: dict[str, bool]) -> bool:
    """Direct bold, else the run's character style's bold (looked up once per style:
    python-docx resolves a style anew on every ``run.style``)."""
    if run.bold is not None:
        return bool(run.bold)
    style_id = run._r.style
    if style_id is None:
        return False
    if style_id not in style_bold:
        style_bold[style_id] = bool(run.style is not None and run.style.font.bold)
    return style_bold[style_id]


def _paragraph_block(paragraph: Paragraph, style_bold: dict[str, bool]) -> Block:
    text = paragraph.text
    bold = []
    for run in paragraph.runs:
        if _is_bold(run, style_bold):
            bold.append(run.text)
        elif run.text.strip():
            break
        else:
            bold.append(run.text)
    label = "".join(bold).strip()
    rest = text[len("".join(bold)):] if text.startswith("".join(bold)) else ""
    if label and len(label) <= 40 and len(label.split()) <= 4 and label != text.strip():
        if label.endswith(":") or rest.lstrip().startswith(":") or rest.strip():
            return Block(text, label=clean_label(label))
    if label and label.endswith(":") and label == text.strip() and len(label) <= 40:
        return Block(text, label=clean_label(label))
    return Block(text)


def _unique_cells(row):
    seen, cells = set(), []
    for cell in row.cells:  # merged cells repeat the same element
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def table_blocks(rows: list[list[str]]) -> list[Block]:
    """Rows of a ``speaker | utterance`` (or ``time | speaker | utterance``) table.

    A table that does not look like that is read as plain paragraphs, row by row.
    """
    blocks = []
    for i, cells in enumerate(rows):
        cells = [c.strip() for c in cells]
        time_ms = None
        if len(cells) >= 3:
            stamp = find_label(f"[{cells[0]}]")
            if stamp is not None and stamp.label is None:
                time_ms, cells = stamp.time_ms, cells[1:]
        if len(cells) >= 2 and 0 < len(cells[0]) <= 40 and len(cells[0].split()) <= 4:
            label, utterance = clean_label(cells[0]), " ".join(c for c in cells[1:] if c)
            if i == 0 and label.lower() in _HEADER_LABELS:
                continue
            if utterance:
                blocks.append(Block(f"{label}: {utterance}", label=label,
                                    media_start_ms=time_ms))
                continue
        blocks.extend(Block(c) for c in cells if c)
    return blocks
