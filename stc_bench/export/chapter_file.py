"""Read an exported chapter back after Word or LibreOffice had it: its paragraphs, the
text inside each provenance bookmark, and its custom properties.

The body is read as a reader sees it with tracked changes accepted: inserted text
counts, deleted text (``w:delText``) and field codes do not. A bookmark's text is all
the text between its start and end, so a paragraph split in two is still one tagged
text, and two paragraphs joined in one keep their own tags.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from ..domain.errors import StcError
from .provenance import Tag, normalise, parse_tag, read_properties

_TEXT: dict[str, str | None] = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): " ", qn("w:cr"): " "}
_P, _START, _END, _ID, _NAME = (qn("w:p"), qn("w:bookmarkStart"), qn("w:bookmarkEnd"),
                                qn("w:id"), qn("w:name"))
_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"


@dataclass
class FileParagraph:
    style: str           # the style's name, lower case ("heading 3", "quote", "normal")
    text: str
    tags: list[tuple[str, Tag]] = field(default_factory=list)  # bookmarks that start here
    covered: bool = False  # inside a bookmark begun in an earlier paragraph (a split)

    @property
    def is_heading(self) -> bool:
        return self.style.startswith("heading") or self.style == "title"


@dataclass
class ChapterFile:
    path: Path
    paragraphs: list[FileParagraph]
    marked: dict[str, str]      # bookmark name → its text
    properties: dict[str, str]


def read_chapter_file(path: Path) -> ChapterFile:
    """Open ``path`` as .docx; a missing, non-Word or damaged file is a user error."""
    path = Path(path)
    if not path.is_file():
        raise StcError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise StcError(f"{path}: not a Word .docx file (save it as .docx first)")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - zip/xml errors from a damaged file
        raise StcError(f"{path}: cannot be read as a Word .docx file ({exc})") from exc
    names = {s.style_id: (s.name or "").casefold() for s in document.styles}
    paragraphs: list[FileParagraph] = []
    open_marks: dict[str, str] = {}  # bookmark id → name
    marked: dict[str, list[str]] = {}
    pending: list[tuple[str, Tag]] = []  # bookmarks between paragraphs: the next one's
    for el in document.element.body.iter():
        tag = el.tag
        if tag == _P:
            style = el.find(_STYLE)
            name = names.get(style.get(qn("w:val")), "") if style is not None else ""
            covered = bool(set(open_marks.values()) - {n for n, _t in pending})
            paragraphs.append(FileParagraph(name or "normal", "", pending, covered=covered))
            pending = []
            for mark in open_marks.values():
                marked[mark].append(" ")
        elif tag == _START:
            name = el.get(_NAME) or ""
            parsed = parse_tag(name)
            if parsed is not None:
                open_marks[el.get(_ID)] = name
                marked[name] = []
                if el.getparent().tag == _P and paragraphs:
                    paragraphs[-1].tags.append((name, parsed))
                else:
                    pending.append((name, parsed))
        elif tag == _END:
            open_marks.pop(el.get(_ID), None)
        elif tag in _TEXT and paragraphs:
            fixed = _TEXT[tag]  # a tab or break stands for a fixed character; text is its own
            piece = fixed if fixed is not None else el.text or ""
            paragraphs[-1].text += piece
            for mark in open_marks.values():
                marked[mark].append(piece)
    for p in paragraphs:
        p.text = normalise(p.text)
    return ChapterFile(path, [p for p in paragraphs if p.text or p.tags],
                       {k: normalise("".join(v)) for k, v in marked.items()},
                       read_properties(document))
