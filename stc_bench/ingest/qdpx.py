"""Reading REFI-QDA .qdpx (and .qdc) written by any tool into an
:class:`~stc_bench.domain.refi.Exchange`.

A .qdpx is untrusted: the zip is checked (paths, sizes, entry count, encryption) and the
XML parsed without DTDs, entities or network before anything is read, and any problem
is one :class:`QdpxError`. Nothing is written here; the service stores the result in one
transaction. Positions are converted by producer (``domain/refi.py``), checked against
the selection's excerpt and, when they do not line up, quarantined (``selections``
module), never stored shifted.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from lxml import etree

from ..domain.errors import StcError
from ..domain.refi import (
    Exchange,
    XCase,
    XCode,
    XCoding,
    XLink,
    XNote,
    XSelection,
    XSet,
    XSource,
    XUser,
    XVariable,
    norm_guid,
)
from .qdpx_text import attach_texts

_MB = 1024 * 1024
#: Limits for an exchange file: a thesis project (a few dozen transcripts, a few thousand
#: codings) is far below each, so anything above is refused as hostile or broken.
MAX_ENTRIES = 10_000
MAX_ENTRY_MB = 64          # one .qde or one transcript
MAX_TOTAL_MB = 512         # everything unpacked
MAX_PATH_DEPTH = 8
MAX_RATIO = 200            # unpacked / packed per entry (a zip bomb compresses ~1000:1)
_NS = re.compile(r"^\{urn:QDA-XML:(project|codebook):[^}]*\}")


class QdpxError(StcError):
    """An exchange file that cannot be read; nothing was imported."""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(el, name: str) -> list:
    return [c for c in el if _local(c.tag) == name]


def _kid(el, name: str):
    found = _kids(el, name)
    return found[0] if found else None


def _text(el, name: str) -> str:
    found = _kid(el, name)
    return (found.text or "") if found is not None else ""


def _refs(el, name: str, attr: str = "targetGUID") -> list[str]:
    return [norm_guid(r.get(attr)) for r in _kids(el, name) if r.get(attr)]


# -- the archive ------------------------------------------------------------------------

def open_qdpx(path: Path) -> tuple[zipfile.ZipFile, str]:
    """The checked zip and the name of its one ``.qde``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise QdpxError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise QdpxError(f"{path}: is not a .qdpx (not a zip archive)") from None
    if len(infos) > MAX_ENTRIES:
        raise QdpxError(f"{path}: has {len(infos)} entries, more than {MAX_ENTRIES}")
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if (name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts
                or "\x00" in name):
            raise QdpxError(f"{path}: entry {name!r} points outside the archive (zip-slip); "
                            "refused, nothing imported")
        if len(parts) > MAX_PATH_DEPTH:
            raise QdpxError(f"{path}: entry {name!r} is nested {len(parts)} folders deep; "
                            "a .qdpx is flat")
        if info.flag_bits & 0x1:
            raise QdpxError(f"{path}: has encrypted entries; export it again without a password")
        if info.file_size > MAX_ENTRY_MB * _MB:
            raise QdpxError(f"{path}: entry {name!r} would unpack to {info.file_size / _MB:.0f} MB, "
                            f"over the {MAX_ENTRY_MB} MB limit")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > _MB:
            raise QdpxError(f"{path}: entry {name!r} is compressed {info.file_size // info.compress_size}:1 "
                            "(a zip bomb?); refused")
        total += info.file_size
    if total > MAX_TOTAL_MB * _MB:
        raise QdpxError(f"{path}: would unpack to {total / _MB:.0f} MB, over the {MAX_TOTAL_MB} MB limit")
    qdes = [i.filename for i in infos if "/" not in i.filename.strip("/")
            and i.filename.lower().endswith(".qde")]
    if len(qdes) != 1:
        raise QdpxError(f"{path}: a .qdpx holds one .qde at its top level; found {len(qdes)}")
    return zf, qdes[0]


def read_entry(zf: zipfile.ZipFile, name: str, where: str) -> bytes:
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_ENTRY_MB * _MB + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise QdpxError(f"{where}: entry {name!r} is damaged ({type(exc).__name__})") from None
    if len(data) > MAX_ENTRY_MB * _MB:
        raise QdpxError(f"{where}: entry {name!r} is larger than it says (a zip bomb?)")
    return data


def parse_xml(data: bytes, where: str, root_name: str):
    """The root of untrusted REFI XML: no DTD (so no entities, no XXE, no billion laughs),
    no network, lxml's depth and size limits; any REFI namespace version."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:_MB]) or b"<!ENTITY" in data:
        raise QdpxError(f"{where}: has a DTD or entity declarations, which REFI files never "
                        "need (an XML entity attack?); refused, nothing imported")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise QdpxError(f"{where}: is not well-formed XML ({exc.msg}, line {exc.lineno})") from None
    if _local(root.tag) != root_name or ("}" in root.tag and not _NS.match(root.tag)):
        raise QdpxError(f"{where}: is not a REFI-QDA {root_name} (root element {root.tag!r})")
    return root


# -- the XML ----------------------------------------------------------------------------

def read_qdpx(path: Path, settings: dict | None = None) -> Exchange:
    zf, qde = open_qdpx(path)
    with zf:
        root = parse_xml(read_entry(zf, qde, str(path)), f"{path}: {qde}", "Project")
        ex = _project(root)
        attach_texts(ex, root, zf, str(path), lambda name: read_entry(zf, name, str(path)), settings)
    return ex


def read_qdc(path: Path, settings: dict | None = None) -> Exchange:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise QdpxError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_ENTRY_MB * _MB:
        raise QdpxError(f"{path}: is over {MAX_ENTRY_MB} MB, not a codebook")
    root = parse_xml(data, str(path), "CodeBook")
    ex = Exchange(name=Path(path).stem, origin=root.get("origin") or "")
    codes = _kid(root, "Codes")
    ex.codes = [_code(c) for c in _kids(codes, "Code")] if codes is not None else []
    sets = _kid(root, "Sets")
    for s in _kids(sets, "Set") if sets is not None else []:
        ex.sets.append(XSet(norm_guid(s.get("guid")), s.get("name") or "", _text(s, "Description"),
                            codes=_refs(s, "MemberCode", "guid") + _refs(s, "MemberCode")))
    return ex


def _code(el) -> XCode:
    return XCode(norm_guid(el.get("guid")), (el.get("name") or "").strip() or "(uten navn)",
                 (el.get("isCodable") or "true").lower() not in ("false", "0"),
                 _text(el, "Description"), [_code(c) for c in _kids(el, "Code")],
                 _refs(el, "NoteRef"))


def _project(root) -> Exchange:
    ex = Exchange(name=root.get("name") or "", origin=root.get("origin") or "",
                  created=root.get("creationDateTime") or "", description=_text(root, "Description"),
                  project_notes=_refs(root, "NoteRef"))
    users = _kid(root, "Users")
    for u in _kids(users, "User") if users is not None else []:
        ex.users.append(XUser(norm_guid(u.get("guid")), u.get("name") or u.get("id") or ""))
    book = _kid(root, "CodeBook")
    codes = _kid(book, "Codes") if book is not None else None
    ex.codes = [_code(c) for c in _kids(codes, "Code")] if codes is not None else []
    variables = _kid(root, "Variables")
    for v in _kids(variables, "Variable") if variables is not None else []:
        ex.variables.append(XVariable(norm_guid(v.get("guid")), v.get("name") or "",
                                      v.get("typeOfVariable") or "Text"))
    cases = _kid(root, "Cases")
    for c in _kids(cases, "Case") if cases is not None else []:
        case = XCase(norm_guid(c.get("guid")), c.get("name") or "", _text(c, "Description"),
                     sources=_refs(c, "SourceRef"))
        for vv in _kids(c, "VariableValue"):
            value = _variable_value(vv)
            if value is not None:
                case.values.append(value)
        ex.cases.append(case)
    sources = _kid(root, "Sources")
    for s in list(sources) if sources is not None else []:
        kind = _local(s.tag)
        if kind != "TextSource":
            ex.unsupported.append(f"{kind} {s.get('name') or s.get('guid')!r}: only text sources "
                                  f"are imported ({len(list(s.iter()))} elements left out)")
            continue
        ex.sources.append(_text_source(s, ex))
    notes = _kid(root, "Notes")
    for n in _kids(notes, "Note") if notes is not None else []:
        ex.notes.append(XNote(norm_guid(n.get("guid")), n.get("name") or "", "",
                              _text(n, "Description"), _refs(n, "NoteRef"),
                              norm_guid(n.get("creatingUser")), n.get("creationDateTime") or ""))
    links = _kid(root, "Links")
    for link in _kids(links, "Link") if links is not None else []:
        ex.links.append(XLink(norm_guid(link.get("guid")), link.get("name") or "",
                              norm_guid(link.get("originGUID")), norm_guid(link.get("targetGUID"))))
    sets = _kid(root, "Sets")
    for s in _kids(sets, "Set") if sets is not None else []:
        ex.sets.append(XSet(norm_guid(s.get("guid")), s.get("name") or "", _text(s, "Description"),
                            _refs(s, "MemberCode"), _refs(s, "MemberNote"), _refs(s, "MemberSource")))
    graphs = _kid(root, "Graphs")
    if graphs is not None and len(graphs):
        ex.unsupported.append(f"{len(graphs)} graph(s): stc-bench has no graphs; left out")
    return ex


def _variable_value(vv):
    ref = _kid(vv, "VariableRef")
    if ref is None:
        return None
    for el in vv:
        kind = _local(el.tag)
        if kind.endswith("Value") and el.text is not None:
            text = el.text.strip()
            if kind == "BooleanValue":
                return norm_guid(ref.get("targetGUID")), text.lower() in ("true", "1")
            if kind == "IntegerValue":
                try:
                    return norm_guid(ref.get("targetGUID")), int(text)
                except ValueError:
                    return norm_guid(ref.get("targetGUID")), text
            if kind == "FloatValue":
                try:
                    return norm_guid(ref.get("targetGUID")), float(text)
                except ValueError:
                    return norm_guid(ref.get("targetGUID")), text
            return norm_guid(ref.get("targetGUID")), text
    return None


def _text_source(s, ex: Exchange) -> XSource:
    src = XSource(norm_guid(s.get("guid")), s.get("name") or "", "", notes=_refs(s, "NoteRef"))
    whole = _kids(s, "Coding")
    if whole:
        ex.unsupported.append(f"{len(whole)} coding(s) of the whole source {src.name or src.guid!r}: "
                              "stc-bench codes meaning units, not whole transcripts; left out")
    for sel in _kids(s, "PlainTextSelection"):
        try:
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        except (TypeError, ValueError):
            ex.unsupported.append(f"a selection in {src.name or src.guid!r} without numeric positions")
            continue
        src.selections.append(XSelection(
            norm_guid(sel.get("guid")), start, end, name=sel.get("name") or "",
            codings=[XCoding(norm_guid(c.get("guid")), ref)
                     for c in _kids(sel, "Coding") for ref in _refs(c, "CodeRef")[:1]],
            notes=_refs(sel, "NoteRef"), description=_text(sel, "Description"),
            user=norm_guid(sel.get("creatingUser")), created=sel.get("creationDateTime") or ""))
    return src
