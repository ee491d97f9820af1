"""The app shell and the overview, driven through the Pilot like a user would."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle

from stc_bench.cli import main
from stc_bench.domain.errors import StcError
from stc_bench.domain.model import Theme
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_overview_shows_project_steps_and_transcripts(wb, doc, project_path):
    wb.add_theme("Å bli trodd på")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Jobbstøtte og psykisk helse" in text
        assert "Hvordan opplever deltakere jobbstøtte?" in text
        assert "Step 1 — total impression: 1 preliminary theme" in text
        assert "Step 2 — meaning units: 0 meaning units in 0 code groups" in text
        assert "only 1 preliminary theme(s)" in text  # the method warning
        assert "JS1.txt" in text and "JS1" in text


async def test_empty_project_opens_without_crash(wb, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "No transcripts yet" in screen_text(app)
        for key in "1234":
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.press("0")
        await settle(app, pilot)
        assert "Step 4 — synthesis" in screen_text(app)


async def test_review_mode_offers_no_key_that_changes_the_analysis(wb, doc, project_path):
    app = make_app(project_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Add theme" not in footer and "Comment" in footer
        await pilot.press("a")  # not a key in review mode: no theme dialog opens
        await pilot.pause()
        await pilot.press(*"Arbeid", "enter")
        await pilot.pause()
        assert "review (read only)" in screen_text(app)
    assert Workbench.open(project_path).list(Theme) == []


async def test_undo_and_redo_keys_go_through_the_trail(wb, doc, project_path):
    wb.add_theme("Usikkerhet")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.wb.list(Theme) == []
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert [t.name for t in app.wb.list(Theme)] == ["Usikkerhet"]
        assert app.wb.log()[-1].action == "redo"


async def test_help_explains_the_step(wb, doc, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Step 2 — Meaning units" in text and "Code groups are" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "Step 2 — Meaning units" not in screen_text(app)


async def test_command_palette_lists_step_actions(wb, doc, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Add theme", "Rename", "Undo", "Redo", "Step 3"} <= set(titles)


def test_make_app_refuses_a_missing_project(tmp_path):
    with pytest.raises(StcError, match="no such project file"):
        make_app(tmp_path / "mangler.stc")


def test_open_command_reports_a_missing_project_in_one_line(tmp_path, capsys):
    assert main(["open", str(tmp_path / "mangler.stc")]) == 2
    assert "stc-bench: error:" in capsys.readouterr().err


def test_demo_create_only_does_not_start_the_tui(capsys):
    assert main(["demo", "--create-only"]) == 0
    assert "demo.stc" in capsys.readouterr().out


@pytest.mark.parametrize("with_units", [False, True], ids=["no units", "units"])
async def test_every_screen_survives_terminal_resizes(wb, doc, project_path, with_units):
    if with_units:
        group = wb.add_code_group("Å bli trodd på")
        at = doc.text.index("At noen trodde")
        unit = wb.create_unit(doc.id, at, at + 21, [group.id])
        wb.assign_unit(unit.id, wb.add_subgroup(group.id, "Noen som har tro på meg").id)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("0", "1", "2", "3", ">", "5", "6", "slash"):
            await pilot.press(key)
            await settle(app, pilot)
            for size in ((80, 24), (60, 18), (200, 60), (120, 40)):
                await pilot.resize_terminal(*size)
                await settle(app, pilot)
                text = screen_text(app)
                assert len(text.splitlines()) == size[1]
            if key in "12":
                assert "altså [latter], jeg visste" in screen_text(app)
            if with_units and key == "3":
                assert "At noen trodde på meg" in screen_text(app)


def test_choose_theme_takes_the_config_else_the_terminal_s_16_colours():
    from stc_bench.tui.app import choose_theme

    assert choose_theme({"theme": "nord"}, {"TERM": "linux"}) == "nord"
    assert choose_theme({}, {"TERM": "linux"}) == "ansi-dark"  # the Linux console
    assert choose_theme({}, {"TERM": "xterm"}) == "ansi-dark"
    assert choose_theme({}, {"TERM": "xterm", "COLORTERM": "truecolor"}) is None
    assert choose_theme({}, {"TERM": "xterm-256color"}) is None
    assert choose_theme({}, {"TERM": "tmux-256color"}) is None
    assert choose_theme({}, {}) is None  # no terminal said: the default


async def test_a_16_colour_terminal_gets_the_ansi_theme_and_a_bad_name_a_warning(
        wb, doc, project_path, monkeypatch):
    monkeypatch.setenv("TERM", "linux")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "ansi-dark"
        assert "JS1" in screen_text(app)
    from stc_bench.config import set_config_value

    set_config_value("theme", "finnes-ikke")
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme != "finnes-ikke"
        assert any("No theme 'finnes-ikke'" in str(n.message) for n in app._notifications)
