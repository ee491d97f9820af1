"""Across the steps, by keyboard: recontextualise from anywhere and come back, promote a
theme into a subgroup, edit headings, edit/reorder/remove quotes with the difference to
the transcript shown. State is asserted through the service layer."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, type_in
from helpers.tui import settle as settle_once

from stc_bench.domain.model import AnalyticText, CodeGroup, Quote, Subgroup, Theme
from stc_bench.tui.app import make_app
from stc_bench.tui.quote_editor import QuoteEditor, difference
from stc_bench.tui.recontext import RecontextScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def settle(app, pilot) -> None:
    await settle_once(app, pilot, pauses=2)


@pytest.fixture
def analysed(wb, doc, project_path):
    """One interview through the four steps: a code group with one subgroup, two units,
    a condensate, analytic text and two quotes."""
    wb.add_theme("Å bli trodd på")
    theme = wb.add_theme("Usikkerhet i starten", description="uro før jobbstøtten")
    group = wb.add_code_group("Relasjonen")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1,
                           [group.id])
    second = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14,
                            [group.id])
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    for unit in (first, second):
        wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(sub.id, "Jeg var usikker, men noen trodde på meg.", [first.id, second.id])
    wb.set_analytic_text("Informanten beskrev at det betydde mye at noen trodde på henne.",
                         subgroup_id=sub.id)
    wb.add_quote(second.id, subgroup_id=sub.id, lead_in="Hun sa det slik:")
    wb.add_quote(first.id, subgroup_id=sub.id)
    return {"group": group, "sub": sub, "units": (first, second), "theme": theme}


# -- recontextualise from anywhere ----------------------------------------------------


async def test_o_on_a_step3_unit_shows_it_in_context_and_escape_returns(analysed, project_path):
    first, second = analysed["units"]
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("alt+3")
        await settle(app, pilot)
        units = app.screen.query_one("#units")
        units.focus()
        await pilot.press("down")
        before = (app.screen, units.highlighted)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, RecontextScreen)
        view = app.screen.query_one("#context-view")
        assert view.current is not None and view.current.id == second.id
        text = screen_text(app)
        assert "I: Hva betydde det?" in text  # the turn before the unit
        assert f"unit {second.id} turn 4" in text and "JS1" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert (app.screen, units.highlighted) == before
        assert app.focused is units


async def test_o_on_a_condensate_walks_through_its_units(analysed, project_path):
    first, second = analysed["units"]
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("alt+3")
        await settle(app, pilot)
        app.screen.query_one("#subgroups").focus()
        await pilot.press("o")
        await settle(app, pilot)
        assert app.screen.unit_ids == [first.id, second.id]
        assert "1/2 (n/p)" in screen_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen.query_one("#context-view").current.id == second.id
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.focused.id == "subgroups"


async def test_o_on_a_step4_quote_opens_its_unit(analysed, project_path):
    first, second = analysed["units"]
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("alt+4")
        await settle(app, pilot)
        await pilot.press("down")  # the subgroup in the outline
        await settle(app, pilot)
        app.screen.query_one("#quotes").focus()
        await pilot.press("down", "o")  # the second quote: the first unit
        await settle(app, pilot)
        assert app.screen.unit_ids == [first.id]
        assert "I: Kan du fortelle om den første tiden" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.focused.id == "quotes" and app.focused.highlighted == 1


async def test_o_on_a_unit_spanning_two_turns(wb, doc, project_path):
    text = doc.text
    unit = wb.create_unit(doc.id, text.index("Det betydde mye"), text.index("At noen") + 7)
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("n", "o")
        await settle(app, pilot)
        assert isinstance(app.screen, RecontextScreen)
        assert f"unit {unit.id} turns 2–4" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.current_mode == "step2"


async def test_o_where_there_is_nothing_to_show_says_so(wb, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecontextScreen)
        assert any("Nothing to show in context" in n.message for n in app._notifications)


# -- promote a theme into a subgroup; headings ------------------------------------------


async def test_step1_promotes_a_theme_into_a_subgroup_of_a_picked_group(analysed, project_path):
    theme, group = analysed["theme"], analysed["group"]
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("t", "down", "s")  # the second theme → subgroup
        await settle(app, pilot)
        await type_in(pilot, "Relasj")
        await pilot.press("enter")
        await settle(app, pilot)
        made = [s for s in app.wb.subgroups(group.id) if s.theme_id == theme.id]
        assert [(s.name, s.description) for s in made] == [("Usikkerhet i starten",
                                                            "uro før jobbstøtten")]
        assert app.wb.get(Theme, theme.id).promoted_to == f"subgroup:{made[0].id}"
        assert app.wb.log()[-1].action == "theme.promote_to_subgroup"
        shown = app.screen.query_one("#themes").get_option_at_index(1).prompt.plain
        assert "→ subgroup 'Usikkerhet i starten' in 'Relasjonen'" in shown


async def test_headings_of_code_group_and_subgroup_from_steps_3_and_4(analysed, project_path):
    group, sub = analysed["group"], analysed["sub"]
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("alt+3")
        await settle(app, pilot)
        for field, value in (("Chapter heading", "Å bli sett som arbeidstaker"),
                             ("List label", "Relasjonen til jobbspesialisten"),
                             ("Discussion heading", "Tillit som forutsetning")):
            await pilot.press("h")
            await settle(app, pilot)
            await type_in(pilot, f"{field} — Relasjonen")  # the group's, not the subgroup's
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("ctrl+u")
            await type_in(pilot, value)
            await pilot.press("enter")
            await settle(app, pilot)
        saved = app.wb.get(CodeGroup, group.id)
        assert (saved.heading, saved.list_label, saved.discussion_heading) == (
            "Å bli sett som arbeidstaker", "Relasjonen til jobbspesialisten",
            "Tillit som forutsetning")
        assert saved.name == "Relasjonen"  # headings are not names
        assert "«Å bli sett som arbeidstaker»" in screen_text(app)
        await pilot.press("alt+4")
        await settle(app, pilot)
        await pilot.press("down", "h")
        await settle(app, pilot)
        await type_in(pilot, "Subgroup heading")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        await type_in(pilot, "Noen som tror på en")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.wb.get(Subgroup, sub.id).heading == "Noen som tror på en"
        assert "Noen som tror på en" in screen_text(app)  # the outline shows headings
        assert [e.action for e in app.wb.log()[-4:]] == ["code_group.edit"] * 3 + ["subgroup.edit"]


# -- quotes in step 4 -------------------------------------------------------------------


async def _to_quotes(app, pilot) -> None:
    await pilot.press("alt+4")
    await settle(app, pilot)
    await pilot.press("down")
    await settle(app, pilot)
    app.screen.query_one("#quotes").focus()
    await pilot.pause()


async def test_step4_lists_the_quotes_of_the_analytic_text_in_order(analysed, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_quotes(app, pilot)
        quotes = app.screen.query_one("#quotes")
        shown = [quotes.get_option_at_index(i).prompt.plain for i in range(quotes.option_count)]
        assert len(shown) == 2
        assert shown[0].startswith("1. Hun sa det slik: «At noen trodde på meg.")
        assert shown[0].endswith("» (JS1)")
        assert shown[1].startswith("2. «Jeg var veldig usikker i starten, altså [latter]")


async def test_edit_quote_shows_cuts_and_refuses_an_unmarked_edit(analysed, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_quotes(app, pilot)
        quote = app.wb.list(Quote, "position")[0]
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, QuoteEditor)
        await pilot.press("shift+tab", "ctrl+u")  # the lead-in
        await type_in(pilot, "En av dem sa:")
        await pilot.press("enter", "f7")  # to the display text, select all
        await type_in(pilot, "At noen trodde på meg. (...) folk som snakket om [diagnoser].")
        await settle(app, pilot)
        shown = app.screen.shown.plain  # what the difference pane shows
        assert "✂(...)" in shown and "⇄ [diagnoser]" in shown and "faithful" in shown
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        saved = app.wb.get(Quote, quote.id)
        assert saved.lead_in == "En av dem sa:"
        assert saved.display_text == "At noen trodde på meg. (...) folk som snakket om [diagnoser]."
        # an unmarked change to the informant's words is refused, the editor stays open
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("f7")
        await type_in(pilot, "At noen virkelig trodde på meg.")
        await settle(app, pilot)
        assert "⚠ not in the transcript as written" in app.screen.shown.plain
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, QuoteEditor)
        assert any("not in the transcript" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.wb.get(Quote, quote.id).display_text == saved.display_text


async def test_reorder_and_remove_quotes(analysed, project_path):
    first, second = analysed["units"]
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_quotes(app, pilot)
        [text] = app.wb.list(AnalyticText, subgroup_id=analysed["sub"].id)
        await pilot.press("ctrl+down")
        await settle(app, pilot)
        order = [q.unit_id for q in app.wb.list(Quote, "position", analytic_text_id=text.id)]
        assert order == [first.id, second.id]
        assert app.screen.query_one("#quotes").highlighted == 1  # the moved quote stays current
        await pilot.press("x")
        await settle(app, pilot)
        assert [q.unit_id for q in app.wb.list(Quote)] == [first.id]
        assert app.wb.log()[-1].action == "quote.remove"


def test_difference_marks_cuts_and_replacements_without_colour():
    exact = "Men Kari, teamlederen min, ringte meg hver uke. Det betydde mye for meg."
    shown = difference(exact, "Men [teamlederen] ringte meg hver uke. (…) mye for meg.").plain
    assert "⇄ [teamlederen]" in shown and "Kari, teamlederen min," in shown
    assert "✂(…)" in shown and "Det betydde" in shown
    assert "faithful" in shown

