"""Lemmas for search: inflected Norwegian forms reduce to their dictionary form."""

from __future__ import annotations

from stc_bench.nlp import lemmas
from stc_bench.nlp.lemmatizer import lemma_of, search_keys


def test_lemmas_give_offsets_and_dictionary_forms():
    text = "Jobbspesialisten ringte, og jobbene ble bedre."
    got = lemmas(text)
    assert [(text[a:b], lemma) for a, b, lemma in got] == [
        ("Jobbspesialisten", "jobbspesialist"), ("ringte", "ringe"), ("og", "og"),
        ("jobbene", "jobb"), ("ble", "bli"), ("bedre", "god")]


def test_unknown_compounds_take_the_lemma_of_their_last_part():
    assert lemma_of("arbeidsgiverkontaktene") == "arbeidsgiverkontakt"
    assert lemma_of("jobbstøtteteamene") == "jobbstøtteteam"


def test_genitive_of_a_name_drops_the_s():
    assert lemma_of("Karis") == "kari"


def test_a_verb_search_also_finds_its_noun():
    keys = search_keys("jobbe")
    assert "jobbe" in keys and "jobb" in keys
    assert "jobb" in search_keys("jobben")


def test_letters_aeoeaa_are_kept():
    assert lemma_of("søknadene") == "søknad"
    assert lemma_of("hånda") == "hånd"
