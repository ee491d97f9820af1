"""Offsets are Unicode code points into normalised text: property tests with Norwegian
letters, emoji, combining marks and Windows line endings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stc_bench.domain.errors import InvalidOffsets
from stc_bench.domain.offsets import check_span, normalise_text
from stc_bench.domain.transcript import TranscriptDraft, TurnDraft
from stc_bench.services import Workbench

# Pieces a Norwegian transcript really holds: æøå, a decomposed å (a + ring), emoji
# (outside the BMP), a ZWJ family, CRLF and lone CR, a BOM, trailing spaces.
PIECES = ["jobb", "støtte", "Æ", "ø", "å", "a\u030a", "e\u0301", "😀", "👩\u200d👩\u200d👧",
          " ", "  ", "\t", "\n", "\r\n", "\r", "\ufeff", "IPS", "NAV", ".", ",", "«", "»", "(…)"]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=80),
)


@given(texts)
def test_normalise_text_is_idempotent(raw):
    once = normalise_text(raw)
    assert normalise_text(once) == once


@given(texts)
def test_normalised_text_is_nfc_with_plain_newlines(raw):
    text = normalise_text(raw)
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\ufeff" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_combining_ring_becomes_one_code_point():
    # "a" + COMBINING RING ABOVE is two code points; after NFC it is one "å".
    assert normalise_text("Ga\u030ard\r\n") == "Gård"
    assert len(normalise_text("Ga\u030ard")) == 4


@st.composite
def text_and_span(draw):
    text = normalise_text(draw(texts))
    assume(text.strip())
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@given(text_and_span())
def test_check_span_returns_exactly_the_slice(case):
    text, start, end = case
    if text[start:end].strip():
        assert check_span(text, start, end) == text[start:end]
    else:
        with pytest.raises(InvalidOffsets, match="whitespace"):
            check_span(text, start, end)


@given(texts, st.integers(-5, 200), st.integers(-5, 200))
def test_check_span_refuses_spans_outside_or_empty(raw, start, end):
    text = normalise_text(raw)
    if start < 0 or end > len(text) or end <= start:
        with pytest.raises(InvalidOffsets):
            check_span(text, start, end)


def test_check_span_refuses_non_integers():
    with pytest.raises(InvalidOffsets, match="integers"):
        check_span("jobbstøtte", True, 3)
    with pytest.raises(InvalidOffsets, match="integers"):
        check_span("jobbstøtte", 0, 2.5)


# -- snippets through the service layer ------------------------------------------------------

@st.composite
def transcript_text(draw):
    raw = draw(st.lists(st.sampled_from(PIECES), min_size=3, max_size=30).map("".join))
    text = normalise_text("JS1: " + raw + " ferdig")
    return text


def _fresh_project(tmp_path_factory) -> Workbench:
    path = tmp_path_factory.mktemp("props") / "p.stc"
    return Workbench.create(path, title="Egenskaper", actor="kari")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_create_resize_split_snippets_equal_the_text(tmp_path_factory, data):
    text = data.draw(transcript_text())
    with _fresh_project(tmp_path_factory) as wb:
        draft = TranscriptDraft(text, (TurnDraft("JS1", 0, len(text)),), "txt")
        doc = wb.import_transcript(draft, source_name="JS1.txt", source_sha256="a" * 64)
        stored = wb.get(type(doc), doc.id).text
        assert stored == text

        def span():
            s = data.draw(st.integers(0, len(text) - 1))
            e = data.draw(st.integers(s + 1, len(text)))
            return s, e

        start, end = span()
        if not text[start:end].strip():
            with pytest.raises(InvalidOffsets):
                wb.create_unit(doc.id, start, end)
            return
        unit = wb.create_unit(doc.id, start, end)
        assert unit.snippet == text[start:end]

        s2, e2 = span()
        if text[s2:e2].strip():
            unit = wb.resize_unit(unit.id, s2, e2)
            assert unit.snippet == text[s2:e2]
        if unit.end - unit.start >= 2:
            at = data.draw(st.integers(unit.start + 1, unit.end - 1))
            if text[unit.start:at].strip() and text[at:unit.end].strip():
                left, right = wb.split_unit(unit.id, at)
                for u in (left, right):
                    assert u.snippet == text[u.start:u.end]
                    assert wb.get(type(u), u.id).snippet == text[u.start:u.end]
                assert left.end == right.start == at
            else:
                with pytest.raises(InvalidOffsets):
                    wb.split_unit(unit.id, at)
        assert wb.verify().ok


def test_crlf_import_offsets_count_code_points(wb):
    raw = "I: Hvordan gikk det?\r\nJS2: Bra 😀 – på gården (ga\u030ard) i Tromsø.\r\n"
    text = normalise_text(raw)
    draft = TranscriptDraft(text, (TurnDraft("JS2", 0, len(text)),), "txt")
    doc = wb.import_transcript(draft, source_name="JS2.txt", source_sha256="b" * 64)
    start = text.index("😀")
    unit = wb.create_unit(doc.id, start, text.index(")") + 1)
    assert unit.snippet == "😀 – på gården (gård)"
    assert unit.snippet.count("å") == 3  # the decomposed å was composed on import
