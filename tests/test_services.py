"""The service layer's promises, as a student and a supervisor meet them."""

from __future__ import annotations

import pytest
from helpers.study import build_small_study, import_interview, span_of

from stc_bench.domain.errors import InvalidOffsets, MethodError, NotFound, ReadOnlyProject, StcError
from stc_bench.domain.model import Coding, MeaningUnit, Theme
from stc_bench.services import Workbench
from stc_bench.storage.engine import project_url


def events(wb) -> int:
    return wb.status()["audit_events"]


def test_a_unit_stores_its_snippet_and_refuses_bad_offsets(wb):
    doc = import_interview(wb)
    start, end = span_of(doc.text, "Stine, jobbspesialisten, satt i bilen")
    unit = wb.create_unit(doc.id, start, end)
    assert wb.get(MeaningUnit, unit.id).snippet == "Stine, jobbspesialisten, satt i bilen"
    n = events(wb)
    for bad in ((-1, 5), (10, 10), (20, 5), (0, len(doc.text) + 1)):
        with pytest.raises(InvalidOffsets):
            wb.create_unit(doc.id, *bad)
    with pytest.raises(InvalidOffsets, match="whitespace"):
        nl = doc.text.index("\n")
        wb.create_unit(doc.id, nl, nl + 1)
    with pytest.raises(NotFound, match="document 99"):
        wb.create_unit(99, 0, 5)
    assert events(wb) == n  # refused operations leave no trace
    assert wb.verify().ok


def test_units_of_two_documents_cannot_be_merged(wb, doc):
    other = import_interview(wb)
    a = wb.create_unit(doc.id, 0, 10)
    b = wb.create_unit(other.id, 0, 10)
    with pytest.raises(InvalidOffsets, match="different documents"):
        wb.merge_units([a.id, b.id])
    with pytest.raises(MethodError):
        wb.merge_units([a.id])


def test_deleting_a_code_group_keeps_its_units_and_says_so(wb):
    s = build_small_study(wb)
    u1 = s["units"][0]
    uncoded = wb.delete_code_group(s["group"].id)
    assert uncoded == [u1.id]
    assert wb.get(MeaningUnit, u1.id).snippet == u1.snippet
    event = wb.log()[-1]
    assert event.action == "code_group.delete"
    assert event.after["units_uncoded"] == [u1.id]
    assert "now uncoded" in event.message
    assert wb.verify().ok


def test_merging_code_groups_moves_units_and_subgroups(wb):
    s = build_small_study(wb)
    other = wb.add_code_group("Åpenhet")
    u2 = s["units"][1]
    wb.code_unit(u2.id, other.id)
    wb.code_unit(s["units"][0].id, other.id)  # in both: must not be duplicated
    wb.merge_code_groups(s["group"].id, other.id)
    assert {u.id for u in wb.units_in_group(other.id)} == {s["units"][0].id, u2.id}
    assert wb.subgroups(other.id)[0].id == s["subgroup"].id
    assert len(wb.list(Coding)) == 2
    assert wb.verify().ok


def test_one_unit_serves_two_subgroups_but_only_of_its_own_groups(wb):
    s = build_small_study(wb)
    u1 = s["units"][0]
    second = wb.add_subgroup(s["group"].id, "Bilturen etterpå")
    wb.assign_unit(u1.id, second.id)
    assert u1 in wb.units_in_subgroup(s["subgroup"].id)
    assert u1 in wb.units_in_subgroup(second.id)
    foreign = wb.add_subgroup(wb.add_code_group("Annet").id, "Fremmed")
    with pytest.raises(MethodError, match="code it first"):
        wb.assign_unit(u1.id, foreign.id)


def test_renames_and_promotions_stay_in_the_trail(wb):
    theme = wb.add_theme("Relasjonen")
    group = wb.promote_theme(theme.id, to="code_group")
    wb.edit_code_group(group.id, heading="«Hun ga ikke opp»", list_label="Relasjon")
    wb.rename_code_group(group.id, "Relasjonen til jobbspesialisten")
    assert wb.get(Theme, theme.id).promoted_to == f"code_group:{group.id}"
    renames = [e for e in wb.log() if e.action == "code_group.edit"]
    assert renames[-1].before == {"name": "Relasjonen"}
    assert renames[-1].after == {"name": "Relasjonen til jobbspesialisten"}
    assert renames[0].after["heading"] == "«Hun ga ikke opp»"


def test_quote_display_text_must_mark_its_changes(wb):
    s = build_small_study(wb)
    u1 = s["units"][0]
    quote = wb.add_quote(u1.id, subgroup_id=s["subgroup"].id, display_text="Vi gikk rett ut (…) i uke to.")
    assert quote.display_text != wb.get(MeaningUnit, u1.id).snippet
    with pytest.raises(MethodError, match="mark cuts"):
        wb.edit_quote(quote.id, display_text="Vi gikk rett ut til en fin bedrift i uke to.")


def test_identifying_informant_attributes_are_refused(wb):
    with pytest.raises(StcError, match="would identify"):
        wb.add_informant("JS7", navn="Per Hansen")
    informant = wb.add_informant("JS7", sector="kommune", interview_mode="telefon")
    assert informant.attributes == {"sector": "kommune", "interview_mode": "telefon"}


def test_an_operation_that_changes_nothing_appends_no_event(wb):
    theme = wb.add_theme("Tillit")
    n = events(wb)
    wb.edit_theme(theme.id, name="Tillit")
    assert events(wb) == n


def test_a_failing_operation_rolls_back_every_row(wb):
    s = build_small_study(wb)
    n = events(wb)
    before = wb.list(Theme)
    with pytest.raises(StcError):
        wb.reorder_themes([s["themes"][0].id])  # not every id: refused after reading
    assert wb.list(Theme) == before and events(wb) == n


def test_review_mode_refuses_every_write(project_path):
    with Workbench.create(project_path, title="Til veileder", actor="kari") as wb:
        build_small_study(wb)
    with Workbench.open(project_path, actor="veileder", read_only=True) as review:
        assert review.verify().ok
        assert review.status()["themes"] == 2
        for write in (lambda: review.add_theme("Nytt"), review.undo,
                      lambda: review.add_comment("theme", 1, "Hei"), lambda: review.mark_reviewed()):
            with pytest.raises(ReadOnlyProject, match="read-only"):
                write()


def test_any_sqlalchemy_url_goes_through_the_same_code(tmp_path):
    url = "sqlite:///" + str(tmp_path / "via-url.stc")
    assert project_url(url) == url
    with Workbench.create(url, title="Via URL", actor="kari") as wb:
        s = build_small_study(wb)
        wb.undo()
        wb.redo()
        assert wb.verify().ok
    with Workbench.open(url, actor="ola") as wb:
        assert wb.status()["meaning_units"] == len(s["units"])
        assert wb.log()[-1].action == "redo"
    assert (tmp_path / "via-url.stc").exists()


def test_open_refuses_what_is_not_a_project(tmp_path):
    text_file = tmp_path / "notater.stc"
    text_file.write_text("ikke en database", encoding="utf-8")
    with pytest.raises(StcError, match="not an stc-bench project"):
        Workbench.open(text_file)
    with pytest.raises(StcError, match="no such project file"):
        Workbench.open(tmp_path / "mangler.stc")
