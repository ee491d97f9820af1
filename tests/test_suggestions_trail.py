"""Accepting a suggestion is a decision in the trail; the suggestion itself is derived."""

from stc_bench.domain.model import MeaningUnit


def test_accept_then_undo_brings_the_suggestion_back(wb, doc):
    text = wb.get(type(doc), doc.id).text
    start = text.index("At noen trodde på meg.")
    end = start + len("At noen trodde på meg.")
    wb.store_suggestions(doc.id, [(start, end)], source="test")
    [suggestion] = wb.suggestions(doc.id)

    unit = wb.accept_suggestion(suggestion.id)
    assert unit.snippet == "At noen trodde på meg."
    assert wb.suggestions(doc.id) == []  # already a unit: not offered again

    wb.undo()
    assert wb.list(MeaningUnit) == []
    assert [s.id for s in wb.suggestions(doc.id)] == [suggestion.id]
    assert wb.verify().ok

    wb.redo()
    assert [u.snippet for u in wb.list(MeaningUnit)] == ["At noen trodde på meg."]
    assert wb.suggestions(doc.id) == []
    assert wb.verify().ok
