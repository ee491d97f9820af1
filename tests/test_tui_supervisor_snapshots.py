"""SVG snapshots of the supervisor's screens on a small project a student worked on after
the supervisor's last review mark: the changes since that mark, a trace, the checklist,
the memos.

The trail's times are fixed so that the snapshots do not change with the clock.
Update after an intended change with:
pytest tests/test_tui_supervisor_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from helpers.tui import wait_for_workers

from stc_bench.services import Workbench
from stc_bench.tui.app import make_app

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def reviewed(wb, doc, project_path, monkeypatch):
    """A coded unit, a subgroup and its condensate; the supervisor's mark; then a week of
    the student's work: a renamed subgroup, a rewritten condensate, a shortened unit."""
    for where in ("base", "memos", "texts"):
        monkeypatch.setattr(f"stc_bench.services.{where}.utc_now", lambda: "2026-03-02T09:15:00.000000Z")
    start = doc.text.index(PASSAGE)
    group = wb.add_code_group("Relasjonen")
    unit = wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])
    sub = wb.add_subgroup(group.id, "Å bli trodd på")
    wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(sub.id, "Jeg ble sett av noen.", [unit.id])
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        review.mark_reviewed()
    wb.rename_subgroup(sub.id, "Å bli sett og trodd på")
    wb.set_condensate(sub.id, "Jeg ble endelig sett av noen som trodde på meg.", [unit.id])
    wb.resize_unit(unit.id, start, start + len(PASSAGE) - len(" hver uke."))
    return project_path


def keys(*pressed: str):
    """Press each key once the screen it lands on has read what it shows (a screen reads
    in a worker started when it mounts: the pauses let it mount, the wait lets it read)."""
    async def settle(pilot) -> None:
        for _ in range(3):
            await pilot.pause()
            await wait_for_workers(pilot.app)
        await pilot.pause()

    async def run(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
    return run


def test_changes_screen_snapshot(snap_compare, reviewed):
    """R in review mode: by step, the condensate's word diff highlighted."""
    app = make_app(reviewed, actor="veileder", read_only=True)
    assert snap_compare(app, terminal_size=(110, 32), run_before=keys("R", "end"))


def test_trace_screen_snapshot(snap_compare, reviewed):
    """T from the overview, enter twice: the condensate and the units it condenses."""
    with Workbench.open(reviewed, actor="kari") as wb:
        [sub] = wb.subgroups()
        wb.set_analytic_text("Informanten opplevde at teamlederen trodde på henne.", subgroup_id=sub.id)
    app = make_app(reviewed, actor="veileder", read_only=True)
    assert snap_compare(app, terminal_size=(110, 32), run_before=keys("T", "enter", "enter"))


def test_checklist_screen_snapshot(snap_compare, reviewed):
    """C: the checklist of the small project (a subgroup without golden quote or analytic
    text, units not re-read, one informant, no consent recorded)."""
    app = make_app(reviewed, actor="veileder", read_only=True)
    assert snap_compare(app, terminal_size=(110, 40), run_before=keys("C"))


def test_memos_screen_snapshot(snap_compare, reviewed):
    """L: the student's memos on a transcript and a unit, searched for "kontroll"."""
    with Workbench.open(reviewed, actor="kari") as wb:
        [unit] = wb.units()
        wb.write_memo("meaning_unit", unit.id, "Teamlederen ringer hver uke: omsorg eller kontroll?")
        wb.write_memo("document", unit.document_id, "Intervjuet ble avbrutt etter tjue minutter.")
    app = make_app(reviewed, actor="kari")
    assert snap_compare(app, terminal_size=(110, 32), run_before=keys("L", *"kontroll"))


def test_identity_screen_snapshot(snap_compare, reviewed, monkeypatch):
    """The first run at a terminal: who is acting (the login name offered), and the role."""
    from stc_bench.tui.identity import IdentityScreen

    monkeypatch.setattr("getpass.getuser", lambda: "ingrid")
    app = make_app(reviewed, ask_identity=True)

    async def asked(pilot) -> None:
        await keys()(pilot)
        for _ in range(100):  # the question comes after the first refresh: wait for it
            if isinstance(pilot.app.screen, IdentityScreen) and pilot.app.screen.is_mounted:
                break
            await pilot.pause()
        await pilot.pause()
    assert snap_compare(app, terminal_size=(110, 32), run_before=asked)
