"""SVG snapshots of the screens and dialogs the step snapshots do not show: help, a
search with its hits, the code-group picker, the comment threads and the focus-group
speaker mapping (issue 15: a snapshot for every screen).

Update after an intended change with:
pytest tests/test_tui_dialog_snapshots.py --snapshot-update
"""

from __future__ import annotations

from helpers.tui import wait_for_workers
from test_focus_groups import make_focus
from test_tui_cross_snapshots import analysed  # noqa: F401 - a fixture used below
from textual.widgets import Input, TextArea

from stc_bench.services import Workbench
from stc_bench.tui.app import make_app

SIZE = (110, 32)


async def _still(pilot) -> None:
    """Every worker done, and no cursor blinking (a loaded machine would take the
    picture at any point of the blink)."""
    await wait_for_workers(pilot.app)
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False
    await pilot.pause()


def _keys(*keys: str):
    async def run(pilot) -> None:
        await _still(pilot)
        for key in keys:
            await pilot.press(key)
            await _still(pilot)
    return run


def test_help_snapshot(snap_compare, analysed):  # noqa: F811 - the fixture
    app = make_app(analysed, actor="kari")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("2", "question_mark"))


def test_search_hits_snapshot(snap_compare, analysed):  # noqa: F811
    app = make_app(analysed, actor="kari")
    keys = ("slash", *"trodd", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys(*keys))


def test_code_group_picker_snapshot(snap_compare, analysed):  # noqa: F811
    app = make_app(analysed, actor="kari")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("3", "g"))


def test_comment_threads_snapshot(snap_compare, analysed, monkeypatch):  # noqa: F811
    # the list shows when each comment was written: a fixed time, or the picture changes
    monkeypatch.setattr("stc_bench.services.texts.utc_now", lambda: "2026-11-20T10:15:00+00:00")
    with Workbench.open(analysed, actor="veileder") as wb:
        group = wb.code_groups()[0]
        first = wb.add_comment("code_group", group.id, "Er overskriften for lang?")
        wb.add_comment("comment", first.id, "Jeg korter den inn.")
    app = make_app(analysed, actor="kari")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("K"))


def test_speaker_mapping_snapshot(snap_compare, tmp_path):
    path, _doc = make_focus(tmp_path, tmp_path / "fokus.stc")
    app = make_app(path, actor="kari")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("m"))
