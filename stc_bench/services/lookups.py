"""Named reads for the screens: one entity by id, and the small collections the TUI lists.

Each is one read transaction and each rule is written here once (which transcripts are
current, which label a transcript goes by, which units are validated …), so a screen
never filters rows itself: it calls ``wb.current_documents()``, not a generic listing
with conditions of its own. ``tests/test_tui_write_path.py`` fails on ``wb.list(`` or
``wb.get(`` in ``tui/``.
"""

from __future__ import annotations

from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Comment,
    Condensate,
    CondensateUnit,
    Consent,
    Document,
    IndependentCoder,
    Informant,
    InterviewGuide,
    MeaningUnit,
    Person,
    Quote,
    Subgroup,
    Suggestion,
    Theme,
    Turn,
    Validation,
)
from ..domain.offsets import covered, uncovered_by, word_count
from .base import ServiceBase
from .coder_rules import hidden_unit_ids, visible


class LookupOps(ServiceBase):
    # -- one entity by id (NotFound, a user error, when it is gone) -------------------------

    def document(self, document_id: int) -> Document:
        """One transcript (current or superseded) by id."""
        with self._read() as tx:
            return tx.get(Document, document_id)

    def turn(self, turn_id: int) -> Turn:
        with self._read() as tx:
            return tx.get(Turn, turn_id)

    def informant(self, informant_id: int) -> Informant:
        with self._read() as tx:
            return tx.get(Informant, informant_id)

    def theme(self, theme_id: int) -> Theme:
        with self._read() as tx:
            return tx.get(Theme, theme_id)

    def code_group(self, code_group_id: int) -> CodeGroup:
        with self._read() as tx:
            return tx.get(CodeGroup, code_group_id)

    def subgroup(self, subgroup_id: int) -> Subgroup:
        with self._read() as tx:
            return tx.get(Subgroup, subgroup_id)

    def unit(self, unit_id: int) -> MeaningUnit:
        with self._read() as tx:
            return tx.get(MeaningUnit, unit_id)

    def quote(self, quote_id: int) -> Quote:
        with self._read() as tx:
            return tx.get(Quote, quote_id)

    def comment(self, comment_id: int) -> Comment:
        with self._read() as tx:
            return tx.get(Comment, comment_id)

    def condensate_by_id(self, condensate_id: int) -> Condensate:
        with self._read() as tx:
            return tx.get(Condensate, condensate_id)

    def analytic_text(self, analytic_text_id: int) -> AnalyticText:
        with self._read() as tx:
            return tx.get(AnalyticText, analytic_text_id)

    # -- transcripts and people --------------------------------------------------------------

    def current_documents(self) -> list[Document]:
        """The transcripts being analysed, by id: a revised transcript's older revision
        (``superseded``) is kept for the trail but is not one of them."""
        with self._read() as tx:
            return [d for d in tx.list(Document) if not d.superseded]

    def current_document_ids(self) -> list[int]:
        """The ids of :meth:`current_documents`, without reading every transcript's text."""
        with self._read() as tx:
            return [id_ for id_, superseded in tx.values(Document, "id", "superseded")
                    if not superseded]

    def informants(self) -> list[Informant]:
        """Every informant, by label."""
        with self._read() as tx:
            return tx.list(Informant, "label")

    def informant_labels(self) -> dict[int, str]:
        """Each informant's label by id."""
        with self._read() as tx:
            return dict(tx.values(Informant, "id", "label"))

    def document_labels(self) -> dict[int, str]:
        """What a transcript goes by in lists of units: its informant's label, else its
        title (a transcript with no informant yet), by document id."""
        with self._read() as tx:
            labels = dict(tx.values(Informant, "id", "label"))
            return {id_: labels.get(informant_id, title)
                    for id_, informant_id, title in tx.values(Document, "id", "informant_id",
                                                              "title")}

    def role_of_person(self, name: str) -> str | None:
        """The role the project registers for ``name`` (None: not registered)."""
        with self._read() as tx:
            return next((p.role for p in tx.list(Person, name=name)), None)

    def consents(self) -> dict[int, Consent]:
        """Each informant's consent record by informant id."""
        with self._read() as tx:
            return {c.informant_id: c for c in tx.list(Consent)}

    def interview_guides(self) -> list[InterviewGuide]:
        """The interview guide's versions, oldest first."""
        with self._read() as tx:
            return tx.list(InterviewGuide, "version")

    # -- units, codings and marks -------------------------------------------------------

    def unit_groups(self, unit_id: int) -> list[int]:
        """The code groups a unit is coded into (ids, in the order it was coded)."""
        with self._read() as tx:
            return [c.code_group_id for c in tx.list(Coding, unit_id=unit_id)]

    def document_figures(self) -> list[tuple[int, str, str, int, int, int, float, tuple[str, ...]]]:
        """Per transcript (by id, superseded revisions included): id, title, informant
        label ("—" for none), turns, words, meaning units, the share of the informants'
        text inside coded units (of the whole text when no turn is an informant's), and
        the coders while it is in independent coding (else empty). Units and share are of
        the project's coding, as ``status`` counts it: not the coders' own units.

        Read transcript by transcript, spans only: at 5M words and 400k units, loading
        every unit, turn and text at once held ~400 MB for a table of 500 rows."""
        rows = []
        with self._read() as tx:
            labels = dict(tx.values(Informant, "id", "label"))
            coders: dict[int, list[str]] = {}
            for document_id, coder in tx.values(IndependentCoder, "document_id", "coder",
                                                released_at=None):
                coders.setdefault(document_id, []).append(coder)
            for id_, title, informant_id, words, length in tx.document_heads():
                turns = list(tx.values(Turn, "start", "end", "is_interviewer", document_id=id_))
                units = tx.unit_spans(id_)
                spoken = [(s, e) for s, e, interviewer in turns if not interviewer] or [(0, length)]
                coded = [(s, e) for s, e, is_coded in units if is_coded]
                total = sum(e - s for s, e in spoken) or 1
                if words is None:  # restored from a trail older than the stored count
                    words = word_count(tx.get(Document, id_).text)
                rows.append((id_, title, labels.get(informant_id, "—"), len(turns), words,
                             len(units), covered(spoken, coded) / total,
                             tuple(coders.get(id_, ()))))
        return rows

    def coded_unit_ids(self) -> set[int]:
        """The ids of the units coded into at least one code group."""
        with self._read() as tx:
            hidden = hidden_unit_ids(tx, self.actor)
            return {unit_id for (unit_id,) in tx.values(Coding, "unit_id")} - hidden

    def unit_ids_in_group(self, code_group_id: int) -> set[int]:
        """The ids of the units coded into a code group (not the units themselves)."""
        with self._read() as tx:
            hidden = hidden_unit_ids(tx, self.actor)
            return {c.unit_id for c in tx.list(Coding, code_group_id=code_group_id)} - hidden

    def units_with_open_suggestions(self, document_id: int
                                    ) -> tuple[list[MeaningUnit], list[Suggestion]]:
        """A transcript's units and the open suggestions not inside or overlapping one
        (those come back with the unit's undo), both in text order."""
        with self._read() as tx:
            units = visible(tx, tx.list(MeaningUnit, "start", document_id=document_id),
                            self.actor)  # in independent coding: a coder's own units
            open_ = tx.list(Suggestion, "start", document_id=document_id, status="open")
            return units, list(uncovered_by(open_, units))

    def validated_units(self) -> set[int]:
        """The ids of the units re-read in context (validated) at least once."""
        with self._read() as tx:
            return {unit_id for (unit_id,) in tx.values(Validation, "unit_id")}

    def is_validated(self, unit_id: int) -> bool:
        with self._read() as tx:
            return tx.count(Validation, unit_id=unit_id) > 0

    def subgroup_assignments(self, subgroup_id: int) -> list[Assignment]:
        """The units assigned to a subgroup (assignment rows, by id)."""
        with self._read() as tx:
            return tx.list(Assignment, subgroup_id=subgroup_id)

    def assignments(self) -> list[Assignment]:
        """Every unit → subgroup assignment."""
        with self._read() as tx:
            return tx.list(Assignment)

    # -- condensates and analytic texts ------------------------------------------------------

    def condensate(self, subgroup_id: int) -> Condensate | None:
        """A subgroup's condensate, if it has one."""
        with self._read() as tx:
            found = tx.list(Condensate, subgroup_id=subgroup_id)
            return found[0] if found else None

    def condensate_units(self, subgroup_id: int) -> list[int]:
        """The units a subgroup's condensate condenses (else the subgroup's units), in
        transcript order."""
        with self._read() as tx:
            found = tx.list(Condensate, subgroup_id=subgroup_id)
            linked = ({c.unit_id for c in tx.list(CondensateUnit, condensate_id=found[0].id)}
                      if found else set())
            ids = [a.unit_id for a in tx.list(Assignment, subgroup_id=subgroup_id)]
            units = sorted(tx.list_in(MeaningUnit, "id", ids),
                           key=lambda u: (u.document_id, u.start))
            return [u.id for u in units if u.id in linked] or [u.id for u in units]

    def chapter_text(self, *, subgroup_id: int | None = None,
                     code_group_id: int | None = None) -> AnalyticText | None:
        """The results chapter's analytic text of a subgroup (or a code group), if any."""
        where = ({"subgroup_id": subgroup_id} if subgroup_id is not None
                 else {"code_group_id": code_group_id})
        with self._read() as tx:
            found = tx.list(AnalyticText, part="chapter", **where)
            return found[0] if found else None

    def quotes_of(self, analytic_text_id: int) -> list[Quote]:
        """An analytic text's quotes in their order."""
        with self._read() as tx:
            return tx.list(Quote, "position", analytic_text_id=analytic_text_id)

    def quoted_units(self, *, subgroup_id: int | None = None,
                     code_group_id: int | None = None) -> set[int]:
        """The ids of the units quoted in a subgroup's (or code group's) analytic texts,
        chapter and discussion."""
        where = ({"subgroup_id": subgroup_id} if subgroup_id is not None
                 else {"code_group_id": code_group_id})
        with self._read() as tx:
            return {q.unit_id for t in tx.list(AnalyticText, **where)
                    for q in tx.list(Quote, analytic_text_id=t.id)}
