"""``audit chapter``: is an exported chapter, edited since in Word, still faithful?

The chapter file (``chapter_file``) is compared with the project as it stands and with
the hashes its tags recorded at export. Findings make the chapter unfaithful: quote
words that no longer match their meaning unit, a shortened quote the project does not
record, a quote with no unit behind it, a quote removed or moved to another subgroup,
analytic text changed or added in Word. Notes do not: tags lost (the text was matched
instead), changes made in the project after the export.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import StcError
from ..domain.quotes import MARKER, compare_display
from .chapter import Paragraph, QuoteBlock, build_chapter, unquote
from .chapter_file import ChapterFile, FileParagraph, read_chapter_file
from .provenance import PROPERTY_NAMES, normalise, project_id, text_hash
from .snapshot import ProjectSnapshot, load_snapshot

_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_LABEL = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Finding:
    kind: str      # quote_edited, quote_unrecorded, quote_invented, quote_deleted, quote_moved,
    #                quote_not_in_project, paragraph_edited, paragraph_deleted, paragraph_added
    message: str
    diff: str = ""
    quote_id: int | None = None
    unit_id: int | None = None


@dataclass
class ChapterAudit:
    file: str
    part: str
    project_id: str
    export_seq: int | None
    head_hash: str
    tags: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    events_after: list[dict] = field(default_factory=list)

    @property
    def faithful(self) -> bool:
        return not self.findings


def word_diff(old: str, new: str, context: int = 4) -> str:
    """``… kept [-removed-] {+added+} kept …`` with a few words of context."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    out: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "equal":
            out += ["[-" + " ".join(a[i1:i2]) + "-]"] if i2 > i1 else []
            out += ["{+" + " ".join(b[j1:j2]) + "+}"] if j2 > j1 else []
            continue
        words = a[i1:i2]
        head = words[:context] if n > 0 else []
        tail = words[-context:] if n < len(ops) - 1 else []
        if len(words) <= len(head) + len(tail):
            out += words
        else:
            out += [*head, "…", *tail]
    return " ".join(out)


def quote_words(text: str) -> str:
    """The quoted words of a quote paragraph: between «», else without its label."""
    if "«" in text and "»" in text and text.index("«") < text.rindex("»"):
        return normalise(text[text.index("«") + 1:text.rindex("»")])
    return normalise(unquote(_LABEL.sub("", text)))


def audit_chapter(wb, path: Path) -> ChapterAudit:
    """Compare the chapter at ``path`` with the project open in ``wb``."""
    chapter_file = read_chapter_file(path)
    snapshot = load_snapshot(wb)
    props = chapter_file.properties
    tagged = sum(len(p.tags) for p in chapter_file.paragraphs)
    if not tagged and PROPERTY_NAMES["seq"] not in props:
        raise StcError(f"{path}: has no stc-bench provenance (no tags, no properties); "
                       "export the chapter again with stc-bench export docx")
    audit = ChapterAudit(str(path), props.get(PROPERTY_NAMES["part"]) or "chapter",
                         props.get(PROPERTY_NAMES["project"], ""), None,
                         props.get(PROPERTY_NAMES["head"], ""), tags=tagged)
    if audit.part not in ("chapter", "discussion"):
        raise StcError(f"{path}: a {audit.part} export, not a chapter")
    _check_origin(wb, snapshot, audit, props)
    _Comparison(snapshot, chapter_file, audit).run()
    return audit


def _check_origin(wb, snapshot: ProjectSnapshot, audit: ChapterAudit, props: dict) -> None:
    if audit.project_id and audit.project_id != project_id(snapshot.project):
        raise StcError(f"{audit.file}: exported from another project ({audit.project_id})")
    seq_text = props.get(PROPERTY_NAMES["seq"], "")
    if not seq_text.isdigit():
        audit.notes.append("the document properties were removed: the trail position at "
                           "export is unknown, so changes since the export are not listed")
        return
    seq = audit.export_seq = int(seq_text)
    events = wb.log(since=seq - 1) if seq else wb.log()
    if seq and (not events or events[0].seq != seq or events[0].hash != audit.head_hash):
        raise StcError(f"{audit.file}: the project's trail at event {seq} is not the one this "
                       "chapter was exported from (another copy of the project, or an altered "
                       "trail: run stc-bench audit verify)")
    audit.events_after = [{"seq": e.seq, "at_utc": e.at_utc, "actor": e.actor,
                           "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
                           "message": e.message} for e in events if e.seq > seq]


class _Comparison:
    """One pass over the file's paragraphs against the chapter the project gives now."""

    def __init__(self, snapshot: ProjectSnapshot, chapter_file: ChapterFile, audit: ChapterAudit):
        self.snapshot, self.file, self.audit = snapshot, chapter_file, audit
        self.chapter = build_chapter(snapshot, part=audit.part, numbers=False)
        self.quotes: dict[int, tuple[QuoteBlock, tuple]] = {}
        self.paragraphs: dict[tuple[int, int], tuple[str, tuple]] = {}
        self.lead_ins: dict[int, str] = {}
        self.headings: dict[str, tuple] = {}
        self.other: set[str] = {normalise(self.chapter.title), normalise(self.chapter.heading()),
                                normalise(self.chapter.categories_lead_in),
                                *map(normalise, self.chapter.categories)}
        self._expect(self.chapter.intro, ("chapter", 0, "the introduction"))
        for section in self.chapter.sections:
            owner = ("code group", section.code_group_id, section.heading)
            self.headings[normalise(section.heading)] = owner
            self._expect(section.blocks, owner)
            for sub in section.subsections:
                sub_owner = ("subgroup", sub.subgroup_id, sub.heading)
                self.headings[normalise(sub.heading)] = sub_owner
                self._expect(sub.blocks, sub_owner)
        self.changed_after = {(e["entity"], e["entity_id"]) for e in audit.events_after}
        self.seen_quotes: set[int] = set()
        self.seen_paragraphs: set[tuple[int, int]] = set()
        self.by_text = 0
        self.texts: dict[str, list[tuple[int, int]]] | None = None

    def _expect(self, blocks, owner) -> None:
        for block in blocks:
            if isinstance(block, QuoteBlock):
                self.quotes[block.quote_id] = (block, owner)
                if block.lead_in:
                    self.lead_ins[block.quote_id] = normalise(block.lead_in)
            elif isinstance(block, Paragraph) and block.text_id is not None:
                self.paragraphs[(block.text_id, block.index)] = (normalise(block.text), owner)
            elif isinstance(block, Paragraph):
                self.other.add(normalise(block.text))

    def run(self) -> None:
        owner: tuple = ("chapter", 0, "the introduction")
        for para in self.file.paragraphs:
            owner = self._owner(para, owner)
            if para.is_heading:
                continue
            for name, tag in para.tags:
                text = self.file.marked.get(name, para.text)
                if tag.kind == "quote":
                    self._tagged_quote(tag.ids[0], tag.ids[1], tag.hash, text, owner)
                elif tag.kind == "paragraph":
                    self._tagged_paragraph(tag.ids, tag.hash, text)
                elif tag.kind == "lead_in" and tag.hash != text_hash(text):
                    old = self.lead_ins.get(tag.ids[0], "")
                    self._add("paragraph_edited", f"the lead-in of quote {tag.ids[0]} was "
                              "edited in Word", word_diff(old, text), quote_id=tag.ids[0])
            if not para.tags and not para.covered:
                self._untagged(para, owner)
        self._missing()
        if self.by_text:
            self.audit.notes.append(f"{self.by_text} part(s) had lost their tag and were matched "
                                    "by their text")
        if self.audit.events_after:
            self.audit.notes.append(f"{len(self.audit.events_after)} change(s) in the project "
                                    f"since the export (after event {self.audit.export_seq})")

    def _owner(self, para: FileParagraph, owner: tuple) -> tuple:
        for _name, tag in para.tags:
            if tag.kind in ("subgroup", "code_group"):
                kind = "subgroup" if tag.kind == "subgroup" else "code group"
                found = [o for o in self.headings.values() if o[:2] == (kind, tag.ids[0])]
                return found[0] if found else (kind, tag.ids[0], para.text)
        if para.is_heading:
            return self.headings.get(_NUMBER.sub("", para.text), ("heading", 0, para.text))
        return owner

    def _add(self, kind: str, message: str, diff: str = "", **ids) -> None:
        self.audit.findings.append(Finding(kind, message, diff, **ids))

    # -- quotes ------------------------------------------------------------------------------

    def _tagged_quote(self, quote_id: int, unit_id: int, tag_hash: str, text: str,
                      owner: tuple) -> None:
        words = quote_words(text)
        self.seen_quotes.add(quote_id)
        expected = self.quotes.get(quote_id)
        if expected is None:
            self._add("quote_not_in_project", f"quote {quote_id} (unit {unit_id}) is no longer in "
                      "the project's chapter", quote_id=quote_id, unit_id=unit_id)
        if text_hash(words) != tag_hash:
            self._edited_quote(quote_id, unit_id, words, expected)
        elif expected is not None and normalise(unquote(expected[0].display_text)) != words:
            self.audit.notes.append(f"quote {quote_id}: its display text was changed in the "
                                    "project after the export; the chapter has the old one")
        if expected is not None:
            self._check_place(quote_id, expected[1], owner)

    def _edited_quote(self, quote_id: int | None, unit_id: int, words: str, expected) -> None:
        unit = self.snapshot.units.get(unit_id)
        recorded = normalise(unquote(expected[0].display_text)) if expected else ""
        if words == recorded:
            return  # the same change is the project's display text (recorded in the trail)
        if unit is None:
            self._add("quote_edited", f"quote {quote_id}: its unit {unit_id} is gone from the "
                      "project", quote_id=quote_id, unit_id=unit_id)
            return
        _pieces, problems = compare_display(unit.snippet, words)
        if problems:
            self._add("quote_edited", f"quote {quote_id} no longer matches meaning unit "
                      f"{unit_id}: {problems[0]}", word_diff(recorded or unit.snippet, words),
                      quote_id=quote_id, unit_id=unit_id)
        else:
            self._add("quote_unrecorded", f"quote {quote_id}: the display text was changed in "
                      f"Word (faithful to unit {unit_id}, with marked cuts) but the project "
                      "does not record it; change it in step 4", word_diff(recorded, words),
                      quote_id=quote_id, unit_id=unit_id)

    def _check_place(self, quote_id: int, expected: tuple, owner: tuple) -> None:
        if owner[:2] != expected[:2] and owner[0] in ("subgroup", "code group", "heading"):
            self._add("quote_moved", f"quote {quote_id} was moved from {expected[2]!r} to "
                      f"{owner[2]!r}", quote_id=quote_id)

    def _untagged(self, para: FileParagraph, owner: tuple) -> None:
        if para.style == "quote" or para.text.startswith(("«", "“", '"')):
            self._untagged_quote(para.text, owner)
            return
        text = para.text
        if self.texts is None:  # built on the first tagless paragraph: text → paragraphs
            self.texts = {}
            for key, (expected, _owner) in self.paragraphs.items():
                self.texts.setdefault(expected, []).append(key)
        for key in self.texts.get(text, []):
            if key not in self.seen_paragraphs:
                self.seen_paragraphs.add(key)
                self.by_text += 1
                return
        if text in self.other or text in self.lead_ins.values():
            return
        self._add("paragraph_added", f"a paragraph added in Word in {owner[2]!r}",
                  "{+" + text + "+}")

    def _untagged_quote(self, text: str, owner: tuple) -> None:
        words = quote_words(text)
        for quote_id, (block, place) in self.quotes.items():
            if quote_id not in self.seen_quotes and normalise(unquote(block.display_text)) == words:
                self.seen_quotes.add(quote_id)
                self.by_text += 1
                self._check_place(quote_id, place, owner)
                return
        if len(MARKER.sub(" ", words).split()) >= 3:
            for unit in self.snapshot.units.values():
                if compare_display(unit.snippet, words)[1]:
                    continue
                for quote_id, (block, place) in self.quotes.items():
                    if quote_id not in self.seen_quotes and block.unit_id == unit.id:
                        self.seen_quotes.add(quote_id)
                        self.by_text += 1
                        self._edited_quote(quote_id, unit.id, words, (block, place))
                        self._check_place(quote_id, place, owner)
                        return
                self._add("quote_unrecorded", f"a quote of meaning unit {unit.id} added in Word "
                          "is not in the project", "{+" + words + "+}", unit_id=unit.id)
                return
        close = self._closest_quote(words)
        if close is not None:  # an untagged quote edited beyond its unit: the nearest one
            block, place = self.quotes[close]
            self.seen_quotes.add(close)
            self.by_text += 1
            self._edited_quote(close, block.unit_id, words, (block, place))
            self._check_place(close, place, owner)
            return
        self._add("quote_invented", "a quote added in Word matches no meaning unit in the "
                  "project", "{+" + words + "+}")

    def _closest_quote(self, words: str) -> int | None:
        """The unmatched quote that holds most of ``words`` in order (at least 60 % of
        them and three words): a tagless quote edited in Word, cut or not."""
        best, best_ratio, mine = None, 0.6, words.split()
        for quote_id, (block, _place) in self.quotes.items():
            if quote_id in self.seen_quotes:
                continue
            blocks = difflib.SequenceMatcher(a=normalise(unquote(block.display_text)).split(),
                                             b=mine, autojunk=False).get_matching_blocks()
            shared = sum(m.size for m in blocks)
            ratio = shared / max(1, len(mine))
            if shared >= 3 and ratio >= best_ratio:
                best, best_ratio = quote_id, ratio
        return best

    # -- what is gone ----------------------------------------------------------------------------

    def _missing(self) -> None:
        for quote_id, (block, place) in self.quotes.items():
            if quote_id in self.seen_quotes:
                continue
            if ("quote", quote_id) in self.changed_after:
                self.audit.notes.append(f"quote {quote_id} was added in the project after the "
                                        "export")
            else:
                self._add("quote_deleted", f"quote {quote_id} (unit {block.unit_id}) in "
                          f"{place[2]!r} was removed in Word",
                          "[-" + normalise(unquote(block.display_text)) + "-]",
                          quote_id=quote_id, unit_id=block.unit_id)
        for key, (text, place) in self.paragraphs.items():
            if key in self.seen_paragraphs:
                continue
            if ("analytic_text", key[0]) in self.changed_after:
                self.audit.notes.append(f"analytic text {key[0]} was changed in the project "
                                        "after the export")
            else:
                self._add("paragraph_deleted", f"an analytic paragraph in {place[2]!r} was "
                          "removed in Word", "[-" + text + "-]")

    def _tagged_paragraph(self, ids: tuple[int, ...], tag_hash: str, text: str) -> None:
        key = (ids[0], ids[1])
        self.seen_paragraphs.add(key)
        if text_hash(text) == tag_hash:
            return
        old, place = self.paragraphs.get(key, ("", ("", 0, "the chapter")))
        also = (" (the project's text has changed since the export too)"
                if ("analytic_text", ids[0]) in self.changed_after else "")
        self._add("paragraph_edited", f"an analytic paragraph in {place[2]!r} was edited in "
                  f"Word{also}", word_diff(old, text))
