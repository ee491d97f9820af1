"""``audit verify`` compares each replayed row with the stored one by canonical JSON. The
fast path (whole rows, plain types compared in C) must find exactly what comparing every
field's JSON found: values equal in Python but not in JSON are still differences."""

from __future__ import annotations

import pytest

from stc_bench.domain.audit import canonical_json, first_state_mismatch


def mismatch(want_row: dict, have_row: dict):
    return first_state_mismatch({"theme": {1: want_row}}, {"theme": {1: have_row}},
                                {("theme", 1): 7})


@pytest.mark.parametrize("want, have", [
    (1, True), (True, 1), (1, 1.0), (0.0, -0.0), ("1", 1), (None, 0), ([1, 2], [1, True]),
    ({"a": 1}, {"a": 1.0}), ("Tema", "Tema "), (None, ""),
])
def test_values_equal_in_python_but_not_in_json_are_differences(want, have):
    found = mismatch({"id": 1, "name": "Tema", "x": want}, {"id": 1, "name": "Tema", "x": have})
    assert found is not None and found[0] == 7 and "theme 1.x is" in found[1]
    assert canonical_json(want) != canonical_json(have)


@pytest.mark.parametrize("value", [1, True, None, "Åpenhet", 2.5, [1, "a"], {"b": [None, 1.5]}])
def test_equal_rows_match(value):
    row = {"id": 1, "name": "Tema", "x": value, "position": 3}
    assert mismatch(dict(row), dict(row)) is None


def test_first_differing_field_is_reported_in_trail_order_and_missing_keys_count():
    found = mismatch({"id": 1, "name": "A", "position": 2}, {"id": 1, "name": "B", "position": 3})
    assert "theme 1.name is 'B'" in found[1]
    # a field the stored row lacks reads as None, as before
    assert mismatch({"id": 1, "note": None}, {"id": 1}) is None
    assert mismatch({"id": 1, "note": "x"}, {"id": 1}) is not None
