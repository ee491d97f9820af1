"""A supervisor traces a claim of the results chapter back to the transcript: paragraph or
quote → subgroup → condensate and its units → the unit in context, one key each, and Esc
back one level at a time."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle

from stc_bench.domain.model import AnalyticText, Quote
from stc_bench.tui.app import make_app
from stc_bench.tui.recontext import RecontextScreen
from stc_bench.tui.trace import TraceScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def analysed(wb, doc, project_path):
    theme = wb.add_theme("Å bli trodd på")
    group = wb.promote_theme(theme.id, to="code_group")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1, [group.id])
    second = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14, [group.id])
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    for unit in (first, second):
        wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(sub.id, "Jeg var usikker, men noen trodde på meg.", [first.id, second.id])
    wb.set_golden_quote(sub.id, second.id)
    wb.set_analytic_text("Informanten beskrev at det betydde mye at noen trodde på henne.\n"
                         "Usikkerheten snudde.", subgroup_id=sub.id)
    wb.add_quote(second.id, subgroup_id=sub.id)
    return {"first": first, "second": second, "sub": sub}


def trace_key(app) -> str | None:
    return app.screen._key()


async def test_from_an_analytic_paragraph_to_the_transcript_and_back(project_path, analysed):
    app = make_app(project_path, actor="veileder", read_only=True)  # reading only: review mode
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(app, pilot, 2)
        await pilot.press("down")  # the subgroup in the outline
        await settle(app, pilot)
        step4 = app.screen
        await pilot.press("T")
        await settle(app, pilot, 2)
        assert isinstance(app.screen, TraceScreen)
        [text] = app.wb.list(AnalyticText)
        assert trace_key(app) == f"p:{text.id}:0"  # the paragraph step 4 had current
        assert "The results chapter" in screen_text(app) and "Usikkerheten snudde." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "The results chapter › Subgroup" in shown
        assert "2 meaning units, 0 re-read in context" in shown
        assert "Golden quote: At noen trodde på meg." in shown
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "Condensate · Noen som har tro på meg" in shown
        assert "Jeg var usikker, men noen trodde på meg." in shown
        assert trace_key(app) == f"u:{analysed['first'].id}"  # the first unit it condenses
        await pilot.press("down", "enter")
        await settle(app, pilot, 2)
        assert isinstance(app.screen, RecontextScreen)
        assert app.screen.unit.id == analysed["second"].id  # the transcript at that unit
        for depth in (3, 2, 1):  # Esc: the condensate, the subgroup, the chapter again
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TraceScreen) and len(app.screen.levels) == depth
        assert trace_key(app) == f"p:{text.id}:0"  # the chapter where it was left
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is step4
        await pilot.press("ctrl+q")


async def test_from_a_quote_the_quoted_unit_is_where_the_trace_lands(project_path, analysed):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(app, pilot, 2)
        await pilot.press("down")
        await settle(app, pilot)
        app.screen.query_one("#quotes").focus()
        await pilot.pause()
        await pilot.press("T")
        await settle(app, pilot, 2)
        [quote] = app.wb.list(Quote)
        assert trace_key(app) == f"q:{quote.id}"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert trace_key(app) == f"u:{analysed['second'].id}"  # ❝ the quoted unit
        assert "❝ quoted" in screen_text(app) and "★ golden quote" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot, 2)
        assert app.screen.unit.id == analysed["second"].id
        await pilot.press("ctrl+q")


async def test_from_the_overview_the_chapter_opens_at_its_first_claim(project_path, analysed):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        await settle(app, pilot, 2)
        assert trace_key(app).startswith("p:")
        await pilot.press("ctrl+q")
