"""A corrected transcript never moves a meaning unit silently.

Each case revises a fictitious interview; afterwards every unit either covers the
passage it covered (status ok), or is flagged or detached and says so.
"""

from __future__ import annotations

import hashlib

import pytest
from helpers.study import labelled_draft

from stc_bench.cli import main
from stc_bench.domain.errors import MethodError
from stc_bench.domain.model import MeaningUnit
from stc_bench.services import Workbench

LINES = [
    "I: Hvordan var den første uka?",
    "JS4: Det var rart å komme tilbake. Alle var hyggelige, men jeg var sliten hver kveld.",
    "I: Hvordan fikk du hjelp?",
    "JS4: Jobbspesialisten ringte meg. Vi la en plan sammen for de neste ukene.",
    "I: Og arbeidsgiveren?",
    "JS4: Det tar lang tid! Men sjefen ga meg kortere dager i starten.",
    "I: Hva tenker du om veien videre?",
    "JS4: Jeg vil jobbe mer etter hvert. Det tar lang tid! Jeg må være tålmodig.",
]


def interview(lines=LINES) -> str:
    return "\n".join(lines)


def revise(wb, doc, text, **kw):
    return wb.revise_document(doc.id, labelled_draft(text), source_name="JS4_rettet.txt",
                              source_sha256=hashlib.sha256(text.encode()).hexdigest(), **kw)


@pytest.fixture
def study(wb):
    text = interview()
    doc = wb.import_transcript(labelled_draft(text), source_name="JS4.txt",
                               source_sha256=hashlib.sha256(text.encode()).hexdigest(),
                               informant="JS4")
    first = text.index("Det tar lang tid!")
    unit = wb.create_unit(doc.id, first, first + len("Det tar lang tid!"))
    return doc, unit


def test_edited_sentence_is_flagged_in_place_not_moved_to_a_repeat(wb, study):
    doc, unit = study
    report = revise(wb, doc, interview().replace("Det tar lang tid! Men",
                                                 "Det tar veldig lang tid! Men"))
    moved = wb.get(MeaningUnit, unit.id)
    new = report.document
    assert moved.status == "flagged" and moved.document_id == new.id
    assert new.text[moved.start:moved.end] == "Det tar veldig lang tid!"
    assert new.text.rfind("\n", 0, moved.start) < new.text.index("Men sjefen") < \
        new.text.find("\n", moved.end)  # still in the turn about the employer
    assert (report.flagged, report.moved, report.relocated) == (1, 0, 0)


def test_deleted_sentence_with_a_repeat_elsewhere_is_relocated_and_flagged(wb, study):
    doc, unit = study
    report = revise(wb, doc, interview().replace("Det tar lang tid! Men sjefen", "Sjefen"))
    placed = wb.get(MeaningUnit, unit.id)
    assert placed.status == "flagged" and report.relocated == 1
    assert report.document.text[placed.start:placed.end] == "Det tar lang tid!"


def test_typo_fix_elsewhere_keeps_the_unit_where_it_was(wb, study):
    doc, unit = study
    report = revise(wb, doc, interview().replace("hyggelige", "hyggelig"))
    placed = wb.get(MeaningUnit, unit.id)
    text = report.document.text
    assert placed.status == "ok" and text[placed.start:placed.end] == "Det tar lang tid!"
    assert text.index("Det tar lang tid!") == placed.start  # the first of the two, as before


def test_moved_paragraph_with_its_context_is_moved_not_flagged(wb, study):
    doc, unit = study
    lines = LINES[:4] + LINES[6:] + LINES[4:6]  # the employer exchange moved to the end
    report = revise(wb, doc, interview(lines))
    placed = wb.get(MeaningUnit, unit.id)
    text = report.document.text
    assert text[placed.start:placed.end] == "Det tar lang tid!"
    assert text[placed.end:].startswith(" Men sjefen") or placed.status == "flagged"


def test_flagged_span_never_ends_in_whitespace(wb):
    text = interview()
    doc = wb.import_transcript(labelled_draft(text), source_name="JS4.txt",
                               source_sha256="4" * 64, informant="JS4")
    start = text.index("Jobbspesialisten ringte meg.")
    unit = wb.create_unit(doc.id, start, start + len("Jobbspesialisten ringte meg."))
    report = revise(wb, doc, text.replace("ringte meg. Vi", "ringte meg!  Vi"))
    placed = wb.get(MeaningUnit, unit.id)
    piece = report.document.text[placed.start:placed.end]
    assert piece == "Jobbspesialisten ringte meg!" and placed.status == "flagged"


def test_a_different_interview_is_refused_unless_forced(wb, study, project_path):
    doc, unit = study
    units = [unit] + [wb.create_unit(doc.id, *(lambda s, w: (s.index(w), s.index(w) + len(w)))(
        doc.text, words)) for words in ("Alle var hyggelige", "Vi la en plan sammen")]
    other = "\n".join(["I: Fortell om skolen.", "JS9: Jeg likte matte best, og gym.",
                       "I: Og lærerne?", "JS9: De var strenge, men rettferdige."])
    events = len(wb.log())
    with pytest.raises(MethodError, match="3 of 3 meaning units .* would detach.*--force"):
        revise(wb, doc, other)
    assert len(wb.log()) == events and all(wb.get(MeaningUnit, u.id) == u for u in units)
    report = revise(wb, doc, other, force=True)
    assert report.detached == 3


def test_status_lists_flagged_and_detached_units_until_resolved(tmp_path, project_path, capsys):
    project = project_path
    assert main(["new", str(project), "--title", "Jobbstøtte"]) == 0
    first = tmp_path / "JS4.txt"
    first.write_text(interview(), encoding="utf-8")
    assert main(["import", str(project), str(first)]) == 0
    with Workbench.open(project) as wb:
        doc = wb.documents()[0]
        start = doc.text.index("Det tar lang tid!")
        unit = wb.create_unit(doc.id, start, start + len("Det tar lang tid!"))
    corrected = tmp_path / "JS4_rettet.txt"
    corrected.write_text(interview().replace("Det tar lang tid! Men", "Det tar veldig lang tid! Men"),
                         encoding="utf-8")
    assert main(["import", str(project), "--revise", str(doc.id), str(corrected)]) == 0
    capsys.readouterr()
    assert main(["status", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Needs review after a revision: 1 flagged" in out
    assert f"unit {unit.id} flagged" in out and "'Det tar veldig lang tid!'" in out
    assert main(["status", str(project), "--json"]) == 0
    import json
    status = json.loads(capsys.readouterr().out)
    assert status["flagged_units"] == 1 and status["units_to_review"][0]["id"] == unit.id
    with Workbench.open(project) as wb:
        placed = wb.get(MeaningUnit, unit.id)
        wb.resize_unit(unit.id, placed.start, placed.end)  # re-read: resized as it stands
    assert main(["status", str(project)]) == 0
    assert "Needs review" not in capsys.readouterr().out


def test_overview_counts_units_to_review(wb, study):
    from stc_bench.tui.overview import step_lines

    doc, _unit = study
    assert not any("review" in line for line in step_lines(wb.status()))
    revise(wb, doc, interview().replace("Det tar lang tid! Men", "Det tar veldig lang tid! Men"))
    assert step_lines(wb.status())[-1] == "To review after a revision: 1 flagged, 0 detached"


def test_swapped_paragraphs_with_a_repeated_sentence_do_not_swap_the_unit(wb):
    """Found by bench.reliability: two exchanges ending in the same sentence swap places;
    the diff aligns the unit with the other copy, whose words before it differ."""
    first = ("I: Hvordan begynte det?\nJS5: Kollegene mine var hyggelige, men travle. "
             "Jeg vil jobbe mer etter hvert. Det tar lang tid!")
    second = ("I: Hva skjedde så?\nJS5: Ja, altså, det gikk bra. Det tar lang tid, sa hun. "
              "Det tar lang tid!")
    rest = ("I: Og arbeidsgiveren?\nJS5: Nå jobber jeg seksti prosent. Vi la en plan sammen.\n"
            "I: Hvordan er det nå?\nJS5: Det tar lang tid! Jeg fikk kortere dager i starten.")
    text = "\n".join([first, second, rest])
    doc = wb.import_transcript(labelled_draft(text), source_name="JS5.txt",
                               source_sha256="5" * 64, informant="JS5")
    start = len(first) + 1 + second.rindex("Det tar lang tid!")
    unit = wb.create_unit(doc.id, start, start + len("Det tar lang tid!"))
    report = revise(wb, doc, "\n".join([second, first, rest]))
    placed = wb.get(MeaningUnit, unit.id)
    new = report.document.text
    own = second.rindex("Det tar lang tid!")
    assert placed.status == "flagged" or (placed.start, placed.end) == (own, own + 17)
    assert new[own:own + 17] == "Det tar lang tid!"
