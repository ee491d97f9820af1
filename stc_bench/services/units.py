"""Meaning units (step 2), their codings and their subgroup assignments."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.errors import InvalidOffsets, MethodError
from ..domain.model import (
    Assignment,
    CodeGroup,
    Coding,
    CondensateUnit,
    Document,
    MeaningUnit,
    Quote,
    Subgroup,
    Suggestion,
    Validation,
)
from ..domain.offsets import check_span, check_spans
from .base import Operation, ServiceBase, utc_now
from .coder_rules import check_owner, check_project_unit, new_unit_coder

#: Rows that point at a meaning unit, and the column that does.
UNIT_REFERENCES = ((Coding, "unit_id"), (Assignment, "unit_id"), (CondensateUnit, "unit_id"),
                   (Quote, "unit_id"), (Validation, "unit_id"))


class UnitOps(ServiceBase):
    def create_unit(self, document_id: int, start: int, end: int,
                    code_group_ids: Iterable[int] = ()) -> MeaningUnit:
        """Mark ``[start, end)`` of a document as a meaning unit, optionally coding it.

        Offsets are Unicode code points into the document's normalised text; the span
        must be in range and non-empty, and its text is stored as the unit's snippet.
        """
        with self._op("unit.create", "meaning_unit") as op:
            doc = op.tx.get(Document, document_id)
            snippet = check_span(doc.text, start, end, where=f"document {doc.id} ({doc.title})")
            unit = op.tx.insert(MeaningUnit, document_id=doc.id, start=start, end=end,
                                snippet=snippet, created_at=utc_now(),
                                coder=new_unit_coder(op.tx, doc.id, self.actor))
            for group_id in dict.fromkeys(code_group_ids):
                self._code(op, unit, group_id)
            op.entity_id = unit.id
            op.message = f"Marked meaning unit {unit.id} in {doc.title!r} ({start}..{end})"
        return unit

    def create_units(self, document_id: int, spans: Iterable[tuple[int, int]],
                     code_group_ids: Iterable[int] = ()) -> list[MeaningUnit]:
        """Mark many spans of one document as meaning units in one operation (one event,
        undone as one), each coded into ``code_group_ids``. For scripts and imports of a
        whole analysis; every span is checked as :meth:`create_unit` checks one."""
        spans = list(spans)
        with self._op("unit.create_many", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            starts, ends, snippets = check_spans(doc.text, spans,
                                                 where=f"document {doc.id} ({doc.title})")
            units = op.tx.insert_shared(MeaningUnit, {"document_id": doc.id,
                                                      "created_at": utc_now(),
                                                      "coder": new_unit_coder(op.tx, doc.id,
                                                                              self.actor)},
                                        ("start", "end", "snippet"),
                                        list(zip(starts, ends, snippets, strict=True)))
            groups = [op.tx.get(CodeGroup, g).id for g in dict.fromkeys(code_group_ids)]
            if len(groups) == 1:  # the usual case: the group once, the units as a list
                op.tx.insert_shared(Coding, {"code_group_id": groups[0]}, ("unit_id",),
                                    [(u.id,) for u in units], returning=False)
            else:
                op.tx.insert_many(Coding, [{"unit_id": u.id, "code_group_id": g}
                                           for u in units for g in groups], returning=False)
            op.message = f"Marked {len(units)} meaning units in {doc.title!r}"
        return units

    def accept_suggestion(self, suggestion_id: int, code_group_ids: Iterable[int] = ()) -> MeaningUnit:
        """Turn a segmentation suggestion into a meaning unit (optionally coded).

        The suggestion itself is left as it is: an open suggestion whose span is already
        a unit is not listed, so undoing the accept brings it back.
        """
        with self._op("suggestion.accept", "meaning_unit") as op:
            sug = op.tx.get(Suggestion, suggestion_id)
            doc = op.tx.get(Document, sug.document_id)
            snippet = check_span(doc.text, sug.start, sug.end, where=f"document {doc.id}")
            unit = op.tx.insert(MeaningUnit, document_id=doc.id, start=sug.start, end=sug.end,
                                snippet=snippet, created_at=utc_now(),
                                coder=new_unit_coder(op.tx, doc.id, self.actor))
            for group_id in dict.fromkeys(code_group_ids):
                self._code(op, unit, group_id)
            op.entity_id = unit.id
            op.message = f"Accepted suggestion {sug.id} as meaning unit {unit.id}"
        return unit

    def resize_unit(self, unit_id: int, start: int, end: int) -> MeaningUnit:
        """Move a unit's edges; its snippet follows the new span."""
        with self._op("unit.resize", "meaning_unit", unit_id) as op:
            unit = op.tx.get(MeaningUnit, unit_id)
            check_owner(op.tx, unit, self.actor)
            doc = op.tx.get(Document, unit.document_id)
            snippet = check_span(doc.text, start, end, where=f"document {doc.id} ({doc.title})")
            unit = op.tx.update(unit, start=start, end=end, snippet=snippet, status="ok")
            op.message = f"Resized meaning unit {unit.id} to {start}..{end}"
        return unit

    def split_unit(self, unit_id: int, at: int) -> tuple[MeaningUnit, MeaningUnit]:
        """Split a unit at offset ``at``; the right half is a new unit with the same
        codings and assignments (the left half keeps the id, quotes and validations)."""
        with self._op("unit.split", "meaning_unit", unit_id) as op:
            unit = op.tx.get(MeaningUnit, unit_id)
            check_owner(op.tx, unit, self.actor)
            if not unit.start < at < unit.end:
                raise InvalidOffsets(f"meaning unit {unit.id}: split point {at} is not inside "
                                     f"{unit.start}..{unit.end}", kind="split_outside", id=unit.id)
            doc = op.tx.get(Document, unit.document_id)
            where = f"document {doc.id} ({doc.title})"
            left_text = check_span(doc.text, unit.start, at, where=where)
            right_text = check_span(doc.text, at, unit.end, where=where)
            right = op.tx.insert(MeaningUnit, document_id=doc.id, start=at, end=unit.end,
                                 snippet=right_text, created_at=utc_now(), coder=unit.coder)
            left = op.tx.update(unit, end=at, snippet=left_text)
            for coding in op.tx.list(Coding, unit_id=unit.id):
                op.tx.insert(Coding, unit_id=right.id, code_group_id=coding.code_group_id)
            for a in op.tx.list(Assignment, unit_id=unit.id):
                op.tx.insert(Assignment, unit_id=right.id, subgroup_id=a.subgroup_id)
            op.message = f"Split meaning unit {unit.id} at {at} into {left.id} and {right.id}"
        return left, right

    def merge_units(self, unit_ids: list[int]) -> MeaningUnit:
        """Merge units of one document into the first one: the span covers them all and
        every coding, assignment, quote and validation moves to the merged unit."""
        ids = list(dict.fromkeys(unit_ids))
        if len(ids) < 2:
            raise MethodError("merge: give at least two meaning units")
        with self._op("unit.merge", "meaning_unit", ids[0]) as op:
            units = [op.tx.get(MeaningUnit, i) for i in ids]
            docs = {u.document_id for u in units}
            if len(docs) > 1:
                raise InvalidOffsets(f"merge: meaning units {ids} are in different documents")
            for unit in units:
                check_owner(op.tx, unit, self.actor)
            if len({u.coder for u in units}) > 1:
                raise MethodError(f"merge: meaning units {ids} belong to different coders")
            doc = op.tx.get(Document, units[0].document_id)
            start, end = min(u.start for u in units), max(u.end for u in units)
            snippet = check_span(doc.text, start, end, where=f"document {doc.id} ({doc.title})")
            gaps = _gaps(doc.text, [(u.start, u.end) for u in units])
            keep = op.tx.update(units[0], start=start, end=end, snippet=snippet)
            for other in units[1:]:
                self._repoint(op, other.id, keep.id)
                op.tx.delete(other)
            op.message = f"Merged meaning units {ids} into {keep.id} ({start}..{end})"
            if gaps:  # text that was in none of the units is in the merged one now
                op.extra = {"gaps": [[a, b] for a, b in gaps]}
                words = " … ".join(doc.text[a:b].strip() for a, b in gaps)
                op.message += (f", taking in {sum(b - a for a, b in gaps)} characters that were "
                               f"in none of them: {words[:80]!r}")
        return keep

    def delete_unit(self, unit_id: int) -> None:
        """Delete a meaning unit with its codings, assignments, quotes and validations."""
        with self._op("unit.delete", "meaning_unit", unit_id) as op:
            unit = op.tx.get(MeaningUnit, unit_id)
            check_owner(op.tx, unit, self.actor)
            self._clear_unit(op, unit.id)
            op.tx.delete(unit)
            op.message = f"Deleted meaning unit {unit.id}: {unit.snippet[:60]!r}"

    def _clear_unit(self, op: Operation, unit_id: int) -> None:
        for cls, column in UNIT_REFERENCES:
            for row in op.tx.list(cls, "id", **{column: unit_id}):
                op.tx.delete(row)
        for sub in op.tx.list(Subgroup, golden_quote_unit_id=unit_id):
            op.tx.update(sub, golden_quote_unit_id=None)

    def _repoint(self, op: Operation, old: int, new: int) -> None:
        """Move every reference from unit ``old`` to unit ``new`` without duplicates."""
        for cls, column in UNIT_REFERENCES:
            for row in op.tx.list(cls, "id", **{column: old}):
                key = {k: v for k, v in vars(row).items() if k not in ("id", column)}
                if cls in (Coding, Assignment, CondensateUnit) and op.tx.count(cls, **{column: new}, **key):
                    op.tx.delete(row)
                else:
                    op.tx.update(row, **{column: new})
        for sub in op.tx.list(Subgroup, golden_quote_unit_id=old):
            op.tx.update(sub, golden_quote_unit_id=new)

    # -- codings and assignments -----------------------------------------------------------

    def codings_of(self, unit_ids: Iterable[int]) -> list[Coding]:
        """The codings of these meaning units (a few queries, not the whole table)."""
        with self._read() as tx:
            return tx.list_in(Coding, "unit_id", list(unit_ids))

    def code_unit(self, unit_id: int, code_group_id: int) -> Coding:
        """Code a meaning unit into a code group (a unit may be in several)."""
        with self._op("coding.add", "meaning_unit", unit_id) as op:
            unit = op.tx.get(MeaningUnit, unit_id)
            check_owner(op.tx, unit, self.actor)
            coding = self._code(op, unit, code_group_id)
        return coding

    def _code(self, op: Operation, unit: MeaningUnit, group_id: int) -> Coding:
        group = op.tx.get(CodeGroup, group_id)
        existing = op.tx.list(Coding, unit_id=unit.id, code_group_id=group.id)
        if existing:
            return existing[0]
        op.message = op.message or f"Coded meaning unit {unit.id} into {group.name!r}"
        return op.tx.insert(Coding, unit_id=unit.id, code_group_id=group.id)

    def uncode_unit(self, unit_id: int, code_group_id: int) -> None:
        """Remove a unit from a code group (and from that group's subgroups)."""
        with self._op("coding.remove", "meaning_unit", unit_id) as op:
            group = op.tx.get(CodeGroup, code_group_id)
            check_owner(op.tx, op.tx.get(MeaningUnit, unit_id), self.actor)
            for coding in op.tx.list(Coding, unit_id=unit_id, code_group_id=code_group_id):
                op.tx.delete(coding)
            for sub in op.tx.list(Subgroup, code_group_id=code_group_id):
                for a in op.tx.list(Assignment, unit_id=unit_id, subgroup_id=sub.id):
                    op.tx.delete(a)
            op.message = f"Removed meaning unit {unit_id} from {group.name!r}"

    def assign_unit(self, unit_id: int, subgroup_id: int) -> Assignment:
        """Assign a unit to a subgroup of one of its code groups. One unit may serve
        several subgroups."""
        with self._op("assignment.add", "meaning_unit", unit_id) as op:
            unit = op.tx.get(MeaningUnit, unit_id)
            check_project_unit(op.tx, unit)
            sub = op.tx.get(Subgroup, subgroup_id)
            if not op.tx.count(Coding, unit_id=unit.id, code_group_id=sub.code_group_id):
                raise MethodError(f"meaning unit {unit.id} is not coded into the code group of "
                                  f"subgroup {sub.name!r}; code it first", kind="assign_uncoded",
                                  id=unit.id, name=sub.name)
            existing = op.tx.list(Assignment, unit_id=unit.id, subgroup_id=sub.id)
            if existing:
                return existing[0]
            assignment = op.tx.insert(Assignment, unit_id=unit.id, subgroup_id=sub.id)
            op.message = f"Assigned meaning unit {unit.id} to subgroup {sub.name!r}"
        return assignment

    def assign_units(self, subgroup_id: int, unit_ids: Iterable[int]) -> list[Assignment]:
        """Assign many units to one subgroup in one operation (one event, undone as one):
        for a whole filtered list, scripts and imports. Every unit must be coded into the
        subgroup's code group; units already in the subgroup are left as they are."""
        unit_ids = list(dict.fromkeys(unit_ids))
        with self._op("assignment.add_many", "subgroup", subgroup_id) as op:
            sub = op.tx.get(Subgroup, subgroup_id)
            coded = {c.unit_id for c in op.tx.list(Coding, code_group_id=sub.code_group_id)}
            stray = [u for u in unit_ids if u not in coded]
            if stray:
                shown = ", ".join(map(str, stray[:5])) + (" …" if len(stray) > 5 else "")
                raise MethodError(f"{len(stray)} meaning unit(s) ({shown}) are not coded into the "
                                  f"code group of subgroup {sub.name!r}; code them first")
            for unit in op.tx.list_in(MeaningUnit, "id", unit_ids):
                check_project_unit(op.tx, unit)
            have = {a.unit_id for a in op.tx.list(Assignment, subgroup_id=sub.id)}
            added = op.tx.insert_many(Assignment, [{"unit_id": u, "subgroup_id": sub.id}
                                                   for u in unit_ids if u not in have])
            op.message = f"Assigned {len(added)} meaning units to subgroup {sub.name!r}"
        return added

    def unassign_unit(self, unit_id: int, subgroup_id: int) -> None:
        """Take a unit out of a subgroup (it stays coded in the code group)."""
        with self._op("assignment.remove", "meaning_unit", unit_id) as op:
            for a in op.tx.list(Assignment, unit_id=unit_id, subgroup_id=subgroup_id):
                op.tx.delete(a)
            op.message = f"Took meaning unit {unit_id} out of subgroup {subgroup_id}"


def _gaps(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches between ``spans`` (sorted) that hold more than whitespace."""
    gaps: list[tuple[int, int]] = []
    reach: int | None = None
    for start, end in sorted(spans):
        if reach is not None and start > reach and text[reach:start].strip():
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps
