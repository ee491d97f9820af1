"""Steps 1 and 2 through the keyboard: themes, the impression memo, units and coding."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle, type_in

from stc_bench.domain.model import CodeGroup, Coding, MeaningUnit, Theme
from stc_bench.tui.app import make_app
from stc_bench.tui.transcript import TranscriptView, wrap_lines

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_step1_transcript_shows_bracketed_text_verbatim(wb, doc, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        text = screen_text(app)
        assert "altså [latter], jeg visste" in text
        assert "I: Kan du fortelle om den første tiden" in text


async def test_step1_themes_add_rename_describe_reorder_delete(wb, doc, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        for name in ("Usikkerhet", "Å bli trodd på", "Teamlederen"):
            await pilot.press("a")
            await pilot.pause()
            await type_in(pilot, name)
            await pilot.press("enter")
            await pilot.pause()
        assert [t.name for t in app.wb.list(Theme, "position")] == [
            "Usikkerhet", "Å bli trodd på", "Teamlederen"]
        await pilot.press("t", "up")  # themes list: highlight the second theme
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_in(pilot, "Troen på meg")
        await pilot.press("enter", "e")
        await pilot.pause()
        await type_in(pilot, "noen har tro på informanten")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+up")
        await pilot.pause()
        themes = app.wb.list(Theme, "position")
        assert [t.name for t in themes] == ["Troen på meg", "Usikkerhet", "Teamlederen"]
        assert themes[0].description == "noen har tro på informanten"
        await pilot.press("down", "x")
        await pilot.pause()
        assert [t.name for t in app.wb.list(Theme, "position")] == ["Troen på meg", "Teamlederen"]
        assert "Troen på meg" in screen_text(app)


async def test_step1_impression_memo_is_saved(wb, doc, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("m")
        await type_in(pilot, "Alle snakker om tillit [latter]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.wb.impression() == "Alle snakker om tillit [latter]"


async def test_step2_mark_a_turn_code_it_into_a_new_group(wb, doc, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.focused, TranscriptView)
        await pilot.press("down", "t", "enter")
        await pilot.pause()
        [unit] = app.wb.list(MeaningUnit)
        assert unit.snippet.startswith("Ja. Jeg var veldig usikker")
        assert unit.snippet.endswith("Det betydde mye for meg.")
        await pilot.press("c")
        await pilot.pause()
        await type_in(pilot, "Relasjonen")
        await pilot.press("enter")
        await pilot.pause()
        [group] = app.wb.list(CodeGroup)
        assert group.name == "Relasjonen"
        assert [c.unit_id for c in app.wb.list(Coding, code_group_id=group.id)] == [unit.id]
        assert "Relasjonen" in screen_text(app)  # the unit info line


async def test_step2_select_words_and_sentences_then_move_between_units(wb, doc, project_path):
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        await pilot.press("down", "down", "down", "down")  # the second JS1 turn
        await pilot.press("right", "right", "left")  # the start of its first word
        await pilot.press("shift+down")
        await pilot.press("enter")
        await pilot.pause()
        first = app.wb.list(MeaningUnit)[0]
        assert first.snippet.endswith("trodde på meg.")
        await pilot.press("shift+right", "shift+right", "enter")
        await pilot.pause()
        units = app.wb.list(MeaningUnit, "start")
        assert len(units) == 2 and units[1].snippet == "Før hadde"
        await pilot.press("home")
        view.move_caret(0)
        await pilot.press("n")
        assert view.current is not None and view.current.id == units[0].id
        await pilot.press("n")
        assert view.current.id == units[1].id
        await pilot.press("right_square_bracket")  # grow the end to the sentence's end
        await settle(app, pilot)  # the sentences are read in a worker the first time
        assert app.wb.get(MeaningUnit, units[1].id).snippet == \
            "Før hadde jeg bare møtt folk som snakket om begrensninger."
        await pilot.press("ctrl+left")  # and back by a word, for the rare case
        await pilot.pause()
        assert app.wb.get(MeaningUnit, units[1].id).snippet == \
            "Før hadde jeg bare møtt folk som snakket om"
        await pilot.press("p", "m")  # merge the first with the next
        await pilot.pause()
        assert len(app.wb.list(MeaningUnit)) == 1


def test_wrap_lines_cover_the_text_in_order():
    text = "JS1: " + "ord " * 40 + "\nI: ja?\n\nJS1: " + "x" * 30
    lines = wrap_lines(text, 20)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (s1, e1), (s2, _e2) in zip(lines, lines[1:], strict=False):
        assert s1 <= e1 <= s2
        assert len(text[s1:e1].rstrip()) <= 20


# -- step 4: the units list ---------------------------------------------------------------


async def test_step4_units_list_marks_quoted_and_validated_units_line_by_line(wb, doc, project_path):
    """Step 4's units are a line-API list: ❝ after `i`, ✓ after `v` + y, each redrawing only
    the unit's own line; the highlighted unit stays put across a reload."""
    from stc_bench.domain.model import Quote, Validation
    from stc_bench.tui.linelist import LineList

    text = doc.text
    group = wb.add_code_group("Å bli trodd på")
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1,
                           [group.id])
    second = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14,
                            [group.id])
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        units = app.screen.query_one("#units", LineList)
        assert [e.key for e in units.entries] == [str(first.id), str(second.id)]
        assert units.entries[0].plain.startswith("· JS1: Jeg var veldig usikker i starten, altså [latter]")
        units.focus()
        await pilot.press("down", "i")
        await pilot.pause()
        assert [q.unit_id for q in app.wb.list(Quote)] == [second.id]
        assert units.entries[1].plain.endswith("❝\u00a0quoted") and "❝" not in units.entries[0].plain
        listed = list(units.entries)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert [(v.unit_id, v.status) for v in app.wb.list(Validation)] == [(second.id, "confirmed")]
        assert units.entries[1].plain.startswith("✓ JS1: At noen")
        assert units.entries[0] is listed[0]  # the other line was not rebuilt
        assert units.highlighted_key == str(second.id)
        app.wb.add_code_group("Arbeidsgiveren")  # a change elsewhere: the screen reloads
        app.changed()
        await pilot.pause()
        assert units.highlighted_key == str(second.id)
        assert "❝" in screen_text(app) and "✓ JS1: At noen" in screen_text(app)


async def test_step2_mouse_drag_selects_a_range_that_enter_marks(wb, doc, project_path):
    from textual.events import MouseMove

    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        start = doc.text.index("At noen trodde")
        end = start + len("At noen trodde på meg")

        def at(offset: int) -> tuple[int, int]:
            row = next(i for i, (s, e) in enumerate(view._lines) if s <= offset <= e)
            return offset - view._lines[row][0], row - view.scroll_offset.y

        await pilot.mouse_down(TranscriptView, offset=at(start))
        await pilot._post_mouse_events([MouseMove], TranscriptView, offset=at(end), button=1)
        await pilot.mouse_up(TranscriptView, offset=at(end))
        assert view.selection == (start, end)
        await pilot.press("enter")
        await pilot.pause()
        [unit] = app.wb.list(MeaningUnit)
        assert unit.snippet == "At noen trodde på meg"


async def test_imported_transcript_dims_the_interviewer_and_marks_labels_outside_turns(
        wb, project_path, tmp_path):
    """Readers keep the speaker label out of the turn (``I: `` precedes it): the label is
    still drawn as a label and the interviewer's whole line dimmed, and t on the label
    selects the turn."""
    from conftest import INTERVIEW

    from stc_bench.ingest.batch import import_one
    from stc_bench.tui.transcript import INTERVIEWER_STYLE, LABEL_STYLE

    path = tmp_path / "JS1.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    doc = import_one(wb, path).document
    assert doc.text[wb.turns(doc.id)[0].start - 3:][:3] == "I: "  # the label is outside
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)

        def style_of(words: str):
            for y in range(view.size.height):
                for seg in view.render_line(y):
                    if words in seg.text:
                        return seg.style
            raise AssertionError(f"{words!r} not on screen")

        question = style_of("Hva betydde det?")
        assert question.italic == INTERVIEWER_STYLE.italic and question.dim == INTERVIEWER_STYLE.dim
        assert style_of("JS1:").bold == LABEL_STYLE.bold is True
        assert not style_of("At noen trodde").italic
        await pilot.press("down", "t", "enter")  # the caret on the "JS1: " label
        await pilot.pause()
        [unit] = app.wb.list(MeaningUnit)
        assert unit.snippet.startswith("Ja. Jeg var veldig usikker")
