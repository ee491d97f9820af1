"""Word .docx: body paragraphs and tables in order, read as a stream of XML.

Nested tables are read in place, cell by cell. Text the body cannot place — text
boxes, footnotes, endnotes, comments, embedded documents — is named in a warning,
never dropped silently; headers and footers (page furniture) are left out.
"""

from __future__ import annotations

from collections import Counter

from .archive import READ_ERRORS, body_children, damaged, open_archive, part_roots
from .base import Block, IngestError, check_size
from .import_warnings import ImportWarning, excerpt
from .speakers import clean_label, find_label

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADER_LABELS = {"taler", "speaker", "navn", "person", "hvem", "name", "tid", "time"}
#: Containers whose content reads as if they were not there.
_TRANSPARENT = {_W + n for n in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml",
                                 "sdtContent", "moveTo", "dir", "bdo")}
_FALSE = {"0", "false", "off", "none"}


def docx_blocks(data: bytes) -> tuple[list[Block], list[str]]:
    """Paragraphs of a .docx body in reading order, and warnings about what was left out."""
    with open_archive(data, "docx") as zf:
        bold_styles = _bold_styles(zf)
        reader = _Body(bold_styles)
        blocks: list[Block] = []
        chars = 0
        for element in body_children(zf, "word/document.xml", _W + "body", "docx"):
            more = reader.blocks(element)
            blocks.extend(more)
            chars += sum(len(b.text) for b in more)
            check_size(len(blocks), chars)  # stop early: the body may be huge
        try:
            warnings = reader.warnings() + _notes(zf)
        except IngestError:
            raise
        except READ_ERRORS as exc:
            raise damaged("docx", exc) from None
    return blocks, warnings


def _bold_styles(zf) -> set[str]:
    """Ids of character styles that are bold themselves (``w:b`` in their run properties)."""
    root = part_roots(zf, "word/styles.xml", "docx")
    if root is None:
        return set()
    bold = set()
    for style in root.iter(_W + "style"):
        b = style.find(f"{_W}rPr/{_W}b")
        if b is not None and b.get(_W + "val", "true").lower() not in _FALSE:
            bold.add(style.get(_W + "styleId"))
    return bold


def _notes(zf) -> list[str]:
    """Warnings for footnotes, endnotes and comments (kept in their own parts)."""
    warnings: list[str] = []
    for member, tag, what in (("word/footnotes.xml", "footnote", "footnotes"),
                              ("word/endnotes.xml", "endnote", "endnotes"),
                              ("word/comments.xml", "comment", "comments")):
        root = part_roots(zf, member, "docx")
        if root is None:
            continue
        texts = [_plain(note) for note in root.iter(_W + tag)
                 if note.get(_W + "type") not in ("separator", "continuationSeparator",
                                                  "continuationNotice")]
        texts = [t for t in texts if t.strip()]
        if texts:
            warnings.append(ImportWarning("notes_left_out", len(texts), what, excerpt(texts[0])))
    return warnings


def _plain(element) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(_W + "t"))
                    for p in element.iter(_W + "p"))


class _Body:
    """Turns body elements into blocks, counting what it leaves out."""

    def __init__(self, bold_styles: set[str]):
        self.bold_styles = bold_styles
        self.left_out: Counter[str] = Counter()
        self.first_left_out: dict[str, str] = {}

    def blocks(self, element) -> list[Block]:
        tag = element.tag
        if tag == _W + "p":
            return [self.paragraph(element)]
        if tag == _W + "tbl":
            return table_blocks([[c.strip() for c in row] for row in self.rows(element)])
        if tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            return [b for child in self._content(element) for b in self.blocks(child)]
        if tag == _W + "altChunk":
            self._leave_out("embedded documents", "")
        return []

    def _content(self, element):
        for child in element:
            if child.tag in (_W + "sdtContent", _W + "customXml", _W + "sdt"):
                yield from self._content(child)
            elif child.tag != _W + "sdtPr":
                yield child

    # -- paragraphs -----------------------------------------------------------------
    def paragraph(self, p) -> Block:
        runs = list(self._runs(p))
        text = "".join(t for t, _ in runs)
        bold = []
        for run_text, is_bold in runs:
            if is_bold:
                bold.append(run_text)
            elif run_text.strip():
                break
            else:
                bold.append(run_text)
        label = "".join(bold).strip()
        rest = text[len("".join(bold)):]
        if label and len(label) <= 40 and len(label.split()) <= 4 and label != text.strip():
            if label.endswith(":") or rest.lstrip().startswith(":") or rest.strip():
                return Block(text, label=clean_label(label))
        if label and label.endswith(":") and label == text.strip() and len(label) <= 40:
            return Block(text, label=clean_label(label))
        return Block(text)

    def _runs(self, element):
        """``(text, bold)`` of each run of a paragraph, through links, insertions, fields."""
        for child in element:
            if child.tag == _W + "r":
                yield self._run_text(child), self._is_bold(child)
            elif child.tag in _TRANSPARENT or child.tag == _W + "sdt":
                yield from self._runs(child if child.tag != _W + "sdt" else
                                      _first(child, _W + "sdtContent"))
            elif child.tag == _MC + "AlternateContent":
                self._boxes(child)

    def _run_text(self, r) -> str:
        parts = []
        for child in r:
            tag = child.tag
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag in (_W + "drawing", _W + "pict", _MC + "AlternateContent", _W + "object"):
                self._boxes(child)
        return "".join(parts)

    def _boxes(self, element) -> None:
        """Count text boxes (a box in ``mc:AlternateContent`` is there twice: once only)."""
        choice = element.find(_MC + "Choice") if element.tag == _MC + "AlternateContent" \
            else None
        scope = choice if choice is not None else element
        for box in scope.iter(_W + "txbxContent"):
            self._leave_out("text boxes", _plain(box))

    def _leave_out(self, what: str, text: str) -> None:
        if not self.first_left_out.get(what, "").strip():
            self.first_left_out[what] = text
        self.left_out[what] += 1

    def _is_bold(self, r) -> bool:
        rpr = r.find(_W + "rPr")
        if rpr is None:
            return False
        b = rpr.find(_W + "b")
        if b is not None:
            return b.get(_W + "val", "true").lower() not in _FALSE
        style = rpr.find(_W + "rStyle")
        return style is not None and style.get(_W + "val") in self.bold_styles

    # -- tables ---------------------------------------------------------------------
    def rows(self, tbl) -> list[list[str]]:
        """The cells of each row as text; a nested table's rows become lines in its cell."""
        rows = []
        for tr in self._content(tbl):
            if tr.tag != _W + "tr":
                continue
            rows.append([self.cell_text(tc) for tc in self._content(tr) if tc.tag == _W + "tc"])
        return rows

    def cell_text(self, tc) -> str:
        lines = []
        for child in self._content(tc):
            if child.tag == _W + "p":
                lines.append(self.paragraph(child).text)
            elif child.tag == _W + "tbl":
                lines.extend(b.text for b in table_blocks(self.rows(child)))
        return "\n".join(lines)

    def warnings(self) -> list[str]:
        return [ImportWarning("left_out", n, what,
                              excerpt(t) if (t := self.first_left_out.get(what, "")).strip() else "")
                for what, n in self.left_out.items()]


def _first(element, tag):
    found = element.find(tag)
    return found if found is not None else ()


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
        if len(cells) >= 2 and 0 < len(cells[0]) <= 40 and len(cells[0].split()) <= 4 \
                and "\n" not in cells[0]:
            label, utterance = clean_label(cells[0]), " ".join(c for c in cells[1:] if c)
            if i == 0 and label.lower() in _HEADER_LABELS:
                continue
            if utterance:
                blocks.append(Block(f"{label}: {utterance}", label=label,
                                    media_start_ms=time_ms))
                continue
        blocks.extend(Block(line) for c in cells for line in c.split("\n") if line.strip())
    return blocks
