"""Many meaning units in one operation: one event in the trail, undone and redone as one,
verified like any other change."""

from __future__ import annotations

import pytest
from helpers.study import INTERVIEW_JS2, import_interview

from stc_bench.domain import audit
from stc_bench.domain.errors import InvalidOffsets, MethodError, NotFound, StcError
from stc_bench.domain.model import Coding, MeaningUnit
from stc_bench.storage.models import TABLES
from stc_bench.storage.repository import IN_CHUNK


def snapshot(wb) -> dict[str, list[dict]]:
    """Every row of every table but the trail (which only grows)."""
    with wb.store.read() as tx:
        return {name: sorted(tx.raw_rows(name), key=lambda r: r["id"])
                for name in sorted(TABLES) if name != "audit_event"}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each ". "-ended sentence of the informant's turns, as (start, end)."""
    spans = []
    for line_start, line in _lines(text):
        if line.startswith("I:"):
            continue
        body = line.index(":") + 2
        pos = body
        for part in line[body:].split(". "):
            spans.append((line_start + pos, line_start + pos + len(part)))
            pos += len(part) + 2
    return spans


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def test_create_units_marks_and_codes_many_spans_as_one_event(wb):
    doc = import_interview(wb)
    group = wb.add_code_group("Arbeidsgiveren")
    spans = sentence_spans(doc.text)
    events = len(wb.log())
    before = snapshot(wb)

    units = wb.create_units(doc.id, spans, [group.id])

    assert [(u.start, u.end) for u in units] == spans
    assert [u.snippet for u in units] == [doc.text[a:b] for a, b in spans]
    assert "Det var behandleren min på DPS-et som foreslo det" in [u.snippet for u in units]
    assert sorted(c.unit_id for c in wb.list(Coding, code_group_id=group.id)) == [u.id for u in units]
    codings = wb.codings_of([units[1].id, units[0].id])
    assert sorted((c.unit_id, c.code_group_id) for c in codings) == [(units[0].id, group.id),
                                                                     (units[1].id, group.id)]
    [event] = wb.log()[events:]
    assert event.action == "unit.create_many" and str(len(spans)) in event.message
    assert wb.verify().ok
    after = snapshot(wb)

    wb.undo()
    assert snapshot(wb) == before and wb.list(MeaningUnit) == []
    wb.redo()
    assert snapshot(wb) == after
    assert wb.verify().ok
    # an ordinary unit afterwards gets the next id
    extra = wb.create_unit(doc.id, 0, 5)
    assert extra.id == max(u.id for u in units) + 1


def test_create_units_refuses_a_bad_span_and_changes_nothing(wb):
    doc = import_interview(wb)
    events = len(wb.log())
    with pytest.raises(InvalidOffsets):
        wb.create_units(doc.id, [(0, 10), (50, 40)])
    with pytest.raises(NotFound):
        wb.create_units(doc.id, [(0, 10)], [999])
    assert wb.list(MeaningUnit) == [] and len(wb.log()) == events


@pytest.mark.parametrize("bad, message", [
    ((50, 40), "span 50..40 is empty"), ((-1, 5), "outside the text"),
    ((0, 10**7), "outside the text"), ((2.0, 5), "must be integers"),
    ((True, 5), "must be integers"), ("blank", "only whitespace"),
])
def test_create_units_names_the_first_bad_span_as_create_unit_does(wb, bad, message):
    doc = import_interview(wb)
    if bad == "blank":
        at = doc.text.index("\n")
        bad = (at, at + 1)
    group = wb.add_code_group("Arbeidsgiveren")
    spans = sentence_spans(doc.text)[:4]
    with pytest.raises(InvalidOffsets, match=message) as many:
        wb.create_units(doc.id, [*spans[:2], bad, (50, 40), *spans[2:]], [group.id])
    with pytest.raises(InvalidOffsets) as one:
        wb.create_unit(doc.id, *bad)
    assert str(many.value) == str(one.value)
    assert wb.list(MeaningUnit) == []


def test_create_units_with_two_code_groups_codes_each_unit_in_both(wb):
    doc = import_interview(wb)
    groups = [wb.add_code_group("Arbeidsgiveren"), wb.add_code_group("Åpenhet")]
    units = wb.create_units(doc.id, sentence_spans(doc.text)[:3], [g.id for g in groups])
    assert sorted((c.unit_id, c.code_group_id) for c in wb.list(Coding)) == sorted(
        (u.id, g.id) for u in units for g in groups)
    assert wb.verify(full=True).ok
    wb.undo()
    assert wb.list(Coding) == [] and wb.verify(full=True).ok


def test_create_units_with_no_spans_adds_no_event(wb):
    doc = import_interview(wb)
    events = len(wb.log())
    assert wb.create_units(doc.id, []) == []
    assert len(wb.log()) == events


def test_assign_units_puts_many_units_in_a_subgroup_as_one_event(wb):
    doc = import_interview(wb)
    group = wb.add_code_group("Arbeidsgiveren")
    other = wb.add_code_group("Tempo")
    units = wb.create_units(doc.id, sentence_spans(doc.text), [group.id])
    stray = wb.create_unit(doc.id, 0, 5, [other.id])
    sub = wb.add_subgroup(group.id, "Å si det til sjefen")
    wb.assign_unit(units[0].id, sub.id)  # already there: left as it is
    events, before = len(wb.log()), snapshot(wb)

    added = wb.assign_units(sub.id, [u.id for u in units])

    assert sorted(a.unit_id for a in added) == [u.id for u in units[1:]]
    assert [u.id for u in wb.units_in_subgroup(sub.id)] == [u.id for u in units]
    [event] = wb.log()[events:]
    assert event.action == "assignment.add_many" and f"{len(units) - 1} meaning units" in event.message
    after = snapshot(wb)
    wb.undo()
    assert snapshot(wb) == before
    wb.redo()
    assert snapshot(wb) == after and wb.verify().ok
    # a unit of another code group is refused, naming it, and nothing changes
    events = len(wb.log())
    with pytest.raises(MethodError, match=f"{stray.id}.*code them first"):
        wb.assign_units(sub.id, [units[0].id, stray.id])
    assert snapshot(wb) == after and len(wb.log()) == events
    # all already there: no event
    assert wb.assign_units(sub.id, [units[2].id]) == [] and len(wb.log()) == events


def test_a_bulk_write_records_each_row_as_stored_and_a_refused_one_changes_nothing(wb):
    doc = import_interview(wb)
    group = wb.add_code_group("Arbeidsgiveren")
    units = wb.create_units(doc.id, sentence_spans(doc.text)[:3], [group.id])
    [event] = wb.log()[-1:]
    stored = {(name, row["id"]): row for name in ("meaning_unit", "coding")
              for row in snapshot(wb)[name]}
    # one change per table, its rows as lists of what differs (the ids run from first_id,
    # shared values are given once); expanded, one full row per inserted row
    BODY = ["columns", "first_id", "rows", "shared"]  # noqa: N806
    assert [(c[0], c[1], c[2], sorted(c[3])) for c in event.changes] == [
        ("meaning_unit", None, None, BODY), ("coding", None, None, BODY)]
    assert event.changes[1][3]["shared"] == {"code_group_id": group.id}
    assert event.changes[1][3]["columns"] == ["unit_id"]
    rows = list(audit.row_changes(event.changes))
    assert [c[:3] for c in rows] == (
        [["meaning_unit", u.id, None] for u in units]
        + [["coding", c.id, None] for c in wb.list(Coding, code_group_id=group.id)])
    for table, id_, _before, after in rows:
        assert after == stored[(table, id_)]  # every column, as stored

    before, events = snapshot(wb), len(wb.log())
    with pytest.raises(StcError, match="refused by the database"):
        with wb.store.write() as tx:  # a coding of a unit that does not exist
            tx.insert_many(Coding, [{"unit_id": units[-1].id + 99, "code_group_id": group.id}])
    assert snapshot(wb) == before and len(wb.log()) == events


def test_list_in_takes_more_values_than_one_in_list_holds(wb):
    """``list_in`` asks in chunks (SQLite before 3.32 binds at most 999 values) and still
    gives each row once, by id, whatever the order and repeats of the values asked for."""
    doc = import_interview(wb, INTERVIEW_JS2 * 5)  # room for 1,850 one-letter units
    spans = [(i, i + 1) for i, c in enumerate(doc.text) if c.isalpha()][:2 * IN_CHUNK + 50]
    assert len(spans) == 2 * IN_CHUNK + 50
    units = wb.create_units(doc.id, spans)
    ids = [u.id for u in units]
    asked = [*reversed(ids), *ids[:10], 10**9]  # out of order, some twice, one not there
    with wb.store.read() as tx:
        found = tx.list_in(MeaningUnit, "id", asked)
    assert [u.id for u in found] == sorted(ids)
    assert wb.codings_of(ids) == []  # every chunk asked, none coded
