"""The texts of a .qdpx: finding each source's and note's plain text, and carrying each
selection's positions from the producer's counting into stc-bench's normalised text.

A selection whose positions do not land on its own excerpt under the producer's counting
(nor under any other counting in use: code points or UTF-16 units, CRLF as one or two)
is quarantined: listed in the import report, never stored shifted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import product

from ..domain.refi import (
    UNITS_CODEPOINT,
    UNITS_UTF16,
    Exchange,
    Quarantined,
    XSource,
    norm_guid,
    normalise_with_map,
    producer_counting,
    raw_positions,
)
from ..domain.transcript import TranscriptDraft, TurnDraft
from .base import IngestError
from .speakers import SpeakerRules
from .text import decode, text_blocks
from .turns import build_draft


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name: str):
    return next((c for c in el if _local(c.tag) == name), None)


def attach_texts(ex: Exchange, root, zf, where: str, read, settings=None) -> None:
    """Fill in source and note texts, convert selections, quarantine what does not fit."""
    entries: dict[str, str] = {}
    for info in zf.infolist():
        if not info.is_dir():
            entries.setdefault(info.filename.lower(), info.filename)
            entries.setdefault("@" + info.filename.rsplit("/", 1)[-1].lower(), info.filename)
    elements = {norm_guid(el.get("guid")): el for el in root.iter()
                if _local(el.tag) in ("TextSource", "Note") and el.get("guid")}

    def text_of(el, what: str) -> str | None:
        inline = _child(el, "PlainTextContent")
        if inline is not None and inline.text:
            return inline.text
        path = el.get("plainTextPath") or ""
        if not path:
            return "" if inline is not None else None
        scheme, _, rest = path.partition("://")
        if not rest:  # qc 1.3 wrote a bare file name
            scheme, rest = "internal", path
        if scheme.lower() != "internal":
            ex.unsupported.append(f"{what}: its text is outside the archive ({path}); left out")
            return None
        rest = rest.lstrip("/")
        name = entries.get(f"sources/{rest}".lower()) or entries.get("@" + rest.rsplit("/", 1)[-1].lower())
        if name is None:
            ex.unsupported.append(f"{what}: its text file {path} is not in the archive; left out")
            return None
        try:
            text, _enc = decode(read(name))
        except IngestError as exc:
            ex.unsupported.append(f"{what}: {name} {exc}; left out")
            return None
        return text.lstrip("\ufeff")  # a BOM is never counted (NVivo, QualCoder)

    for note in ex.notes:
        el = elements.get(note.guid)
        note.text = (text_of(el, f"note {note.name!r}") or "") if el is not None else ""
    unit, crlf_two = producer_counting(ex.origin)
    kept = []
    for src in ex.sources:
        what = f"source {src.name or src.guid!r}"
        raw = text_of(elements[src.guid], what) if src.guid in elements else None
        if raw is None:
            if src.selections:
                ex.unsupported.append(f"{what}: {len(src.selections)} selection(s) left out with it")
            continue
        if not src.name:
            src.name = (elements[src.guid].get("plainTextPath") or src.guid).rsplit("/", 1)[-1]
        src.text, mapping = normalise_with_map(raw)
        if not src.text.strip():
            ex.unsupported.append(f"{what}: has no text (a DOCX whose .txt is empty?); left out")
            continue
        _convert(ex, src, raw, mapping, unit, crlf_two)
        src.draft = _draft(src.text, settings)
        kept.append(src)
    ex.sources = kept


def _draft(text: str, settings=None) -> TranscriptDraft:
    """Speaker turns found in the text as an imported .txt would have them (with the
    project's own speaker-label patterns)."""
    draft = build_draft(text_blocks(text), "qdpx", SpeakerRules.from_settings(settings))
    if draft.text == text:
        return TranscriptDraft(text, draft.turns, "qdpx", draft.warnings)
    return TranscriptDraft(text, (TurnDraft("", 0, len(text)),), "qdpx", ())


_EXCERPT_NOISE = re.compile(r"^line:\d+$")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _fits(excerpt: str, got: str) -> bool:
    """Does the selected text agree with the producer's excerpt? Tools cut long excerpts
    with an ellipsis at the end (or in the middle: ATLAS.ti)."""
    e, g = _squash(excerpt), _squash(got)
    if not e or e == g:
        return True
    for cut in ("…", "..."):
        if e.endswith(cut) and g.startswith(e[:-len(cut)].rstrip()):
            return True
    if "…" in e:
        head, tail = e.split("…")[0].strip(), e.split("…")[-1].strip()
        return g.startswith(head) and g.endswith(tail)
    return False


def _convert(ex: Exchange, src: XSource, raw: str, mapping, unit: str, crlf_two: bool) -> None:
    tables = {}

    def span(sel, u, two):
        if (u, two) not in tables:
            tables[(u, two)] = raw_positions(raw, u, two)
        pos = tables[(u, two)]
        a, b = bisect_left(pos, sel.start), bisect_left(pos, sel.end)
        if a >= len(pos) or b >= len(pos) or pos[a] != sel.start or pos[b] != sel.end:
            return None  # outside the text, or inside a character (half a surrogate pair)
        return mapping[a], mapping[b]

    others = [c for c in product((UNITS_CODEPOINT, UNITS_UTF16), (True, False)) if c != (unit, crlf_two)]
    good = []
    for sel in src.selections:
        excerpt = "" if _EXCERPT_NOISE.match(sel.name or "") else (sel.name or "")
        found = span(sel, unit, crlf_two)
        if found and excerpt and not _fits(excerpt, src.text[found[0]:found[1]]):
            found = None
            for u, two in others:
                alt = span(sel, u, two)
                if alt and _fits(excerpt, src.text[alt[0]:alt[1]]):
                    found = alt
                    ex.warnings.append(f"source {src.name!r}: selection {sel.guid} fits its excerpt "
                                       f"only counted as {u} with CRLF as {2 if two else 1}; read so")
                    break
        why = None
        if found is None:
            why = (f"{sel.start}..{sel.end} does not match its excerpt {excerpt[:40]!r}" if excerpt
                   else f"{sel.start}..{sel.end} is outside the text or splits a character")
        elif found[1] <= found[0] or not src.text[found[0]:found[1]].strip():
            why = f"{sel.start}..{sel.end} selects no text"
        if why:
            ex.quarantined.append(Quarantined(src.name, sel.guid, why))
            continue
        sel.start, sel.end = found
        good.append(sel)
    src.selections = good
