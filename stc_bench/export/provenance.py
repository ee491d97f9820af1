"""Chapter provenance: invisible tags in the .docx and the trail position at export.

Every exported quote, lead-in and analytic paragraph is wrapped in a bookmark whose name
holds what it came from and a hash of the text as exported; headings carry the id of
their code group or subgroup. Bookmarks whose names start with ``_`` are hidden in
Word's bookmark list, survive editing, resaving and LibreOffice, and span a paragraph
the student splits in two. The document's custom properties record the project and the
trail's seq and head hash, so ``audit chapter`` can tell what changed since.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

PROPERTY_NAMES = {"project": "stc-bench project", "seq": "stc-bench seq",
                  "head": "stc-bench head hash", "part": "stc-bench part"}
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the id Word gives user properties
# _stcQ12U34Hab12cd34ef: quote 12 of unit 34; _stcP5N2H…: paragraph 2 of analytic text 5;
# _stcL12H…: the lead-in of quote 12; _stcS3 / _stcG1: subgroup / code group headings.
TAG = re.compile(r"^_stc(?:Q(?P<quote>\d+)U(?P<unit>\d+)|P(?P<text>\d+)N(?P<index>\d+)"
                 r"|L(?P<lead>\d+)|S(?P<sub>\d+)|G(?P<group>\d+))(?:H(?P<hash>[0-9a-f]+))?$")


@dataclass(frozen=True)
class Tag:
    kind: str  # quote, paragraph, lead_in, subgroup, code_group
    ids: tuple[int, ...]
    hash: str = ""


def normalise(text: str) -> str:
    """Text as compared: NFC, whitespace runs as one space (Word and LibreOffice re-flow
    spaces and split paragraphs; neither changes the words)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:10]


def quote_tag(quote_id: int, unit_id: int, words: str) -> str:
    return f"_stcQ{quote_id}U{unit_id}H{text_hash(words)}"


def paragraph_tag(text_id: int, index: int, text: str) -> str:
    return f"_stcP{text_id}N{index}H{text_hash(text)}"


def lead_in_tag(quote_id: int, text: str) -> str:
    return f"_stcL{quote_id}H{text_hash(text)}"


def heading_tag(kind: str, entity_id: int) -> str:
    return f"_stc{'S' if kind == 'subgroup' else 'G'}{entity_id}"


def parse_tag(name: str) -> Tag | None:
    match = TAG.match(name or "")
    if not match:
        return None
    g = match.groupdict()
    h = g["hash"] or ""
    if g["quote"]:
        return Tag("quote", (int(g["quote"]), int(g["unit"])), h)
    if g["text"]:
        return Tag("paragraph", (int(g["text"]), int(g["index"])), h)
    if g["lead"]:
        return Tag("lead_in", (int(g["lead"]),), h)
    return Tag("subgroup", (int(g["sub"]),)) if g["sub"] else Tag("code_group", (int(g["group"]),))


class Bookmarks:
    """Adds bookmarks around whole paragraphs, numbering them after any the template has."""

    def __init__(self, doc):
        ids = [int(b.get(qn("w:id"))) for b in doc.element.body.iter(qn("w:bookmarkStart"))
               if (b.get(qn("w:id")) or "").isdigit()]
        self.next_id = max(ids, default=0) + 1

    def wrap(self, paragraph, name: str) -> None:
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        p = paragraph._p
        p.insert(1 if p.pPr is not None else 0, start)
        p.append(end)


# -- custom document properties -------------------------------------------------------------

def _custom_part(doc, create: bool):
    package = doc.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            return rel.target_part
    if not create:
        return None
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES,
                b'<Properties xmlns="%s" xmlns:vt="%s"/>' % (_CUSTOM_NS.encode(), _VT_NS.encode()),
                package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    return part


def read_properties(doc) -> dict[str, str]:
    """The document's custom properties as text (Word's File › Properties › Custom)."""
    part = _custom_part(doc, create=False)
    if part is None:
        return {}
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return {}
    return {p.get("name"): "".join(p.itertext()).strip()
            for p in root.iter(f"{{{_CUSTOM_NS}}}property")}


def write_properties(doc, values: dict[str, str]) -> None:
    """Set text properties, keeping a template's own ones."""
    part = _custom_part(doc, create=True)
    merged = {**read_properties(doc), **values}
    props = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(str(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(merged.items(), 2))
    part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{props}</Properties>'
                  ).encode()


def project_id(project) -> str:
    """A stable id for a project: its creation time does not change when the file is
    renamed, copied or retitled (the head hash at export then ties the chapter to the
    trail itself)."""
    return "stc-" + hashlib.sha256(f"{project.created_at}".encode()).hexdigest()[:16]
