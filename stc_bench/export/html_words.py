"""The words of the browser report, in Norwegian and English.

The report follows the project's language as the Word export does (``chapter.words_for``:
Norwegian for ``nb``, ``nn`` and ``no``, else English), so a supervisor reads the same
language in the chapter and around it.
"""

from __future__ import annotations

from .chapter import WORDS, words_for
from .language import language_tag

_NB = {
    "skip": "Hopp til innholdet",
    "nav_label": "Rapportens deler",
    "nav_about": "Om filen",
    "nav_chapter": "Kapitlet",
    "nav_analysis": "Analysen",
    "nav_transcripts": "Transkripsjoner",
    "nav_trail": "Kodesporet",
    "nav_checklist": "Veilederens sjekkliste",
    "checklist_intro": "Det en veileder sjekker: hver subgruppe har kondensat, gullsitat, analytisk "
                       "tekst og enheter lest i kontekst; sitater som avviker fra transkripsjonen; "
                       "hvem som er tause og hvem som siteres så ofte at de kan kjennes igjen; "
                       "kodet andel per transkripsjon; temahistorikken; samtykke og sletting.",
    "nav_quotes": "Sitatene",
    "words_n": "{n} ord",
    "back": "Tilbake",
    "back_to_chapter": "Tilbake til kapitlet",
    "research_question": "Problemstilling",
    "exported": "Eksportert {at} (UTC) fra hendelse {seq} i kodesporet.",
    "contains_title": "Hva denne filen inneholder",
    "contains_full": ("Filen inneholder intervjudata: hele teksten i {documents} transkripsjoner "
                      "({words} ord) fra informantene {informants}, i tillegg til kapitlet, "
                      "kondensatene og kodesporet. Oppbevar og del den som transkripsjonene selv."),
    "contains_quoted": ("Filen inneholder kapitlet, kondensatene og kodesporet, og teksten i "
                        "{units} meningsbærende enheter: de som er sitert i kapitlet og "
                        "gullsitatene. Transkripsjonene og de andre enhetene er utelatt "
                        "(--no-transcripts)."),
    "how_to": ("Klikk et sitat i kapitlet for å se enheten det kommer fra, subgruppen, "
               "kondensatet og gullsitatet, og derfra transkripsjonen med enheten markert. "
               "Nettleserens tilbakeknapp fører deg tilbake. Filen bruker ikke nettet."),
    "counts": ("{groups} kodegrupper, {subgroups} subgrupper, {units} meningsbærende enheter, "
               "{quotes} sitater, {events} hendelser i kodesporet."),
    "quote_title": "Sitat {n}",
    "quote_as_printed": "Slik det står i kapitlet",
    "unit": "Meningsbærende enhet {id}",
    "unit_text": "Enhetens ord i transkripsjonen",
    "informant": "Informant",
    "document": "Transkripsjon",
    "no_informant": "ingen informant",
    "status_flagged": "Merket: transkripsjonen er rettet her; les enheten på nytt.",
    "status_detached": "Løsrevet: står på en eldre revisjon av transkripsjonen.",
    "validated": "Lest på nytt i kontekst av {by} {at}",
    "not_validated": "Ikke lest på nytt i kontekst ennå",
    "display_same": "Sitatet gjengir enhetens ord.",
    "display_differs": "Sitatet er forkortet eller endret:",
    "display_problems": "Endringer uten markering:",
    "cut": "utelatt",
    "replaced": "erstattet",
    "in_subgroups": "Subgruppe",
    "no_subgroup": "Enheten er ikke fordelt til noen subgruppe.",
    "condensate": "Kondensat",
    "no_condensate": "Ingen kondensat ennå.",
    "golden_quote": "Gullsitat",
    "no_golden": "Intet gullsitat valgt.",
    "is_golden": "Dette sitatet er subgruppens gullsitat.",
    "context": "I sammenhengen",
    "question_before": "Spørsmålet før",
    "read_in_transcript": "Les i transkripsjonen",
    "unit_in_transcript": "Enhet {id} fra {label} i transkripsjonen",
    "code_group": "Kodegruppe",
    "subgroup": "Subgruppe",
    "analytic_text_link": "Den analytiske teksten i kapitlet",
    "condensate_units": "Enhetene kondensatet bygger på ({n})",
    "coverage": "Hvem som snakker i subgruppen",
    "coverage_informant": "Informant",
    "coverage_units": "Enheter",
    "coverage_quotes": "Sitater",
    "silent": "Stille i denne subgruppen: {labels}.",
    "nobody_silent": "Alle informantene snakker i denne subgruppen.",
    "units_of": "Enhetene fra {label} ({n})",
    "text_left_out": "[teksten er utelatt: --no-transcripts]",
    "analysis_intro": "Kodegruppene og subgruppene slik analysen bygger dem.",
    "subgroups_count": "{n} subgrupper",
    "units_count": "{n} enheter",
    "transcripts_intro": "{n} transkripsjoner. Velg en for å lese den.",
    "older_revision": "eldre revisjon",
    "interviewer": "intervjuer",
    "trail_intro": "Alle endringer i analysen, i rekkefølge, med hvem og når.",
    "head": "Siste hendelse {seq}, hash {hash}",
    "verified_ok": "Kjeden er kontrollert: ingen hendelse eller rad er endret utenfor stc-bench.",
    "verified_bad": "Kjeden holder ikke: {problem}",
    "since_mark": "Endringer siden {person} gikk gjennom analysen (hendelse {seq}, {at})",
    "since_mark_none": "Ingen endringer siden {person} gikk gjennom analysen (hendelse {seq}, {at}).",
    "no_mark": "Ingen har registrert en gjennomgang ennå.",
    "filter": "Filtrer hendelsene",
    "filter_step": "Steg",
    "filter_actor": "Hvem",
    "filter_from": "Fra dato",
    "filter_to": "Til dato",
    "filter_since": "Bare siden gjennomgangen",
    "filter_all": "alle",
    "filter_shown": "{shown} av {total} hendelser vises.",
    "col_seq": "Nr.",
    "col_at": "Tid (UTC)",
    "col_actor": "Hvem",
    "col_step": "Steg",
    "col_action": "Handling",
    "col_what": "Hva",
    "boundaries": "grenser {old} → {new}",
    "steps": {"1 Helhetsinntrykk": "1 Helhetsinntrykk", "2 Meningsbærende enheter":
              "2 Meningsbærende enheter", "3 Kondensering": "3 Kondensering",
              "4 Syntese": "4 Syntese", "Prosjekt og data": "Prosjekt og data",
              "Angre/gjør om": "Angre/gjør om"},
}

_EN = {
    "skip": "Skip to the content",
    "nav_label": "Parts of the report",
    "nav_about": "About this file",
    "nav_chapter": "The chapter",
    "nav_analysis": "The analysis",
    "nav_transcripts": "Transcripts",
    "nav_trail": "The coding trail",
    "nav_checklist": "The supervisor's checklist",
    "checklist_intro": "What a supervisor checks (the tables are in Norwegian, as in the audit "
                       "appendix): each subgroup has a condensate, a golden quote, analytic text "
                       "and units re-read in context; quotes that differ from the transcript; who "
                       "is silent and who is quoted so often they may be recognised; the coded "
                       "share per transcript; the theme history; consent and deletion.",
    "nav_quotes": "The quotes",
    "words_n": "{n} words",
    "back": "Back",
    "back_to_chapter": "Back to the chapter",
    "research_question": "Research question",
    "exported": "Exported {at} (UTC) at event {seq} of the coding trail.",
    "contains_title": "What this file contains",
    "contains_full": ("This file contains interview data: the full text of {documents} "
                      "transcripts ({words} words) from the informants {informants}, besides "
                      "the chapter, the condensates and the coding trail. Keep and share it "
                      "as you would the transcripts themselves."),
    "contains_quoted": ("This file contains the chapter, the condensates and the coding trail, "
                        "and the text of {units} meaning units: those quoted in the chapter and "
                        "the golden quotes. The transcripts and the other units are left out "
                        "(--no-transcripts)."),
    "how_to": ("Click a quote in the chapter to see the unit it comes from, its subgroup, "
               "condensate and golden quote, and from there the transcript with the unit "
               "highlighted. The browser's back button takes you back. The file uses no network."),
    "counts": ("{groups} code groups, {subgroups} subgroups, {units} meaning units, "
               "{quotes} quotes, {events} events in the coding trail."),
    "quote_title": "Quote {n}",
    "quote_as_printed": "As printed in the chapter",
    "unit": "Meaning unit {id}",
    "unit_text": "The unit's words in the transcript",
    "informant": "Informant",
    "document": "Transcript",
    "no_informant": "no informant",
    "status_flagged": "Flagged: the transcript was corrected here; re-read the unit.",
    "status_detached": "Detached: it stays on an older revision of the transcript.",
    "validated": "Re-read in context by {by} {at}",
    "not_validated": "Not re-read in context yet",
    "display_same": "The quote gives the unit's words.",
    "display_differs": "The quote is shortened or changed:",
    "display_problems": "Unmarked changes:",
    "cut": "left out",
    "replaced": "replaced",
    "in_subgroups": "Subgroup",
    "no_subgroup": "The unit is in no subgroup.",
    "condensate": "Condensate",
    "no_condensate": "No condensate yet.",
    "golden_quote": "Golden quote",
    "no_golden": "No golden quote chosen.",
    "is_golden": "This quote is the subgroup's golden quote.",
    "context": "In context",
    "question_before": "The question before",
    "read_in_transcript": "Read it in the transcript",
    "unit_in_transcript": "Unit {id} from {label} in the transcript",
    "code_group": "Code group",
    "subgroup": "Subgroup",
    "analytic_text_link": "Its analytic text in the chapter",
    "condensate_units": "The units it condenses ({n})",
    "coverage": "Who speaks in this subgroup",
    "coverage_informant": "Informant",
    "coverage_units": "Units",
    "coverage_quotes": "Quotes",
    "silent": "Silent in this subgroup: {labels}.",
    "nobody_silent": "Every informant speaks in this subgroup.",
    "units_of": "The units from {label} ({n})",
    "text_left_out": "[text left out: --no-transcripts]",
    "analysis_intro": "The code groups and subgroups as the analysis builds them.",
    "subgroups_count": "{n} subgroups",
    "units_count": "{n} units",
    "transcripts_intro": "{n} transcripts. Choose one to read it.",
    "older_revision": "older revision",
    "interviewer": "interviewer",
    "trail_intro": "Every change to the analysis, in order, with who and when.",
    "head": "Last event {seq}, hash {hash}",
    "verified_ok": "The chain verifies: no event or row was changed outside stc-bench.",
    "verified_bad": "The chain does not verify: {problem}",
    "since_mark": "Changes since {person} reviewed the analysis (event {seq}, {at})",
    "since_mark_none": "No changes since {person} reviewed the analysis (event {seq}, {at}).",
    "no_mark": "Nobody has recorded a review yet.",
    "filter": "Filter the events",
    "filter_step": "Step",
    "filter_actor": "Who",
    "filter_from": "From date",
    "filter_to": "To date",
    "filter_since": "Only since the review",
    "filter_all": "all",
    "filter_shown": "{shown} of {total} events shown.",
    "col_seq": "No.",
    "col_at": "Time (UTC)",
    "col_actor": "Who",
    "col_step": "Step",
    "col_action": "Action",
    "col_what": "What",
    "boundaries": "boundaries {old} → {new}",
    "steps": {"1 Helhetsinntrykk": "1 Total impression", "2 Meningsbærende enheter":
              "2 Meaning units", "3 Kondensering": "3 Condensation", "4 Syntese": "4 Synthesis",
              "Prosjekt og data": "Project and data", "Angre/gjør om": "Undo/redo"},
}


def html_words(language: str) -> dict:
    """The report's words for a project language, chosen by the same rule as the chapter's."""
    return _NB if words_for(language) is WORDS["nb"] else _EN


html_lang = language_tag  # the ``lang`` attribute: the tag Word gets as ``w:lang``
