"""Sentences in spoken and written Norwegian: golden passages and span properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stc_bench.nlp import describe_pipeline, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.fixture(autouse=True)
def _bundled_default(monkeypatch):
    monkeypatch.setenv("STC_PIPELINE", "default")


def test_abbreviations_and_ordinals_do_not_end_a_sentence():
    text = ("Jeg møtte jobbspesialisten kl. 9 den 3. mai, bl.a. for å snakke om f.eks. arbeidstid. "
            "Hun sa det var ca. 20 timer i uka. Det passet meg.")
    assert sentences(text) == [
        "Jeg møtte jobbspesialisten kl. 9 den 3. mai, bl.a. for å snakke om f.eks. arbeidstid.",
        "Hun sa det var ca. 20 timer i uka.",
        "Det passet meg.",
    ]


def test_dialogue_dash_opens_its_sentence_and_quotes_stay_whole():
    # As in UD Norwegian: a colon before a quotation ends the sentence that introduces it
    # (suggestions later join the two-word "Sjefen sa:" to the quotation).
    text = "– Skal jeg klare det? spurte jeg. – Ja, sa hun. Sjefen sa: «Du kan begynne på mandag.» Og det gjorde jeg."
    assert sentences(text) == [
        "– Skal jeg klare det? spurte jeg.",
        "– Ja, sa hun.",
        "Sjefen sa:",
        "«Du kan begynne på mandag.»",
        "Og det gjorde jeg.",
    ]


def test_a_closing_shaped_quote_after_a_colon_opens_the_quotation():
    # Word often writes ” at both ends; after ": " it opens the quotation, as « would.
    text = "Vi kan si: ”Du, passer det i dag?” Så tar vi det der."
    assert sentences(text) == ["Vi kan si:", "”Du, passer det i dag?”", "Så tar vi det der."]


def test_trailing_ellipsis_continues_and_a_cut_stays_with_its_sentence():
    text = "Jeg var liksom... jeg visste ikke. Det var tungt (...). Nå går det bedre…"
    assert sentences(text) == ["Jeg var liksom... jeg visste ikke.", "Det var tungt (...).",
                               "Nå går det bedre…"]


def test_transcribed_speech_with_free_standing_marks_and_repairs():
    text = "eh altså jeg jobba # jo- jobbet på lageret . og så fikk jeg hjelp ? ja ."
    assert sentences(text) == ["eh altså jeg jobba # jo- jobbet på lageret .",
                               "og så fikk jeg hjelp ?", "ja ."]


def test_a_line_break_always_ends_a_sentence_and_lists_split_per_item():
    text = "Det som hjalp:\n1. Faste møter\n2. At noen ringte\n- en plan for uka"
    assert sentences(text) == ["Det som hjalp:", "1. Faste møter", "2. At noen ringte",
                               "- en plan for uka"]


def test_unpunctuated_run_on_stays_one_span():
    text = "ja jeg tenker at det var bra at hun ringte og så ble det lettere å gå på jobb"
    assert sentences(text) == [text]


def test_a_missing_full_stop_before_a_function_word_starts_a_sentence():
    text = "Vi måtte komme oss ut av den boblen Det er alltid lettere med hjelp. Så ringte hun meg"
    assert sentences(text) == ["Vi måtte komme oss ut av den boblen",
                               "Det er alltid lettere med hjelp.", "Så ringte hun meg"]
    text = "jeg visste ikke hva jeg skulle gjøre Men jobbspesialisten hadde en plan"
    assert sentences(text) == ["jeg visste ikke hva jeg skulle gjøre",
                               "Men jobbspesialisten hadde en plan"]


@pytest.mark.parametrize("text", [
    "Jeg ringte Nav og spurte om jobb i Oslo hos Kari og IPS-teamet der.",  # proper nouns
    "Hun sa at det var greit, Jeg tror hun mente det.",                    # after a comma
    "Det var tungt; Jeg visste ikke hva jeg skulle gjøre.",                 # after a semicolon
    "Hun sa «Jeg kommer i morgen» og gikk.",                                # after an opening quote
    "Vi så et stykke på Det Norske Teatret i fjor.",                        # a title-cased name
    "Han jobbet i De Grønne før han kom til oss.",                          # a party name
    "Sjefen sa «kom igjen Det går bra» til meg.",                           # inside a quotation
    "Brevet kom fra Det hvite hus i går.",                                  # a name in lower case
])
def test_no_sentence_starts_before_a_name_after_punctuation_or_in_a_quote(text):
    assert sentences(text) == [text]


def test_a_function_word_at_a_line_start_is_one_start_not_two():
    text = "Vi gikk hjem\nDet var sent"
    assert sentences(text) == ["Vi gikk hjem", "Det var sent"]


def test_describe_pipeline_names_the_bundled_default():
    info = describe_pipeline()
    assert "stc-bench default" in info["name"] and "nb_core_news_sm" in info["detail"]


TEXT = st.lists(st.sampled_from(["Ja.", "jobb", "f.eks.", "«Hei!»", "–", "...", "…", "\n", "  ",
                                 "3.", "Hun", "sa:", "(...)", "æøå", "?", "osv.", "Mm", "😀"]),
                max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_spans_are_ordered_disjoint_trimmed_and_cover_every_non_space(text):
    spans = split_sentences(text)
    covered = set()
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        covered.update(range(a, b))
        last = b
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered
