"""The TUI's import warns, like the command line, when an informant label taken from a
file name looks like a person's name."""

from __future__ import annotations

import pytest
from helpers.tui import settle, type_in

from stc_bench.tui.app import make_app
from stc_bench.tui.importer import ImportDialog

pytestmark = pytest.mark.anyio

TEXT = ("I: Hvordan var den første dagen?\n"
        "Informant: Jeg var nervøs, men sjefen tok godt imot meg.\n")


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_a_name_from_the_file_name_is_warned_about(wb, project_path, tmp_path, monkeypatch):
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    (folder / "Kari Nordmann intervju.txt").write_text(TEXT, encoding="utf-8")
    (folder / "JS1.txt").write_text(TEXT.replace("nervøs", "spent"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportDialog)
        await type_in(pilot, "intervjuer")
        await pilot.press("enter")
        await settle(app, pilot, pauses=3)
        warned = [n.message for n in app._notifications if n.title == "A name as label?"]
    assert warned == ["The informant label Kari Nordmann looks like a person's name: give a "
                      "pseudonym with stc-bench informants PROJECT --rename"]
