"""REFI-QDA exchange (.qdpx/.qdc): the neutral model both directions meet in, GUIDs and
text positions.

Export reads a project into an :class:`Exchange` and writes it as XML; import reads XML
(from any tool) into an :class:`Exchange` and the service layer stores it. Keeping the
REFI model here, pure, lets the round trip be tested on both halves separately.

How STC maps onto REFI (README "REFI-QDA exchange"): code group → top-level Code,
subgroup → child Code, meaning unit → PlainTextSelection with a Coding per code group and
per subgroup, preliminary theme → Set of the codes promoted from it, every text of the
analysis (condensate, analytic text, memo, comment, heading) → Note with NoteRefs from
what it describes, its kind recorded by membership of one Set per kind named
``stc-bench: <kind>`` (standard REFI, shown as an ordinary set by other tools), the golden
quote and a condensate's units → Links to the selection.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

#: Sets named with this prefix record which kind of STC text their member notes are.
KIND_SET_PREFIX = "stc-bench: "
#: Note kinds stc-bench writes (memos are ``memo:<memo kind>``).
NOTE_KINDS = ("condensate", "analytic:chapter", "analytic:discussion", "quote", "comment", "heading",
              "list-label", "discussion-heading", "theme-notes", "guide", "consent", "validation", "settings")
#: The set (``stc-bench: a-priori``) whose member codes came from the interview guide
#: (template analysis); other tools show it as an ordinary set of codes.
A_PRIORI_KIND = "a-priori"
LINK_GOLDEN = "golden quote"
LINK_CONDENSED = "condensed unit"
LINK_QUOTED = "quoted unit"
#: A transcript → the interview-guide note of the version it used.
LINK_GUIDE = "interview guide"
#: A consent note → the case (informant) whose consent it records.
LINK_CONSENT = "consent of"
#: A group transcript → the case behind one speaker label: ``speaker: <label>``.
LINK_SPEAKER = "speaker: "
#: Links stc-bench writes and reads back as what they were (never "unsupported").
OWN_LINKS = (LINK_GOLDEN, LINK_CONDENSED, LINK_QUOTED, LINK_GUIDE, LINK_CONSENT)


def is_own_link(name: str) -> bool:
    return name in OWN_LINKS or name.startswith(LINK_SPEAKER)
#: A quote's note is named so; with "after paragraph N" when the researcher placed it.
QUOTE_NAME = "quote"


def object_guid(namespace: str, kind: str, row_id: int | str) -> str:
    """The GUID of one project object: uuid5 of the project's own namespace, the object's
    kind and its row id. Row ids never change (an update keeps the id, undo restores the
    same id), and the namespace comes from the project's creation time, which never
    changes either, so the same object gets the same GUID on every export without storing
    anything."""
    return str(uuid.uuid5(uuid.UUID(namespace), f"{kind}:{row_id}"))


def project_namespace(project_key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"stc-bench:{project_key}"))


def norm_guid(value: str | None) -> str:
    """A GUID as compared: lower case, no braces (tools write both)."""
    return (value or "").strip().strip("{}").lower()


# -- the neutral model ------------------------------------------------------------------

@dataclass
class XCode:
    guid: str
    name: str
    codable: bool = True
    description: str = ""
    children: list[XCode] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # NoteRef targets


@dataclass
class XCoding:
    guid: str
    code: str
    user: str = ""


@dataclass
class XSelection:
    guid: str
    start: int          # code points into XSource.text, end exclusive
    end: int
    name: str = ""
    codings: list[XCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str = ""
    user: str = ""
    created: str = ""


@dataclass
class XSource:
    guid: str
    name: str
    text: str
    selections: list[XSelection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    draft: Any = None  # the TranscriptDraft (text and speaker turns) an import stores


@dataclass
class XNote:
    guid: str
    name: str
    text: str
    description: str = ""
    notes: list[str] = field(default_factory=list)  # replies to a comment
    user: str = ""
    created: str = ""


@dataclass
class XVariable:
    guid: str
    name: str
    type: str  # Text, Boolean, Integer, Float


@dataclass
class XCase:
    guid: str
    name: str
    description: str = ""
    values: list[tuple[str, object]] = field(default_factory=list)  # (variable guid, value)
    sources: list[str] = field(default_factory=list)


@dataclass
class XLink:
    guid: str
    name: str
    origin: str
    target: str


@dataclass
class XSet:
    guid: str
    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class XUser:
    guid: str
    name: str


@dataclass
class Quarantined:
    source: str
    selection: str
    why: str


@dataclass
class Exchange:
    name: str
    origin: str = ""
    created: str = ""
    users: list[XUser] = field(default_factory=list)
    codes: list[XCode] = field(default_factory=list)
    variables: list[XVariable] = field(default_factory=list)
    cases: list[XCase] = field(default_factory=list)
    sources: list[XSource] = field(default_factory=list)
    notes: list[XNote] = field(default_factory=list)
    links: list[XLink] = field(default_factory=list)
    sets: list[XSet] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)
    description: str = ""
    #: what the reader could not take (other source types, graphs …), one line each
    unsupported: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)

    def note_kinds(self) -> dict[str, str]:
        """Note GUID → the STC kind its ``stc-bench: <kind>`` set records."""
        kinds = {}
        for s in self.sets:
            if s.name.startswith(KIND_SET_PREFIX):
                for n in s.notes:
                    kinds[norm_guid(n)] = s.name[len(KIND_SET_PREFIX):]
        return kinds


# -- text positions ---------------------------------------------------------------------

#: How a producer counts positions in its plain text (NOTES.md §3).
UNITS_CODEPOINT, UNITS_UTF16 = "codepoint", "utf16"


def producer_counting(origin: str) -> tuple[str, bool]:
    """(unit, does CRLF count as 2) for the tool named in ``Project/@origin``: NVivo counts
    UTF-16 code units with CRLF as 2; ATLAS.ti and MAXQDA count a CRLF as 1; QualCoder, qc
    and stc-bench count code points of the text as it is."""
    o = (origin or "").lower()
    if "nvivo" in o:
        return UNITS_UTF16, True
    if "atlas" in o or "maxqda" in o:
        return UNITS_CODEPOINT, False
    return UNITS_CODEPOINT, True


def raw_positions(raw: str, unit: str, crlf_two: bool) -> list[int]:
    """For each code point of ``raw`` (and its end), the position a producer counting
    this way gives it. ``raw`` is the decoded file without its BOM."""
    out, pos, i = [], 0, 0
    n = len(raw)
    while i < n:
        out.append(pos)
        ch = raw[i]
        if ch == "\r" and i + 1 < n and raw[i + 1] == "\n" and not crlf_two:
            out.append(pos)  # the \n of a CRLF shares the CR's one position
            i += 2
            pos += 1
            continue
        pos += 2 if unit == UNITS_UTF16 and ord(ch) > 0xFFFF else 1
        i += 1
    out.append(pos)
    return out


def normalise_with_map(raw: str) -> tuple[str, list[int]]:
    """The text as ``offsets.normalise_text`` stores it, and for each code point of ``raw``
    (and its end) the offset it lands on in that text. ``raw`` is the decoded file
    without its BOM. A position inside a sequence that NFC composes (``a`` + ring from a
    Mac) lands on the start of the composed character."""
    lines: list[tuple[int, str, int]] = []  # (raw start, line without its ending, ending width)
    i, start = 0, 0
    while i < len(raw):
        ch = raw[i]
        if ch in "\r\n":
            width = 2 if ch == "\r" and raw[i + 1:i + 2] == "\n" else 1
            lines.append((start, raw[start:i], width))
            i += width
            start = i
        else:
            i += 1
    lines.append((start, raw[start:], 0))
    out: list[str] = []
    mapping = [0] * (len(raw) + 1)
    pos = 0
    for lstart, line, width in lines:
        kept = line.rstrip()
        stored = unicodedata.normalize("NFC", kept)
        if stored == kept:
            for k in range(len(line)):
                mapping[lstart + k] = pos + min(k, len(kept))
        else:  # rare (decomposed letters): measure each prefix as NFC
            for k in range(len(line)):
                mapping[lstart + k] = pos + min(len(unicodedata.normalize("NFC", kept[:k])), len(stored))
        pos += len(stored)
        out.append(stored)
        for k in range(width):
            mapping[lstart + len(line) + k] = pos
        if width:
            pos += 1
    mapping[len(raw)] = pos
    joined = "\n".join(out)
    lead = len(joined) - len(joined.lstrip("\n"))
    text = joined.strip("\n")
    mapping = [min(max(m - lead, 0), len(text)) for m in mapping]
    return text, mapping
