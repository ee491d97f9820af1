"""The coder comparison screen (overview D): two coders' differences listed, the
transcript marked A / B / both, and take A / take B / merge / reject / discuss / take the
alike through the write path."""

from __future__ import annotations

import pytest
from helpers.coders import ONLY_KARI, ONLY_OLA, SUPPORT, code_independently
from helpers.tui import screen_text, settle, until
from textual.widgets import DataTable

from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.coders import CompareScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def coded(project_path):
    with Workbench.create(project_path, title="Tilbake i jobb", actor="veileder") as wb:
        mastery = wb.add_code_group("Mestring").id
        support = wb.add_code_group("Støtte").id
        doc = code_independently(wb, mastery, support)
    return project_path, doc.id


async def open_compare(app, pilot) -> CompareScreen:
    await until(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count,
                "the transcripts")
    await pilot.press("D")
    await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
    await settle(app, pilot)
    return app.screen


async def test_the_comparison_lists_differences_and_settles_them(coded):
    path, doc_id = coded
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await open_compare(app, pilot)
        text = screen_text(app)
        assert "A kari, B ola — 4 of 4 not settled" in text
        for label in ("marked alike", "another span", "only A", "only B"):
            assert label in text, text
        assert "A: kari" in text and "B: ola" in text  # the legend under the transcript
        await pilot.press("s")  # take what they marked alike
        await settle(app, pilot)
        await pilot.press("down", "g")  # merge the two support units
        await settle(app, pilot)
        await pilot.press("down", "x", "down", "b")  # reject kari's only one, take ola's
        await settle(app, pilot)
        await until(pilot, lambda: "0 of 4 not settled" in screen_text(app), "every decision")
        text = screen_text(app)
        assert "merged" in text and "rejected" in text and "took B" in text
        await pilot.press("a")  # settled already: said, nothing written
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    with Workbench.open(path, actor="veileder") as wb:
        assert [d.decided for d in wb.coder_differences(doc_id)] == [
            "take_a", "merge", "reject", "take_b"]
        units = wb.units_with_open_suggestions(doc_id)[0]
        assert [u.snippet for u in units][1:] == [SUPPORT, ONLY_OLA]
        assert ONLY_KARI not in [u.snippet for u in units]


async def test_discuss_writes_a_comment_on_the_unit(coded):
    path, doc_id = coded
    app = make_app(path, actor="kari")
    async with app.run_test(size=(150, 44)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("down", "down", "d")
        await pilot.press(*"Mestring?")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    with Workbench.open(path, actor="kari") as wb:
        [comment] = wb.comments("open")
        assert (comment.text, comment.author, comment.entity) == ("Mestring?", "kari", "meaning_unit")


async def test_a_transcript_not_coded_independently_is_said_so(project_path):
    from helpers.study import import_interview

    with Workbench.create(project_path, title="Tilbake i jobb", actor="kari") as wb:
        import_interview(wb)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await pilot.press("D")
        await settle(app, pilot)
        assert not isinstance(app.screen, CompareScreen)
        assert any("not coded independently by two coders" in str(n.message)
                   for n in app._notifications), list(app._notifications)


async def test_the_overview_counts_the_consensus_and_names_the_coders(coded):
    """0 units while two coders code on their own is the consensus so far, and the row says
    so; once a difference is settled the unit is counted, and the coders' units never."""
    path, _doc_id = coded
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[4:] == ["0", "0%  independent coding: kari, ola"], row
        assert "0 meaning units in 2 code groups" in screen_text(app)
        await open_compare(app, pilot)
        await pilot.press("s")  # the unit both marked alike becomes the project's
        await settle(app, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "1 meaning units in 2 code groups" in screen_text(app),
                    "the overview counting the consensus")
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[4]) == "1"


async def test_a_refused_mark_names_the_transcript_by_title_and_writes_nothing(coded):
    """The supervisor accepts a suggestion in a transcript two coders code on their own:
    the notice names the transcript as the student knows it, and nothing is written."""
    from helpers.study import span_of

    path, doc_id = coded
    with Workbench.open(path, actor="veileder") as wb:
        doc = wb.document(doc_id)
        wb.store_suggestions(doc_id, [span_of(doc.text, ONLY_OLA)])
        head = wb.status()["head_hash"]
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await pilot.press("enter")  # the transcript, step 1
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot, 2)
        await pilot.press("N", "enter")
        await settle(app, pilot)
        await until(pilot, lambda: any("independent coding" in str(n.message)
                                       for n in app._notifications), "the refusal")
        [notice] = [str(n.message) for n in app._notifications]
        assert notice.startswith(f"document {doc.title!r} is in independent coding by kari, ola")
    with Workbench.open(path, actor="veileder") as wb:
        assert wb.status()["head_hash"] == head


def test_overview_in_independent_coding_snapshot(snap_compare, coded):
    """Update with: pytest tests/test_tui_coders.py --snapshot-update"""
    from helpers.tui import wait_for_workers

    path, _doc = coded

    async def run(pilot) -> None:
        from helpers.tui import until
        from textual.widgets import DataTable

        def filled() -> bool:
            """The transcripts' table has its rows (the project opens after the first
            frame). Its last column is as wide as the note from the start; looking for a
            header drawn wider later instead hung CI under load for 600 s."""
            return any(t.row_count for t in pilot.app.screen.query(DataTable))

        await wait_for_workers(pilot.app)
        await until(pilot, filled, "the transcripts' rows")
        await pilot.pause()

    assert snap_compare(make_app(path, actor="veileder"), terminal_size=(110, 32), run_before=run)


def test_compare_snapshot(snap_compare, coded):
    """Update with: pytest tests/test_tui_coders.py --snapshot-update"""
    from helpers.tui import wait_for_workers

    path, _doc = coded

    async def run(pilot) -> None:
        await wait_for_workers(pilot.app)
        await pilot.pause()
        for key in ("D", "down"):
            await pilot.press(key)
            await wait_for_workers(pilot.app)
            await pilot.pause()

    assert snap_compare(make_app(path, actor="veileder"), terminal_size=(110, 32), run_before=run)
