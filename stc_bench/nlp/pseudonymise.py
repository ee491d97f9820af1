"""Pseudonymising a transcript: candidates (identifiers, word-list words and — with the
name model — names, places and workplaces) replaced by their category (``[Navn]``,
``[Sted]``, ``[Arbeidsplass]``, ``[Dato]``, ``[Nummer]``) or by one consistent pseudonym
per person, place or workplace (``[Navn 1]``, ``[Navn 2]`` …).

The result is stored as the document's next revision through ``Workbench.revise_document``
(the ``import --revise`` machinery), so every meaning unit is re-anchored and none is
lost; a unit whose words changed is flagged for re-reading. The key (real → replacement)
is returned to the caller, who writes it outside the project: it never enters the project
file or the trail.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import StcError
from ..domain.model import Document, MeaningUnit, Quote, Turn
from ..domain.transcript import TranscriptDraft, TurnDraft
from ..protect import create_private_file
from .anonymity import Scanner
from .identifiers import REPLACEMENTS

if TYPE_CHECKING:
    from ..services.revisions import RevisionReport

MODES = ("category", "pseudonym")
#: Entity labels replaced when pseudonymising (names, places, workplaces, organisations).
ENTITY_LABELS = frozenset({"PER", "LOC", "GPE_LOC", "ORG", "GPE_ORG"})
NUMBERED = {"[Navn]": "Navn", "[Sted]": "Sted", "[Arbeidsplass]": "Arbeidsplass"}


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    original: str
    replacement: str
    label: str


@dataclass(frozen=True)
class Plan:
    """A document's new text and what was replaced (in text order)."""

    document: Document
    text: str
    replacements: tuple[Replacement, ...]

    def map_offset(self, pos: int) -> int:
        """Where an offset of the old text lies in the new one (inside a replaced span:
        its end)."""
        shift = 0
        for r in self.replacements:
            if pos <= r.start:
                break
            if pos < r.end:
                return r.start + shift + len(r.replacement)
            shift += len(r.replacement) - (r.end - r.start)
        return pos + shift


def scanner_for(settings: dict) -> Scanner:
    return replace(Scanner.for_settings(settings), entity_labels=ENTITY_LABELS)


class Pseudonyms:
    """``[Navn 1]``, ``[Navn 2]`` … one per distinct person (place, workplace), across
    every document of one run."""

    def __init__(self) -> None:
        self.given: dict[tuple[str, str], str] = {}

    def of(self, category: str, key: str) -> str:
        kind = NUMBERED[category]
        found = self.given.get((kind, key))
        if found is None:
            n = sum(1 for k, _ in self.given if k == kind) + 1
            found = self.given[(kind, key)] = f"[{kind} {n}]"
        return found


def plan(document: Document, scanner: Scanner, *, mode: str = "category",
         keep: frozenset[str] = frozenset(), pseudonyms: Pseudonyms | None = None,
         skip: frozenset[int] = frozenset()) -> Plan:
    """The replacements for ``document`` (none for words in ``keep``, compared
    case-insensitively: the researcher's "not this word"; none for the candidates starting
    at an offset in ``skip``: "not here", from the TUI's review)."""
    if mode not in MODES:
        raise StcError(f"pseudonymise: --replace must be one of {', '.join(MODES)}, not {mode!r}")
    pseudonyms = pseudonyms or Pseudonyms()
    text, out = document.text, []
    for start, end, label in scanner.spans(text):
        found = text[start:end]
        if start in skip or " ".join(found.split()).casefold() in keep:
            continue
        ending, key = "", " ".join(found.split()).casefold()
        if label == "WORD":
            word, label = scanner.words.entry(found)
            key = word.casefold()
            ending = " ".join(found.split())[len(word):]  # Karis → [Navn]s
        category = REPLACEMENTS.get(label, "[Navn]")
        if mode == "pseudonym" and category in NUMBERED:
            category = pseudonyms.of(category, key)
        out.append(Replacement(start, end, found, category + ending, label))
    return _applied(document, tuple(out))


def without(plan_: Plan, skip: frozenset[int]) -> Plan:
    """``plan_`` without the replacements that start at an offset in ``skip`` (the review's
    "not here"), its text rebuilt from the rest — no second scan. A numbered pseudonym keeps
    its number (``[Navn 2]`` stays ``[Navn 2]`` when ``[Navn 1]`` is kept as it was)."""
    return _applied(plan_.document,
                    tuple(r for r in plan_.replacements if r.start not in skip))


def _applied(document: Document, replacements: tuple[Replacement, ...]) -> Plan:
    """The plan that makes ``replacements`` (disjoint, in text order) in ``document``."""
    text, parts, last = document.text, [], 0
    for r in replacements:
        parts += [text[last:r.start], r.replacement]
        last = r.end
    parts.append(text[last:])
    return Plan(document, "".join(parts), replacements)


def draft_of(plan_: Plan, turns: list[Turn]) -> TranscriptDraft:
    """The new text with the old turns moved onto it; a speaker label that was replaced
    (``Kari:``) is replaced in the turn too."""
    renamed = {r.original: r.replacement for r in plan_.replacements}
    drafts = tuple(TurnDraft(renamed.get(t.speaker, t.speaker), plan_.map_offset(t.start),
                             plan_.map_offset(t.end), t.is_interviewer, t.media_start_ms,
                             t.media_end_ms)
                   for t in sorted(turns, key=lambda t: t.idx))
    return TranscriptDraft(plan_.text, drafts, plan_.document.format)


def apply(wb, plan_: Plan):
    """Store the plan as the document's next revision; returns the revision report."""
    doc = plan_.document
    draft = draft_of(plan_, wb.list(Turn, document_id=doc.id))
    digest = hashlib.sha256(plan_.text.encode("utf-8")).hexdigest()
    return wb.revise_document(doc.id, draft, source_name=f"{doc.source_name} (pseudonymised)",
                              source_sha256=digest)


def update_quotes(wb, plan_: Plan, new_document_id: int) -> tuple[int, int]:
    """Quotes keep their own display text: replace the same words in the quotes of the
    units now on the new revision (``quote.edit`` events, checked against the unit's new
    words). Returns (updated, left): a quote whose display no longer fits is left for the
    researcher, and the export's anonymity check still finds what it holds."""
    if not plan_.replacements:
        return 0, 0
    by_original = {r.original: r.replacement for r in plan_.replacements}
    pattern = re.compile("|".join(f"(?<!\\w){re.escape(o)}(?!\\w)"
                                  for o in sorted(by_original, key=len, reverse=True)))
    units = {u.id for u in wb.list(MeaningUnit, document_id=new_document_id)}
    updated = left = 0
    for quote in wb.list(Quote):
        if quote.unit_id not in units:
            continue
        display = pattern.sub(lambda m: by_original[m.group()], quote.display_text)
        if display == quote.display_text:
            continue
        try:
            wb.edit_quote(quote.id, display_text=display)
            updated += 1
        except StcError:
            left += 1
    return updated, left


@dataclass(frozen=True)
class Done:
    plan: Plan
    report: RevisionReport
    quotes: tuple[int, int]  # updated, left to edit by hand


def check_key(path: Path) -> None:
    """Refuse a key file that exists (a key is never overwritten) or has no folder."""
    if path.exists():
        raise StcError(f"{path}: already exists; a key is never overwritten, name a new file")
    if not path.parent.is_dir():
        raise StcError(f"{path}: folder {path.parent} does not exist")


def run(wb, plans: list[Plan], key: Path) -> list[Done]:
    """Store each plan as a new revision and write the key (CSV, owner-only, created
    before the first revision so a key that cannot be written stops everything; a row per
    replacement once its document is stored). The data-management record gets the key's
    location, never its contents."""
    check_key(key)
    create_private_file(key)
    done = []
    with open(key, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "new_document", "label", "original", "replacement"])
        for plan_ in plans:
            report = apply(wb, plan_)
            quotes = update_quotes(wb, plan_, report.document.id)
            writer.writerows([plan_.document.id, report.document.id, r.label, r.original,
                              r.replacement] for r in plan_.replacements)
            handle.flush()
            done.append(Done(plan_, report, quotes))
    where = str(key.resolve())
    if wb.data_management().key_location != where:
        wb.set_data_management(key_location=where)
    return done
