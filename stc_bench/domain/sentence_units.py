"""Kappa with the sentence as the unit (``agreement --unit sentence``).

Each sentence of a transcript is one unit of analysis. A coder *codes a sentence with code
group g* when one of their units of g overlaps it by at least one character (a unit that
ends in the middle of a sentence still codes it; a unit that covers two sentences codes
both). Per pair of coders and code group, the sentences fall in a 2×2 table: both coded it
with g, only the first, only the second, neither. Which sentences count is the rule of the
characters: by default those some coder of the document coded into one of the chosen code
groups; with ``count_uncoded`` every sentence of the transcript.

Pure: the sentences come from the caller (the project's sentence splitter, see
``nlp.split_sentences``), sorted and disjoint.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

Interval = tuple[int, int]
Coded = tuple[int, int, frozenset[int]]


def coded_sentences(sentences: Sequence[Interval], units: Iterable[Coded]) -> list[frozenset[int]]:
    """Per sentence, the code groups of the ``units`` (start, end, groups) that overlap it."""
    ends = [b for _a, b in sentences]
    found: list[set[int]] = [set() for _ in sentences]
    for start, end, groups in units:
        if not groups:
            continue
        i = bisect_right(ends, start)  # the first sentence ending after the unit starts
        while i < len(sentences) and sentences[i][0] < end:
            found[i].update(groups)
            i += 1
    return [frozenset(g) for g in found]


def sentence_tables(sentences: Sequence[Interval], units: Mapping[str, Iterable[Coded]],
                    groups: Sequence[int], count_uncoded: bool
                    ) -> tuple[dict[int, dict[tuple[str, str], list[int]]], int]:
    """One document's 2×2 tables ``[both, only first, only second, neither]`` per code group
    and pair of coders (``units``: each coder's units with their chosen code groups), and how
    many sentences were counted."""
    coded = {c: coded_sentences(sentences, us) for c, us in units.items()}
    counted = [i for i in range(len(sentences))
               if count_uncoded or any(coded[c][i] for c in coded)]
    tables: dict[int, dict[tuple[str, str], list[int]]] = {g: {} for g in groups}
    for x, y in combinations(sorted(coded), 2):
        for g in groups:
            table = [0, 0, 0, 0]
            for i in counted:
                in_x, in_y = g in coded[x][i], g in coded[y][i]
                table[0 if in_x and in_y else 1 if in_x else 2 if in_y else 3] += 1
            tables[g][(x, y)] = table
    return tables, len(counted)
