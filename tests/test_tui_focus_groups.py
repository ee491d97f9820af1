"""Steps 3 and 4 of a focus group: each unit is labelled with its speaker's informant
(the participant), not with the group transcript's own informant."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle
from test_focus_groups import GROUP, make_focus, span
from test_tui_import import importing_into_a_new_project, notices
from textual.widgets import DataTable, Input

from stc_bench.domain.model import Informant, SpeakerInformant
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.linelist import LineList
from stc_bench.tui.speakers import SpeakersDialog

pytestmark = pytest.mark.anyio

SAID = {"Vi fikk en helt ny kollega i teamet.": "Behandler 1",
        "Det snudde meg helt.": "Behandler 2",
        "Som leder måtte jeg sette av tid i møteplanen.": "L1"}


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def focus(tmp_path, project_path):
    return make_focus(tmp_path, project_path)


@pytest.fixture
def coded_group(focus):
    """The focus group with its speakers mapped and one unit of each participant coded."""
    path, doc = focus
    with Workbench.open(path, actor="kari") as wb:
        wb.map_speakers(doc.id, {"Behandler 1": ("Behandler 1", "behandler"),
                                 "Behandler 2": ("Behandler 2", "behandler"),
                                 "Leder": ("L1", "leder")}, group="Fokusgruppe A")
        group = wb.add_code_group("Samarbeid")
        sub = wb.add_subgroup(group.id, "En ny kollega")
        for words in SAID:
            wb.assign_unit(wb.create_unit(doc.id, *span(doc, words), code_group_ids=[group.id]).id, sub.id)
    return path


def unit_lines(app) -> list[str]:
    shown = app.screen.query_one("#units", LineList)
    return [line for line in screen_text(app).splitlines()
            if any(words[:20] in line for words in SAID)] if shown.entries else []


async def test_steps_3_and_4_label_each_unit_with_its_speaker(coded_group):
    app = make_app(coded_group, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        lines = unit_lines(app)
        assert len(lines) == 3, screen_text(app)
        for words, who in SAID.items():
            assert any(f"{who}: " in line and words[:20] in line for line in lines), (who, lines)
        assert not any("Fokusgruppe A:" in line for line in lines)
        await pilot.press("greater_than_sign")  # step 4
        await settle(app, pilot)
        lines = unit_lines(app)
        assert len(lines) == 3, screen_text(app)
        for words, who in SAID.items():
            assert any(who in line and words[:20] in line for line in lines), (who, lines)
        assert not any("Fokusgruppe A" in line for line in lines)


async def test_m_maps_the_speakers_in_a_dialog_as_one_undoable_step(focus):
    """The overview's m: the proposals filled in, one edited (Leder → L1, leder), Enter saves
    the whole mapping in one event; the moderator cannot be mapped; ctrl+z undoes it."""
    path, doc = focus
    app = make_app(path, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, SpeakersDialog)
        assert [s.label for s in dialog.participants] == ["Behandler 1", "Behandler 2", "Leder"]
        shown = screen_text(app)
        assert "Moderator: moderator, not an informant" in shown
        assert dialog.query_one("#who-1", Input).value == "Behandler 2"
        assert dialog.query_one("#role-1", Input).value == "behandler"
        assert dialog.query_one("#speakers-group", Input).value == "Fokusgruppe A"
        dialog.query_one("#who-2", Input).value = "L1"
        dialog.query_one("#role-2", Input).value = "leder"
        dialog.query_one("#who-2", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot, 2)
        assert not isinstance(app.screen, SpeakersDialog)
        with Workbench.open(path, read_only=True) as wb:
            mapped = {m.speaker: wb.get(Informant, m.informant_id) for m in wb.list(SpeakerInformant)}
            assert [e.action for e in wb.log()][-1] == "document.speakers"
        assert {k: (i.label, i.role) for k, i in mapped.items()} == {
            "Behandler 1": ("Behandler 1", "behandler"), "Behandler 2": ("Behandler 2", "behandler"),
            "Leder": ("L1", "leder")}
        assert mapped["Leder"].attributes == {"gruppe": "Fokusgruppe A"}
        await pilot.press("ctrl+z")
        await settle(app, pilot, 2)
        with Workbench.open(path, read_only=True) as wb:
            assert not wb.list(SpeakerInformant)


async def test_escape_leaves_the_mapping_as_it_was(focus):
    path, _doc = focus
    app = make_app(path, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, SpeakersDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, SpeakersDialog)
    with Workbench.open(path, read_only=True) as wb:
        assert not wb.list(SpeakerInformant)
        assert [e.action for e in wb.log()][-1] == "document.import"


async def test_coverage_b_shows_roles_instead_of_participants(coded_group):
    """Coverage per role: Behandler 1 and 2 together under behandler, L1 under leder."""
    app = make_app(coded_group, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        matrix = app.screen.query_one("#matrix", DataTable)
        rows = {str(matrix.get_row_at(r)[0]): str(matrix.get_row_at(r)[-1]) for r in range(matrix.row_count)}
        assert rows == {"Behandler 1": "1", "Behandler 2": "1", "L1": "1"}
        await pilot.press("b")
        await settle(app, pilot)
        rows = {str(matrix.get_row_at(r)[0]): str(matrix.get_row_at(r)[-1]) for r in range(matrix.row_count)}
        assert rows == {"behandler": "2", "leder": "1"}
        assert "Roles × subgroups" in screen_text(app)
        await pilot.press("b")
        await settle(app, pilot)
        assert matrix.row_count == 3


async def test_importing_a_group_transcript_says_to_map_its_speakers(tmp_path, project_path):
    source = tmp_path / "Fokusgruppe A.txt"
    source.write_text(GROUP, encoding="utf-8")
    async with importing_into_a_new_project(project_path, source) as (app, pilot):
        said = notices(app)
        assert any("Fokusgruppe A.txt is a group transcript with 3 participants: press m" in n
                   for n in said), said
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, SpeakersDialog)
