"""Moving a suggestion's edge keeps the suggestions tiling the turn: nothing that was
suggested stops being suggested, and no two suggestions overlap."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stc_bench.domain.offsets import reshaped_suggestions

TEXT = "A1 a. B2 b. C3 c. D4 d.\nE5 e. F6 f."
SENTENCES = [(0, 5), (6, 11), (12, 17), (18, 23), (24, 29), (30, 35)]


def apply(spans, target, new):
    changed, added = reshaped_suggestions(TEXT, spans, target, new)
    out = {i: s for i, s in spans.items()}
    for ident, span in changed.items():
        if span is None:
            del out[ident]
        else:
            out[ident] = span
    return sorted(out.values()) + [], sorted(added)


def test_a_sentence_let_go_at_the_end_joins_the_next_suggestion():
    spans = {1: (0, 11), 2: (12, 23)}
    kept, added = apply(spans, 1, (0, 5))
    assert kept == [(0, 5), (6, 23)] and added == []


def test_a_sentence_let_go_with_no_neighbour_on_its_line_stays_on_its_own():
    spans = {1: (12, 23), 2: (24, 35)}  # the line break after "D4 d." is a turn's edge
    kept, added = apply(spans, 1, (12, 17))
    assert kept == [(12, 17), (24, 35)] and added == [(18, 23)]


def test_growing_takes_sentences_from_the_neighbour_and_swallows_it_whole():
    spans = {1: (0, 5), 2: (6, 17), 3: (18, 23)}
    kept, _ = apply(spans, 1, (0, 11))
    assert kept == [(0, 11), (12, 17), (18, 23)]
    kept, _ = apply(spans, 1, (0, 17))
    assert kept == [(0, 17), (18, 23)]


@given(st.data())
def test_what_was_suggested_stays_suggested_and_nothing_overlaps(data):
    cuts = sorted(data.draw(st.sets(st.integers(1, 5), max_size=5)))
    bounds = [0, *cuts, 6]
    spans = {k + 1: (SENTENCES[a][0], SENTENCES[b - 1][1])
             for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))}
    target = data.draw(st.sampled_from(sorted(spans)))
    first = data.draw(st.integers(0, 5))
    last = data.draw(st.integers(first, 5))
    kept, added = apply(spans, target, (SENTENCES[first][0], SENTENCES[last][1]))
    every = sorted(kept + added)
    for (_a, b), (c, _d) in zip(every, every[1:], strict=False):
        assert b <= c  # no overlap
    covered = {i for a, b in every for i in range(a, b)}
    assert all(i in covered for a, b in SENTENCES for i in range(a, b))
