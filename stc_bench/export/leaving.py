"""Checks on what an export is about to write, before anything is written.

The text a writer puts into the file is cut into located pieces (Word paragraphs, lines,
CSV rows) and handed to the anonymity check the caller gives (``ExportOptions.scan``: the
command line passes ``nlp.anonymity``'s, which this layer cannot import). With
``--strict`` any finding refuses the export. A chapter whose quotes come mostly from one
informant is warned about: the informant may be recognised from what they said together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from docx.oxml.ns import qn

from ..domain.privacy import Finding, IdentifiersFound
from .chapter import ChapterModel, QuoteBlock
from .snapshot import ProjectSnapshot

Pieces = list[tuple[str, str]]
Scan = Callable[[Iterable[tuple[str, str]]], list[Finding]]
#: Recognisability: warn when one informant gives more than this share of the quotes of a
#: code group (or of the whole chapter) that has at least MIN_QUOTES quotes. Half is where
#: a reader stops hearing a group of informants and starts hearing one person.
MAX_SHARE = 0.5
MIN_QUOTES = 4


def docx_pieces(doc) -> Pieces:
    """Every paragraph of a python-docx document (body, tables, headers, footers) with
    its number, and the document's title property."""
    pieces = [("title", doc.core_properties.title or "")]
    parts = [("", doc.element.body)]
    for s_index, section in enumerate(doc.sections, 1):
        for kind in ("header", "footer"):
            part = getattr(section, kind)
            if not part.is_linked_to_previous:
                parts.append((f"section {s_index} {kind} ", part._element))
    for prefix, element in parts:
        for n, para in enumerate(element.iter(qn("w:p")), 1):
            text = "".join(t.text or "" for t in para.iter(qn("w:t")))
            if text.strip():
                pieces.append((f"{prefix}paragraph {n}", text))
    return [p for p in pieces if p[1].strip()]


def text_pieces(text: str, unit: str = "line") -> Pieces:
    """Each non-empty line of ``text`` as ``line N`` (``row N`` for CSV)."""
    return [(f"{unit} {n}", line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def check(scan: Scan | None, strict: bool, target: Path, pieces: Pieces) -> list[Finding]:
    """The findings of ``scan`` in ``pieces``; with ``strict`` any finding refuses."""
    if scan is None:
        return []
    findings = scan(pieces)
    if strict and findings:
        raise IdentifiersFound(f"{target}: not written: {len(findings)} possible identifier(s) "
                               "in what it would contain (listed above); pseudonymise them, or "
                               "export without --strict", findings)
    return findings


def concentration_warnings(snapshot: ProjectSnapshot, chapter: ChapterModel) -> list[str]:
    """Code groups (and the chapter) where one informant gives most of the quotes."""
    out: list[str] = []
    everyone: Counter[str] = Counter()
    for section in chapter.sections:
        blocks = list(section.blocks) + [b for sub in section.subsections for b in sub.blocks]
        who = Counter(_label(snapshot, b.unit_id) for b in blocks if isinstance(b, QuoteBlock))
        everyone += who
        out += _too_many(who, f"code group {section.heading!r}")
    if len(chapter.sections) > 1:
        out += _too_many(everyone, "the chapter")
    return out


def _label(snapshot: ProjectSnapshot, unit_id: int) -> str:
    informant = snapshot.informant_of_unit(unit_id)
    return informant.label if informant is not None else "?"


def _too_many(who: Counter[str], where: str) -> list[str]:
    total = sum(who.values())
    if total < MIN_QUOTES:
        return []
    label, count = who.most_common(1)[0]
    if count / total <= MAX_SHARE:
        return []
    return [f"{where}: {count} of {total} quotes ({count / total:.0%}) are from {label}; "
            "one informant's quotes together may make them recognisable (warned above half "
            f"of {MIN_QUOTES} or more quotes)"]
