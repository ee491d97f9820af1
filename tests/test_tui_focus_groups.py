"""Steps 3 and 4 of a focus group: each unit is labelled with its speaker's informant
(the participant), not with the group transcript's own informant."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle
from test_focus_groups import GROUP, span

from stc_bench.ingest import import_file
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.linelist import LineList

pytestmark = pytest.mark.anyio

SAID = {"Vi fikk en helt ny kollega i teamet.": "Behandler 1",
        "Det snudde meg helt.": "Behandler 2",
        "Som leder måtte jeg sette av tid i møteplanen.": "L1"}


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def coded_group(tmp_path):
    path = tmp_path / "fokus.stc"
    source = tmp_path / "Fokusgruppe A.txt"
    source.write_text(GROUP, encoding="utf-8")
    with Workbench.create(path, title="IPS i klinikken", actor="kari") as wb:
        doc = import_file(wb, source)
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
