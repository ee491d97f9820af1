"""Step 2 by keys a student uses: a digit codes, Enter keeps the focus on the new unit, a
sentence more or less at either edge, split and join, covered suggestions hidden until the
unit's undo, a selection keeps its closing "!", and Esc leaves every editor."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.tui import settle, type_in

from stc_bench.domain.model import Coding, MeaningUnit
from stc_bench.tui.app import make_app
from stc_bench.tui.editor import EditorArea
from stc_bench.tui.transcript import TranscriptView

pytestmark = pytest.mark.anyio

S1 = "Ja. Jeg var veldig usikker i starten, altså [latter], jeg visste ikke hva jeg gikk til."
S2 = "Men Kari, teamlederen min, ringte meg hver uke."
S3 = "Det betydde mye for meg."


@pytest.fixture
def anyio_backend():
    return "asyncio"


def span(words: str) -> tuple[int, int]:
    start = INTERVIEW.index(words)
    return start, start + len(words)


@pytest.fixture
def suggested(wb, doc):
    """Three suggestions of the first answer, stored as segmentation stores them."""
    wb.store_suggestions(doc.id, [span(S1), span(S2), span(S3)])
    return doc


def shown(view: TranscriptView, kind: str) -> list[str]:
    return [view.text[m.start:m.end] for m in view.marks if m.kind == kind]


def focused_text(view: TranscriptView) -> str | None:
    return view.text[view.current.start:view.current.end] if view.current else None


async def open_step2(app, pilot) -> TranscriptView:
    await pilot.press("2")
    await settle(app, pilot, 2)
    return app.screen.query_one(TranscriptView)


async def test_enter_accepts_a_suggestion_and_c_codes_the_new_unit(wb, suggested, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step2(app, pilot)
        await pilot.press("N")
        assert focused_text(view) == S1
        await pilot.press("enter")
        await settle(app, pilot)
        [unit] = app.wb.list(MeaningUnit)
        assert unit.snippet == S1
        assert view.current.kind == "unit" and view.current.id == unit.id  # focus stays
        await pilot.press("c")
        await pilot.pause()
        await type_in(pilot, "Usikkerhet")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [c.unit_id for c in app.wb.list(Coding)] == [unit.id]
        assert S1 not in shown(view, "suggestion")  # the accepted suggestion is covered


async def test_a_digit_accepts_and_codes_then_adds_and_takes_out_a_code_group(wb, suggested, project_path):
    first, second = wb.add_code_group("Usikkerhet"), wb.add_code_group("Støtte")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step2(app, pilot)
        assert "1 Usikkerhet" in app.screen.query_one("#code-groups").render().plain  # numbered on screen
        await pilot.press("N", "N", "2")  # the second suggestion into code group 2
        await settle(app, pilot)
        [unit] = app.wb.list(MeaningUnit)
        assert unit.snippet == S2
        assert {c.code_group_id for c in app.wb.list(Coding, unit_id=unit.id)} == {second.id}
        await pilot.press("1")  # the unit keeps the focus: a second code group
        assert {c.code_group_id for c in app.wb.list(Coding, unit_id=unit.id)} == {first.id, second.id}
        await pilot.press("1")  # again: taken out
        assert {c.code_group_id for c in app.wb.list(Coding, unit_id=unit.id)} == {second.id}
        await pilot.press("9")  # no code group 9: nothing happens but a notice
        assert len(app.wb.list(Coding)) == 1
        assert any("9" in n.message for n in app._notifications)
        assert view.current.id == unit.id


async def test_sentence_keys_grow_shrink_split_and_join(wb, suggested, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step2(app, pilot)
        await pilot.press("N", "right_curly_bracket")  # a sentence less at the start: "Ja." goes…
        await settle(app, pilot)
        assert focused_text(view) == S1[len("Ja. "):]
        assert shown(view, "suggestion") == ["Ja.", S1[len("Ja. "):], S2, S3]  # …and stays suggested
        await pilot.press("left_curly_bracket", "right_square_bracket")  # back, and a sentence more
        await settle(app, pilot)
        assert focused_text(view) == S1 + " " + S2
        assert shown(view, "suggestion") == [S1 + " " + S2, S3]  # what it grows into is its own
        await pilot.press("left_square_bracket")  # the sentence let go joins the next suggestion
        assert focused_text(view) == S1
        assert shown(view, "suggestion") == [S1, S2 + " " + S3]
        await pilot.press("j")  # join with the next suggestion
        assert shown(view, "suggestion") == [S1 + " " + S2 + " " + S3]
        await pilot.press("s")  # split after the first sentence (the caret is at the start)
        await settle(app, pilot)
        assert shown(view, "suggestion") == ["Ja.", S1[len("Ja. "):] + " " + S2 + " " + S3]
        assert focused_text(view) == "Ja."
        await pilot.press("N", "left_square_bracket", "enter", "right_square_bracket")
        await settle(app, pilot)
        [unit] = app.wb.list(MeaningUnit)  # a unit grows by a sentence too
        assert unit.snippet == S1[len("Ja. "):] + " " + S2 + " " + S3
        assert app.wb.log()[-1].action == "unit.resize"  # in the trail, undoable


async def test_covered_suggestions_are_hidden_and_come_back_when_the_unit_is_undone(
        wb, suggested, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step2(app, pilot)
        view.select(*span("Kari, teamlederen min"))  # a unit that overlaps the second suggestion
        await pilot.press("enter")
        await settle(app, pilot)
        assert shown(view, "suggestion") == [S1, S3]
        assert [s.id for s in app.wb.suggestions(suggested.id)] == [m.id for m in view.marks
                                                                     if m.kind == "suggestion"]
        view.move_caret(0)
        await pilot.press("N", "N")  # N skips what is covered
        assert focused_text(view) == S3
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.wb.list(MeaningUnit) == []
        assert shown(view, "suggestion") == [S1, S2, S3]


async def test_a_selection_by_words_keeps_the_closing_punctuation(wb, doc, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step2(app, pilot)
        view.move_caret(INTERVIEW.index(S3))
        await pilot.press(*["shift+right"] * 5)
        assert view.text[view.selection[0]:view.selection[1]] == S3  # what is shown selected…
        await pilot.press("enter")
        await settle(app, pilot)
        [unit] = app.wb.list(MeaningUnit)
        assert unit.snippet == S3  # …is what is stored: "meg." with its full stop


async def test_esc_leaves_every_editor_for_the_list_it_came_from(project_path):
    from stc_bench.demo import build_demo

    path = project_path
    build_demo(path).close()
    app = make_app(path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 2)
        assert app.focused is not None and app.focused.id == "documents"  # arrows work at once
        for step, opener, back in (("1", "m", "transcript"), ("3", "e", "units"), (">", "e", "outline")):
            await pilot.press(step)
            await settle(app, pilot, 2)
            await pilot.press(opener)
            await pilot.pause()
            assert isinstance(app.focused, EditorArea)
            await pilot.press("escape")
            await pilot.pause()
            assert app.focused is not None and app.focused.id == back, step
        await pilot.press("ctrl+q")
