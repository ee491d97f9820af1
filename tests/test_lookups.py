"""The named reads the screens use (services/lookups.py): each rule in one place."""

from __future__ import annotations

import hashlib

import pytest
from conftest import INTERVIEW, draft_from_labelled

from stc_bench.domain.errors import NotFound


def span_of(doc, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


def test_a_revised_transcript_is_current_once_and_labelled_by_its_informant(wb, doc):
    revised = INTERVIEW.replace("veldig usikker", "svært usikker")
    wb.revise_document(doc.id, draft_from_labelled(revised), source_name="JS1_rettet.txt",
                       source_sha256=hashlib.sha256(revised.encode()).hexdigest())
    current = wb.current_documents()
    assert len(current) == 1 and current[0].id != doc.id
    assert "svært usikker" in current[0].text
    assert wb.document(doc.id).superseded  # the old revision is still there by id
    labels = wb.document_labels()
    assert labels[doc.id] == labels[current[0].id] == "JS1"
    assert wb.informant_labels() == {doc.informant_id: "JS1"}


def test_a_transcript_without_an_informant_goes_by_its_title(wb):
    text = "I: Hvordan var det?\nA: Det gikk bra etter hvert.\n"
    loose = wb.import_transcript(draft_from_labelled(text), source_name="uten.txt",
                                 source_sha256="2" * 64)
    assert loose.informant_id is None
    assert wb.document_labels()[loose.id] == loose.title


def test_units_and_the_open_suggestions_not_under_one(wb, doc):
    unit = wb.create_unit(doc.id, *span_of(doc, "Det betydde mye for meg."))
    inside = span_of(doc, "betydde mye")
    free = span_of(doc, "At noen trodde på meg.")
    wb.store_suggestions(doc.id, [inside, free])
    units, open_ = wb.units_with_open_suggestions(doc.id)
    assert [u.id for u in units] == [unit.id]
    assert [(s.start, s.end) for s in open_] == [free]  # the one inside the unit is hidden


def test_codings_validation_and_condensate_units(wb, doc):
    group = wb.add_code_group("Tillit")
    sub = wb.add_subgroup(group.id, "Å bli trodd på")
    first = wb.create_unit(doc.id, *span_of(doc, "At noen trodde på meg."), [group.id])
    second = wb.create_unit(doc.id, *span_of(doc, "Det betydde mye for meg."), [group.id])
    assert wb.unit_groups(first.id) == [group.id]
    assert wb.unit_ids_in_group(group.id) == wb.coded_unit_ids() == {first.id, second.id}
    for unit in (first, second):
        wb.assign_unit(unit.id, sub.id)
    assert wb.condensate(sub.id) is None
    # no condensate yet: the subgroup's units, in transcript order
    assert wb.condensate_units(sub.id) == [second.id, first.id]
    wb.set_condensate(sub.id, "Jeg ble trodd på.", [first.id])
    assert wb.condensate(sub.id).text == "Jeg ble trodd på."
    assert wb.condensate_units(sub.id) == [first.id]
    assert wb.validated_units() == set() and not wb.is_validated(first.id)
    wb.mark_validated(first.id)
    assert wb.validated_units() == {first.id} and wb.is_validated(first.id)
    assert [a.unit_id for a in wb.subgroup_assignments(sub.id)] == [first.id, second.id]


def test_the_chapter_text_its_quotes_and_the_quoted_units(wb, doc):
    group = wb.add_code_group("Tillit")
    sub = wb.add_subgroup(group.id, "Å bli trodd på")
    unit = wb.create_unit(doc.id, *span_of(doc, "At noen trodde på meg."), [group.id])
    assert wb.chapter_text(subgroup_id=sub.id) is None
    text = wb.set_analytic_text("Flere forteller om tillit.", subgroup_id=sub.id)
    quote = wb.add_quote(unit.id, subgroup_id=sub.id)
    assert wb.chapter_text(subgroup_id=sub.id).id == text.id
    assert [q.id for q in wb.quotes_of(text.id)] == [quote.id]
    assert wb.quoted_units(subgroup_id=sub.id) == {unit.id}
    assert wb.quoted_units(code_group_id=group.id) == set()


def test_a_person_role_and_a_missing_entity(wb):
    assert wb.role_of_person("kari") == "student"
    assert wb.role_of_person("ola") is None
    with pytest.raises(NotFound):
        wb.unit(999)
