"""Messages that arrive while the app is closing.

The trail watch reads the trail's head in a thread every second; under load its message
can be handled after the app's screens are gone (a test leaving ``run_test``, the user
quitting). It must then do nothing, not fail the app with "No screens on stack" (as
``test_tui_group_switch`` did, one run in several on a loaded machine)."""

from __future__ import annotations

import pytest

from stc_bench.tui.app import TrailMoved, make_app


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_trail_move_seen_after_the_screens_are_gone_changes_nothing(
        wb, project_path, anyio_backend):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(100, 30)):
        pass
    assert not app.screen_stack
    wb.add_theme("Tillit")  # another Workbench moved the trail meanwhile
    app.on_trail_moved(TrailMoved(wb.last_seq()))  # as the watch's late message would
    assert app._seen_seq == wb.last_seq()
