"""A supervisor reviews: the analysis is read-only (refused in the service layer, its keys
gone from the footer), a comment on a unit takes one key; the student sees it, answers it
and resolves it; every step is in the trail."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.tui import screen_text, settle, type_in

from stc_bench.domain.errors import ReadOnlyProject
from stc_bench.domain.model import Comment, MeaningUnit
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.transcript import TranscriptView

pytestmark = pytest.mark.anyio

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def coded(wb, doc):
    start = INTERVIEW.index(PASSAGE)
    group = wb.add_code_group("Relasjonen")
    return wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])


def test_review_mode_writes_comments_and_marks_only(project_path, coded):
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        for change in (lambda: review.add_theme("Noe nytt"), lambda: review.delete_unit(coded.id),
                       lambda: review.undo()):
            with pytest.raises(ReadOnlyProject):
                change()
        comment = review.add_comment("meaning_unit", coded.id, "Er dette en meningsbærende enhet?")
        review.mark_reviewed()
        assert [e.action for e in review.log()[-2:]] == ["comment.add", "review.mark"]
        assert review.log()[-2].actor == "veileder"
    with Workbench.open(project_path, actor="kari") as student:
        student.reply_comment(comment.id, "Ja, den handler om relasjonen.")
        student.resolve_comment(comment.id)
        assert [c.author for c in student.thread(comment.id)] == ["veileder", "kari"]
        assert student.answer_counts() == {comment.id: 1}
        assert student.comments("open") == [] and [c.id for c in student.comments("resolved")] == [comment.id]
        assert student.verify().ok  # comments, answers and resolutions are in the chain


async def test_supervisor_comments_with_k_and_the_student_answers_and_resolves(project_path, coded):
    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot, 2)
        footer = screen_text(app).splitlines()[-1]
        assert "Mark/accept" not in footer and "Code" not in footer  # edit keys are not offered
        await pilot.press("n")  # the unit
        await pilot.press("enter", "x")  # would accept or mark, delete: not keys here now
        await settle(app, pilot)
        assert len(app.wb.list(MeaningUnit)) == 1 and app.wb.codings_of([coded.id])
        assert app.current_mode == "step2"  # (the digits are the steps' again, as the footer says)
        await pilot.press("k")
        await pilot.pause()
        await type_in(pilot, "Hvorfor her?")
        await pilot.press("enter")
        await settle(app, pilot)
        [comment] = app.wb.list(Comment)
        assert (comment.entity, comment.entity_id, comment.author) == ("meaning_unit", coded.id, "veileder")
        assert "1 open comment " in screen_text(app)  # on the unit's line
        await pilot.press("ctrl+q")

    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 2)
        assert "1 open comment " in screen_text(app)  # the overview counts them
        await pilot.press("K")
        await settle(app, pilot)
        assert "Hvorfor her?" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await type_in(pilot, "Fordi")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("x")  # resolve
        await settle(app, pilot)
        assert app.wb.get(Comment, comment.id).resolved_by == "kari"
        await pilot.press("r", "enter")  # the resolved ones; enter goes to the unit
        await settle(app, pilot, 2)
        assert app.current_mode == "step2"
        view = app.screen.query_one(TranscriptView)
        assert view.selection == (coded.start, coded.end)
        assert [c.text for c in app.wb.thread(comment.id)] == ["Hvorfor her?", "Fordi"]
        await pilot.press("ctrl+q")


async def test_changes_since_my_last_look_by_step_with_word_diffs(project_path, wb, coded):
    sub = wb.add_subgroup(wb.codings_of([coded.id])[0].code_group_id, "Å bli trodd på")
    wb.assign_unit(coded.id, sub.id)
    wb.set_condensate(sub.id, "Jeg ble sett av noen.", [coded.id])
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        review.mark_reviewed()
    # the student works on
    wb.set_condensate(sub.id, "Jeg ble endelig sett av noen som trodde på meg.", [coded.id])
    wb.resize_unit(coded.id, coded.start, coded.end - len(" hver uke."))
    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        text = screen_text(app)
        assert "2 changes since your last review mark (veileder)" in text
        assert text.index("Step 2") < text.index("Step 3")  # grouped by step
        assert "boundaries" in text  # the unit's edges, old → new (the first change listed)
        await pilot.press("down", "down")  # past the step 3 heading: the condensate
        await pilot.pause()
        detail = app.screen.query_one("#change-detail").render()
        assert "endelig" in detail.plain and any("strike" not in str(s.style) and "bold" in str(s.style)
                                                 for s in detail.spans)
        await pilot.press("m")  # a review mark is the reviewer's own data: allowed
        await settle(app, pilot)
        assert "0 changes since your last review mark" in screen_text(app)
        await pilot.press("ctrl+q")


async def test_the_review_shows_what_the_student_commits_meanwhile(project_path, wb, doc):
    """Student and supervisor on one file: the supervisor's step 2 shows the student's new
    unit within about a second, without a key."""

    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot, 2)
        view = app.screen.query_one(TranscriptView)
        assert [m for m in view.marks if m.kind == "unit"] == []
        start = INTERVIEW.index(PASSAGE)
        unit = wb.create_unit(doc.id, start, start + len(PASSAGE))  # the student, elsewhere
        app._watch_trail()  # what the app's one-second timer calls: no waiting on the clock
        await settle(app, pilot, 2)  # its thread's read, then the message it posts
        assert [m.id for m in view.marks if m.kind == "unit"] == [unit.id]
        await pilot.press("ctrl+q")


async def test_a_unit_flagged_by_a_revision_says_so_in_step_2(project_path, wb, coded):
    from helpers.study import sqlite_exec

    sqlite_exec(project_path, ("UPDATE meaning_unit SET status = 'flagged' WHERE id = ?", (coded.id,)))
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot, 2)
        await pilot.press("n")
        await pilot.pause()
        assert "a corrected transcript changed its passage" in screen_text(app)
        await pilot.press("ctrl+q")
