"""The overview's table of transcripts is counted transcript by transcript (issue 13: at
5M words loading every unit, turn and text held ~400 MB) and must give what the listed
computation gave; that computation is kept here as the reference."""

from __future__ import annotations

from helpers.study import build_small_study, import_interview, span_of

from stc_bench.demo import build_demo
from stc_bench.domain.model import Coding, Document, Informant, MeaningUnit, Turn
from stc_bench.domain.offsets import covered, word_count
from stc_bench.services import Workbench
from stc_bench.tui.overview import DocumentRow, document_rows

#: A transcript whose only speaker is the interviewer: its share is of the whole text.
ONLY_INTERVIEWER = "I: Kan du fortelle om den første uka?\nI: Og hva skjedde etterpå?\n"


def listed_rows(wb: Workbench) -> list[DocumentRow]:
    """Every unit, turn and text listed at once, as the overview computed it before."""
    labels = {i.id: i.label for i in wb.list(Informant)}
    coded_ids = {c.unit_id for c in wb.list(Coding)}
    units, turns = wb.list(MeaningUnit), wb.list(Turn)
    rows = []
    for doc in wb.list(Document):
        doc_turns = [t for t in turns if t.document_id == doc.id]
        doc_units = [u for u in units if u.document_id == doc.id]
        spoken = [(t.start, t.end) for t in doc_turns if not t.is_interviewer] or [(0, len(doc.text))]
        coded = [(u.start, u.end) for u in doc_units if u.id in coded_ids]
        total = sum(e - s for s, e in spoken) or 1
        rows.append(DocumentRow(doc.id, doc.title, labels.get(doc.informant_id, "—"), len(doc_turns),
                                word_count(doc.text), len(doc_units), covered(spoken, coded) / total))
    return rows


def test_the_demo_project_gives_the_listed_figures(project_path):
    with build_demo(project_path, actor="kari") as wb:
        rows = document_rows(wb)
        assert rows == listed_rows(wb)
        assert len(rows) > 1 and any(0 < r.coded_share < 1 for r in rows)


def test_uncoded_units_interviewer_text_and_a_transcript_without_informant_turns(project_path):
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        study = build_small_study(wb)
        doc = study["doc"]
        # overlapping coded units count once; the uncoded unit does not count
        wb.create_unit(doc.id, *span_of(doc.text, "besøkte en bedrift i uke to. Det"),
                       code_group_ids=[study["group"].id])
        lone = import_interview(wb, ONLY_INTERVIEWER, label="JS3")
        wb.create_unit(lone.id, *span_of(lone.text, "hva skjedde etterpå"),
                       code_group_ids=[study["group"].id])
        rows = document_rows(wb)
        assert rows == listed_rows(wb)
        by_id = {r.id: r for r in rows}
        assert by_id[doc.id].units == 3 and 0 < by_id[doc.id].coded_share < 1
        assert by_id[lone.id].coded_share == len("hva skjedde etterpå") / len(lone.text)
