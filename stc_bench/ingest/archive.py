"""Zip-based formats (.docx, .odt): safety checks, and their XML parts read as a stream.

Nothing here builds a whole document tree: :func:`body_children` hands out one
top-level element of the body at a time and frees it afterwards, so memory stays
bounded by the largest paragraph or table, not by the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from .base import MAX_UNZIPPED_MB, MAX_XML_MB, IngestError

_MAX_MEMBERS = 5000
_MB = 1024 * 1024


def open_archive(data: bytes, fmt: str) -> zipfile.ZipFile:
    """The zip of a .docx/.odt, refused if encrypted or if it would unpack to more than the cap.

    The declared sizes bound what ``zipfile`` will decompress (it stops at the declared
    size), so checking them first is enough to stop a zip bomb.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as exc:  # noqa: BLE001 - a corrupt directory raises many kinds
        raise IngestError(f"is a damaged or truncated .{fmt} ({type(exc).__name__}); open it "
                          "in Word or LibreOffice and save it again") from None
    if len(infos) > _MAX_MEMBERS:
        raise IngestError(f"is a .{fmt} with {len(infos)} parts, more than {_MAX_MEMBERS}; "
                          "it is not a normal transcript")
    if any(info.flag_bits & 0x1 for info in infos):
        raise IngestError(f"is an encrypted .{fmt}; remove the password and save a copy, "
                          "then import that")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_MB * _MB:
        raise IngestError(f"would unpack to {total / _MB:.0f} MB, over the "
                          f"{MAX_UNZIPPED_MB} MB safety cap for .{fmt} files (a zip bomb?); "
                          "open it in Word and save a copy without embedded media")
    return zf


def check_archive(data: bytes, fmt: str) -> None:
    """Refuse archives that are encrypted or would unpack to more than the cap."""
    open_archive(data, fmt).close()


def damaged(fmt: str, exc: BaseException) -> IngestError:
    text = str(exc)
    if isinstance(exc, etree.XMLSyntaxError) and ("XML_PARSE_HUGE" in text or
                                                  "Resource limit" in text):
        return IngestError(f"has XML beyond what a transcript holds (a text run over 10 MB or "
                           f"nesting over 256 levels deep); open the .{fmt} in Word or "
                           "LibreOffice, save a copy and import that")
    return IngestError(f"is a damaged .{fmt} ({type(exc).__name__}); open it in Word or "
                       "LibreOffice and save it again")


#: What reading a zip member or its XML raises on a damaged file.
READ_ERRORS = (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError,
               KeyError, ValueError, NotImplementedError, RuntimeError)


def body_children(zf: zipfile.ZipFile, member: str, body_tag: str,
                  fmt: str) -> Iterator[etree._Element]:
    """Each complete child element of the first ``body_tag`` element of ``member``, in order.

    The XML is parsed as a stream; an element is cleared once the caller is done with
    it. A part larger than ``MAX_XML_MB`` or one with a DTD (entity bombs; Word and
    LibreOffice never write one) is refused.
    """
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise IngestError(f"is not a valid .{fmt} (it has no {member}); open it in Word or "
                          "LibreOffice and save it again") from None
    if info.file_size > MAX_XML_MB * _MB:
        raise IngestError(f"holds {info.file_size / _MB:.0f} MB of XML in {member}, over the "
                          f"{MAX_XML_MB} MB limit (a transcript of many hours is under 20 MB); "
                          "open it in Word, save a copy and import that")
    try:
        with zf.open(member) as raw:
            head = raw.read(4096)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise IngestError(f"has a DTD in {member}, which Word and LibreOffice never write "
                              "(an XML entity bomb?); open it in Word and save a copy")
        with zf.open(member) as raw:
            yield from _children(raw, body_tag)
    except IngestError:
        raise
    except READ_ERRORS as exc:
        raise damaged(fmt, exc) from None


#: Most XML elements one paragraph or table may hold before it is freed (a real one has
#: a few thousand; a whole interview in one table ~100,000). Bounds memory per element.
MAX_ELEMENTS = 500_000


def _children(raw, body_tag: str) -> Iterator[etree._Element]:
    depth, body_depth, pending = 0, None, 0
    for event, elem in etree.iterparse(raw, events=("start", "end"), resolve_entities=False,
                                       no_network=True, load_dtd=False, huge_tree=False,
                                       remove_comments=True, remove_pis=True):
        if event == "start":
            depth += 1
            pending += 1
            if pending > MAX_ELEMENTS:
                raise IngestError(f"has a paragraph or table of over {MAX_ELEMENTS:,} XML "
                                  "parts, which no transcript has; open it in Word, save a "
                                  "copy and import that")
            if body_depth is None and elem.tag == body_tag:
                body_depth = depth
            continue
        depth -= 1
        if body_depth is not None and depth == body_depth:
            yield elem
        if depth <= (body_depth or 1):
            _free(elem)
            pending = 0
        if body_depth is not None and depth < body_depth:
            body_depth = -1  # only the first body


def _free(elem) -> None:
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


def part_roots(zf: zipfile.ZipFile, member: str, fmt: str, limit_mb: float = 16):
    """A small part (styles, footnotes, comments) parsed whole, or None if it is absent."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    if info.file_size > limit_mb * _MB:
        raise IngestError(f"holds {info.file_size / _MB:.0f} MB of XML in {member}, over the "
                          f"{limit_mb:g} MB limit; open it in Word, save a copy and import that")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        data = zf.read(member)
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
            raise IngestError(f"has a DTD in {member}, which Word and LibreOffice never write "
                              "(an XML entity bomb?); open it in Word and save a copy")
        return etree.fromstring(data, parser)
    except IngestError:
        raise
    except READ_ERRORS as exc:
        raise damaged(fmt, exc) from None
