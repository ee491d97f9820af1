"""The UI language switched inside the app (f2 or the palette), kept in the user's config;
and typed text is saved when the app quits, switches language or changes step."""

from __future__ import annotations

import tomllib

import pytest
from helpers.tui import screen_text, settle, type_in, until
from textual.command import CommandList

from stc_bench.config import config_path, set_config_value
from stc_bench.domain.errors import StcError
from stc_bench.domain.model import AnalyticText, Condensate
from stc_bench.tui.app import make_app
from stc_bench.tui.i18n import language, set_language

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    yield
    set_language("en")


@pytest.fixture
def grouped(wb, doc, project_path):
    """Two code groups with a unit and a subgroup each; the second one is open."""
    first = wb.add_code_group("Å bli trodd på")
    second = wb.add_code_group("Arbeidsgiveren [sjefen]")
    for group, words in ((first, "At noen trodde"), (second, "Men Kari, teamlederen")):
        at = doc.text.index(words)
        unit = wb.create_unit(doc.id, at, at + 30, [group.id])
        sub = wb.add_subgroup(group.id, f"{group.name} – første")
        wb.assign_unit(unit.id, sub.id)
    return first, second


async def test_f2_switches_every_screen_to_norwegian_and_back_and_keeps_the_choice(
        grouped, project_path):
    _first, second = grouped
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "right_square_bracket")
        await settle(app, pilot)
        assert "Subgroups" in screen_text(app) and "Arbeidsgiveren [sjefen]" in screen_text(app)
        await pilot.press("f2")
        await settle(app, pilot, 2)
        text = screen_text(app)
        assert language() == "nb" and app.current_mode == "step3"
        assert "Subgrupper" in text and "Subgroups" not in text
        assert "Arbeidsgiveren [sjefen]" in text  # the same code group, verbatim
        assert app.code_group_id == second.id
        await pilot.press("alt+1")  # another mode, built anew in Norwegian too
        await settle(app, pilot)
        assert "Foreløpige temaer" in screen_text(app)
        await pilot.press("f2")
        await settle(app, pilot, 2)
        assert language() == "en" and "Preliminary themes" in screen_text(app)
        await pilot.press("f2")
        await settle(app, pilot, 2)
    with config_path().open("rb") as fh:
        assert tomllib.load(fh)["language_ui"] == "nb"
    set_language("en")
    app = make_app(project_path, actor="kari")  # the next start reads the config
    assert language() == "nb"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Oversikt" in screen_text(app) or "Trinn" in screen_text(app)


def highlighted_command(app) -> str:
    commands = app.screen.query_one(CommandList)
    if commands.highlighted is None:
        return ""
    return str(commands.get_option_at_index(commands.highlighted).prompt)


async def test_the_palette_offers_the_language_switch(grouped, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_in(pilot, "Norsk/English")
        # the palette searches in a worker: Enter once the command is found and highlighted
        await until(pilot, lambda: "Norsk/English" in highlighted_command(app),
                    "the command in the palette")
        await pilot.press("enter")
        await settle(app, pilot, 3)
        assert language() == "nb"


async def test_text_typed_in_an_editor_is_saved_on_quit_language_switch_and_step_change(
        grouped, project_path):
    first, _second = grouped
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "e")
        await type_in(pilot, "Jeg ble trodd på.")
        await pilot.press("f2")  # straight from the editor
        await settle(app, pilot, 2)
        await pilot.press("alt+4", "e")
        await pilot.pause()
        await type_in(pilot, "Deltakerne beskrev tillit.")
        await pilot.press("alt+1")  # another step from inside the editor
        await settle(app, pilot)
        await pilot.press("alt+4")  # back in step 4: the editor still has the focus
        await pilot.pause()
        assert app.focused.id == "analytic"
        await pilot.press("end")
        await type_in(pilot, " Den kom tidlig.")
        await pilot.press("ctrl+q")
    wb = app.wb.__class__.open(project_path)
    try:
        [cond] = wb.list(Condensate)
        assert cond.text == "Jeg ble trodd på."
        [text] = wb.list(AnalyticText, code_group_id=first.id)
        assert text.text == "Deltakerne beskrev tillit. Den kom tidlig."
    finally:
        wb.close()


def test_set_config_value_keeps_the_rest_of_the_file(tmp_path, monkeypatch):
    cfg = tmp_path / "stc" / "config.toml"
    monkeypatch.setenv("STC_BENCH_CONFIG", str(cfg))
    assert set_config_value("language_ui", "nb") == cfg
    assert tomllib.loads(cfg.read_text()) == {"language_ui": "nb"}
    cfg.write_text('# mine\nactor = "kari"\nlanguage_ui = "nb"\n\n[export]\nlanguage_ui = "x"\n')
    set_config_value("language_ui", "en")
    text = cfg.read_text()
    assert text.startswith('# mine\nactor = "kari"\nlanguage_ui = "en"\n')
    assert tomllib.loads(text) == {"actor": "kari", "language_ui": "en", "export": {"language_ui": "x"}}
    cfg.write_text('[export]\nx = 1\n')
    set_config_value("actor", 'Kari "K" Nordmann')
    assert tomllib.loads(cfg.read_text()) == {"actor": 'Kari "K" Nordmann', "export": {"x": 1}}
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("en fil")
    monkeypatch.setenv("STC_BENCH_CONFIG", str(blocker / "config.toml"))
    with pytest.raises(StcError, match=r"config.toml: cannot (read|write) the config file"):
        set_config_value("language_ui", "nb")
