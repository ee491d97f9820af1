"""Coverage, records, Norwegian labels, `?` on every screen, small terminals and resizes."""

from __future__ import annotations

import re

import pytest
from helpers.study import labelled_draft
from helpers.tui import screen_text, type_in
from helpers.tui import settle as settle_once

from stc_bench.domain.model import Consent, Document, Informant, InterviewGuide
from stc_bench.tui.app import make_app
from stc_bench.tui.coverage import CoverageScreen, coverage
from stc_bench.tui.i18n import choose_language, locale_language, set_language
from stc_bench.tui.records import RecordsScreen, parse_attributes

pytestmark = pytest.mark.anyio
MODES = ("overview", "step1", "step2", "step3", "step4", "coverage", "records")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")  # the UI language is process-wide; leave the next test in English


async def settle(app, pilot) -> None:
    await settle_once(app, pilot, pauses=2)


@pytest.fixture
def two_informants(wb, doc):
    """JS1 has a unit in the subgroup; D1, interviewed too, is silent there."""
    other = wb.import_transcript(labelled_draft(
        "I: Hvordan var det å begynne i jobb?\nD1: Jeg gruet meg, men sjefen var grei.\n"),
        source_name="D1.txt", source_sha256="2" * 64, informant="D1")
    group = wb.add_code_group("Relasjonen")
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    unit = wb.create_unit(doc.id, doc.text.index("At noen"), doc.text.index("At noen") + 22,
                          [group.id])
    wb.assign_unit(unit.id, sub.id)
    return {"sub": sub, "other": other}


async def test_coverage_matrix_shows_silent_informants_and_coded_share(two_informants,
                                                                      project_path):
    sub = two_informants["sub"]
    app = make_app(project_path)
    cov = coverage(app.wb)
    assert [label for _i, label in cov.informants] == ["D1", "JS1"]
    assert cov.silent(sub.id) == ["D1"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")  # from the overview
        await settle(app, pilot)
        assert isinstance(app.screen, CoverageScreen)
        text = screen_text(app)
        assert "1.1" in text and "Relasjonen › Noen som har tro på meg" in text
        assert "· silent: D1" in text
        assert "D1.txt" in text and "0%" in text and "░░░░░░░░░░" in text
        await pilot.press("0")
        await settle(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Coverage", "Records", "In context"} <= titles  # in the palette too


async def test_records_edit_data_management_attributes_consent_and_guides(two_informants,
                                                                         project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordsScreen)
        await pilot.press("enter")  # the first field: ethics reference
        await settle(app, pilot)
        await type_in(pilot, "REK 2025/1234")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.wb.data_management().ethics_ref == "REK 2025/1234"
        await pilot.press("down", "down", "down", "down", "down", "down", "e")  # access
        await settle(app, pilot)
        await type_in(pilot, "kari, veileder")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.wb.data_management().access == ["kari", "veileder"]
        await pilot.press("tab", "e")  # informants: D1 first
        await settle(app, pilot)
        await type_in(pilot, "sector=servering; site_code=A")
        await pilot.press("enter")
        await settle(app, pilot)
        d1 = app.wb.list(Informant, label="D1")[0]
        assert app.wb.get(Informant, d1.id).attributes == {"sector": "servering", "site_code": "A"}
        await pilot.press("c")
        await settle(app, pilot)
        await type_in(pilot, "given")
        await pilot.press("enter")
        await settle(app, pilot)
        await type_in(pilot, "2025-03-01")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [(c.informant_id, c.status, c.date) for c in app.wb.list(Consent)] == [
            (d1.id, "given", "2025-03-01")]
        assert "consent: ✓ given 2025-03-01" in screen_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        await type_in(pilot, "Intervjuguide etter pilot")
        await pilot.press("enter")
        await settle(app, pilot)
        [guide] = app.wb.list(InterviewGuide)
        await pilot.press("l")
        await settle(app, pilot)
        await type_in(pilot, "D1.txt")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")  # the only guide version
        await settle(app, pilot)
        doc = app.wb.get(Document, two_informants["other"].id)
        assert doc.interview_guide_id == guide.id
        assert "used by: D1.txt" in screen_text(app)


async def test_identifying_attribute_is_refused_as_a_notification(two_informants, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        await pilot.press("tab", "e")
        await settle(app, pilot)
        await type_in(pilot, "navn=Ola")
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("would identify" in n.message for n in app._notifications)
        assert all(not i.attributes for i in app.wb.list(Informant))


def test_attribute_line_parsing():
    assert parse_attributes("sector=privat; age band=30–39, site=") == {
        "sector": "privat", "age band": "30–39", "site": None}


def test_language_from_config_project_setting_and_locale():
    assert locale_language({"LANG": "nb_NO.UTF-8"}) == "nb"
    assert locale_language({"LC_ALL": "nn_NO.UTF-8", "LANG": "en_GB.UTF-8"}) == "nb"
    assert locale_language({"LANG": "C.UTF-8"}) == "en"
    assert choose_language({}, {"language_ui": "nb"}, {"LANG": "C"}) == "nb"
    assert choose_language({"language_ui": "en"}, {"language_ui": "nb"}, {"LANG": "nb_NO"}) == "en"


async def test_norwegian_locale_gives_norwegian_labels(wb, doc, project_path, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Trinn 1 — helhetsinntrykk" in screen_text(app)
        await pilot.press("1")
        await settle(app, pilot)
        text = screen_text(app)
        assert "? Hjelp" in text and "Nytt tema" in text and "Foreløpige temaer" in text
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert "Trinn 1 — Helhetsinntrykk" in screen_text(app)


async def test_project_setting_overrides_the_locale(wb, doc, project_path, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    wb.set_setting("language_ui", "nb")
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(app, pilot)
        assert "Informanter × subgrupper" in screen_text(app)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_help_key_is_in_the_footer_of_every_screen(wb, doc, project_path, size):
    app = make_app(project_path)
    async with app.run_test(size=size) as pilot:
        for mode in MODES:
            await app.switch_mode(mode)
            await settle(app, pilot)
            footer = screen_text(app).splitlines()[-1]
            # after the focused pane's name, if a pane has the focus
            assert re.match(r" (▸ [^?]+ +)?\? Help", footer), (mode, footer)


async def test_small_terminal_and_resizes_on_every_screen(two_informants, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in MODES:
            await app.switch_mode(mode)
            await settle(app, pilot)
            for width, height in ((60, 16), (160, 50), (80, 24)):
                await pilot.resize_terminal(width, height)
                await settle(app, pilot)
            assert "? Help" in screen_text(app).splitlines()[-1], mode
        await pilot.press("o", "h", "t", "escape", "escape")
        await settle(app, pilot)


@pytest.mark.parametrize("content", ["empty", "no_units"])
async def test_every_screen_and_key_on_an_empty_project_or_one_without_units(
        wb, project_path, content, request):
    if content == "no_units":
        request.getfixturevalue("doc")
        wb.add_code_group("Relasjonen")
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in MODES:
            await app.switch_mode(mode)
            await settle(app, pilot)
            for key in ("o", "h", "t", "x", "s", "escape", "escape"):
                await pilot.press(key)
                await settle(app, pilot)
            assert app.current_mode == mode
        assert app.wb.verify().ok
