"""The supervisor's checklist: what a supervisor checks before trusting a results chapter.

One read transaction, plain frozen dataclasses (the TUI screen, the docx audit export and
the HTML report read the same model):

- per subgroup: condensate, golden quote, analytic text, validation;
- quotes whose display text differs from the transcript, with the difference;
- informant × subgroup coverage: silent informants, an informant quoted so often that
  readers could recognise them;
- per transcript: the informant text coded, and interviewer text inside meaning units;
- the theme history: themes → code groups → subgroups, with renames and merges;
- the data-management record: missing consent, a deletion date that has passed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..domain.audit import row_changes
from ..domain.diff import WordRun, word_ops
from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Condensate,
    CondensateUnit,
    Consent,
    DataManagement,
    Document,
    Informant,
    MeaningUnit,
    Quote,
    Subgroup,
    Theme,
    Turn,
    Validation,
)
from ..domain.offsets import overlaps, word_count
from ..domain.quotes import QuoteProblem, compare_display
from .base import ServiceBase

#: An informant is "recognisable" with at least this many quotes and a share of all
#: quotes above both this floor and 1.5 × an even share (a heuristic, said as such).
RECOGNISABLE_MIN_QUOTES = 3
RECOGNISABLE_SHARE = 0.4


@dataclass(frozen=True)
class SubgroupCheck:
    code_group: str
    subgroup_id: int
    subgroup: str
    units: int
    condensate: str            # "" when not written
    condensate_units: int
    golden_quote: str          # the golden quote's words, "" when none is chosen
    analytic_words: int
    quotes: int
    validated: int             # of its units, re-read in context (confirmed)
    questioned: int            # re-read and questioned

    def gaps(self) -> tuple[str, ...]:
        """What is missing, in the method's words (empty: nothing)."""
        return tuple(gap for gap, missing in (
            ("no condensate", not self.condensate.strip()),
            ("no golden quote", not self.golden_quote),
            ("no analytic text", not self.analytic_words),
            ("no quote", not self.quotes),
            ("units not re-read in context", self.validated + self.questioned < self.units),
        ) if missing)


@dataclass(frozen=True)
class QuoteDifference:
    quote_id: int
    subgroup: str              # where it stands (a subgroup's or code group's heading)
    informant: str
    exact: str                 # the unit's words in the transcript
    display: str
    words: tuple[WordRun, ...]
    problems: tuple[QuoteProblem, ...]  # unmarked edits (none: only marked cuts and replacements)


@dataclass(frozen=True)
class Coverage:
    informants: tuple[str, ...]
    subgroups: tuple[tuple[int, str], ...]          # (id, "code group › subgroup")
    cells: dict[tuple[str, int], int]               # (informant, subgroup id) → units
    silent: dict[int, tuple[str, ...]]              # subgroup id → informants with no unit
    quotes: tuple[tuple[str, int], ...]             # quotes per informant, most first
    recognisable: tuple[tuple[str, int, float], ...]  # (informant, quotes, share)


@dataclass(frozen=True)
class TranscriptShare:
    document_id: int
    title: str
    informant: str
    informant_words: int
    coded_share: float         # of the informant text, inside a coded meaning unit
    interviewer_words_coded: int
    units_with_interviewer_text: int


@dataclass(frozen=True)
class Named:
    """A theme, code group or subgroup with every name it had, oldest first."""

    entity: str
    entity_id: int
    names: tuple[str, ...]
    gone: bool = False
    merged_into: str = ""      # a code group merged into another: the other's name


@dataclass(frozen=True)
class ThemeHistory:
    theme: Named | None        # None: the code groups that came from no theme
    code_groups: tuple[tuple[Named, tuple[Named, ...]], ...]  # each with its subgroups
    subgroups: tuple[Named, ...]  # subgroups the theme became directly


@dataclass(frozen=True)
class DataRecord:
    record: DataManagement
    missing_consent: tuple[str, ...]   # no consent recorded, or pending
    withdrawn: tuple[str, ...]
    deletion_passed: bool              # the planned deletion date is past, none recorded
    today: str


@dataclass(frozen=True)
class Checklist:
    seq: int                           # the trail event the checklist was read at
    subgroups: tuple[SubgroupCheck, ...]
    quotes: tuple[QuoteDifference, ...]
    coverage: Coverage
    transcripts: tuple[TranscriptShare, ...]
    themes: tuple[ThemeHistory, ...]
    data: DataRecord


class ChecklistOps(ServiceBase):
    def checklist(self, today: str | None = None) -> Checklist:
        """The supervisor's checklist as the project stands (one read transaction);
        ``today`` (``YYYY-MM-DD``, default: today in UTC) is what deletion dates are
        compared with."""
        today = today or datetime.now(UTC).strftime("%Y-%m-%d")
        with self.one_read(), self._read() as tx:
            rows = _Rows(tx)
            return Checklist(tx.event_count(), _subgroups(rows), _quotes(rows), _coverage(rows),
                             _transcripts(rows), _themes(tx, rows), _data(tx, rows, today))


class _Rows:
    """The rows the checklist reads, once each."""

    def __init__(self, tx: Any):
        self.groups = tx.list(CodeGroup, "position")
        order = {g.id: i for i, g in enumerate(self.groups)}
        self.subgroups = sorted(tx.list(Subgroup), key=lambda s: (order.get(s.code_group_id, 0),
                                                                  s.position))
        self.documents = {d.id: d for d in tx.list(Document) if not d.superseded}
        # the project's coding: a coder's own units (independent coding) are not the analysis
        self.units = {u.id: u for u in tx.list(MeaningUnit) if u.coder is None}
        self.assignments = tx.list(Assignment)
        self.coded = {c.unit_id for c in tx.list(Coding)}
        self.condensates = {c.subgroup_id: c for c in tx.list(Condensate)}
        self.condensate_units = tx.list(CondensateUnit)
        self.texts = tx.list(AnalyticText, part="chapter")
        self.quotes = tx.list(Quote, ("analytic_text_id", "position"))
        self.validations = tx.list(Validation)
        self.informants = tx.list(Informant, "label")
        self.turns = tx.list(Turn, ("document_id", "idx"))
        self.themes = tx.list(Theme, "position")
        labels = {i.id: i.label for i in self.informants}
        self.label_of_doc = {d.id: labels.get(d.informant_id, "—") for d in self.documents.values()}

    def informant_of(self, unit_id: int) -> str:
        unit = self.units.get(unit_id)
        return self.label_of_doc.get(unit.document_id, "—") if unit else "—"

    def heading(self, sub: Subgroup) -> str:
        group = next((g for g in self.groups if g.id == sub.code_group_id), None)
        return f"{(group.heading or group.name) if group else '?'} › {sub.heading or sub.name}"


def _subgroups(rows: _Rows) -> tuple[SubgroupCheck, ...]:
    units_of: dict[int, set[int]] = {}
    for a in rows.assignments:
        units_of.setdefault(a.subgroup_id, set()).add(a.unit_id)
    cond_units = Counter(c.condensate_id for c in rows.condensate_units)
    verdict = {v.unit_id: v.status for v in rows.validations}
    text_of = {t.subgroup_id: t for t in rows.texts if t.subgroup_id is not None}
    quotes_of = Counter(q.analytic_text_id for q in rows.quotes)
    groups = {g.id: g.name for g in rows.groups}
    out = []
    for sub in rows.subgroups:
        units = units_of.get(sub.id, set())
        cond = rows.condensates.get(sub.id)
        golden = rows.units.get(sub.golden_quote_unit_id) if sub.golden_quote_unit_id else None
        text = text_of.get(sub.id)
        states = [verdict.get(u) for u in units]
        out.append(SubgroupCheck(
            groups.get(sub.code_group_id, "?"), sub.id, sub.name, len(units),
            cond.text if cond else "", cond_units.get(cond.id, 0) if cond else 0,
            " ".join(golden.snippet.split()) if golden else "",
            word_count(text.text) if text else 0, quotes_of.get(text.id, 0) if text else 0,
            sum(1 for s in states if s == "confirmed"),
            sum(1 for s in states if s is not None and s != "confirmed")))
    return tuple(out)


def _quotes(rows: _Rows) -> tuple[QuoteDifference, ...]:
    """Quotes whose display text is not the unit's words as the transcript has them."""
    where = {}
    for t in rows.texts:
        sub = next((s for s in rows.subgroups if s.id == t.subgroup_id), None)
        group = next((g for g in rows.groups if g.id == t.code_group_id), None)
        where[t.id] = rows.heading(sub) if sub else (group.heading or group.name) if group else "?"
    out = []
    for q in rows.quotes:
        unit = rows.units.get(q.unit_id)
        doc = rows.documents.get(unit.document_id) if unit else None
        if unit is None or q.analytic_text_id not in where:
            continue
        exact = doc.text[unit.start:unit.end] if doc else unit.snippet
        display = q.display_text or unit.snippet
        if " ".join(display.split()) == " ".join(exact.split()):
            continue
        problems = tuple(compare_display(exact, display)[1])
        out.append(QuoteDifference(q.id, where[q.analytic_text_id], rows.informant_of(unit.id),
                                   exact, display, word_ops(exact, display), problems))
    return tuple(out)


def _coverage(rows: _Rows) -> Coverage:
    informants = tuple(sorted(set(rows.label_of_doc.values()), key=_natural))
    subgroups = tuple((s.id, rows.heading(s)) for s in rows.subgroups)
    cells: Counter = Counter()
    for a in rows.assignments:
        if a.unit_id in rows.units:
            cells[(rows.informant_of(a.unit_id), a.subgroup_id)] += 1
    silent = {sid: tuple(i for i in informants if not cells.get((i, sid))) for sid, _ in subgroups}
    quoted = Counter(rows.informant_of(q.unit_id) for q in rows.quotes if q.unit_id in rows.units)
    total = sum(quoted.values())
    even = 1.5 / len(informants) if informants else 1.0
    recognisable = tuple((label, n, n / total) for label, n in quoted.most_common()
                         if n >= RECOGNISABLE_MIN_QUOTES and len(informants) > 1
                         and n / total > max(RECOGNISABLE_SHARE, even))
    return Coverage(informants, subgroups, dict(cells), silent,
                    tuple(quoted.most_common()), recognisable)


def _transcripts(rows: _Rows) -> tuple[TranscriptShare, ...]:
    turns: dict[int, list[Turn]] = {}
    for t in rows.turns:
        turns.setdefault(t.document_id, []).append(t)
    units: dict[int, list[MeaningUnit]] = {}
    for u in rows.units.values():
        units.setdefault(u.document_id, []).append(u)
    out = []
    for doc in rows.documents.values():
        spoken = [(t.start, t.end) for t in turns.get(doc.id, []) if not t.is_interviewer]
        asked = sorted((t.start, t.end) for t in turns.get(doc.id, []) if t.is_interviewer)
        mine = [(u.start, u.end) for u in units.get(doc.id, [])]
        coded = [(u.start, u.end) for u in units.get(doc.id, []) if u.id in rows.coded]
        spoken = spoken or [(0, len(doc.text))]
        total = sum(e - s for s, e in spoken) or 1
        share = sum(e - s for s, e in overlaps(spoken, coded)) / total
        ends = [e for _, e in asked]  # turns do not overlap: their ends are sorted too
        with_asked = 0
        for start, end in mine:
            j = bisect_right(ends, start)  # the first interviewer turn ending after it starts
            with_asked += j < len(asked) and asked[j][0] < end
        out.append(TranscriptShare(
            doc.id, doc.title, rows.label_of_doc.get(doc.id, "—"),
            sum(word_count(doc.text[s:e]) for s, e in spoken), share,
            sum(word_count(doc.text[s:e]) for s, e in overlaps(asked, mine)), with_asked))
    return tuple(out)


def _themes(tx: Any, rows: _Rows) -> tuple[ThemeHistory, ...]:
    """Every theme, code group and subgroup the trail has seen, with the names it gave
    them, where they came from (a theme, a code group) and what became of them."""
    names: dict[tuple[str, int], list[str]] = {}
    last: dict[tuple[str, int], dict] = {}  # the last known fields, also of removed rows
    gone: set[tuple[str, int]] = set()
    merged: dict[int, int] = {}
    tables = (Theme.TABLE, CodeGroup.TABLE, Subgroup.TABLE)
    for event in tx.events():
        for table, id_, _before, after in row_changes(event.changes or []):
            if table not in tables:
                continue
            key = (table, id_)
            if after is None:
                gone.add(key)
                if event.action == "code_group.merge" and table == CodeGroup.TABLE:
                    merged[id_] = event.entity_id
                continue
            gone.discard(key)
            last[key] = {**last.get(key, {}), **after}
            history = names.setdefault(key, [])
            if "name" in after and (not history or history[-1] != after["name"]):
                history.append(after["name"])
    group_names = {g.id: g.name for g in rows.groups}

    def named(key: tuple[str, int]) -> Named:
        into = merged.get(key[1]) if key[0] == CodeGroup.TABLE else None
        return Named(key[0], key[1], tuple(names.get(key, [])), key in gone,
                     group_names.get(into, "") if into else "")

    def of(table: str, field: str, value: int | None) -> list[tuple[str, int]]:
        return [k for k in names if k[0] == table and last.get(k, {}).get(field) == value]

    def groups_of(theme_id: int | None) -> tuple[tuple[Named, tuple[Named, ...]], ...]:
        return tuple((named(g), tuple(named(s) for s in of(Subgroup.TABLE, "code_group_id", g[1])))
                     for g in of(CodeGroup.TABLE, "theme_id", theme_id))

    out = [ThemeHistory(named(t), groups_of(t[1]),
                        tuple(named(s) for s in of(Subgroup.TABLE, "theme_id", t[1])))
           for t in names if t[0] == Theme.TABLE]
    rest = groups_of(None)
    if rest:
        out.append(ThemeHistory(None, rest, ()))
    return tuple(out)


def _data(tx: Any, rows: _Rows, today: str) -> DataRecord:
    record = tx.find(DataManagement, 1) or DataManagement(id=1)
    consent = {c.informant_id: c.status for c in tx.list(Consent)}
    missing = tuple(i.label for i in rows.informants if consent.get(i.id, "pending") == "pending")
    withdrawn = tuple(i.label for i in rows.informants if consent.get(i.id) == "withdrawn")
    planned = (record.planned_deletion or "").strip()[:10]
    passed = bool(planned) and not record.actual_deletion.strip() and _is_date(planned) \
        and planned < today
    return DataRecord(record, missing, withdrawn, passed, today)


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _natural(label: str) -> list:
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", label)]
