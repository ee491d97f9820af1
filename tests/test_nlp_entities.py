"""The Norwegian name detector (issue 18): stc_bench.nlp.entities on synthetic sentences of a
fictitious study, code-point offsets, lazy loading, and the model shipped in the wheel."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stc_bench.nlp.entities import LABELS, NameDetectorMissing, describe_detector, entities

ROOT = Path(__file__).resolve().parent.parent
ner_module = importlib.import_module("stc_bench.nlp.entities")


def names(text: str, label: str = "PER") -> list[str]:
    return [text[s:e] for s, e, lab in entities(text) if lab == label]


def test_full_names_with_norwegian_letters_and_double_names():
    text = "Jeg snakket med Øystein Ødegård og Kari-Anne Fjeldstad på kontoret i Tromsø i går."
    assert names(text) == ["Øystein Ødegård", "Kari-Anne Fjeldstad"]
    assert ("Tromsø", "GPE_LOC") in [(text[s:e], lab) for s, e, lab in entities(text)]


def test_lower_case_first_names_in_speech_are_found_by_the_gazetteer():
    text = "eh jeg snakka med kari om det der og så sa ingrid hansen at det var greit"
    assert names(text) == ["kari", "ingrid hansen"]


def test_first_names_that_are_ordinary_words_are_left_alone_in_lower_case():
    # per, dag, liv, finn are names and words: alone and lower-case they are the words
    text = "vi hadde tre vakter per dag og det var et godt liv men finn ut av det selv"
    assert names(text) == []
    assert names("så ringte jeg per hansen") == ["per hansen"]


def test_offsets_are_code_points_around_emoji_and_combining_marks():
    text = "😀👍🏽 Kari Nordmann 🎉 møtte Rene\u0301 Brekke i Bergen."
    spans = entities(text)
    found = [text[s:e] for s, e, _ in spans]
    assert "Kari Nordmann" in found
    assert "Bergen" in found
    start = text.index("Kari")
    assert (start, start + len("Kari Nordmann"), "PER") in spans
    for s, e, label in spans:
        assert 0 <= s < e <= len(text) and label in LABELS
        assert text[s:e].strip() == text[s:e]


def test_spans_are_ordered_and_disjoint_and_empty_text_gives_none():
    text = "Kari bor i Oslo.\n\nHun jobber i NAV sammen med Per Hansen og Liv Berg."
    spans = entities(text)
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert entities("") == [] and entities("  \n ") == []


def test_the_package_attribute_works_as_the_function_whichever_import_came_first():
    # Once the module is imported, stc_bench.nlp.entities is the module: it must be callable too.
    from stc_bench import nlp

    assert nlp.entities is ner_module
    assert ner_module("Kari Nordmann bor i Bergen.") == entities("Kari Nordmann bor i Bergen.")
    code = "from stc_bench.nlp import entities; print(entities('Kari Nordmann bor i Bergen.')[0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "(0, 13, 'PER')"


def test_importing_the_package_loads_neither_spacy_nor_the_model():
    code = ("import sys, stc_bench.nlp as n; info = n.describe_detector(); "
            "print(info['available'], 'spacy' in sys.modules, 'stc_bench.nlp.gazetteer' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
    assert out == ["True", "False", "False"]


def test_doctor_names_the_bundled_detector():
    info = describe_detector()
    assert info["available"] and "NorNE" in info["name"] and "MB" in info["detail"]
    out = subprocess.run([sys.executable, "-m", "stc_bench", "doctor", "--json"], capture_output=True,
                         text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert json.loads(out.stdout)["name_detector"]["available"] is True


def test_the_shipped_models_hold_no_word_list_from_the_training_texts():
    # NorNE's texts may not be republished: the string store keeps only the labels.
    for member in [*ner_module.member_dirs(), ner_module.lower_member_dir()]:
        strings = json.loads((member / "vocab" / "strings.json").read_text(encoding="utf-8"))
        assert sorted(strings) == sorted(LABELS)
        assert ".spacy" not in (member / "config.cfg").read_text(encoding="utf-8")
        assert (member / "LICENSE_NDT.txt").is_file()


def test_the_vote_keeps_what_a_majority_proposes_with_the_same_span_and_label():
    a, b, c = (0, 4, "PER"), (10, 16, "GPE_LOC"), (20, 23, "ORG")
    assert ner_module.vote([[a, b], [a, (10, 16, "ORG")], [b, c]]) == [a, b]
    # two members agree on the place but not on its label; one alone proposes the rest
    assert ner_module.vote([[(10, 16, "ORG")], [b], [(10, 14, "GPE_LOC"), c]]) == []
    assert ner_module.vote([[c, a]]) == [c, a]  # one member: its spans as they are
    # four members: three are a majority, two are not (no ties to break)
    assert ner_module.vote([[a], [a], [a, c], [(0, 9, "PER"), c]]) == [a]


def test_the_union_keeps_every_members_span_disjoint_longest_first():
    a, b, c = (0, 4, "PER"), (10, 16, "GPE_LOC"), (20, 23, "ORG")
    # a span one member alone proposes is kept; exact agreement keeps the majority label
    assert ner_module.union([[a, b], [a, (10, 16, "ORG")], [b, c]]) == [a, b, c]
    # overlaps: the longest wins (the surname goes with the first name) …
    assert ner_module.union([[a], [(0, 9, "PER")], [a]]) == [(0, 9, "PER")]
    # … unless others split it from edge to edge: «Stine» and «Rema» in «Stine på Rema»
    assert ner_module.union([[(0, 5, "PER")], [(0, 13, "ORG")], [(0, 5, "GPE_ORG"), (9, 13, "PER")]]) \
        == [(0, 5, "PER"), (9, 13, "PER")]
    # a person's span wins over any other it overlaps, then the longest
    assert ner_module.union([[(0, 5, "PER")], [(0, 13, "ORG")], [(3, 9, "PER")]]) == [(3, 9, "PER")]
    assert ner_module.union([[(0, 5, "GPE_LOC")], [(0, 13, "ORG")], [(3, 9, "LOC")]]) == \
        [(0, 13, "ORG")]
    # equally long overlapping spans: the one more members proposed, then the earlier member's
    assert ner_module.union([[(0, 4, "LOC")], [(2, 6, "ORG")], [(2, 6, "ORG")]]) == [(2, 6, "ORG")]
    assert ner_module.union([[(2, 6, "ORG")], [(0, 4, "LOC")]]) == [(2, 6, "ORG")]
    # a person's whenever a member that proposed exactly the span says so: the check reports
    # persons, and a name typed ORG by two members would pass it
    assert ner_module.union([[(0, 4, "ORG")], [(0, 4, "ORG")], [(0, 4, "PER")]]) == [(0, 4, "PER")]
    # a label tie among the members that proposed exactly the span: the first member's label
    assert ner_module.union([[], [(10, 16, "ORG")], [b]]) == [(10, 16, "ORG")]
    assert ner_module.union([[c, a]]) == [a, c] and ner_module.union([[], [], []]) == []


# A turn of the synthetic speech set (bench.ner) where the shipped model alone finds the name.
ONE_MEMBER = "jeg ringte halvard etterpå og hun var helt enig"


def test_a_name_one_member_finds_is_a_candidate_but_not_a_labelled_entity():
    start = ONE_MEMBER.index("halvard")
    name = (start, start + len("halvard"), "PER")
    [proposals] = ner_module.detect([ONE_MEMBER])
    assert len(proposals) == 3 and sum(name in spans for spans in proposals) == 1
    assert name not in entities(ONE_MEMBER)
    assert name in ner_module.name_candidates(ONE_MEMBER)
    from stc_bench import nlp

    assert nlp.name_candidates is ner_module.name_candidates


def test_both_outputs_come_from_one_pass_of_the_members(monkeypatch):
    calls = []
    real = ner_module.detect
    monkeypatch.setattr(ner_module, "detect", lambda texts: calls.append(texts) or real(texts))
    text = "Kari Nordmann bor i Bergen. " + ONE_MEMBER
    labelled, candidates = entities(text), ner_module.name_candidates(text)
    assert len(calls) == 2 and calls[0] == calls[1]  # one detect call per output, each one pass
    [proposals] = real([text])
    assert labelled == ner_module.vote(proposals) and candidates == ner_module.union(proposals)
    assert set(labelled) <= set(candidates)


def test_an_ensemble_of_one_model_thrice_finds_what_the_model_finds(monkeypatch):
    text = "Kari Nordmann jobber i NAV i Bergen, sa overlege Brekke. så ringte jeg per hansen"
    monkeypatch.setattr(ner_module, "EXTRA_MEMBERS", ())
    ner_module.load_detector.cache_clear()
    alone = entities(text)
    monkeypatch.setattr(ner_module, "EXTRA_MEMBERS", (str(ner_module.BUNDLED_DIR),) * 2)
    ner_module.load_detector.cache_clear()
    try:
        assert len(ner_module.load_detector()) == 3
        assert entities(text) == alone
        assert "ensemble of 3" in describe_detector()["detail"]
        monkeypatch.setattr(ner_module, "EXTRA_MEMBERS", ("no_such_member",))
        assert describe_detector()["available"] is False or ner_module._choice() == "nb_core"
    finally:
        ner_module.load_detector.cache_clear()


def test_a_missing_model_is_a_one_line_user_error(monkeypatch, tmp_path):
    monkeypatch.setattr(ner_module, "BUNDLED_DIR", tmp_path / "gone")
    monkeypatch.setattr(ner_module.util, "find_spec", lambda name: None)
    ner_module.load_detector.cache_clear()
    try:
        assert describe_detector()["available"] is False
        with pytest.raises(NameDetectorMissing, match="^name detector: .*missing"):
            entities("Kari Nordmann")
    finally:
        ner_module.load_detector.cache_clear()


def test_the_model_is_package_data_and_loads_from_an_install(tmp_path):
    # setuptools' build_py lays out exactly what the wheel holds (packages + package data),
    # offline; the model must come along and load from there, not from the source tree.
    lib = tmp_path / "lib"
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py",
                    "--build-lib", str(lib)], check=True, cwd=ROOT, capture_output=True)
    members = [d.name for d in ner_module.member_dirs()]
    assert members == ["ner_nb", "ner_nb_e1", "ner_nb_d2"]
    members.append(ner_module.lower_member_dir().name)
    size = 0
    for member in members:
        shipped = lib / "stc_bench" / "nlp" / "data" / member
        source = ROOT / "stc_bench" / "nlp" / "data" / member
        assert sorted(p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file()) == \
            sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
        assert (shipped / "LICENSE_NDT.txt").is_file() and (shipped / "ner" / "model").is_file()
        size += sum(p.stat().st_size for p in shipped.rglob("*") if p.is_file())
    assert 28e6 < size < 32e6  # three members and the lower-case one, ~30 MB: a fifth needs a decision
    code = ("import stc_bench.nlp.entities as m; print(m.BUNDLED_DIR); print(len(m.load_detector())); "
            "print(m.entities('Kari Nordmann bor i Bergen.')); print(m.load_lower() is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(lib)}).stdout.splitlines()
    assert out[0].startswith(str(lib))
    assert out[1] == "3"
    assert out[2].startswith("[(0, 13, 'PER')")
    assert out[3] == "True"


def test_truecasing_capitalises_unknown_words_only_on_all_lower_case_lines():
    from stc_bench.nlp.truecase import truecase

    assert truecase("jeg snakka med sigve om det innom kontoret") == \
        "jeg snakka med Sigve om det innom kontoret"
    assert truecase("Jeg snakka med sigve.") == "Jeg snakka med sigve."  # the writer used capitals
    assert truecase("vi og eldbjørg-torunn\nNei") == "vi og Eldbjørg-Torunn\nNei"
    text = "straße ßsigve 😀 zzqx"  # ß's capital is two letters: left alone, offsets never move
    assert truecase(text) == "Straße ßsigve 😀 Zzqx"


def test_truecasing_knows_names_the_dictionaries_hold_and_farm_names():
    from stc_bench.nlp.truecase import truecase

    # simplemma's dictionary holds names (its lemma keeps the capital): they are names here
    assert truecase("jeg snakka med håkon og ingrid fra hamar") == \
        "jeg snakka med Håkon og Ingrid fra Hamar"
    # a listed surname that no dictionary has as a word; a compound ending like a place name
    assert truecase("det var åse sæther og sigve fjeldstad") == \
        "det var Åse Sæther og Sigve Fjeldstad"
    # first names that are words stay words; a compound of words stays a word; Ordbank's
    # compound with a place-name ending (storby) too
    assert truecase("vi hadde tre vakter per dag i et godt liv i storbyen med sykehuskantina") == \
        "vi hadde tre vakter per dag i et godt liv i storbyen med sykehuskantina"


def test_a_speaker_label_does_not_make_a_line_of_lower_case_speech_a_written_one():
    # the import writes each turn as «Label: words»: the label's capitals are the format's
    from stc_bench.nlp.entities import name_candidates
    from stc_bench.nlp.truecase import lower_case_lines, truecase

    text = "I: hvem var med\nInformant 2: det var håkon og ingrid\n[00:01:23] Kari N.: ja"
    assert truecase(text) == "I: hvem var med\nInformant 2: det var Håkon og Ingrid\n" \
        "[00:01:23] Kari N.: ja"
    body = text.index("det var")
    assert (body, text.index("\n[00")) in lower_case_lines(text)
    assert lower_case_lines("Informant: Det var Håkon.") == []
    line = "Informant 2: jeg ringte liv etterpå og hun var helt enig"
    assert "liv" in [line[s:e] for s, e, _ in name_candidates(line)]
    from stc_bench.nlp.anonymity import Scanner  # the label itself is no finding

    assert [f.found for f in Scanner.for_settings({}).scan([("line 2", line)])] == ["liv"]


def test_rules_trim_words_that_are_no_nouns_from_names_typed_without_capitals():
    # a model reading lower case cannot tell «etterpå» from a surname; a noun may be one
    assert _ruled("jeg ringte kari etterpå", [("kari etterpå", "PER")], speech=True) == \
        [("kari", "PER")]
    assert _ruled("altså kari og jeg", [("altså kari", "PER")], speech=True) == [("kari", "PER")]
    assert _ruled("det var kari lund", [("kari lund", "PER")], speech=True) == \
        [("kari lund", "PER")]
    assert _ruled("jeg ringte per etterpå", [("per etterpå", "PER")], speech=True) == \
        [("per", "PER")]
    assert _ruled("og så altså", [("altså", "PER")], speech=True) == []
    # a name of listed first names is a person's, however typed; one opening with a first
    # name is trimmed; other names keep their words
    assert _ruled("møte med anne-lise i dag", [("anne-lise", "DRV")], speech=True) == \
        [("anne-lise", "PER")]
    assert _ruled("jeg ringte kari etterpå", [("kari etterpå", "ORG")], speech=True) == \
        [("kari", "PER")]
    assert _ruled("de stemte høyre", [("høyre", "ORG")], speech=True) == [("høyre", "ORG")]
    # a first name that is also a word, before a name the truecaser capitalised
    assert _ruled("så ringte jeg per Hansen", [("Hansen", "PER")], speech=True) == \
        [("per Hansen", "PER")]
    assert _ruled("hver dag Bergen", [("Bergen", "GPE_LOC")], speech=True) == \
        [("Bergen", "GPE_LOC")]


def test_the_lower_case_member_adds_names_that_are_also_words_to_the_candidates():
    # in lower case, «liv» and «mette» are words to the three members; the member trained on
    # lower-cased text reads them as names from their place in the sentence. Only the
    # candidates (pseudonymisation, the check) take its names; the labelled vote does not.
    from stc_bench.nlp.entities import name_candidates

    text = "jeg ringte liv etterpå og så kom mette innom"
    liv, mette = text.index("liv"), text.index("mette")
    assert [text[s:e] for s, e, _ in name_candidates(text)] == ["liv", "mette"]
    assert (liv, liv + 3, "PER") not in entities(text)
    [lower], [three] = ner_module.detect_lower([text]), ner_module.detect([text])
    assert (liv, liv + 3, "PER") in lower and (liv, liv + 3, "PER") not in ner_module.union(three)
    assert (mette, mette + 5, "PER") in ner_module.union((*three, lower))
    # a line typed with capitals is not its business
    assert ner_module.detect_lower(["Jeg ringte Liv etterpå.\nSå kom Mette innom."]) == [[]]
    text = "Jeg ringte Liv etterpå.\njeg ringte liv etterpå"
    [lower] = ner_module.detect_lower([text])
    assert lower == [(text.rindex("liv"), text.rindex("liv") + 3, "PER")]


def test_names_in_lower_case_speech_that_no_list_holds():
    text = "eh jeg snakka med sigve om det der liksom"
    assert names(text) == ["sigve"]


def _ruled(text: str, spans: list[tuple[str, str]], speech: bool = False) -> list[tuple[str, str]]:
    """The name rules on ``text`` with the model's ``(words, label)`` as given; ``speech``:
    the text was typed without capitals (its capitals are the truecaser's)."""
    import spacy

    from stc_bench.nlp.name_rules import SPEECH_LINES, add_name_rules, name_rules

    nlp = spacy.blank("nb")
    add_name_rules(nlp)
    doc = nlp(text)
    doc.user_data[SPEECH_LINES] = [(0, len(text))] if speech else []
    ents = []
    for words, label in spans:
        start = text.index(words)
        ents.append(doc.char_span(start, start + len(words), label=label))
    doc.ents = ents
    return [(e.text, e.label_) for e in name_rules(doc).ents]


def test_rules_trim_titles_and_ordinary_words_from_person_names_only():
    assert _ruled("Det sier overlege Brekke i dag.", [("overlege Brekke", "PER")]) == \
        [("Brekke", "PER")]
    assert _ruled("Sykepleier Vik kom innom.", [("Sykepleier Vik", "PER")]) == [("Vik", "PER")]
    assert _ruled("Vakta var rolig, Sigve smilte.", [("Sigve smilte", "PER")]) == \
        [("Sigve", "PER")]
    assert _ruled("Ja, og hilse Tiril!", [("hilse Tiril", "PER")]) == [("Tiril", "PER")]
    # a particle belongs to the name; speech typed in lower case is left whole; other types too
    assert _ruled("Hun heter Anna van Dijk.", [("Anna van Dijk", "PER")]) == \
        [("Anna van Dijk", "PER")]
    assert _ruled("jeg snakka med sigve fjeldstad", [("sigve fjeldstad", "PER")]) == \
        [("sigve fjeldstad", "PER")]
    assert _ruled("Hun jobbet i avdeling Brekke.", [("avdeling Brekke", "ORG")]) == \
        [("avdeling Brekke", "ORG")]


def test_rules_leave_names_alone_on_lines_typed_without_capitals():
    # the truecaser capitalised Brekke, not the writer: "overlege" may be part of the name
    assert _ruled("det sa overlege Brekke", [("overlege Brekke", "PER")], speech=True) == \
        [("overlege Brekke", "PER")]
    assert _ruled("vi møtte Tiril Bakkesen", [("Bakkesen", "ORG")], speech=True) == \
        [("Bakkesen", "ORG")]
    assert names("jeg snakka med kari om det der og så sa ingrid hansen at det var greit") == \
        ["kari", "ingrid hansen"]


def test_rules_retype_a_name_whose_form_says_person():
    assert _ruled("Det mente Bakkesen også.", [("Bakkesen", "ORG")]) == [("Bakkesen", "PER")]
    assert _ruled("Vi leste Kari Nilsen i går.", [("Kari Nilsen", "PROD")]) == \
        [("Kari Nilsen", "PER")]
    # a definite noun or a compound with a hyphen ends the same way; a place stays a place
    assert _ruled("Det sa Dagsavisen.", [("Dagsavisen", "ORG")]) == [("Dagsavisen", "ORG")]
    assert _ruled("Det ville Vik-ledelsen.", [("Vik-ledelsen", "DRV")]) == [("Vik-ledelsen", "DRV")]
    assert _ruled("Hun bor i Bergen.", [("Bergen", "GPE_LOC")]) == [("Bergen", "GPE_LOC")]


def test_rules_put_back_a_first_name_the_model_left_out():
    assert _ruled("Etter møtet med Torunn Vik ringte vi.", [("Vik", "PER")]) == \
        [("Torunn Vik", "PER")]
    assert _ruled("Kari Vik var på vakt.", [("Vik", "PER")]) == [("Kari Vik", "PER")]
    # a capitalised ordinary word opening the sentence, or another name, is not taken
    assert _ruled("Derfor Vik.", [("Vik", "PER")]) == [("Vik", "PER")]
    assert _ruled("Han møtte NAV Vik.", [("NAV", "ORG"), ("Vik", "PER")]) == \
        [("NAV", "ORG"), ("Vik", "PER")]


def test_a_sentence_final_i_is_a_word_not_an_initial():
    text = "Det var et prosjekt vi var med i."
    assert names(text) == []
    import spacy

    from stc_bench.nlp.name_rules import split_final_i

    nlp = spacy.blank("nb")
    split_final_i(nlp)
    assert [t.text for t in nlp(text)][-2:] == ["i", "."]
