"""Rule-found identifiers in Norwegian text: fødselsnummer (checksum), D-nummer, other
11-digit numbers, phone numbers, e-mail, dates and the project's word list."""

from __future__ import annotations

import pytest

from stc_bench.domain.errors import StcError
from stc_bench.nlp.identifiers import WordList, find_identifiers, fnr_valid, without_overlaps

FNR = "15038512363"       # valid check digits, 15 March 1985
DNR = "55038512357"       # the same date as a D-nummer (day + 40)


def found(text, words=()):
    return [(text[s:e], label) for s, e, label in find_identifiers(text, words)]


def test_a_fodselsnummer_needs_both_check_digits():
    assert fnr_valid(FNR) and fnr_valid(DNR)
    assert not fnr_valid("15038512364") and not fnr_valid("15038512373")  # k2, k1 wrong
    assert not fnr_valid("1503851236") and not fnr_valid("1503851236x")
    assert not fnr_valid("32138512360")  # no such date even if the digits were summed right


def test_fodselsnummer_d_nummer_and_other_eleven_digit_numbers():
    text = f"Nummeret mitt er {FNR}, og D-nummeret var {DNR[:6]} {DNR[6:]}. Feil: 01019912345."
    assert found(text) == [(FNR, "FNR"), (f"{DNR[:6]} {DNR[6:]}", "FNR"), ("01019912345", "NUMBER")]
    assert found("Kontonummer 1234.56.78903 og 1234 56 78903.") == [
        ("1234.56.78903", "NUMBER"), ("1234 56 78903", "NUMBER")]
    assert found(f"x{FNR}1 og 4{FNR}") == []  # part of a longer number


@pytest.mark.parametrize("phone", ["92345678", "923 45 678", "92 34 56 78", "9234 5678",
                                  "+47 92345678", "+4792345678", "0047 923 45 678", "22 33 44 55"])
def test_phone_numbers_in_the_usual_spacings(phone):
    assert found(f"Ring meg på {phone} i morgen.") == [(phone, "PHONE")]


@pytest.mark.parametrize("text", ["Det var i 2019 og 2020.", "Jeg har jobbet 12 år, 34 timer i uka.",
                                 "123456789 er ni sifre", "Kode 02345678 begynner på 0."])
def test_ordinary_numbers_are_not_identifiers(text):
    assert found(text) == []


def test_e_mail_addresses():
    assert found("Skriv til kari.nordmann+jobb@eksempel.no, eller ola_n@uio.no.") == [
        ("kari.nordmann+jobb@eksempel.no", "EMAIL"), ("ola_n@uio.no", "EMAIL")]
    assert found("Send @ meg en e-post") == []


@pytest.mark.parametrize("date", ["12.03.2024", "1.3.24", "12/3-2024", "2024-03-12", "12. mars 2024",
                                 "3. januar", "17. Mai", "30 okt. 2023"])
def test_dates(date):
    assert found(f"Det skjedde {date}, tror jeg.") == [(date, "DATE")]


def test_word_list_whole_words_any_case_and_inflected():
    words = WordList.from_setting({"Kari Nordmann": "navn", "Kari": "navn", "Tromsø": "sted",
                                   "Rema": "arbeidsplass", "Ann": "navn"})
    text = ("KARI sa at Karis sjef og Kari's kollega i Tromsøs sentrum, hos Remaen, "
            "kjente kari  nordmann. Karianne og annen og Anne er ikke på lista, men Anns er.")
    assert found(text, words) == [("KARI", "WORD"), ("Karis", "WORD"), ("Kari's", "WORD"),
                                  ("Tromsøs", "WORD"), ("Remaen", "WORD"),
                                  ("kari  nordmann", "WORD"), ("Anns", "WORD")]
    assert words.category("Tromsøs") == "LOC" and words.category("Remaen") == "ORG"
    assert words.category("kari  nordmann") == "PER"
    assert found("Hans' bil", ["Hans"]) == [("Hans'", "WORD")]
    # a name that is an everyday word in lower case matches only capitalised
    assert found("Det er hans sak, sa Hans, to ganger per uke.", ["Hans", "Per"]) == [("Hans", "WORD")]
    assert found("kiwiene i hagen, men Kiwien i byen", {"Kiwi": "arbeidsplass"}) == [("Kiwien", "WORD")]


def test_word_list_setting_shapes_and_errors():
    assert WordList.from_setting(None).entries == ()
    assert WordList.from_setting("Kari").entries == (("Kari", "PER"),)
    assert WordList.from_setting(["  Kari   Nordmann ", ""]).entries == (("Kari Nordmann", "PER"),)
    assert WordList.from_setting({"Bodø": "LOC"}).entries == (("Bodø", "LOC"),)
    with pytest.raises(StcError, match="category must be navn, sted or arbeidsplass"):
        WordList.from_setting({"Bodø": "by"})
    with pytest.raises(StcError, match="not a list of words"):
        WordList.from_setting(42)
    with pytest.raises(StcError, match="give words as text"):
        WordList.from_setting([3])


def test_offsets_are_code_points_and_overlaps_resolved():
    text = f"Æøå 😀 {FNR} kari@eksempel.no"
    spans = find_identifiers(text)
    assert [text[s:e] for s, e, _ in spans] == [FNR, "kari@eksempel.no"]
    assert spans[0][0] == 6
    assert without_overlaps([(5, 9, "A"), (0, 10, "B"), (10, 12, "C")]) == [(0, 10, "B"), (10, 12, "C")]


def test_a_word_added_to_the_word_list_keeps_the_settings_form():
    assert WordList.with_word(None, "liv") == ["liv"]
    assert WordList.with_word(["Kari"], " Liv ") == ["Kari", "Liv"]
    assert WordList.with_word(["Kari"], "kari") == ["Kari"]  # there already, in any case
    assert WordList.with_word({"Rema": "arbeidsplass"}, "Liv") == {"Rema": "arbeidsplass",
                                                                   "Liv": "navn"}
    assert WordList.with_word(["Kari"], "Hamar", "sted") == {"Kari": "navn", "Hamar": "sted"}
    with pytest.raises(StcError, match="word_list"):
        WordList.with_word(42, "Liv")
