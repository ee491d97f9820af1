"""Undo and redo restore the exact previous state for every kind of operation.

For each operation: a snapshot of every table (read through the storage layer) before
it, after it, after undo (must equal before) and after redo (must equal after); the
trail verifies throughout and only grows.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers.coders import code_independently
from helpers.study import import_interview, labelled_draft, span_of

from stc_bench.domain.errors import NothingToUndo
from stc_bench.domain.model import AnalyticText, Quote
from stc_bench.domain.transcript import TranscriptDraft, TurnDraft
from stc_bench.ingest.codebook import CodebookEntry
from stc_bench.ingest.survey import Survey, SurveyAnswer
from stc_bench.services import Workbench
from stc_bench.storage.models import TABLES


@pytest.fixture
def project_path(backend):
    """Every test here runs on a SQLite file and on a PostgreSQL database."""
    return backend


OTHER_INTERVIEW = (
    "I: Hva var viktigst for deg?\n"
    "JS3: At jobbspesialisten ikke ga opp da jeg fikk et tilbakefall. Hun ringte arbeidsgiveren og "
    "forklarte, og jeg fikk komme tilbake etter tre uker."
)


def snapshot(wb: Workbench) -> dict[str, list[dict]]:
    """Every row of every table except the trail itself (which only grows)."""
    with wb.store.read() as tx:
        return {name: sorted(tx.raw_rows(name), key=lambda r: r["id"])
                for name in sorted(TABLES) if name != "audit_event"}


def rich_project(wb: Workbench) -> dict:
    """A project in which every operation has something to work on."""
    doc = import_interview(wb)
    text = doc.text
    t1 = wb.add_theme("Rask start")
    t2 = wb.add_theme("Åpenhet om diagnosen")
    t3 = wb.add_theme("Støtte når det butter")
    g1 = wb.promote_theme(t1.id, to="code_group")
    g2 = wb.add_code_group("Åpenhet", heading="Å være åpen om psykisk sykdom", list_label="Åpenhet")
    s1 = wb.add_subgroup(g1.id, "Første uke")
    s2 = wb.add_subgroup(g1.id, "Å ikke rekke å bli nervøs")
    s3 = wb.add_subgroup(g2.id, "Sjefen visste")
    u1 = wb.create_unit(doc.id, *span_of(text, "Vi gikk rett ut og besøkte en bedrift i uke to."), [g1.id])
    u2 = wb.create_unit(doc.id, *span_of(text, "Det gikk så fort at jeg nesten ikke rakk å bli nervøs."),
                        [g1.id, g2.id])
    u3 = wb.create_unit(doc.id, *span_of(text, "sjefen visste om diagnosen, så jeg slapp å late som."),
                        [g2.id])
    u4 = wb.create_unit(doc.id, *span_of(text, "Det var en lettelse å ikke ha hemmeligheter på jobben."))
    wb.assign_unit(u1.id, s1.id)
    wb.assign_unit(u2.id, s1.id)
    wb.assign_unit(u2.id, s3.id)
    wb.assign_unit(u3.id, s3.id)
    wb.set_condensate(s1.id, "Vi kom raskt ut til en arbeidsgiver.", [u1.id])
    wb.set_golden_quote(s1.id, u1.id)
    at = wb.set_analytic_text("Deltakerne beskrev en rask start.", subgroup_id=s1.id)
    q1 = wb.add_quote(u1.id, subgroup_id=s1.id, lead_in="En deltaker fortalte:")
    q2 = wb.add_quote(u2.id, subgroup_id=s1.id)
    wb.set_analytic_text("Kodegruppen handler om tempo.", code_group_id=g1.id)
    memo = wb.add_memo("method", "Jeg merker at jeg leter etter suksesshistorier.", title="Refleksjon")
    comment = wb.add_comment("subgroup", s1.id, "Er dette egentlig to subgrupper?")
    wb.mark_validated(u1.id)
    inf = wb.add_informant("JS3", role="deltaker", sector="helse")
    wb.set_consent(inf.id, "given", "2024-02-01")
    spare = wb.add_informant("JS9")  # no documents: may be deleted
    guide = wb.add_interview_guide("Intervjuguide", "1. Fortell om starten.")
    other = import_interview(wb, OTHER_INTERVIEW, "JS3")
    coded = code_independently(wb, g1.id, g2.id, label="JS6")
    return dict(coded=coded, doc=doc, t=[t1, t2, t3], g=[g1, g2], s=[s1, s2, s3], u=[u1, u2, u3, u4], at=at,
                q=[q1, q2], memo=memo, comment=comment, inf=inf, spare=spare, guide=guide, other=other)


def _revise(wb, c):
    corrected = c["doc"].text.replace("i uke to", "i den andre uka").replace("Tungt", "Det var tungt")
    wb.revise_document(c["doc"].id, labelled_draft(corrected), source_name="JS2-rettet.txt",
                       source_sha256="c" * 64)


def _survey(wb, c):
    answer = "Jeg fikk hjelp til å skrive CV."
    draft = TranscriptDraft(answer, (TurnDraft("R9", 0, len(answer)),), "survey")
    wb.import_survey(Survey("skjema.csv", "d" * 64, (SurveyAnswer("R9", "Hva hjalp?", draft, 2),),
                            {"R9": {"sektor": "privat"}}, skipped_empty=1))


def _split(wb, c):
    u = c["u"][0]
    at = u.start + wb.get(type(u), u.id).snippet.index("besøkte")
    wb.split_unit(u.id, at)


#: Every operation type of the Workbench, by the trail action it records.
OPERATIONS: dict[str, Callable[[Workbench, dict], object]] = {
    "theme.add": lambda wb, c: wb.add_theme("Arbeidsgivers rolle", "Hva gjør sjefen?"),
    "theme.edit": lambda wb, c: wb.edit_theme(c["t"][1].id, name="Åpenhet", notes="JS2 linje 8"),
    "theme.reorder": lambda wb, c: wb.reorder_themes([c["t"][2].id, c["t"][0].id, c["t"][1].id]),
    "theme.delete(promoted)": lambda wb, c: wb.delete_theme(c["t"][0].id),
    "theme.promote_to_code_group": lambda wb, c: wb.promote_theme(c["t"][2].id, to="code_group"),
    "theme.promote_to_subgroup": lambda wb, c: wb.promote_theme(c["t"][2].id, to="subgroup",
                                                                code_group_id=c["g"][1].id),
    "code_group.add": lambda wb, c: wb.add_code_group("Tilbakefall"),
    "code_group.edit": lambda wb, c: wb.edit_code_group(c["g"][0].id, name="Tempo", heading="«Rett ut»",
                                                        list_label="Tempo", description="ny"),
    "code_group.reorder": lambda wb, c: wb.reorder_code_groups([c["g"][1].id, c["g"][0].id]),
    "code_group.merge": lambda wb, c: wb.merge_code_groups(c["g"][0].id, c["g"][1].id),
    "code_group.delete": lambda wb, c: wb.delete_code_group(c["g"][0].id),
    "subgroup.add": lambda wb, c: wb.add_subgroup(c["g"][1].id, "Å slippe å late som"),
    "subgroup.edit": lambda wb, c: wb.edit_subgroup(c["s"][0].id, name="Uke to", heading="Uke to"),
    "subgroup.reorder": lambda wb, c: wb.reorder_subgroups(c["g"][0].id, [c["s"][1].id, c["s"][0].id]),
    "subgroup.delete": lambda wb, c: wb.delete_subgroup(c["s"][0].id),
    "unit.create": lambda wb, c: wb.create_unit(c["doc"].id, *span_of(c["doc"].text, "Tungt de første ukene"),
                                                [c["g"][0].id]),
    "unit.create_many": lambda wb, c: wb.create_units(
        c["doc"].id, [span_of(c["doc"].text, "Tungt de første ukene"),
                      span_of(c["doc"].text, "Hva skjedde så?")], [c["g"][0].id]),
    "unit.resize": lambda wb, c: wb.resize_unit(c["u"][0].id, c["u"][0].start, c["u"][0].end - 12),
    "unit.split": _split,
    "unit.merge": lambda wb, c: wb.merge_units([c["u"][0].id, c["u"][1].id]),
    "unit.delete": lambda wb, c: wb.delete_unit(c["u"][1].id),
    "coding.add": lambda wb, c: wb.code_unit(c["u"][3].id, c["g"][1].id),
    "coding.remove": lambda wb, c: wb.uncode_unit(c["u"][1].id, c["g"][1].id),
    "assignment.add": lambda wb, c: wb.assign_unit(c["u"][1].id, c["s"][1].id),
    "assignment.remove": lambda wb, c: wb.unassign_unit(c["u"][1].id, c["s"][0].id),
    "assignment.add_many": lambda wb, c: wb.assign_units(c["s"][1].id, [c["u"][0].id, c["u"][1].id]),
    "condensate.set(new)": lambda wb, c: wb.set_condensate(c["s"][2].id, "Sjefen visste, og det var godt.",
                                                           [c["u"][2].id, c["u"][1].id]),
    "condensate.set(edit)": lambda wb, c: wb.set_condensate(c["s"][0].id, "Vi dro rett ut.",
                                                            [c["u"][1].id]),
    "golden_quote.set": lambda wb, c: wb.set_golden_quote(c["s"][0].id, c["u"][1].id),
    "golden_quote.clear": lambda wb, c: wb.set_golden_quote(c["s"][0].id, None),
    "analytic_text.set(subgroup)": lambda wb, c: wb.set_analytic_text("Deltakerne opplevde tempoet "
                                                                      "som avgjørende.", subgroup_id=c["s"][0].id),
    "analytic_text.set(code_group)": lambda wb, c: wb.set_analytic_text("Diskusjon.", code_group_id=c["g"][1].id,
                                                                        part="discussion"),
    "quote.add": lambda wb, c: wb.add_quote(c["u"][2].id, subgroup_id=c["s"][2].id,
                                            display_text="[lederen] visste om diagnosen (…)"),
    "quote.edit": lambda wb, c: wb.edit_quote(c["q"][0].id, lead_in="JS2 sa:",
                                              display_text="Vi gikk rett ut (…) i uke to."),
    "quote.place": lambda wb, c: wb.place_quote(c["q"][0].id, 2),
    "quote.remove": lambda wb, c: wb.remove_quote(c["q"][0].id),
    "quote.reorder": lambda wb, c: wb.reorder_quotes(c["at"].id, [c["q"][1].id, c["q"][0].id]),
    "memo.add": lambda wb, c: wb.add_memo("reflexive", "Min bakgrunn fra NAV farger lesningen.",
                                          entity="code_group", entity_id=c["g"][0].id),
    "memo.edit": lambda wb, c: wb.edit_memo(c["memo"].id, text="Endret refleksjon."),
    "memo.delete": lambda wb, c: wb.delete_memo(c["memo"].id),
    "impression": lambda wb, c: wb.set_impression("Helhetsinntrykk: tempo og åpenhet går igjen."),
    "comment.add": lambda wb, c: wb.add_comment("meaning_unit", c["u"][0].id, "Godt valg."),
    "comment.resolve": lambda wb, c: wb.resolve_comment(c["comment"].id),
    "validation.add": lambda wb, c: wb.mark_validated(c["u"][2].id, "questioned", "Ironi?"),
    "review.mark": lambda wb, c: wb.mark_reviewed(),
    "informant.add": lambda wb, c: wb.add_informant("JS4", sector="privat", interview_mode="video"),
    "informant.edit": lambda wb, c: wb.edit_informant(c["inf"].id, label="Deltaker 3", role="tidligere"),
    "informant.attributes": lambda wb, c: wb.set_informant_attributes(c["inf"].id, sector=None,
                                                                      duration_min=55),
    "informant.delete": lambda wb, c: wb.delete_informant(c["spare"].id),
    "consent.set": lambda wb, c: wb.set_consent(c["inf"].id, "withdrawn", "2024-05-01", "trakk seg"),
    "data_management.set": lambda wb, c: wb.set_data_management(sikt_ref="123456", access=["kari", "ola"],
                                                                planned_deletion="2026-06-30"),
    "interview_guide.add": lambda wb, c: wb.add_interview_guide("Intervjuguide v2", "1. Starten. 2. Sjefen."),
    "document.guide": lambda wb, c: wb.link_interview_guide(c["doc"].id, c["guide"].id),
    "document.informant": lambda wb, c: wb.set_document_informant(c["other"].id, "JS9"),
    "document.import": lambda wb, c: import_interview(wb, "I: Hei.\nJS5: Jeg jobber på et lager nå.", "JS5"),
    "document.delete": lambda wb, c: wb.delete_document(c["other"].id),
    "document.revise": _revise,
    "survey.import": _survey,
    "document.speakers": lambda wb, c: wb.map_speakers(
        c["doc"].id, {wb.speakers(c["doc"].id)[-1].label: ("JS1b", "deltaker")}, group="Gruppe 1"),
    "codebook.import": lambda wb, c: wb.import_codebook(
        [CodebookEntry("Veien inn", "", "Hvordan de kom til IPS", 2),
         CodebookEntry("Veien inn", "Henvist av NAV", "", 3)], "kodebok.csv"),
    "code_group.from_guide": lambda wb, c: wb.add_guide_code_groups(
        [("Starten", "Fortell om starten?"), ("Kontakt med IPS", "Hvordan kom du i kontakt med IPS?")],
        c["guide"].id),
    "project.edit": lambda wb, c: wb.edit_project(title="Jobbstøtte (IPS)", research_question="Hva hjelper?"),
    "project.setting": lambda wb, c: wb.set_setting("label_style", "role"),
    "person.add": lambda wb, c: wb.add_person("Ola Veileder", "supervisor"),
    "exchange.import": lambda wb, c: _exchange_import(wb),
    "coders.start": lambda wb, c: wb.start_independent_coding(c["other"].id, ["kari", "per"]),
    "coders.release": lambda wb, c: wb.release_independent_coding(c["coded"].id, force=True),
    "consensus.resolve": lambda wb, c: wb.resolve_difference(c["coded"].id, 2, "take_b"),
    "consensus.resolve(merge)": lambda wb, c: wb.resolve_difference(c["coded"].id, 2, "merge"),
    "consensus.resolve(reject)": lambda wb, c: wb.resolve_difference(c["coded"].id, 3, "reject"),
    "consensus.settle_agreed": lambda wb, c: wb.settle_agreed(c["coded"].id),
}


def _exchange_import(wb):
    """A small REFI-QDA project from another tool: a code with a child, one source, one
    coded selection, a case and a note on the code."""
    from stc_bench.domain.refi import Exchange, XCase, XCode, XCoding, XNote, XSelection, XSource
    from stc_bench.ingest.qdpx_text import _draft

    text = "I: Hvordan var det?\nJS7: Det var godt å komme i jobb igjen."
    start = text.index("Det var godt")
    source = XSource("s1", "JS7.txt", text, [XSelection("sel1", start, len(text), codings=[
        XCoding("c1", "k2")])], draft=_draft(text))
    return wb.import_exchange(Exchange(
        "Annet verktøy", origin="QualCoder 3.6",
        codes=[XCode("k1", "Arbeid", children=[XCode("k2", "Mestring")], notes=["n1"])],
        cases=[XCase("case1", "JS7", sources=["s1"])], sources=[source],
        notes=[XNote("n1", "Notat", "Koden handler om mestring.")]), source_name="annet.qdpx")


@pytest.fixture
def rich(wb):
    return rich_project(wb)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_undo_and_redo_restore_exact_state(wb, rich, name):
    before = snapshot(wb)
    events_before = wb.status()["audit_events"]
    OPERATIONS[name](wb, rich)
    after = snapshot(wb)
    assert after != before, f"{name} changed nothing"
    assert wb.status()["audit_events"] == events_before + 1
    wb.undo()
    assert snapshot(wb) == before
    assert wb.verify().ok
    wb.redo()
    assert snapshot(wb) == after
    report = wb.verify()
    assert report.ok, report.problem
    assert report.events == events_before + 3  # operation, undo, redo: nothing removed


def test_every_operation_undone_in_turn_back_to_the_start(wb, rich):
    start = snapshot(wb)
    done = 0
    for name in ("theme.add", "code_group.merge", "unit.split", "quote.reorder", "consent.set",
                 "document.delete", "project.setting"):
        OPERATIONS[name](wb, rich)
        done += 1
    end = snapshot(wb)
    for _ in range(done):
        wb.undo()
    assert snapshot(wb) == start
    for _ in range(done):
        wb.redo()
    assert snapshot(wb) == end
    assert wb.verify().ok


def test_a_new_operation_after_undo_clears_the_redo_stack(wb, rich):
    wb.add_theme("Økonomi")
    wb.undo()
    assert wb.can_redo()
    wb.add_theme("Familie")
    assert not wb.can_redo()
    with pytest.raises(NothingToUndo):
        wb.redo()
    names = [t.name for t in wb.themes()]
    assert "Familie" in names and "Økonomi" not in names
    assert wb.verify().ok


def test_project_creation_cannot_be_undone(wb):
    wb.add_theme("Eneste tema")
    wb.undo()
    with pytest.raises(NothingToUndo):
        wb.undo()
    assert wb.project().title == "Jobbstøtte og psykisk helse"
    assert wb.verify().ok


def test_undo_is_recorded_in_the_trail(wb, rich):
    q = rich["q"][0]
    wb.remove_quote(q.id)
    wb.undo()
    last = wb.log()[-1]
    assert last.action == "undo" and last.actor == "kari"
    assert wb.get(Quote, q.id) == q
    assert wb.list(AnalyticText, subgroup_id=rich["s"][0].id)


def test_every_audited_action_of_the_services_is_covered_above():
    """A new operation in services/ must be added to OPERATIONS (and so be undoable)."""
    import re
    from pathlib import Path

    import stc_bench.services as services

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(services.__file__).parent.glob("*.py"))
    actions = set(re.findall(r'_op\(\s*"([a-z_.]+)"', source))
    actions |= {"theme.promote_to_code_group", "theme.promote_to_subgroup"}
    # project.create is not undoable by design; suggestions are written by the segmenter
    # (untracked), so accepting one is covered when segmentation lands.
    # project.purge is not undoable by design either: it ends the undo history
    # (tests/test_purge.py).
    actions -= {"project.create", "suggestion.accept", "project.purge"}
    covered = {name.split("(")[0] for name in OPERATIONS} | {"golden_quote.set"}
    assert actions - covered == set()
