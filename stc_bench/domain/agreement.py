"""Agreement between coders who marked and coded the same transcripts independently.

Pure functions over plain spans (no I/O). Three measures, per code group and overall:

* **Segment agreement** at an overlap threshold: a unit of coder A matches a unit of coder B
  in the same code group when their overlap / union of characters is at least the threshold
  (each unit matches at most one, best overlap first); agreement = 2·matched / (units of A +
  units of B), pooled over the pairs of coders when there are more than two.
* **Cohen's kappa** for each pair of coders: by default the unit of analysis is the
  *character* (Unicode code point) of the transcript text — each character is in code group g
  for a coder or not. A character needs no segmenter, so the figure does not change when
  sentence splitting does, and units that differ by a few words count as mostly agreeing.
  With sentences given (:mod:`.sentence_units`) the unit is the *sentence*: a coder codes a
  sentence with g when one of their units of g overlaps it. Overall kappa pools the 2×2
  tables of the code groups; each pair's table pools the documents that pair coded; with one
  pair that pair's kappa is *the* kappa, with several (more than two coders, or different
  pairs on different documents) it is the mean of the pairs' kappas, each given beside it.
* **Krippendorff's unitized alpha**, binary per code group (``|uα``, Krippendorff 1995,
  2004; in the coincidence form of Krippendorff, Mathet, Bouvry & Widlöcher 2016), for any
  number of coders: each coder's text is a continuum of sections, their units of g (overlapping
  units of one coder merged; units are indivisible) and the gaps between them (divisible, as
  characters). Observed coincidences are the lengths of overlap between the sections of every
  ordered pair of coders, /(m−1); expected ones come from the margins with a unit's pairing
  with itself left out:  e_cc = l··(n_c² − Σ l²)/(l··² − Σ_units l² − Σ_gaps l) (gaps: Σ l),
  e_10 = l·· n_1 n_0 /(same). α = 1 − (o_10 + o_01)/(e_10 + e_01). Overall pools the
  coincidences of every code group and document (as one long continuum).

* **Krippendorff's cuα**, coding within units (Krippendorff 2019, §12.6.5; Krippendorff et
  al. 2016): how alike coders code the text *several* of them marked, gaps left out. Each
  coder's coded text is cut at their units' edges into pieces (one per unit when their units
  do not overlap), each valued with its code groups. Observed coincidences ℓ_ck are the
  overlaps of one coder's c-piece with another's k-piece over ordered pairs of coders,
  /(m−1); a piece does not pair with itself, counted with its *pairable* length p (the
  characters another coder also marked): D_e = (ℓ··² − Σ_c ℓ_c·²)/(ℓ·· − Σ p²/ℓ··) and
  cuα = 1 − D_o/D_e, nominal. Per code group the value is binary (in g or in another chosen
  group); overall it is the set of chosen code groups, and the documents pool.

*The text counted*: with ``count_uncoded`` every character of the chosen transcripts;
without it only the characters some coder coded into one of the chosen code groups. Most of
an interview is usually left uncoded by everyone, which inflates kappa and alpha when it is
counted (both coders "agree" on it); both figures are given so the methods chapter can say
which it reports. cuα counts only text two or more coders coded either way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

Interval = tuple[int, int]


@dataclass(frozen=True)
class CodedSpan:
    """One coder's meaning unit: ``[start, end)`` of a document, coded into ``groups``."""

    coder: str
    document_id: int
    start: int
    end: int
    groups: frozenset[int]


@dataclass
class Tally:
    """What one code group (or all of them) adds up to over the documents."""

    units: dict[str, int] = field(default_factory=dict)  # per coder
    matched: float = 0.0        # segment matches, summed over coder pairs
    matchable: float = 0.0      # units of both coders of each pair
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # kappa: a b c d per pair
    kappa_units: int = 0        # characters (or sentences) kappa counted
    o_off: float = 0.0          # observed disagreeing coincidences (o_10 + o_01)
    n1: int = 0                 # Σ coders' unit characters
    n0: int = 0                 # Σ coders' gap characters
    unit_sq: int = 0            # Σ unit length²
    coded_chars: int = 0        # characters of the text counted
    cu_off: float = 0.0         # cuα: observed coincidences of different values (D_o)
    cu_margins: dict[object, float] = field(default_factory=dict)  # cuα: ℓ_c· per value
    cu_self: int = 0            # cuα: Σ pairable length² of the coders' pieces

    def add(self, other: Tally) -> None:
        for name, n in other.units.items():
            self.units[name] = self.units.get(name, 0) + n
        self.matched += other.matched
        self.matchable += other.matchable
        add_tables(self.pairs, other.pairs)
        self.kappa_units += other.kappa_units
        self.o_off += other.o_off
        self.n1 += other.n1
        self.n0 += other.n0
        self.unit_sq += other.unit_sq
        self.coded_chars += other.coded_chars
        self.cu_off += other.cu_off
        for value, length in other.cu_margins.items():
            self.cu_margins[value] = self.cu_margins.get(value, 0.0) + length
        self.cu_self += other.cu_self


@dataclass(frozen=True)
class AgreementRow:
    code_group_id: int | None  # None: overall
    units: dict[str, int]
    segment_agreement: float | None
    kappa: float | None
    alpha: float | None
    chars: int
    cu_alpha: float | None = None
    kappa_pairs: dict[tuple[str, str], float | None] = field(default_factory=dict)
    kappa_units: int = 0  # characters or sentences kappa counted


def add_tables(into: dict[tuple[str, str], list[int]],
               more: Mapping[tuple[str, str], Sequence[int]]) -> None:
    """Add 2×2 tables per pair of coders into ``into``."""
    for pair, table in more.items():
        into[pair] = [x + y for x, y in zip(into.get(pair, [0, 0, 0, 0]), table, strict=True)]


def pair_of(x: str, y: str) -> tuple[str, str]:
    """A pair of coders in one order whichever came first."""
    return (x, y) if x <= y else (y, x)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted intervals with overlapping ones joined (touching ones stay apart: two units
    side by side are two units)."""
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and a < out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted intervals with overlapping and touching ones joined (a stretch of text)."""
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def overlap(xs: Sequence[Interval], ys: Sequence[Interval]) -> int:
    """Characters two sorted lists of disjoint intervals share."""
    i = j = total = 0
    while i < len(xs) and j < len(ys):
        lo, hi = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        total += max(0, hi - lo)
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return total


def jaccard(a: Interval, b: Interval) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def match_segments(xs: Sequence[Interval], ys: Sequence[Interval],
                   threshold: float) -> list[tuple[int, int]]:
    """Index pairs (x, y) matched one to one, best overlap first, each ≥ ``threshold``.
    Only overlapping pairs are compared: the ys are looked up by start, within the longest
    y's length before x (a transcript's hundreds of units, not their square)."""
    order = sorted(range(len(ys)), key=lambda j: ys[j])
    starts = [ys[j][0] for j in order]
    longest = max((b - a for a, b in ys), default=0)
    found = []
    for i, x in enumerate(xs):
        for k in range(bisect_left(starts, x[0] - longest), bisect_left(starts, x[1])):
            y = ys[order[k]]
            if y[1] > x[0]:
                score = jaccard(x, y)
                if score >= threshold:
                    found.append((score, i, order[k]))
    return greedy_pairs(found)


def greedy_pairs(scored: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """From ``(score, i, j)`` candidates, the pairs taken best first (ties: lower
    indexes), each unit of either side in at most one pair; sorted."""
    used_x: set[int] = set()
    used_y: set[int] = set()
    pairs = []
    for _score, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_x and j not in used_y:
            used_x.add(i)
            used_y.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def unitized_tally(length: int, sections: dict[str, list[Interval]]) -> Tally:
    """The binary coincidences of one continuum of ``length`` characters: each coder's units
    (sorted, disjoint) against their gaps."""
    t = Tally(coded_chars=length)
    coders = list(sections)
    m = len(coders)
    sizes = {c: sum(b - a for a, b in sections[c]) for c in coders}
    for c in coders:
        t.n1 += sizes[c]
        t.n0 += length - sizes[c]
        t.unit_sq += sum((b - a) ** 2 for a, b in sections[c])
    if m > 1:
        for x, y in combinations(coders, 2):
            both = overlap(sections[x], sections[y])
            # ordered pairs (x, y) and (y, x): unit of one against gap of the other
            t.o_off += 2 * ((sizes[x] - both) + (sizes[y] - both)) / (m - 1)
    for x, y in combinations(coders, 2):
        a = overlap(sections[x], sections[y])
        x, y = pair_of(x, y)
        t.pairs[(x, y)] = [a, sizes[x] - a, sizes[y] - a, length - sizes[x] - sizes[y] + a]
    t.kappa_units = length
    return t


Piece = tuple[int, int, frozenset[int]]


def coded_pieces(units: Iterable[Piece]) -> list[Piece]:
    """One coder's units (start, end, code groups) cut at every edge into sorted, disjoint
    pieces of coded text, each valued with the groups of the units over it."""
    edges: dict[int, list[tuple[int, frozenset[int]]]] = {}
    for start, end, groups in units:
        if groups and end > start:
            edges.setdefault(start, []).append((1, groups))
            edges.setdefault(end, []).append((-1, groups))
    active: dict[int, int] = {}
    out: list[Piece] = []
    at = None
    for point in sorted(edges):
        value = frozenset(g for g, n in active.items() if n)
        if at is not None and value:
            out.append((at, point, value))
        for step, groups in edges[point]:
            for g in groups:
                active[g] = active.get(g, 0) + step
        at = point
    return out


def coding_tally(pieces: dict[str, list[Piece]], value=lambda groups: groups) -> Tally:
    """cuα's coincidences of one continuum: the coders' pieces (``coded_pieces``), each
    valued ``value(groups)``."""
    t = Tally()
    coders = list(pieces)
    m = len(coders)
    if m < 2:
        return t
    for x, y in combinations(coders, 2):
        xs, ys = pieces[x], pieces[y]
        i = j = 0
        while i < len(xs) and j < len(ys):
            shared = min(xs[i][1], ys[j][1]) - max(xs[i][0], ys[j][0])
            if shared > 0:
                vx, vy = value(xs[i][2]), value(ys[j][2])
                for v in (vx, vy):  # ordered pairs (x, y) and (y, x)
                    t.cu_margins[v] = t.cu_margins.get(v, 0.0) + shared / (m - 1)
                if vx != vy:
                    t.cu_off += 2 * shared / (m - 1)
            if xs[i][1] < ys[j][1]:
                i += 1
            else:
                j += 1
    for x in coders:
        others = union((a, b) for y in coders if y != x for a, b, _v in pieces[y])
        t.cu_self += sum(overlap([(a, b)], others) ** 2 for a, b, _v in pieces[x])
    return t


def cu_alpha(t: Tally) -> float | None:
    """Nominal cuα from a tally; None when no text was coded by two coders or there is
    nothing to disagree about."""
    total = sum(t.cu_margins.values())
    if total == 0 or total - t.cu_self / total <= 0:
        return None
    expected = (total * total - sum(n * n for n in t.cu_margins.values())) / (
        total - t.cu_self / total)
    return None if expected == 0 else 1 - t.cu_off / expected


def alpha(t: Tally) -> float | None:
    """Binary unitized alpha from a tally; None when there is nothing to disagree about."""
    total = t.n1 + t.n0
    denominator = total * total - t.unit_sq - t.n0
    if total == 0 or denominator <= 0:
        return None
    expected_off = 2 * total * t.n1 * t.n0 / denominator
    if expected_off == 0:
        return None
    return 1 - t.o_off / expected_off


def kappa(t: Tally) -> float | None:
    """*The* Cohen's kappa of a tally (see :func:`pair_kappas`)."""
    return pair_kappas(t)[0]


def pair_kappas(t: Tally) -> tuple[float | None, dict[tuple[str, str], float | None]]:
    """The kappa of each pair of coders, and *the* kappa: the one pair's, or the mean of
    the pairs' (those with a value) when there are several."""
    each = {pair: table_kappa(table) for pair, table in sorted(t.pairs.items())}
    values = [k for k in each.values() if k is not None]
    if len(each) == 1:
        return values[0] if values else None, each
    return (sum(values) / len(values) if values else None), each


def table_kappa(table: Sequence[int]) -> float | None:
    """Cohen's kappa of one 2×2 table (a both, b only the first, c only the second, d
    neither); None when it is empty or chance explains everything."""
    a, b, c, d = table
    n = a + b + c + d
    if n == 0:
        return None
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    if pe >= 1:
        return None
    return (po - pe) / (1 - pe)


def agreement(spans: Iterable[CodedSpan], coders: Mapping[int, Sequence[str]],
              lengths: Mapping[int, int], groups: Sequence[int], *, threshold: float = 0.5,
              count_uncoded: bool = False,
              sentences: Mapping[int, Sequence[Interval]] | None = None) -> list[AgreementRow]:
    """Per code group (in ``groups`` order) and overall (last row, ``code_group_id``
    None): the documents are the keys of ``coders`` (each with its coders, two or more),
    ``lengths`` their text lengths. With ``sentences`` (per document, sorted and disjoint)
    kappa counts sentences instead of characters (:mod:`.sentence_units`)."""
    from .sentence_units import sentence_tables

    spans = [s for s in spans if s.document_id in coders and s.coder in coders[s.document_id]]
    wanted = set(groups)
    tallies = {g: Tally() for g in groups}
    within = Tally()  # cuα overall
    for doc, names in coders.items():
        mine = [s for s in spans if s.document_id == doc]
        if count_uncoded:
            universe = [(0, lengths[doc])]
        else:
            universe = union((s.start, s.end) for s in mine if s.groups & wanted)
        size = sum(b - a for a, b in universe)
        pieces = {c: coded_pieces((s.start, s.end, s.groups & wanted) for s in mine
                                  if s.coder == c) for c in names}
        by_sentence = None if sentences is None else sentence_tables(
            sentences[doc], {c: [(s.start, s.end, s.groups & wanted) for s in mine
                                 if s.coder == c] for c in names}, groups, count_uncoded)
        for g in groups:
            units = {c: [(s.start, s.end) for s in mine if s.coder == c and g in s.groups]
                     for c in names}
            t = unitized_tally(size, {c: merge(u) for c, u in units.items()})
            if by_sentence is not None:
                t.pairs, t.kappa_units = by_sentence[0][g], by_sentence[1]
            t.units = {c: len(u) for c, u in units.items()}
            for x, y in combinations(names, 2):
                t.matched += 2 * len(match_segments(units[x], units[y], threshold))
                t.matchable += len(units[x]) + len(units[y])
            t.add(coding_tally(pieces, value=lambda v, g=g: g in v))
            tallies[g].add(t)
        within.add(coding_tally(pieces))
    rows = []
    overall = Tally()
    for g in groups:
        overall.add(tallies[g])
        rows.append(_row(g, tallies[g]))
    # what was counted is the same for every group: once, not once per group
    overall.coded_chars = tallies[groups[0]].coded_chars if groups else 0
    overall.kappa_units = tallies[groups[0]].kappa_units if groups else 0
    # cuα overall: the set of code groups as the value, not the binary tallies pooled
    overall.cu_off, overall.cu_margins, overall.cu_self = (
        within.cu_off, within.cu_margins, within.cu_self)
    rows.append(_row(None, overall))
    return rows


def _row(group: int | None, t: Tally) -> AgreementRow:
    kappa_value, each = pair_kappas(t)
    return AgreementRow(group, dict(t.units),
                        t.matched / t.matchable if t.matchable else None,
                        kappa_value, alpha(t), t.coded_chars, cu_alpha(t), each, t.kappa_units)
