"""OpenDocument .odt (odfpy): paragraphs, headings, lists and tables in order."""

from __future__ import annotations

import io

from .archive import check_archive
from .base import Block, IngestError
from .word import table_blocks

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def odt_blocks(data: bytes) -> list[Block]:
    """Paragraphs of an .odt body; tables of ``speaker | utterance`` become labelled turns."""
    check_archive(data, "odt")
    try:
        from odf.opendocument import load

        document = load(io.BytesIO(data))
        return list(_walk(document.text))
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - odfpy/xml raise many kinds on damage
        raise IngestError(f"is a damaged .odt ({type(exc).__name__}); open it in LibreOffice "
                          "and save it again") from None


_CONTAINERS = {"section", "list", "list-item", "list-header", "index-body"}
_SKIPPED = {"annotation", "note", "tracked-changes", "deletion"}


def _walk(element):
    for child in element.childNodes:
        ns, name = getattr(child, "qname", (None, None))
        if ns == _TEXT_NS and name in ("p", "h"):
            yield Block(_text_of(child))
        elif ns == _TABLE_NS and name == "table":
            rows = [[_text_of(cell) for cell in _children(row, "table-cell")]
                    for row in _rows(child)]
            yield from table_blocks(rows)
        elif name in _CONTAINERS:
            yield from _walk(child)


def _text_of(element) -> str:
    """The visible text of an element: comments, footnotes and deletions left out."""
    parts = []
    for node in element.childNodes:
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
            continue
        name = getattr(node, "qname", (None, None))[1]
        if name == "s":
            parts.append(" " * int(node.getAttribute("c") or 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in _SKIPPED:
            parts.append(_text_of(node))
    return "".join(parts)


def _rows(table):
    for child in table.childNodes:
        name = getattr(child, "qname", (None, None))[1]
        if name == "table-row":
            yield child
        elif name in ("table-rows", "table-header-rows"):
            yield from _rows(child)


def _children(element, name):
    return [c for c in element.childNodes if getattr(c, "qname", (None, None))[1] == name]
