"""Codebook, informant matrix and audit summary as plain tables (pure).

Each is a list of rows the docx, Markdown and CSV writers render the same way.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..domain.model import AuditEvent, Informant
from .snapshot import ProjectSnapshot


def natural_key(label: str) -> list:
    """JS2 before JS10."""
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", label)]


# -- codebook --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CodebookRow:
    code_group: str
    subgroup: str
    description: str
    units: int
    informants: int
    condensate: str
    golden_quote: str


@dataclass(frozen=True)
class CodebookGroup:
    heading: str
    name: str
    description: str
    units: int
    informants: int
    rows: tuple[CodebookRow, ...]
    origin: str = ""  # "a priori" (from the interview guide) or "inductive"; "" in a pure STC codebook

    @property
    def origin_nb(self) -> str:
        return {"a priori": "a priori (fra intervjuguiden)",
                "inductive": "induktiv (fra dataene)"}.get(self.origin, "")


CODEBOOK_COLUMNS = ("Subgruppe", "Beskrivelse", "Enheter", "Informanter", "Kondensat", "Gullsitat")


def build_codebook(snapshot: ProjectSnapshot) -> list[CodebookGroup]:
    """Code groups → subgroups with descriptions, unit and informant counts, the
    condensate and the golden quote."""
    coded: dict[int, set[int]] = defaultdict(set)
    for c in snapshot.codings:
        coded[c.code_group_id].add(c.unit_id)
    groups = []
    template = any(g.origin == "a-priori" for g in snapshot.code_groups)
    for group in snapshot.code_groups:
        heading = group.heading or group.name
        rows = []
        for sub in snapshot.subgroups_of(group.id):
            units = snapshot.units_of_subgroup(sub.id)
            cond = snapshot.condensates.get(sub.id)
            golden = snapshot.units.get(sub.golden_quote_unit_id or -1)
            rows.append(CodebookRow(
                heading, sub.heading or sub.name, sub.description, len(units),
                _informant_count(snapshot, [u.id for u in units]),
                cond.text.strip() if cond else "",
                golden.snippet.strip() if golden else ""))
        ids = sorted(coded[group.id])
        origin = ("a priori" if group.origin == "a-priori" else "inductive") if template else ""
        groups.append(CodebookGroup(heading, group.name, group.description, len(ids),
                                    _informant_count(snapshot, ids), tuple(rows), origin))
    return groups


def _informant_count(snapshot: ProjectSnapshot, unit_ids: list[int]) -> int:
    found = {(snapshot.informant_id_of_unit(u), snapshot.units[u].document_id)
             for u in unit_ids if u in snapshot.units}
    return len({informant if informant is not None else -doc for informant, doc in found})


# -- matrix ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MatrixRow:
    code_group: str
    subgroup: str
    cells: tuple[tuple[int, int], ...]  # (units, quotes) per informant column
    silent: tuple[str, ...]

    @property
    def units(self) -> int:
        return sum(c[0] for c in self.cells)

    @property
    def quotes(self) -> int:
        return sum(c[1] for c in self.cells)


@dataclass(frozen=True)
class Matrix:
    informants: tuple[str, ...]  # the column labels: informants, or roles (``by``)
    rows: tuple[MatrixRow, ...]
    by: str = "informant"

    @property
    def silent_title(self) -> str:
        return "Tause roller" if self.by == "role" else "Tause informanter"

    def column_totals(self) -> list[tuple[int, int]]:
        return [(sum(r.cells[i][0] for r in self.rows), sum(r.cells[i][1] for r in self.rows))
                for i in range(len(self.informants))]


#: What the matrix's columns are: one per informant (participant), or one per role.
MATRIX_BY = ("informant", "role")
NO_ROLE = "(uten rolle)"


def build_matrix(snapshot: ProjectSnapshot, part: str = "chapter", by: str = "informant") -> Matrix:
    """Subgroup × informant (or × role) counts of meaning units and (chapter) quotes; an
    informant (a role) with no units in a subgroup is listed as silent there. A unit of a
    focus group counts for its speaker (``informant_id_of_unit``)."""
    informants: list[Informant] = sorted((i for i in snapshot.informants
                                          if i.id not in snapshot.group_informants),
                                         key=lambda i: natural_key(i.label))
    if by == "role":
        roles = sorted({i.role.strip() or NO_ROLE for i in informants}, key=natural_key)
        place = {r: n for n, r in enumerate(roles)}
        column = {inf.id: place[inf.role.strip() or NO_ROLE] for inf in informants}
        labels = list(roles)
    else:
        column = {inf.id: n for n, inf in enumerate(informants)}
        labels = [i.label for i in informants]
    named = len(labels)
    if any(d.informant_id is None for d in snapshot.documents.values()):
        labels.append("(uten informant)")

    def col_of(unit_id: int) -> int | None:
        if unit_id not in snapshot.units:
            return None
        informant_id = snapshot.informant_id_of_unit(unit_id)
        return column[informant_id] if informant_id in column else named

    quote_counts: Counter = Counter()
    text_owner = {t.id: t.subgroup_id for t in snapshot.analytic_texts if t.part == part}
    for q in snapshot.quotes:
        sub_id = text_owner.get(q.analytic_text_id)
        if sub_id is not None:
            quote_counts[(sub_id, col_of(q.unit_id))] += 1
    unit_counts: Counter = Counter()
    for a in snapshot.assignments:
        unit_counts[(a.subgroup_id, col_of(a.unit_id))] += 1
    rows = []
    for group in snapshot.code_groups:
        for sub in snapshot.subgroups_of(group.id):
            cells = tuple((unit_counts[(sub.id, i)], quote_counts[(sub.id, i)])
                          for i in range(len(labels)))
            silent = tuple(labels[i] for i, c in enumerate(cells[:named]) if c[0] == 0)
            rows.append(MatrixRow(group.heading or group.name, sub.heading or sub.name, cells, silent))
    return Matrix(tuple(labels), tuple(rows), by)


# -- audit summary -------------------------------------------------------------------------------

STEP_OF_ENTITY = {
    "theme": "1 Helhetsinntrykk", "memo": "1 Helhetsinntrykk",
    "meaning_unit": "2 Meningsbærende enheter", "coding": "2 Meningsbærende enheter",
    "code_group": "2 Meningsbærende enheter", "suggestion": "2 Meningsbærende enheter",
    "subgroup": "3 Kondensering", "assignment": "3 Kondensering",
    "condensate": "3 Kondensering", "golden_quote": "3 Kondensering",
    "analytic_text": "4 Syntese", "quote": "4 Syntese", "validation": "4 Syntese",
}
OTHER_STEP = "Prosjekt og data"


def step_of(event: AuditEvent) -> str:
    """The STC step an event belongs to, from its action (``quote.add`` → step 4)."""
    prefix = event.action.split(".", 1)[0]
    if prefix == "unit":
        prefix = "meaning_unit"
    if event.action.startswith("theme.promote"):
        return "2 Meningsbærende enheter" if event.action.endswith("code_group") else "3 Kondensering"
    if prefix in ("undo", "redo"):
        return "Angre/gjør om"
    return STEP_OF_ENTITY.get(prefix, OTHER_STEP)


@dataclass(frozen=True)
class AuditSummary:
    events: int
    first_at: str
    last_at: str
    head_hash: str
    verified: bool
    problem: str
    per_step: tuple[tuple[str, int], ...]
    per_person: tuple[tuple[str, int], ...]
    per_day: tuple[tuple[str, int], ...]


def build_audit_summary(events: list[AuditEvent], verified: bool = True,
                        problem: str = "") -> AuditSummary:
    """Events per step, per person and per day, with the final chain hash."""
    steps = Counter(step_of(e) for e in events)
    people = Counter(e.actor for e in events)
    days = Counter(e.at_utc[:10] for e in events)
    return AuditSummary(
        events=len(events), first_at=events[0].at_utc if events else "",
        last_at=events[-1].at_utc if events else "",
        head_hash=events[-1].hash if events else "", verified=verified, problem=problem,
        per_step=tuple(sorted(steps.items())), per_person=tuple(people.most_common()),
        per_day=tuple(sorted(days.items())))
