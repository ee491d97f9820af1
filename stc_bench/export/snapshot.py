"""One read of everything an export needs, through the Workbench read API.

Exports read the whole analysis once (one ``wb.list`` per entity) and then work on
plain dataclasses, so building a chapter is pure and linear in the project's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Condensate,
    CondensateUnit,
    Document,
    Informant,
    MeaningUnit,
    Project,
    Quote,
    Subgroup,
)


@dataclass(frozen=True)
class ProjectSnapshot:
    """The analysis as it stands: ordered groups and subgroups, texts, quotes and the
    units, documents and informants they point at."""

    project: Project
    code_groups: tuple[CodeGroup, ...]
    subgroups: tuple[Subgroup, ...]
    analytic_texts: tuple[AnalyticText, ...]
    quotes: tuple[Quote, ...]
    units: dict[int, MeaningUnit]
    documents: dict[int, Document]
    informants: tuple[Informant, ...]
    assignments: tuple[Assignment, ...]
    codings: tuple[Coding, ...]
    condensates: dict[int, Condensate] = field(default_factory=dict)  # by subgroup id
    condensate_units: tuple[CondensateUnit, ...] = ()
    #: unit id → informant id (a focus group's speaker, else the document's): services'
    #: ``unit_informants``; missing for a snapshot built by hand, which falls back to documents
    unit_informant: dict[int, int | None] = field(default_factory=dict)
    #: informants standing for a whole focus group, not a participant (services' group_informants)
    group_informants: frozenset[int] = frozenset()

    # -- look-ups -------------------------------------------------------------------------

    def subgroups_of(self, code_group_id: int) -> list[Subgroup]:
        return [s for s in self.subgroups if s.code_group_id == code_group_id]

    def text_for(self, *, part: str, subgroup_id: int | None = None,
                 code_group_id: int | None = None) -> AnalyticText | None:
        for text in self.analytic_texts:
            if (text.part == part and text.subgroup_id == subgroup_id
                    and text.code_group_id == code_group_id):
                return text
        return None

    def quotes_of(self, analytic_text_id: int) -> list[Quote]:
        return self._quotes_by_text().get(analytic_text_id, [])

    def _quotes_by_text(self) -> dict[int, list[Quote]]:
        cached = self.__dict__.get("_qbt")
        if cached is None:
            cached = defaultdict(list)
            for q in sorted(self.quotes, key=lambda q: (q.position, q.id)):
                cached[q.analytic_text_id].append(q)
            object.__setattr__(self, "_qbt", cached)
        return cached

    def informant_id_of_unit(self, unit_id: int) -> int | None:
        if unit_id in self.unit_informant:
            return self.unit_informant[unit_id]
        unit = self.units.get(unit_id)
        doc = self.documents.get(unit.document_id) if unit else None
        return doc.informant_id if doc is not None else None

    def informant_of_unit(self, unit_id: int) -> Informant | None:
        informant_id = self.informant_id_of_unit(unit_id)
        return None if informant_id is None else self.informant_by_id().get(informant_id)

    def informant_by_id(self) -> dict[int, Informant]:
        return {i.id: i for i in self.informants}

    def units_of_subgroup(self, subgroup_id: int) -> list[MeaningUnit]:
        ids = [a.unit_id for a in self.assignments if a.subgroup_id == subgroup_id]
        return sorted((self.units[i] for i in ids if i in self.units),
                      key=lambda u: (u.document_id, u.start))


def load_snapshot(wb) -> ProjectSnapshot:
    """Read the analysis from an open Workbench (read-only: no events are written)."""
    documents = wb.list(Document)
    # the project's coding only: a coder's private units (independent coding) never reach
    # an export; the agreement reads them
    units = {u.id: u for u in wb.list(MeaningUnit) if u.coder is None}
    return ProjectSnapshot(
        project=wb.project(),
        code_groups=tuple(wb.code_groups()),
        subgroups=tuple(wb.list(Subgroup, ("code_group_id", "position"))),
        analytic_texts=tuple(wb.list(AnalyticText)),
        quotes=tuple(wb.list(Quote, ("analytic_text_id", "position"))),
        units=units,
        documents={d.id: d for d in documents},
        informants=tuple(wb.list(Informant, "label")),
        assignments=tuple(wb.list(Assignment)),
        codings=tuple(c for c in wb.list(Coding) if c.unit_id in units),
        condensates={c.subgroup_id: c for c in wb.list(Condensate)},
        condensate_units=tuple(wb.list(CondensateUnit)),
        unit_informant=wb.unit_informants(),
        group_informants=frozenset(wb.group_informants()),
    )
