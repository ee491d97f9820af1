"""Live refresh on a PostgreSQL project: the TUI polls the chain head, so another coder's
commit shows without a key, as on a SQLite file; the head moves only on a commit."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.study import labelled_draft
from helpers.tui import settle, until

from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.transcript import TranscriptView

pytestmark = pytest.mark.anyio

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def anyio_backend():
    return "asyncio"


def test_the_chain_head_moves_with_each_commit_and_never_before(pg_url):
    event = {"at_utc": "2026-12-02T10:00:00.000000Z", "actor": "kari", "action": "theme.add",
             "entity": "theme", "entity_id": None, "before": None, "after": None, "changes": [],
             "message": "not committed"}
    with Workbench.create(pg_url, title="Team", actor="kari") as wb, \
            Workbench.open(pg_url, actor="ola") as other:
        seen = other.last_seq()
        with pytest.raises(RuntimeError), wb.store.write() as tx:
            tx.append_event(event)
            assert other.last_seq() == seen  # appended, not committed: not seen
            raise RuntimeError("rolled back")
        assert other.last_seq() == seen
        wb.add_theme("Tillit")
        assert other.last_seq() == seen + 1
        assert other.verify().ok


async def test_a_coder_sees_what_another_commits_on_the_server(pg_url):
    with Workbench.create(pg_url, title="Team", actor="kari") as wb:
        doc = wb.import_transcript(labelled_draft(INTERVIEW), source_name="JS1.txt",
                                   source_sha256="1" * 64, informant="JS1")
        app = make_app(pg_url, actor="ola")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("2")
            await settle(app, pilot, 2)
            view = app.screen.query_one(TranscriptView)
            assert [m for m in view.marks if m.kind == "unit"] == []
            start = INTERVIEW.index(PASSAGE)
            unit = wb.create_unit(doc.id, start, start + len(PASSAGE))  # kari, elsewhere
            app._watch_trail()  # what the app's one-second timer calls, now
            # until the screen shows it (the timer's own call may win)
            await until(pilot, lambda: [m.id for m in view.marks if m.kind == "unit"] == [unit.id],
                        "the other coder's unit on screen")
            await pilot.press("ctrl+q")
