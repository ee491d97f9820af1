"""Independent coding by several coders and their consensus, through the service layer
(SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from helpers.coders import (
    ALIKE,
    ONLY_KARI,
    ONLY_OLA,
    ONLY_PER,
    SUPPORT,
    SUPPORT_SHORT,
    as_actor,
    code_by_three,
    code_independently,
)
from helpers.study import span_of

from stc_bench.domain.errors import MethodError, NotFound, StcError
from stc_bench.export.snapshot import load_snapshot
from stc_bench.services import Workbench


@pytest.fixture
def study(wb):
    mastery = wb.add_code_group("Mestring")
    support = wb.add_code_group("Støtte")
    doc = code_independently(wb, mastery.id, support.id)
    return wb, doc, mastery.id, support.id


def seen(wb: Workbench, actor: str, doc_id: int) -> list[str]:
    return [u.snippet for u in as_actor(wb, actor, lambda: wb.units_with_open_suggestions(doc_id)[0])]


def test_each_coder_sees_only_their_own_units_and_others_see_the_consensus(study):
    wb, doc, _m, _s = study
    assert seen(wb, "kari", doc.id) == [ALIKE, SUPPORT, ONLY_KARI]
    assert seen(wb, "ola", doc.id) == [ALIKE, SUPPORT_SHORT, ONLY_OLA]
    assert seen(wb, "veileder", doc.id) == []  # no consensus yet
    kari_units = as_actor(wb, "kari", lambda: wb.units_with_open_suggestions(doc.id)[0])
    assert {u.coder for u in kari_units} == {"kari"}
    # the code-group reads follow the same rule
    coded_for_ola = as_actor(wb, "ola", wb.coded_unit_ids)
    assert coded_for_ola == {u.id for u in as_actor(wb, "ola", lambda: wb.units_with_open_suggestions(doc.id)[0])}
    assert as_actor(wb, "veileder", wb.coded_unit_ids) == set()


def test_a_non_coder_cannot_mark_and_a_coder_cannot_touch_anothers_unit(study):
    wb, doc, mastery, _s = study
    events = wb.status()["audit_events"]
    with pytest.raises(MethodError, match="independent coding by kari, ola"):
        as_actor(wb, "veileder", lambda: wb.create_unit(doc.id, *span_of(doc.text, ONLY_OLA)))
    ola_unit = as_actor(wb, "ola", lambda: wb.units_with_open_suggestions(doc.id)[0])[0]
    with pytest.raises(MethodError, match="ola's independent coding; only ola changes it"):
        as_actor(wb, "kari", lambda: wb.resize_unit(ola_unit.id, ola_unit.start, ola_unit.end - 1))
    with pytest.raises(MethodError, match="only ola"):
        as_actor(wb, "kari", lambda: wb.delete_unit(ola_unit.id))
    sub = wb.add_subgroup(mastery, "Uro i starten")
    events += 1
    with pytest.raises(MethodError, match="joins the analysis only through the consensus"):
        as_actor(wb, "ola", lambda: wb.assign_unit(ola_unit.id, sub.id))
    with pytest.raises(MethodError, match="only through the consensus"):
        as_actor(wb, "ola", lambda: wb.add_quote(ola_unit.id, code_group_id=mastery))
    assert wb.status()["audit_events"] == events  # nothing written by the refusals
    # the coder changes their own unit: split keeps it theirs
    left, right = as_actor(wb, "ola", lambda: wb.split_unit(ola_unit.id, ola_unit.start + 8))
    assert (left.coder, right.coder) == ("ola", "ola")


def test_start_and_release_errors(study, wb):
    _wb, doc, _m, _s = study
    with pytest.raises(StcError, match="at least two coders"):
        wb.start_independent_coding(doc.id, ["kari", " kari "])
    with pytest.raises(MethodError, match="in independent coding already"):
        wb.start_independent_coding(doc.id, ["per", "pål"])
    with pytest.raises(MethodError, match=r"3 differences and 1 units both coders marked alike"):
        wb.release_independent_coding(doc.id)
    wb.release_independent_coding(doc.id, force=True)
    with pytest.raises(MethodError, match="is not in independent coding"):
        wb.release_independent_coding(doc.id, force=True)
    with pytest.raises(NotFound, match="'per' is not a coder of document"):
        wb.coder_differences(doc.id, "per", "kari")
    assert wb.role_of_person("ola") == "coder"


def test_differences_unit_by_unit_and_their_resolution_becomes_the_projects_coding(study, tmp_path):
    import docx

    from stc_bench.export.api import export_docx

    wb, doc, mastery, support = study
    diffs = wb.coder_differences(doc.id)
    assert [(d.kind, d.unit_a and d.unit_a.snippet, d.unit_b and d.unit_b.snippet) for d in diffs] == [
        ("same", ALIKE, ALIKE), ("span", SUPPORT, SUPPORT_SHORT),
        ("only_a", ONLY_KARI, None), ("only_b", None, ONLY_OLA)]
    # at a stricter overlap the two support units no longer pair up
    strict = wb.coder_differences(doc.id, threshold=0.9)
    assert [d.kind for d in strict] == ["same", "only_a", "only_b", "only_a", "only_b"]

    assert as_actor(wb, "kari", lambda: wb.settle_agreed(doc.id)) == 1
    merged = as_actor(wb, "ola", lambda: wb.resolve_difference(doc.id, 2, "merge"))
    assert (merged.snippet, merged.coder) == (SUPPORT, None)
    comment = wb.discuss_difference(doc.id, 3, "Er dette støtte eller mestring?")
    assert comment.entity == "meaning_unit"
    with pytest.raises(MethodError, match="only one coder marked it"):
        wb.resolve_difference(doc.id, 3, "merge")
    with pytest.raises(MethodError, match="coder B has no unit there"):
        wb.resolve_difference(doc.id, 3, "take_b")
    assert wb.resolve_difference(doc.id, 3, "reject") is None
    taken = wb.resolve_difference(doc.id, 4, "take_b")
    assert wb.unit_groups(taken.id) == [mastery]
    with pytest.raises(MethodError, match="settled already"):
        wb.resolve_difference(doc.id, 4, "take_a")
    with pytest.raises(NotFound, match="no difference 9"):
        wb.resolve_difference(doc.id, 9, "take_a")
    assert [d.decided for d in wb.coder_differences(doc.id)] == ["take_a", "merge", "reject", "take_b"]
    # the coders do not see the consensus being built; a supervisor does
    assert seen(wb, "veileder", doc.id) == [ALIKE, SUPPORT, ONLY_OLA]
    assert seen(wb, "kari", doc.id) == [ALIKE, SUPPORT, ONLY_KARI]

    wb.release_independent_coding(doc.id)
    assert seen(wb, "kari", doc.id) == [ALIKE, SUPPORT, ONLY_OLA]
    with pytest.raises(MethodError, match="released document"):
        as_actor(wb, "kari", lambda: wb.delete_unit(diffs[0].unit_a.id))
    with pytest.raises(MethodError, match="not in independent coding"):
        wb.settle_agreed(doc.id)
    # exports read the project's coding only: the consensus, never a coder's own units
    snap = load_snapshot(wb)
    assert sorted(u.snippet for u in snap.units.values()) == sorted([ALIKE, SUPPORT, ONLY_OLA])
    assert {c.unit_id for c in snap.codings} == set(snap.units)
    # the consensus is the analysis: it goes into subgroups and quotes like any unit
    sub = wb.add_subgroup(support, "Oppfølging")
    wb.assign_unit(merged.id, sub.id)
    wb.set_analytic_text("Deltakerne ble fulgt opp.", subgroup_id=sub.id)
    wb.add_quote(merged.id, subgroup_id=sub.id)
    chapter = export_docx(wb, "studie", tmp_path / "kapittel.docx").path
    text = "\n".join(p.text for p in docx.Document(str(chapter)).paragraphs)
    assert "veilederen min fulgte meg opp hver fredag, og det hjalp" in text
    assert ONLY_KARI not in text
    assert wb.verify(full=True).ok
    [round_] = wb.coding_rounds()
    assert (round_.units, round_.consensus_units, round_.open_differences) == (
        {"kari": 3, "ola": 3}, 3, 0)
    assert round_.released_at


def test_three_coders_settle_pair_by_pair_and_each_place_once(wb):
    """kari, ola and per: a place settled comparing one pair is settled in the others too
    (``elsewhere``), so per's units alike with kari's add no second consensus unit; a
    decision read from the other side swaps A and B; release waits for every pair."""
    mastery, support = wb.add_code_group("Mestring").id, wb.add_code_group("Støtte").id
    doc = code_by_three(wb, mastery, support)
    with pytest.raises(StcError, match="has coders kari, ola, per: name two of them"):
        wb.coder_differences(doc.id)
    pairs = {(a, b): wb.coder_differences(doc.id, a, b)
             for a, b in (("kari", "ola"), ("kari", "per"), ("ola", "per"))}
    assert [d.kind for d in pairs["kari", "per"]] == ["same", "only_b", "same", "same"]
    assert [d.kind for d in pairs["ola", "per"]] == ["same", "only_b", "span", "only_b", "only_a"]
    assert wb.settle_agreed(doc.id, "kari", "ola") == 1
    wb.resolve_difference(doc.id, 2, "merge", "kari", "ola")
    wb.resolve_difference(doc.id, 3, "take_a", "kari", "ola")
    wb.resolve_difference(doc.id, 4, "reject", "kari", "ola")
    with pytest.raises(MethodError, match="between kari and per are not settled"):
        wb.release_independent_coding(doc.id)
    decided = {pair: [d.decided for d in wb.coder_differences(doc.id, *pair)] for pair in pairs}
    assert decided == {
        ("kari", "ola"): ["take_a", "merge", "take_a", "reject"],
        ("kari", "per"): ["elsewhere", None, "elsewhere", "elsewhere"],
        ("ola", "per"): ["elsewhere", None, "elsewhere", "elsewhere", "reject"]}
    # the same pair named the other way round: kari's unit taken is B's
    assert [d.decided for d in wb.coder_differences(doc.id, "ola", "kari")] == [
        "take_b", "merge", "take_b", "reject"]
    assert wb.settle_agreed(doc.id, "kari", "per") == 0  # per's alike units: settled already
    with pytest.raises(MethodError, match="settled already"):
        wb.resolve_difference(doc.id, 3, "take_b", "kari", "per")
    wb.resolve_difference(doc.id, 2, "take_b", "kari", "per")  # only per marked it
    assert [d.decided for d in wb.coder_differences(doc.id, "ola", "per")][1] == "take_b"
    wb.release_independent_coding(doc.id)
    assert sorted(seen(wb, "veileder", doc.id)) == sorted([ALIKE, SUPPORT, ONLY_KARI, ONLY_PER])
    assert wb.verify(full=True).ok


def test_undo_of_a_resolution_takes_the_consensus_unit_back(study):
    wb, doc, _m, _s = study
    wb.resolve_difference(doc.id, 4, "take_b")
    assert seen(wb, "veileder", doc.id) == [ONLY_OLA]
    wb.undo()
    assert seen(wb, "veileder", doc.id) == []
    assert wb.coder_differences(doc.id)[3].decided is None
    wb.redo()
    assert wb.coder_differences(doc.id)[3].decided == "take_b"


def test_a_document_in_independent_coding_can_be_deleted_before_anyone_marks_it(wb):
    from helpers.study import import_interview

    doc = import_interview(wb, "I: Hei.\nJS8: Jeg jobber i en butikk.", "JS8")
    wb.start_independent_coding(doc.id, ["kari", "ola"])
    wb.delete_document(doc.id)
    assert wb.coding_rounds() == []


def test_a_document_in_independent_coding_is_not_revised_under_its_coders(study):
    from helpers.study import labelled_draft

    wb, doc, _m, _s = study
    events = wb.status()["audit_events"]
    with pytest.raises(MethodError, match="release it before importing a corrected version"):
        wb.revise_document(doc.id, labelled_draft(doc.text.replace("skummelt", "skummelt, ja")),
                           source_name="JS4-rettet.txt", source_sha256="e" * 64)
    assert wb.status()["audit_events"] == events


def test_the_exchange_file_and_the_checklist_carry_the_projects_coding_only(study):
    from stc_bench.export.refi_model import build_exchange

    wb, doc, _m, _s = study
    wb.resolve_difference(doc.id, 4, "take_b")
    [source] = [s for s in build_exchange(wb).sources if s.text == doc.text]
    assert [doc.text[x.start:x.end] for x in source.selections] == [ONLY_OLA]
    # the coded share counts the consensus (ola's one unit of 4 words), not the six units
    # the coders marked on their own
    [share] = [t for t in wb.checklist().transcripts if t.document_id == doc.id]
    assert 0 < share.coded_share <= len(ONLY_OLA.split()) / share.informant_words + 1e-9


def test_status_and_the_method_gaps_count_the_projects_coding_not_the_coders_own(study):
    """A coder's own units are never assigned or quoted: counted in status they were
    'coded units not in a subgroup' that nobody could put in one."""
    wb, doc, mastery, _support = study
    wb.add_subgroup(mastery, "Frykt i starten")
    status = wb.status()
    assert (status["meaning_units"], status["codings"], status["uncoded_units"]) == (0, 0, 0)
    assert not [w for w in status["warnings"] if "not assigned" in w or "re-read" in w]
    assert wb.settle_agreed(doc.id) == 1  # the unit both marked alike is the consensus now
    status = wb.status()
    assert (status["meaning_units"], status["codings"]) == (1, 1)
    assert [w for w in status["warnings"] if "not assigned" in w] == [
        "1 coded meaning unit(s) not assigned to any subgroup"]
    if "://" not in str(wb.store.where):  # the sqlite3 read of `status` agrees
        from stc_bench.services.status import quick_status

        assert quick_status(wb.store.where) == status


def test_the_overview_and_the_code_group_counts_leave_the_coders_own_units_out(study):
    """The overview's Units and Coded columns, the code-group picker's counts and the
    units of steps 3 and 4 count the project's coding, as status does; the overview names
    the coders while the transcript is in independent coding."""
    from stc_bench.tui.overview import document_rows

    wb, doc, mastery, support = study
    [row] = [r for r in document_rows(wb) if r.id == doc.id]
    assert (row.units, row.coded_share, row.coders) == (0, 0.0, ("kari", "ola"))
    assert wb.units_per_group() == {mastery: 0, support: 0}
    assert wb.units_in_group(mastery) == wb.units_in_group(support) == []
    wb.resolve_difference(doc.id, 4, "take_b")  # ola's only unit, coded Mestring
    [row] = [r for r in document_rows(wb) if r.id == doc.id]
    assert row.units == wb.status()["meaning_units"] == 1 and row.coded_share > 0
    assert wb.units_per_group() == {mastery: 1, support: 0}
    assert [u.snippet for u in wb.units_in_group(mastery)] == [ONLY_OLA]
    wb.release_independent_coding(doc.id, force=True)
    [row] = [r for r in document_rows(wb) if r.id == doc.id]
    assert (row.units, row.coders) == (1, ())  # released: the coders' units stay uncounted
