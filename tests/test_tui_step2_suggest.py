"""Step 2 with segmentation: suggest in a worker, go through, accept, dismiss, code;
filters by informant and code group; uncoded informant text; a busy project."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from helpers.pg import hold_trail_lock
from helpers.study import import_interview
from helpers.tui import wait_for_workers
from textual.worker import WorkerFailed

from stc_bench.domain.model import Coding, MeaningUnit, Suggestion
from stc_bench.tui.app import make_app
from stc_bench.tui.step2_find import uncovered_stretches
from stc_bench.tui.transcript import TranscriptView

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def settle(app, pilot) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):  # a failed worker is a notification (asserted)
            await wait_for_workers(app)
        await pilot.pause()


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_suggest_go_through_accept_dismiss_and_accept_and_code(wb, doc, project_path):
    group = wb.add_code_group("Å bli trodd på")
    wb.set_setting("segment_max_words", 10)  # sentence-sized suggestions: three to walk through
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("S")  # suggest for this transcript, in a worker
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        open_ = app.wb.suggestions(doc.id)
        assert len(open_) >= 3
        assert any("suggested meaning units" in n for n in notices(app))
        assert [m.id for m in view.marks if m.kind == "suggestion"] == [s.id for s in open_]
        # the first suggestion is focused: accept it with enter
        assert view.current is not None and view.current.id == open_[0].id
        await pilot.press("enter")
        await settle(app, pilot)
        [unit] = app.wb.list(MeaningUnit)
        assert (unit.start, unit.end) == (open_[0].start, open_[0].end)
        # the new unit keeps the focus (so c or a digit codes it); N goes on
        assert view.current.kind == "unit" and view.current.id == unit.id
        await pilot.press("N")
        assert view.current.kind == "suggestion" and view.current.id == open_[1].id
        await pilot.press("r")
        await settle(app, pilot)
        assert app.wb.get(Suggestion, open_[1].id).status == "dismissed"
        assert view.current.id == open_[2].id
        # accept and code in one go through the picker
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the only code group
        await settle(app, pilot)
        coded = app.wb.list(Coding, code_group_id=group.id)
        assert len(coded) == 1
        assert app.wb.get(MeaningUnit, coded[0].unit_id).start == open_[2].start
        # N / P only visit suggestions: no other unit gets the focus
        await pilot.press("P")
        assert view.current is None or view.current.kind == "suggestion" or \
            view.current.id == coded[0].unit_id


async def test_busy_project_gives_a_notification_not_a_freeze(wb, doc, project_path, monkeypatch):
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "100")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        if "://" in str(project_path):  # another client is writing
            other = hold_trail_lock(project_path)
        else:
            other = sqlite3.connect(project_path, isolation_level=None, timeout=0.1)
            other.execute("BEGIN IMMEDIATE")  # another process is writing
        try:
            await pilot.press("S")
            await settle(app, pilot)
            assert any("busy" in n for n in notices(app)), notices(app)
            assert app.wb.suggestions(doc.id) == []
            app.clear_notifications()
            await pilot.press("t", "enter")  # marking a unit is a write too
            await settle(app, pilot)
            assert any("busy" in n for n in notices(app)), notices(app)
            assert app.wb.list(MeaningUnit) == []
        finally:
            other.rollback()
            other.close()
        await pilot.press("S")  # the lock is gone: it works now
        await settle(app, pilot)
        assert app.wb.suggestions(doc.id)
        assert app.is_running


async def test_filter_by_code_group_and_informant_moves_across_transcripts(wb, doc, project_path):
    second = import_interview(wb)  # informant JS2
    group = wb.add_code_group("Arbeidsgiveren")
    other = wb.add_code_group("Usikkerhet")
    t1, t2 = doc.text, second.text
    u1 = wb.create_unit(doc.id, t1.index("Jeg var veldig"), t1.index(" Men Kari"), [other.id])
    u2 = wb.create_unit(doc.id, t1.index("At noen"), t1.index(" Før hadde"), [group.id])
    u3 = wb.create_unit(second.id, t2.index("sjefen visste"), t2.index(" Det var en"), [group.id])
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Arbeidsg", "enter")
        await settle(app, pilot)
        view = app.screen.query_one(TranscriptView)
        assert [m.id for m in view.marks] == [u2.id]  # u1 (another group) is hidden
        await pilot.press("n")
        assert view.current.id == u2.id
        await pilot.press("n")  # past the last: the next transcript with this group's units
        await pilot.pause()
        assert app.document_id == second.id and view.current.id == u3.id
        assert u1.id not in [m.id for m in view.marks]
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Informant JS1", "enter")
        await settle(app, pilot)
        assert app.document_id == doc.id  # JS2's transcript is not in the filter
        await pilot.press("d")
        await pilot.pause()
        assert "JS2" not in " ".join(str(o.prompt) for o in app.screen.query_one("OptionList")._options)


async def test_uncoded_informant_text_is_selected_and_marked(wb, doc, project_path):
    text = doc.text
    wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index(" Men Kari"))
    stretches = uncovered_stretches(text, wb.turns(doc.id), wb.units(doc.id))
    assert [text[a:b] for a, b in stretches][0] == "Ja."
    assert text[slice(*stretches[1])].startswith("Men Kari, teamlederen min")
    assert all("Kan du fortelle" not in text[a:b] for a, b in stretches)  # interviewer
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("w", "w")  # "Ja." then the rest of the first turn
        view = app.screen.query_one(TranscriptView)
        assert view.selection == stretches[1]
        await pilot.press("enter")
        await pilot.pause()
        assert (stretches[1][0], stretches[1][1]) in {(u.start, u.end) for u in app.wb.units(doc.id)}
