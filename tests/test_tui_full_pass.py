"""A whole STC pass through the keyboard, checked through the service layer."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.tui import settle

from stc_bench.domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Condensate,
    CondensateUnit,
    MeaningUnit,
    Quote,
    Subgroup,
    Theme,
    Validation,
)
from stc_bench.tui.app import make_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def type_in(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
    await pilot.pause()


async def test_full_stc_pass_by_keyboard_on_a_transcript_imported_in_the_app(
        wb, project_path, tmp_path, monkeypatch):
    """What a new user does: an empty project, the transcripts imported with i, then the
    four steps — keys only (< > between steps: alt+digits do not reach a real terminal)."""
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    (folder / "JS1.txt").write_text(INTERVIEW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        await type_in(pilot, "intervjuer")
        await pilot.press("enter")
        await settle(app, pilot, 3)
        [doc] = app.wb.documents()
        assert doc.text == INTERVIEW.rstrip("\n") and "[latter]" in doc.text
        # step 1: a theme, promoted to a code group
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("a")
        await type_in(pilot, "Å bli trodd på")
        await pilot.press("enter", "t", "g")
        await pilot.pause()
        [group] = app.wb.list(CodeGroup)
        assert group.name == "Å bli trodd på"
        # step 2: two units (both JS1 turns), coded into the group via the picker
        await pilot.press("2")
        await settle(app, pilot)
        for downs in (1, 3):
            await pilot.press(*["down"] * downs, "t", "enter", "c")
            await pilot.pause()
            await type_in(pilot, "trodd")
            await pilot.press("enter")
            await pilot.pause()
        units = app.wb.units_in_group(group.id)
        assert len(units) == 2
        # step 3: a subgroup, both units assigned, condensate, golden quote
        await pilot.press(">")
        await settle(app, pilot)
        await pilot.press("n")
        await type_in(pilot, "Noen som har tro på meg")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "down", "1")
        await pilot.pause()
        [sub] = app.wb.list(Subgroup)
        assert {a.unit_id for a in app.wb.list(Assignment, subgroup_id=sub.id)} == {u.id for u in units}
        await pilot.press("q")
        await pilot.pause()
        assert app.wb.get(Subgroup, sub.id).golden_quote_unit_id == units[1].id
        await pilot.press("e")
        await type_in(pilot, "Jeg var usikker, men noen trodde på meg.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [cond] = app.wb.list(Condensate)
        assert cond.text == "Jeg var usikker, men noen trodde på meg."
        assert {c.unit_id for c in app.wb.list(CondensateUnit)} == {u.id for u in units}
        # step 4: analytic text for the subgroup, a quote, validation in context
        await pilot.press("tab")  # leave the editor
        await pilot.press(">")
        await settle(app, pilot)
        await pilot.press("down", "e")  # the subgroup's analytic text
        await type_in(pilot, "Deltakerne beskrev at det betydde mye at noen trodde på dem.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [text] = app.wb.list(AnalyticText, subgroup_id=sub.id)
        assert text.text.startswith("Deltakerne beskrev")
        await pilot.press("tab")  # from the editor to the units
        assert app.focused.id == "units"
        await pilot.press("i")
        await pilot.pause()
        assert [q.unit_id for q in app.wb.list(Quote)] == [units[0].id]
        await pilot.press("v")
        await pilot.pause()
        await pilot.pause()
        assert "trodde på meg" in "\n".join(s.text for s in app.screen._compositor.render_strips())
        await pilot.press("y")
        await pilot.pause()
        assert [(v.unit_id, v.by, v.status) for v in app.wb.list(Validation)] == [
            (units[0].id, "kari", "confirmed")]
    assert len(app.wb.list(MeaningUnit)) == 2 and len(app.wb.list(Theme)) == 1
