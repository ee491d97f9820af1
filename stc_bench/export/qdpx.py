"""Writing REFI-QDA: ``project.qde`` and ``sources/`` zipped as a .qdpx, and the .qdc
codebook. The XML is built with lxml in the schema's element order, validated against
the official XSD before anything is written, and zipped deterministically (sorted
entries, fixed timestamps), so an unchanged project exports to the same bytes."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..domain.errors import StcError
from ..domain.refi import A_PRIORI_KIND, KIND_SET_PREFIX, Exchange, XCode, XNote, XSource
from .files import write_export

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
#: Every zip entry gets this timestamp: the bytes must not depend on the day of export.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@cache
def schema(name: str) -> etree.XMLSchema:
    """The official schema (``Project`` or ``Codebook``) shipped in stc_bench/data/refi."""
    data = resources.files("stc_bench.data").joinpath(f"refi/{name}.xsd").read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.fromstring(data, parser))


def _el(parent, tag: str, ns: str = NS_PROJECT, **attrs) -> etree._Element:
    attrs = {k: v for k, v in attrs.items() if v not in (None, "")}
    return etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)


def _text(parent, tag: str, text: str, ns: str = NS_PROJECT) -> None:
    if text:
        _el(parent, tag, ns).text = text


def _refs(parent, tag: str, guids: list[str]) -> None:
    for guid in guids:
        _el(parent, tag, targetGUID=guid)


def _dt(value: str) -> str | None:
    """An ``xsd:dateTime`` from a stored UTC time, or None when there is none."""
    return value if value and "T" in value else None


def project_xml(ex: Exchange) -> bytes:
    root = etree.Element(f"{{{NS_PROJECT}}}Project", nsmap={None: NS_PROJECT},
                         name=ex.name, origin=ex.origin)
    if _dt(ex.created):
        root.set("creationDateTime", ex.created)
    if ex.users:
        users = _el(root, "Users")
        for u in ex.users:
            _el(users, "User", guid=u.guid, name=u.name)
    if ex.codes:
        _codes(_el(_el(root, "CodeBook"), "Codes"), ex.codes, NS_PROJECT)
    if ex.variables:
        variables = _el(root, "Variables")
        for v in ex.variables:
            _el(variables, "Variable", guid=v.guid, name=v.name, typeOfVariable=v.type)
    if ex.cases:
        types = {v.guid: v.type for v in ex.variables}
        cases = _el(root, "Cases")
        for c in ex.cases:
            case = _el(cases, "Case", guid=c.guid, name=c.name)
            _text(case, "Description", c.description)
            for guid, value in c.values:
                vv = _el(case, "VariableValue")
                _el(vv, "VariableRef", targetGUID=guid)
                _el(vv, f"{types[guid]}Value").text = _value(value)
            _refs(case, "SourceRef", c.sources)
    if ex.sources:
        sources = _el(root, "Sources")
        for s in ex.sources:
            _source(sources, s)
    if ex.notes:
        notes = _el(root, "Notes")
        for n in ex.notes:
            _note(notes, n)
    if ex.links:
        links = _el(root, "Links")
        for link in ex.links:
            _el(links, "Link", guid=link.guid, name=link.name, direction="OneWay",
                originGUID=link.origin, targetGUID=link.target)
    if ex.sets:
        sets = _el(root, "Sets")
        for member_set in ex.sets:
            el = _el(sets, "Set", guid=member_set.guid, name=member_set.name)
            _text(el, "Description", member_set.description)
            _refs(el, "MemberCode", member_set.codes)
            _refs(el, "MemberSource", member_set.sources)
            _refs(el, "MemberNote", member_set.notes)
    _text(root, "Description", ex.description)
    _refs(root, "NoteRef", ex.project_notes)
    return _checked(root, "Project")


def codebook_xml(ex: Exchange) -> bytes:
    """The .qdc: codes, the theme sets and the set of a-priori code groups (a codebook
    set lists codes only)."""
    if not ex.codes:
        raise StcError("export qdc: the project has no code groups; a REFI codebook needs at least one code")
    root = etree.Element(f"{{{NS_CODEBOOK}}}CodeBook", nsmap={None: NS_CODEBOOK}, origin=ex.origin)
    _codes(_el(root, "Codes", NS_CODEBOOK), ex.codes, NS_CODEBOOK)
    themes = [s for s in ex.sets if not s.name.startswith(KIND_SET_PREFIX)
              or s.name == KIND_SET_PREFIX + A_PRIORI_KIND]
    if themes:
        sets = _el(root, "Sets", NS_CODEBOOK)
        for s in themes:
            el = _el(sets, "Set", NS_CODEBOOK, guid=s.guid, name=s.name)
            _text(el, "Description", s.description, NS_CODEBOOK)
            for guid in s.codes:
                _el(el, "MemberCode", NS_CODEBOOK, guid=guid)
    return _checked(root, "Codebook")


def _codes(parent, codes: list[XCode], ns: str) -> None:
    for code in codes:
        el = _el(parent, "Code", ns, guid=code.guid, name=code.name,
                 isCodable="true" if code.codable else "false")
        _text(el, "Description", code.description, ns)
        if ns == NS_PROJECT:
            _refs(el, "NoteRef", code.notes)
        _codes(el, code.children, ns)


def _source(parent, s: XSource) -> None:
    el = _el(parent, "TextSource", guid=s.guid, name=s.name, plainTextPath=f"internal://{s.guid}.txt")
    for sel in s.selections:
        sel_el = _el(el, "PlainTextSelection", guid=sel.guid, name=sel.name,
                     startPosition=str(sel.start), endPosition=str(sel.end),
                     creationDateTime=_dt(sel.created))
        _text(sel_el, "Description", sel.description)
        for coding in sel.codings:
            _el(_el(sel_el, "Coding", guid=coding.guid), "CodeRef", targetGUID=coding.code)
        _refs(sel_el, "NoteRef", sel.notes)
    _refs(el, "NoteRef", s.notes)


def _note(parent, n: XNote) -> None:
    el = _el(parent, "Note", guid=n.guid, name=n.name, creatingUser=n.user or None,
             creationDateTime=_dt(n.created))
    _text(el, "Description", n.description)
    # the text inline: a note is short, and it keeps sources/ to the transcripts
    _el(el, "PlainTextContent").text = n.text
    _refs(el, "NoteRef", n.notes)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def _checked(root, schema_name: str) -> bytes:
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    xsd = schema(schema_name)
    if not xsd.validate(root):
        raise StcError(f"export: the REFI-QDA {schema_name} XML would not be valid "
                       f"({xsd.error_log.last_error}); please report this as a bug")
    return data


def qdpx_bytes(ex: Exchange) -> dict[str, bytes]:
    """The entries of the .qdpx: ``project.qde`` and ``sources/<guid>.txt`` (UTF-8, no BOM,
    LF: byte for byte the text the positions count in)."""
    entries = {"project.qde": project_xml(ex)}
    for s in ex.sources:
        entries[f"sources/{s.guid}.txt"] = s.text.encode("utf-8")
    return entries


def write_zip(path: Path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries, key=lambda n: (n != "project.qde", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name])


def write_qdpx(ex: Exchange, target: Path, *, force: bool = False) -> Path:
    entries = qdpx_bytes(ex)
    return write_export(target, lambda tmp: write_zip(tmp, entries), force=force)


def write_qdc(ex: Exchange, target: Path, *, force: bool = False) -> Path:
    data = codebook_xml(ex)
    return write_export(target, lambda tmp: tmp.write_bytes(data), force=force)


def export_qdpx(wb, project_ref, target: Path | None = None, *, force: bool = False):
    """Write the project as a REFI-QDA Project (.qdpx); returns (path, warnings)."""
    from .files import default_target
    from .refi_model import build_exchange

    ex = build_exchange(wb)
    path = write_qdpx(ex, target or default_target(project_ref, "project", "qdpx"), force=force)
    return path, ex.warnings


def export_qdc(wb, project_ref, target: Path | None = None, *, force: bool = False):
    """Write the code groups, subgroups and themes as a REFI-QDA Codebook (.qdc)."""
    from .files import default_target
    from .refi_model import build_exchange

    ex = build_exchange(wb)
    path = write_qdc(ex, target or default_target(project_ref, "codebook", "qdc"), force=force)
    return path, []
