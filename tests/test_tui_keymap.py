"""Your own keys: [keymap] in config.toml remaps a binding by its id; ? shows it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers.tui import screen_text, settle, type_in

from stc_bench.domain.model import Theme
from stc_bench.tui.app import make_app
from stc_bench.tui.keymap import known_binding_ids, user_keymap

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def write_config(text: str) -> None:
    Path(os.environ["STC_BENCH_CONFIG"]).write_text(text, encoding="utf-8")


def test_the_table_is_read_and_bad_values_are_named():
    keymap, problems = user_keymap({"keymap": {"step1_add_theme": "plus, n", "quit": 5}})
    assert keymap == {"step1_add_theme": "plus,n"}
    assert problems == ['keymap.quit: 5 is not a key string such as "ctrl+n"']
    assert user_keymap({"keymap": "ctrl+n"})[1] == [
        'keymap: must be a table of binding id = "keys" (e.g. [keymap])']
    assert user_keymap({}) == ({}, [])


def test_every_binding_id_is_known_and_the_step_keys_are_among_them():
    ids = known_binding_ids()
    assert {"step1_add_theme", "quit", "help_close"} <= ids
    assert len(ids) > 60


async def test_a_remapped_key_works_the_old_one_does_not_and_help_shows_it(wb, doc, project_path):
    write_config('[keymap]\nstep1_add_theme = "plus"\nstep1_adde_theme = "n"\n')
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
        assert "No key binding named step1_adde_theme: see ? for the names" in notices, notices
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("a")  # the default key is gone
        await pilot.pause()
        assert "New preliminary theme" not in screen_text(app)
        await pilot.press("plus")
        await pilot.pause()
        await type_in(pilot, "Usikkerhet")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [t.name for t in app.wb.list(Theme)] == ["Usikkerhet"]
        await pilot.press("question_mark")
        await settle(app, pilot)
        lines = [line for line in screen_text(app).splitlines() if "step1_add_theme" in line]
        assert len(lines) == 1, lines
        assert lines[0].split("step1_add_theme")[0].split()[-3:] == ["plus", "Add", "theme"], lines
        assert "[keymap]" in screen_text(app)
