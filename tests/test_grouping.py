"""Suggestions at the grain of meaning units (issue 11): sentences of one turn grouped,
the preamble and interviewer turns left alone, never across a turn."""

from __future__ import annotations

import pytest
from conftest import draft_from_labelled

from stc_bench.domain.model import Turn
from stc_bench.ingest.batch import import_one
from stc_bench.nlp import suggest_units
from stc_bench.nlp.grouping import gap_scores, group
from stc_bench.nlp.suggest import without_preamble


@pytest.fixture(autouse=True)
def _bundled_default(monkeypatch):
    monkeypatch.setenv("STC_PIPELINE", "default")


WORK = ("Jeg begynte på lageret i mars, først to vakter i uka. Lageret ligger rett ved bussen, "
        "så det var lett å komme seg dit. Kollegene på lageret tok godt imot meg og viste meg "
        "hvordan skanneren virket. Etter en måned fikk jeg tre vakter, og sjefen på lageret sa "
        "at jeg var stødig.")
MONEY = ("En annen ting er pengene. Jeg var redd for å miste arbeidsavklaringspengene hvis "
         "inntekten ble for høy. NAV-veilederen regnet på det sammen med jobbspesialisten, og "
         "de viste meg at AAP-en bare blir redusert litt. Likevel sov jeg dårlig i flere uker "
         "fordi jeg ikke stolte på at utbetalingen kom. Først da den første utbetalingen kom "
         "på kontoen, turte jeg å tro på det. Nå sjekker jeg kontoen hver måned uten å bli "
         "redd, og jeg vet hvem jeg skal ringe hvis noe skjer med utbetalingen.")
LONG_TURN = f"I: Hvordan har det gått?\nJS4: {WORK} {MONEY}\nI: Mm.\n"


def suggested(wb, doc) -> list[str]:
    return [doc.text[s.start:s.end] for s in wb.suggestions(doc.id)]


def test_a_long_turn_with_two_topics_is_split_at_the_topic_change(wb):
    doc = wb.import_transcript(draft_from_labelled(LONG_TURN), source_name="JS4.txt",
                               source_sha256="4" * 64, informant="JS4")
    suggest_units(wb, doc.id)
    # 61 + 85 words: a split by length alone would fall elsewhere; the marker "En annen
    # ting" and the change of words (lager → penger, NAV) put it at the topic change.
    assert suggested(wb, doc) == [WORK, MONEY]


def test_a_short_turn_stays_one_suggestion_even_with_a_marker():
    sentences = ["Jeg jobber på lageret nå.", "Men jeg var redd i starten.", "Det gikk over."]
    assert group(sentences, [len(s.split()) for s in sentences], max_words=90) == [(0, 3)]


def test_the_cues_between_sentences():
    markers = gap_scores(["Vi hadde møter med teamet hver uke.", "I tillegg ringte hun meg."])
    ties = gap_scores(["Vi hadde møter med teamet hver uke.", "Og teamet møttes hver uke."])
    question = gap_scores(["Hva skulle jeg gjøre da?", "I tillegg ringte hun meg."])
    colon = gap_scores(["Hun sa:", "I tillegg ringte hun meg."])
    assert markers[0] > ties[0]          # a new point vs. a sentence hanging on the last
    assert question[0] < markers[0]      # the answer belongs to its question
    assert colon[0] < question[0]        # what follows a colon is what was said


def test_the_preamble_is_never_suggested(wb, tmp_path):
    path = tmp_path / "JS5.txt"
    path.write_text("Intervju med JS5 – jobbstøtte\n"
                    "Transkribert av Kari Nordmann, 3. mars. Pauser er markert med [pause].\n\n"
                    "I: Fortell om den første dagen på jobb.\n\n"
                    "JS5: Den første dagen var jeg veldig nervøs, men sjefen tok imot meg i døra. "
                    "Hun viste meg rundt, og jeg fikk en fast plass ved vinduet.\n", encoding="utf-8")
    doc = import_one(wb, path).document
    turns = wb.turns(doc.id)
    assert turns[0].speaker == "" and doc.text[turns[0].start:].startswith("Intervju med JS5")
    suggest_units(wb, doc.id)
    assert suggested(wb, doc) == [doc.text[doc.text.index("Den første dagen"):].rstrip()]


def test_the_preamble_above_a_word_table_is_never_suggested(wb, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Fokusgruppe C – jobbspesialister")
    document.add_paragraph("Digitalt intervju, transkribert i etterkant. Navn er endret.")
    rows = [("Moderator", "Fortell om samarbeidet med behandlerne."),
            ("Deltaker 1", "Vi har faste møter hver uke, og der tar vi opp alle kandidatene."),
            ("Moderator", "Og ellers?"),
            ("Deltaker 2", "Ellers ringer vi hverandre når det trengs, det går raskt.")]
    grid = document.add_table(rows=len(rows), cols=2)
    for i, (label, text) in enumerate(rows):
        grid.cell(i, 0).text, grid.cell(i, 1).text = label, text
    document.save(tmp_path / "C.docx")
    doc = import_one(wb, tmp_path / "C.docx").document
    suggest_units(wb, doc.id)
    assert suggested(wb, doc) == [rows[1][1], rows[3][1]]


def test_without_labels_every_paragraph_is_text_to_suggest_from():
    turns = [Turn(id=k, document_id=1, idx=k, speaker="", is_interviewer=False,
                  start=10 * k, end=10 * k + 9) for k in range(3)]
    assert without_preamble(turns) == turns
    labelled = [*turns[:1], Turn(id=9, document_id=1, idx=1, speaker="JS1",
                                 is_interviewer=False, start=10, end=19)]
    assert without_preamble(labelled) == labelled[1:]


def test_never_across_a_turn_and_never_in_interviewer_turns(wb):
    question = " ".join(["Jeg vil gjerne høre mer om hvordan dere jobbet sammen med behandlerne, "
                         "for eksempel på møtene, og om hva som var vanskelig. Var det noe som "
                         "overrasket deg? Og hvordan merket du det i hverdagen?"] * 2)
    text = f"I: {question}\nJS4: {WORK} {MONEY}\nI: {question}\nJS4: {MONEY} {WORK}\n"
    doc = wb.import_transcript(draft_from_labelled(text), source_name="JS4b.txt",
                               source_sha256="5" * 64, informant="JS4")
    suggest_units(wb, doc.id)
    informant = [t for t in wb.turns(doc.id) if not t.is_interviewer]
    interviewer = [t for t in wb.turns(doc.id) if t.is_interviewer]
    spans = wb.suggestions(doc.id)
    assert len(spans) >= 4
    for s in spans:
        assert sum(t.start <= s.start and s.end <= t.end for t in informant) == 1
        assert not any(t.start < s.end and s.start < t.end for t in interviewer)
