"""A quote stands where the student put it in the analytic text: after paragraph N in the
exported chapter, set with p in step 4 or by where the cursor was when i inserted it."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.tui import settle, type_in

from stc_bench.domain.errors import MethodError
from stc_bench.domain.model import Quote
from stc_bench.export.api import ExportOptions, export_md
from stc_bench.tui.app import make_app

TEXT = "Første avsnitt om tillit.\nAndre avsnitt om arbeidsgiveren.\nTredje avsnitt om økonomi."
PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def quoted(wb, doc):
    start = INTERVIEW.index(PASSAGE)
    group = wb.add_code_group("Relasjonen")
    unit = wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])
    sub = wb.add_subgroup(group.id, "Å bli trodd på")
    wb.assign_unit(unit.id, sub.id)
    wb.set_analytic_text(TEXT, subgroup_id=sub.id)
    return wb.add_quote(unit.id, subgroup_id=sub.id)


def chapter_lines(wb, tmp_path) -> list[str]:
    out = tmp_path / "kapittel.md"
    export_md(wb, "studie.stc", out, ExportOptions(force=True))
    return [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def order(lines: list[str]) -> list[str]:
    keys = ("Første", "Andre", "Tredje", "Kari")
    return [k for line in lines for k in keys if k in line and (k != "Kari" or "«" in line)]


def test_a_quote_placed_after_a_paragraph_stands_there_and_the_place_is_undoable(wb, quoted, tmp_path):
    assert order(chapter_lines(wb, tmp_path)) == ["Første", "Kari", "Andre", "Tredje"]  # the default
    wb.place_quote(quoted.id, 2)
    assert order(chapter_lines(wb, tmp_path)) == ["Første", "Andre", "Kari", "Tredje"]
    wb.place_quote(quoted.id, 9)  # a paragraph the text does not have: at the end
    assert order(chapter_lines(wb, tmp_path)) == ["Første", "Andre", "Tredje", "Kari"]
    wb.undo()
    assert wb.get(Quote, quoted.id).after_paragraph == 2
    with pytest.raises(MethodError):
        wb.place_quote(quoted.id, 0)
    assert wb.verify().ok


@pytest.mark.anyio
async def test_step4_places_a_quote_with_p(wb, quoted, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(app, pilot, 2)
        await pilot.press("down")  # the outline: from the code group to its subgroup
        await settle(app, pilot)
        app.screen.query_one("#quotes").focus()
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await type_in(pilot, "3")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.wb.get(Quote, quoted.id).after_paragraph == 3
        await pilot.press("ctrl+q")


@pytest.fixture
def anyio_backend():
    return "asyncio"
