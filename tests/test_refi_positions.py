"""Positions between other tools' counting and stc-bench's normalised text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from stc_bench.domain.offsets import normalise_text
from stc_bench.domain.refi import UNITS_UTF16, normalise_with_map, producer_counting, raw_positions

LETTERS = st.sampled_from(list("abc æøå  \t\r\n😀.") + ["\r\n", "a\u030a", "\u00e5"])


@given(st.lists(LETTERS, max_size=60).map("".join))
def test_the_map_lands_where_normalise_text_puts_each_character(raw):
    text, mapping = normalise_with_map(raw)
    assert text == normalise_text(raw)
    assert len(mapping) == len(raw) + 1 and mapping == sorted(mapping)
    assert mapping[0] == 0 and mapping[-1] == len(text)
    for i, ch in enumerate(raw):  # a kept, already composed letter is found at its offset
        if ch.isalpha() and unicodedata.is_normalized("NFC", raw[i:i + 2]) and mapping[i] < len(text):
            assert text[mapping[i]] == ch


def test_nvivo_counts_utf16_units_and_crlf_as_two():
    raw = "😀a\r\nb"
    assert producer_counting("NVivo 12 Windows") == (UNITS_UTF16, True)
    assert raw_positions(raw, *producer_counting("NVivo")) == [0, 2, 3, 4, 5, 6]
    assert raw_positions(raw, *producer_counting("MAXQDA 2022")) == [0, 1, 2, 2, 3, 4]
    assert raw_positions(raw, *producer_counting("QualCoder 3.5")) == [0, 1, 2, 3, 4, 5]


def test_decomposed_letters_from_a_mac_keep_their_place():
    raw = "Ja\u030a, det gikk.\r\nNei."
    text, mapping = normalise_with_map(raw)
    start = raw.index("det")
    assert text[mapping[start]:mapping[start + len("det gikk")]] == "det gikk"
