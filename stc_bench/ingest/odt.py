"""OpenDocument .odt: paragraphs, headings, lists and tables in order, read as a stream.

Nested tables are read in place; comments, footnotes and text boxes are named in a
warning (never dropped silently); tracked deletions are left out.
"""

from __future__ import annotations

from collections import Counter

from .archive import body_children, open_archive
from .base import Block, check_size
from .import_warnings import ImportWarning
from .word import table_blocks

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"

_CONTAINERS = {_TEXT + n for n in ("section", "list", "list-item", "list-header", "index-body")}
_ROW_GROUPS = {_TABLE + n for n in ("table-rows", "table-header-rows", "table-row-group")}
#: Inline elements whose text is not part of the paragraph, and what the warning calls them.
_ASIDE = {_OFFICE + "annotation": "comments", _TEXT + "note": "footnotes",
          _DRAW + "text-box": "text boxes"}


def odt_blocks(data: bytes) -> tuple[list[Block], list[str]]:
    """Paragraphs of an .odt body; tables of ``speaker | utterance`` become labelled turns."""
    with open_archive(data, "odt") as zf:
        reader = _Body()
        blocks: list[Block] = []
        chars = 0
        for element in body_children(zf, "content.xml", _OFFICE + "text", "odt"):
            more = reader.blocks(element)
            blocks.extend(more)
            chars += sum(len(b.text) for b in more)
            check_size(len(blocks), chars)  # stop early: the body may be huge
    warnings: list[str] = [ImportWarning("left_out", n, what)
                           for what, n in reader.left_out.items()]
    return blocks, warnings


class _Body:
    def __init__(self):
        self.left_out: Counter[str] = Counter()

    def blocks(self, element) -> list[Block]:
        tag = element.tag
        if tag in (_TEXT + "p", _TEXT + "h"):
            return [Block(self.text(element))]
        if tag == _TABLE + "table":
            return table_blocks(self.rows(element))
        if tag in _CONTAINERS:
            return [b for child in element for b in self.blocks(child)]
        return []

    def text(self, element) -> str:
        """The visible text of a paragraph; asides counted and left out."""
        parts = [element.text or ""]
        for node in element:
            tag = node.tag
            if tag in _ASIDE:
                self.left_out[_ASIDE[tag]] += 1
            elif tag == _TEXT + "s":
                parts.append(" " * _count(node.get(_TEXT + "c")))
            elif tag == _TEXT + "tab":
                parts.append("\t")
            elif tag == _TEXT + "line-break":
                parts.append("\n")
            elif tag == _DRAW + "frame":
                boxes = sum(1 for _ in node.iter(_DRAW + "text-box"))
                if boxes:
                    self.left_out["text boxes"] += boxes
            elif isinstance(tag, str):
                parts.append(self.text(node))
            parts.append(node.tail or "")
        return "".join(parts)

    def rows(self, table) -> list[list[str]]:
        rows = []
        for child in table:
            if child.tag == _TABLE + "table-row":
                rows.append([self.cell_text(cell) for cell in child
                             if cell.tag == _TABLE + "table-cell"])
            elif child.tag in _ROW_GROUPS:
                rows.extend(self.rows(child))
        return rows

    def cell_text(self, cell) -> str:
        return "\n".join(b.text for child in cell for b in self.blocks(child))


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
