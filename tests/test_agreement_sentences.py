"""Kappa beyond characters: the sentence as the unit (``agreement --unit sentence``), and
the pairwise kappas when more than one pair of coders coded (checked by hand)."""

from __future__ import annotations

import json

import pytest
from helpers.coders import code_independently

from stc_bench.domain import agreement as ag
from stc_bench.domain import sentence_units as su
from stc_bench.nlp import describe_pipeline

#: Seven sentences of a made-up transcript, as (start, end).
SENTENCES = [(0, 10), (11, 20), (21, 30), (31, 40), (41, 50), (51, 60), (61, 70)]
A_UNITS = [(5, 25, frozenset({1})), (45, 48, frozenset({2}))]
B_UNITS = [(12, 35, frozenset({1})), (41, 50, frozenset({2})), (55, 58, frozenset({2}))]


def test_sentence_kappa_of_a_worked_example_by_hand():
    """A codes [5, 25) with group 1: it overlaps S0, S1, S2, so A coded those three with 1
    (a unit need not cover a sentence, one shared character codes it); A's [45, 48) codes S4
    with 2. B's [12, 35) codes S1, S2, S3 with 1; [41, 50) S4 and [55, 58) S5 with 2. S6
    nobody coded, so by default six sentences count.

    Group 1: S1, S2 both; S0 only A; S3 only B; S4, S5 neither → [2, 1, 1, 2]:
      p_o = 4/6, p_e = (3·3 + 3·3)/36 = 1/2, κ = (2/3 − 1/2)/(1/2) = 1/3.
    Group 2: S4 both; S5 only B; S0–S3 neither → [1, 0, 1, 4]:
      p_o = 5/6, p_e = (1·2 + 5·4)/36 = 22/36, κ = (30 − 22)/(36 − 22) = 4/7.
    Overall pools the two tables → [3, 1, 2, 6]: p_o = 9/12, p_e = (4·5 + 8·7)/144 = 76/144,
      κ = (108 − 76)/(144 − 76) = 8/17.
    Counting the uncoded S6 too, group 1 is [2, 1, 1, 3]: p_o = 5/7, p_e = (3·3 + 4·4)/49 =
      25/49, κ = (35 − 25)/(49 − 25) = 5/12.
    """
    assert su.coded_sentences(SENTENCES, A_UNITS) == [
        {1}, {1}, {1}, set(), {2}, set(), set()]
    tables, counted = su.sentence_tables(SENTENCES, {"A": A_UNITS, "B": B_UNITS}, [1, 2], False)
    assert counted == 6
    assert tables == {1: {("A", "B"): [2, 1, 1, 2]}, 2: {("A", "B"): [1, 0, 1, 4]}}
    assert ag.table_kappa(tables[1][("A", "B")]) == pytest.approx(1 / 3)
    assert ag.table_kappa(tables[2][("A", "B")]) == pytest.approx(4 / 7)
    every, counted = su.sentence_tables(SENTENCES, {"A": A_UNITS, "B": B_UNITS}, [1], True)
    assert counted == 7 and ag.table_kappa(every[1][("A", "B")]) == pytest.approx(5 / 12)

    # the same through the measures of a project's documents: per group, then overall
    spans = [ag.CodedSpan(c, 1, a, b, g) for c, units in (("A", A_UNITS), ("B", B_UNITS))
             for a, b, g in units]
    rows = ag.agreement(spans, {1: ["A", "B"]}, {1: 70}, [1, 2], sentences={1: SENTENCES})
    assert [r.kappa for r in rows] == pytest.approx([1 / 3, 4 / 7, 8 / 17])
    assert [r.kappa_units for r in rows] == [6, 6, 6]
    assert rows[-1].kappa_pairs == {("A", "B"): pytest.approx(8 / 17)}
    # by characters the same coding gives another kappa: the unit is what is counted
    by_chars = ag.agreement(spans, {1: ["A", "B"]}, {1: 70}, [1, 2])
    assert by_chars[0].kappa != pytest.approx(1 / 3) and by_chars[0].kappa_units == 30 + 9 + 3


def test_several_pairs_of_coders_give_each_pairs_kappa_and_their_mean():
    """Document 1 coded by A and B, document 2 by A and C (and a third, 3 by all three):
    kappa was not given at all before; now each pair's kappa pools the documents that pair
    coded, and *the* kappa is their mean."""
    spans = [ag.CodedSpan("A", 1, 0, 10, frozenset({1})), ag.CodedSpan("B", 1, 5, 10, frozenset({1})),
             ag.CodedSpan("A", 2, 0, 10, frozenset({1})), ag.CodedSpan("C", 2, 10, 20, frozenset({1}))]
    coders = {1: ["A", "B"], 2: ["A", "C"]}
    rows = ag.agreement(spans, coders, {1: 20, 2: 20}, [1], count_uncoded=True)
    alone = {pair: ag.agreement(spans, {doc: list(pair)}, {doc: 20}, [1], count_uncoded=True)[0].kappa
             for doc, pair in ((1, ("A", "B")), (2, ("A", "C")))}
    # by hand, document 1: [5, 5, 0, 10] → p_o = 15/20, p_e = (10·5 + 10·15)/400 = 1/2, κ = 1/2;
    # document 2: [0, 10, 10, 0] → p_o = 0, p_e = 1/2, κ = −1
    assert alone == {("A", "B"): pytest.approx(0.5), ("A", "C"): pytest.approx(-1)}
    assert rows[0].kappa_pairs == alone
    assert rows[0].kappa == pytest.approx((0.5 - 1) / 2)
    # three coders on one document: three pairs
    three = ag.agreement(spans + [ag.CodedSpan("C", 1, 0, 5, frozenset({1}))],
                         {1: ["A", "B", "C"]}, {1: 20}, [1], count_uncoded=True)
    assert sorted(three[0].kappa_pairs) == [("A", "B"), ("A", "C"), ("B", "C")]
    assert three[0].kappa == pytest.approx(sum(three[0].kappa_pairs.values()) / 3)


@pytest.fixture
def coded(wb):
    mastery = wb.add_code_group("Mestring").id
    support = wb.add_code_group("Støtte").id
    doc = code_independently(wb, mastery, support)
    return wb, doc


def test_agreement_unit_sentence_from_the_command_line(coded, tmp_path, capsys):
    """The project's sentence splitter: kari and ola both coded "Det var skummelt i
    starten." (Mestring) and the support sentence (Støtte; ola's shorter unit is in it);
    only kari "At noen ringte." and "Jeg følte meg sett." (Støtte); only ola the sentence
    "Lønna betydde også mye, …" (Mestring, a part of it). Five sentences count:
    Mestring [1, 0, 1, 3]: κ = (4/5 − 14/25)/(1 − 14/25) = 6/11;
    Støtte [1, 2, 0, 2]: κ = (3/5 − 11/25)/(1 − 11/25) = 2/7."""
    import csv

    from stc_bench.cli import main

    wb, _doc = coded
    path = str(wb.store.where)
    wb.close()
    assert main(["agreement", path, "--unit", "sentence", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kappa_unit"] == "sentence"
    # the figure depends on the splitter: named as doctor names segmentation's pipeline
    splitter = describe_pipeline()["name"]
    assert out["sentence_splitter"] == splitter
    rows = {r["code_group"]: r for r in out["rows"]}
    assert rows["Mestring"]["kappa"] == pytest.approx(6 / 11)
    assert rows["Støtte"]["kappa"] == pytest.approx(2 / 7)
    assert rows["Mestring"]["kappa_counted"] == 5
    assert rows[None]["kappa_pairs"] == {"kari–ola": pytest.approx(rows[None]["kappa"])}
    assert main(["agreement", path, "--json"]) == 0
    characters = json.loads(capsys.readouterr().out)
    assert characters["kappa_unit"] == "character" and "sentence_splitter" not in characters
    # the table for the methods chapter names the unit, in the project's language
    target = tmp_path / "samsvar.csv"
    assert main(["agreement", path, "--unit", "sentence", "-o", str(target)]) == 0
    table = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert "Cohens kappa per setning" in table[0] and table[0][-2:] == [
        "Setninger talt", "Setningsdeler"]
    assert [row[-2:] for row in table[1:]] == [["5", splitter]] * 3
    docx_target = tmp_path / "samsvar.docx"
    assert main(["agreement", path, "--unit", "sentence", "-o", str(docx_target)]) == 0
    import docx

    document = docx.Document(str(docx_target))
    assert document.tables[0].rows[0].cells[4].text == "Cohens kappa per setning"
    assert any("Kappa er regnet per setning" in p.text and f"delt av {splitter}." in p.text
               for p in document.paragraphs)
    assert main(["agreement", path, "-o", str(tmp_path / "tegn.csv")]) == 0
    assert "Setningsdeler" not in (tmp_path / "tegn.csv").read_text(encoding="utf-8-sig")


def test_a_wrong_unit_is_refused_and_nothing_is_written(coded, tmp_path, capsys):
    from stc_bench.cli import main

    wb, _doc = coded
    path = str(wb.store.where)
    wb.close()
    target = tmp_path / "samsvar.csv"
    with pytest.raises(SystemExit) as exc:
        main(["agreement", path, "--unit", "word", "-o", str(target)])
    assert exc.value.code == 2 and "invalid choice: 'word'" in capsys.readouterr().err
    assert not target.exists()


def test_the_table_of_several_pairs_has_each_pairs_column(tmp_path):
    from stc_bench.export.agreement_table import table
    from stc_bench.services.coders import AgreementReport

    spans = [ag.CodedSpan("A", 1, 0, 10, frozenset({1})), ag.CodedSpan("B", 1, 5, 10, frozenset({1})),
             ag.CodedSpan("A", 2, 0, 10, frozenset({1})), ag.CodedSpan("C", 2, 10, 20, frozenset({1}))]
    rows = ag.agreement(spans, {1: ["A", "B"], 2: ["A", "C"]}, {1: 20, 2: 20}, [1],
                        count_uncoded=True)
    report = AgreementReport((1, 2), ("A", "B", "C"), {1: "Mestring"}, rows, 0.5, True)
    header, body, note = table(report, "en", {1: "JS1", 2: "JS2"})
    assert header[5:8] == ["Cohen's kappa, mean of 2 pairs", "κ A–B", "κ A–C"]
    assert body[0][5:8] == ["-0.25", "0.50", "-1.00"]
    assert "mean of the pairs' kappas" in note and "per character" in note
