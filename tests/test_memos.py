"""Memos on anything: the student writes a memo on a transcript, a unit, a code group or a
subgroup with one key (M, the same flow as k), finds them again by searching (L), goes to
the object with enter; a supervisor in review mode cannot write one; every memo is in the
trail and the audit appendix."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.tui import screen_text, settle, type_in

from stc_bench.domain.errors import ReadOnlyProject, StcError
from stc_bench.domain.model import Memo
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.memos import MemosScreen
from stc_bench.tui.transcript import TranscriptView

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def coded(wb, doc):
    start = INTERVIEW.index(PASSAGE)
    group = wb.add_code_group("Relasjonen")
    return wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])


def test_one_memo_per_object_written_again_is_edited_and_searchable(wb, doc, coded):
    first = wb.write_memo("meaning_unit", coded.id, "Teamlederen som ringer: relasjon eller kontroll?")
    again = wb.write_memo("meaning_unit", coded.id, "Teamlederen ringer: omsorg, ikke kontroll.")
    assert again.id == first.id and [e.action for e in wb.log()[-2:]] == ["memo.add", "memo.edit"]
    wb.write_memo("document", doc.id, "Intervjuet ble avbrutt etter tjue minutter.")
    wb.add_memo("method", "Jeg leter kanskje etter suksesshistorier.")
    assert [m.text for m in wb.memos("TEAMLEDEREN omsorg")] == ["Teamlederen ringer: omsorg, ikke kontroll."]
    assert len(wb.memos()) == 3 and wb.memos("finnes ikke") == []
    assert wb.memo_on("document", doc.id).text.startswith("Intervjuet")
    with pytest.raises(StcError, match="empty"):
        wb.write_memo("document", doc.id, "  ")
    wb.undo()
    wb.undo()  # the method memo, then the document's
    assert wb.memo_on("document", doc.id) is None and wb.verify().ok


def test_a_reviewer_cannot_write_a_memo(project_path, wb, coded):
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        with pytest.raises(ReadOnlyProject):
            review.write_memo("meaning_unit", coded.id, "Veilederens notat")
        assert review.memos() == []


@pytest.mark.anyio
async def test_m_writes_a_memo_on_the_unit_and_l_finds_it_and_goes_there(project_path, coded):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot, 2)
        await pilot.press("n")  # the unit
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        await type_in(pilot, "Omsorg eller kontroll?")
        await pilot.press("enter")
        await settle(app, pilot, 2)  # written in a thread worker
        [memo] = app.wb.list(Memo)
        assert (memo.entity, memo.entity_id, memo.text) == ("meaning_unit", coded.id, "Omsorg eller kontroll?")
        await pilot.press("M")  # the memo it has, to rewrite
        await pilot.pause()
        assert app.screen.query_one("#prompt-input").value == "Omsorg eller kontroll?"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("0")  # elsewhere, then find it again
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, MemosScreen) and "Memos (1)" in screen_text(app)
        await type_in(pilot, "ingenting")
        await settle(app, pilot)
        assert "Memos (0)" in screen_text(app)
        for _ in "ingenting":
            await pilot.press("backspace")
        await type_in(pilot, "kontroll")
        await settle(app, pilot)
        assert "Memos (1)" in screen_text(app) and "Omsorg eller kontroll?" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(app, pilot, 2)
        assert app.current_mode == "step2"
        assert app.screen.query_one(TranscriptView).selection == (coded.start, coded.end)
        await pilot.press("ctrl+q")


@pytest.mark.anyio
async def test_review_mode_offers_no_memo_key(project_path, coded):
    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot, 2)
        await pilot.press("n", "M")
        await settle(app, pilot)
        assert app.wb.list(Memo) == [] and "Memo on" not in screen_text(app)
        await pilot.press("ctrl+q")


def test_comment_threads_and_memos_are_in_the_audit_appendix(project_path, wb, doc, coded, tmp_path):
    import docx

    from stc_bench.export.api import ExportOptions, export_docx, export_md

    wb.write_memo("meaning_unit", coded.id, "Omsorg eller kontroll?")
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        comment = review.add_comment("meaning_unit", coded.id, "Hvorfor er dette en enhet?")
    wb.reply_comment(comment.id, "Fordi den handler om relasjonen.")
    wb.resolve_comment(comment.id)
    out = tmp_path / "spor.docx"
    export_docx(wb, "studie.stc", out, ExportOptions(part="audit"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(out)).tables]
    threads = next(t for t in tables if "Kommentar" in t[0])
    assert [row[2:4] for row in threads[1:]] == [["veileder", "Hvorfor er dette en enhet?"],
                                                 ["kari", "Fordi den handler om relasjonen."]]
    assert threads[1][0] == f"enhet {coded.id}" and threads[1][4].startswith("løst av kari")
    memos = next(t for t in tables if t[0][-1] == "Notat")
    assert memos[1] == [f"enhet {coded.id}", "note", memos[1][2], "Omsorg eller kontroll?"]
    md = tmp_path / "spor.md"
    export_md(wb, "studie.stc", md, ExportOptions(part="audit"))
    text = md.read_text(encoding="utf-8")
    assert "### Kommentarer (veileder ↔ student)" in text and "Omsorg eller kontroll?" in text
