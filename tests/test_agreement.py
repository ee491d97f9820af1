"""Agreement between coders: the measures checked by hand, and read from a project."""

from __future__ import annotations

import pytest
from helpers.coders import code_independently

from stc_bench.domain import agreement as ag
from stc_bench.domain.errors import MethodError, NotFound, StcError


def test_unitized_alpha_of_a_worked_example_by_hand():
    """A continuum of 10 characters, two coders (m = 2), one category:

        A: unit [2, 6)   gaps [0, 2) and [6, 10)
        B: unit [3, 7)   gaps [0, 3) and [7, 10)

    Observed coincidences (ordered pairs of coders, /(m−1) = 1): unit–unit 2·|[3,6)| = 6;
    unit–gap |A∩gapB| + |B∩gapA| = |[2,3)| + |[6,7)| = 2 each way, so o_10 + o_01 = 4;
    gap–gap 2·5 = 10; l·· = 20 = m·L.
    Margins n_1 = 4 + 4 = 8, n_0 = 12. A unit does not pair with itself: Σ l² = 16 + 16 = 32;
    gaps are divisible: Σ l = 12. Denominator 20² − 32 − 12 = 356.
    e_10 = e_01 = 20·8·12/356 = 1920/356, so e_10 + e_01 = 3840/356.
    uα = 1 − 4 / (3840/356) = 1 − 1424/3840 = 151/240 ≈ 0.6292.
    Cohen's kappa on the same characters: a = 3, b = 1, c = 1, d = 5: p_o = 0.8,
    p_e = (4·4 + 6·6)/100 = 0.52, κ = 0.28/0.48 = 7/12 ≈ 0.5833.
    """
    t = ag.unitized_tally(10, {"A": [(2, 6)], "B": [(3, 7)]})
    assert (t.o_off, t.n1, t.n0, t.unit_sq) == (4, 8, 12, 32)
    assert ag.alpha(t) == pytest.approx(151 / 240)
    assert t.pairs == {("A", "B"): [3, 1, 1, 5]}  # a both, b only A, c only B, d neither
    assert ag.kappa(t) == pytest.approx(7 / 12)


def test_alpha_with_one_character_units_is_krippendorffs_nominal_alpha():
    """Units one character long are as divisible as gaps: uα is then the textbook nominal
    alpha over characters, 1 − (n − 1)·(o_10 + o_01)/(2·n_1·n_0), here with three coders."""
    marks = {"A": [(0, 1), (2, 3), (5, 6)], "B": [(0, 1), (3, 4), (5, 6)], "C": [(0, 1), (2, 3)]}
    t = ag.unitized_tally(8, marks)
    chars = {c: {a for a, _ in spans} for c, spans in marks.items()}
    n = 3 * 8
    n1 = sum(len(s) for s in chars.values())
    # disagreeing ordered pairs of values within each character, /(m − 1)
    off = sum((x in chars[p]) != (x in chars[q]) for x in range(8)
              for p in chars for q in chars if p != q) / 2
    nominal = 1 - (n - 1) * off / (2 * n1 * (n - n1))
    assert t.o_off == off
    assert ag.alpha(t) == pytest.approx(nominal)


def test_coding_within_units_cu_alpha_of_a_worked_example_by_hand():
    """cuα: how alike two coders code the text both marked. A continuum of 30 characters:

        A: [0, 10) group 1, [10, 20) group 2, [22, 28) group 1
        B: [0, 6)  group 1, [6, 20)  group 2            (gap from 20)

    A's [22, 28) is text only A marked: it pairs with nothing and is left out (it lowers uα,
    not cuα). Observed coincidences, ordered pairs, /(m−1) = 1: ℓ_11 = 2·|[0,6)| = 12,
    ℓ_12 = ℓ_21 = |[6,10)| = 4, ℓ_22 = 2·|[10,20)| = 20; ℓ·· = 40, ℓ_1· = 16, ℓ_2· = 24,
    D_o = 8. Pieces do not pair with themselves, at their pairable length: A 10² + 10² + 0²,
    B 6² + 14²: Σ p² = 432; ℓ·· − Σ p²/ℓ·· = 40 − 10.8 = 29.2.
    D_e = (40² − 16² − 24²)/29.2 = 768/29.2, cuα = 1 − 8·29.2/768 = 1 − 73/240 = 167/240.
    """
    pieces = {"A": ag.coded_pieces([(0, 10, frozenset({1})), (10, 20, frozenset({2})),
                                    (22, 28, frozenset({1}))]),
              "B": ag.coded_pieces([(0, 6, frozenset({1})), (6, 20, frozenset({2}))])}
    t = ag.coding_tally(pieces)
    assert (t.cu_off, t.cu_self) == (8, 432)
    assert t.cu_margins == {frozenset({1}): 16, frozenset({2}): 24}
    assert ag.cu_alpha(t) == pytest.approx(167 / 240)
    # with two values, group 1 against the rest is the same table
    assert ag.cu_alpha(ag.coding_tally(pieces, value=lambda v: 1 in v)) == pytest.approx(167 / 240)


def test_cu_alpha_pieces_overlapping_units_and_the_extremes():
    # a coder's overlapping units are cut where they overlap: [4, 6) is in both groups
    assert ag.coded_pieces([(0, 6, frozenset({1})), (4, 10, frozenset({2}))]) == [
        (0, 4, frozenset({1})), (4, 6, frozenset({1, 2})), (6, 10, frozenset({2}))]
    alike = {c: ag.coded_pieces([(0, 5, frozenset({1})), (5, 9, frozenset({2}))]) for c in "AB"}
    assert ag.cu_alpha(ag.coding_tally(alike)) == 1
    crossed = {"A": [(0, 5, frozenset({1})), (5, 9, frozenset({2}))],
               "B": [(0, 5, frozenset({2})), (5, 9, frozenset({1}))]}
    assert ag.cu_alpha(ag.coding_tally(crossed)) < 0  # below chance: systematic
    # nothing both marked, or one value only: nothing to measure
    assert ag.cu_alpha(ag.coding_tally({"A": [(0, 4, frozenset({1}))], "B": []})) is None
    assert ag.cu_alpha(ag.coding_tally({c: [(0, 4, frozenset({1}))] for c in "AB"})) is None


def test_perfect_and_no_agreement():
    same = ag.unitized_tally(20, {"A": [(2, 8), (10, 12)], "B": [(2, 8), (10, 12)]})
    assert ag.alpha(same) == 1 and ag.kappa(same) == 1
    apart = ag.unitized_tally(20, {"A": [(0, 10)], "B": [(10, 20)]})
    assert ag.alpha(apart) < 0 and ag.kappa(apart) == -1
    assert ag.alpha(ag.unitized_tally(5, {"A": [], "B": []})) is None  # nothing coded


def test_segments_pair_one_to_one_at_the_threshold():
    a = [(0, 10), (20, 30)]
    b = [(0, 8), (1, 10), (40, 50)]
    assert ag.match_segments(a, b, 0.5) == [(0, 1)]  # (1,10) overlaps (0,10) best
    assert ag.match_segments(a, b, 0.95) == []
    assert ag.merge([(0, 5), (3, 8), (8, 10)]) == [(0, 8), (8, 10)]  # touching units stay two


@pytest.fixture
def coded(wb):
    mastery = wb.add_code_group("Mestring").id
    support = wb.add_code_group("Støtte").id
    unused = wb.add_code_group("Økonomi").id
    doc = code_independently(wb, mastery, support)
    return wb, doc, mastery, support, unused


def test_agreement_of_a_project_per_code_group_and_overall(coded):
    wb, doc, mastery, support, unused = coded
    report = wb.agreement()
    assert report.coders == ("kari", "ola") and report.documents == (doc.id,)
    assert list(report.groups) == [mastery, support]  # groups nobody used are left out
    by_group = {r.code_group_id: r for r in report.rows}
    assert by_group[mastery].units == {"kari": 1, "ola": 2}
    assert by_group[support].units == {"kari": 2, "ola": 1}
    # Mestring: 1 pair matched of 1 + 2 units; Støtte: the support units overlap 45/60
    assert by_group[mastery].segment_agreement == pytest.approx(2 / 3)
    assert by_group[support].segment_agreement == pytest.approx(2 / 3)
    assert wb.agreement(threshold=0.8).rows[1].segment_agreement == 0
    overall = by_group[None]
    assert overall.units == {"kari": 3, "ola": 3}
    # only the coded text is counted by default; counting the uncoded text raises both
    counted = {r.code_group_id: r for r in wb.agreement(count_uncoded=True).rows}
    assert counted[None].chars == len(doc.text) > overall.chars
    assert counted[None].kappa > overall.kappa and counted[None].alpha > overall.alpha
    only = wb.agreement(groups=[unused, mastery])
    assert [r.code_group_id for r in only.rows] == [unused, mastery, None]
    assert only.rows[0].alpha is None  # nobody used it: nothing to agree or disagree on
    # kari and ola differ in what they mark, not in how they code what both marked (the
    # alike unit, Mestring; the shorter support unit inside the longer, Støtte): cuα is 1
    # while uα is not; the units only one of them marked do not count in cuα
    assert [r.cu_alpha for r in report.rows] == [1, 1, 1] and overall.alpha < 1
    assert counted[None].cu_alpha == 1  # gaps never count in cuα


def test_agreement_errors(coded, wb):
    from helpers.study import import_interview

    _wb, doc, *_ = coded
    other = import_interview(wb, "I: Hei.\nJS8: Jeg jobber i en butikk.", "JS8")
    with pytest.raises(MethodError, match=f"document\\(s\\) '{other.title}' have not been coded"):
        wb.agreement([doc.id, other.id])
    with pytest.raises(NotFound, match="no code group 999"):
        wb.agreement(groups=[999])
    with pytest.raises(StcError, match="overlap must be above 0"):
        wb.agreement(threshold=0)


def test_agreement_with_no_independent_coding_is_one_line(wb, tmp_path, capsys):
    from stc_bench.cli import main

    with pytest.raises(MethodError, match="no document has been coded independently"):
        wb.agreement()
    wb.close()
    target = tmp_path / "samsvar.docx"
    assert main(["export", "docx", str(wb.store.where), "--part", "agreement", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stc-bench: error: agreement: no document") and err.count("\n") == 1
    assert not target.exists()


def test_agreement_table_docx_and_csv_in_the_projects_language(coded, tmp_path):
    import csv

    import docx

    from stc_bench.export.agreement_table import write_agreement

    wb, doc, *_ = coded
    report = wb.agreement()
    target = write_agreement(tmp_path / "samsvar.docx", report, "nb", {doc.id: doc.title})
    document = docx.Document(str(target))
    [grid] = document.tables
    cells = [[c.text for c in row.cells] for row in grid.rows]
    assert cells[0] == ["Kodegruppe", "Enheter (kari)", "Enheter (ola)", "Segmentsamsvar",
                        "Cohens kappa", "Krippendorffs uα", "Krippendorffs cuα", "Tegn talt"]
    assert [r[0] for r in cells[1:]] == ["Mestring", "Støtte", "Samlet"]
    assert cells[1][3] == "67 %" and "," in cells[3][4]  # Norwegian decimal comma
    assert any("bare tekst minst én koder kodet" in p.text for p in document.paragraphs)
    english = write_agreement(tmp_path / "agreement.csv", report, "en", {doc.id: doc.title})
    rows = list(csv.reader(english.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Code group" and rows[-1][0] == "Overall"
    assert rows[-1][4] == f"{report.rows[-1].kappa:.2f}"
    with pytest.raises(StcError, match="already exists"):
        write_agreement(tmp_path / "agreement.csv", report, "en", {doc.id: doc.title})


def test_segment_matching_finds_what_comparing_every_pair_finds():
    """The lookup by start compares only overlapping pairs; on random units it pairs
    exactly as the plain all-pairs comparison does."""
    import random

    rng = random.Random(19)

    def brute(xs, ys, threshold):  # every pair scored, then the same greedy choice
        return ag.greedy_pairs([(ag.jaccard(x, y), i, j) for i, x in enumerate(xs)
                                for j, y in enumerate(ys)
                                if min(x[1], y[1]) > max(x[0], y[0])
                                and ag.jaccard(x, y) >= threshold])

    for _ in range(200):
        xs = [(a, a + rng.randint(1, 40)) for a in (rng.randint(0, 200) for _ in range(rng.randint(0, 12)))]
        ys = [(a, a + rng.randint(1, 40)) for a in (rng.randint(0, 200) for _ in range(rng.randint(0, 12)))]
        threshold = rng.choice([0.1, 0.5, 0.8])
        assert ag.match_segments(xs, ys, threshold) == brute(xs, ys, threshold)
