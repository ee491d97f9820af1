"""A transcript two coders (kari, ola) code independently: one unit alike, one with a
different span, one only kari marked and one only ola marked (a fictitious study)."""

from __future__ import annotations

from helpers.study import import_interview, span_of
from stc_bench.services import Workbench

CODED_INTERVIEW = (
    "I: Hvordan var det å begynne i jobb igjen?\n"
    "JS4: Det var skummelt i starten. Jeg sov dårlig de første ukene. Men veilederen min fulgte "
    "meg opp hver fredag, og det hjalp.\n"
    "I: Hva hjalp mest?\n"
    "JS4: At noen ringte. Jeg følte meg sett. Lønna betydde også mye, jeg kunne betale "
    "regningene selv.\n"
)

ALIKE = "Det var skummelt i starten."
SUPPORT = "Men veilederen min fulgte meg opp hver fredag, og det hjalp."
SUPPORT_SHORT = "Men veilederen min fulgte meg opp hver fredag"
ONLY_KARI = "At noen ringte. Jeg følte meg sett."
ONLY_OLA = "Lønna betydde også mye"


def as_actor(wb: Workbench, actor: str, fn):
    """Run ``fn()`` with ``wb`` acting as ``actor`` (as ``--as`` would)."""
    before, wb.actor = wb.actor, actor
    try:
        return fn()
    finally:
        wb.actor = before


def code_independently(wb: Workbench, mastery: int, support: int, label: str = "JS4"):
    """Import the transcript, put it in independent coding for kari and ola and let each
    mark their units; returns the document."""
    doc = import_interview(wb, CODED_INTERVIEW, label)
    text = doc.text
    wb.start_independent_coding(doc.id, ["kari", "ola"])
    marks = {"kari": [(ALIKE, mastery), (SUPPORT, support), (ONLY_KARI, support)],
             "ola": [(ALIKE, mastery), (SUPPORT_SHORT, support), (ONLY_OLA, mastery)]}
    for coder, units in marks.items():
        for words, group in units:
            as_actor(wb, coder, lambda w=words, g=group: wb.create_unit(doc.id, *span_of(text, w), [g]))
    return doc


ONLY_PER = "Jeg sov dårlig de første ukene."


def code_by_three(wb: Workbench, mastery: int, support: int, label: str = "JS4"):
    """As :func:`code_independently`, with a third coder, per: alike with kari on three
    units (ALIKE, SUPPORT, ONLY_KARI) and one unit only per marked (ONLY_PER)."""
    doc = import_interview(wb, CODED_INTERVIEW, label)
    wb.start_independent_coding(doc.id, ["kari", "ola", "per"])
    marks = {"kari": [(ALIKE, mastery), (SUPPORT, support), (ONLY_KARI, support)],
             "ola": [(ALIKE, mastery), (SUPPORT_SHORT, support), (ONLY_OLA, mastery)],
             "per": [(ALIKE, mastery), (ONLY_PER, mastery), (SUPPORT, support),
                     (ONLY_KARI, support)]}
    for coder, units in marks.items():
        for words, group in units:
            as_actor(wb, coder, lambda w=words, g=group: wb.create_unit(
                doc.id, *span_of(doc.text, w), [g]))
    return doc
