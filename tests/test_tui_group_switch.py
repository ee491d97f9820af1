"""Steps 3 and 4: ] and [ go through the code groups in place, read ahead in a thread,
and what is read ahead is never shown once the project has changed."""

from __future__ import annotations

import re

import pytest
from helpers.tui import screen_text, settle, until

from stc_bench.domain.model import Assignment
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.linelist import LineList

pytestmark = pytest.mark.anyio

GROUPS = ("Å bli trodd på", "Arbeidsgiveren", "Tempoet")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def three_groups(wb, doc, project_path):
    """Three code groups, each with its own sentences of the interview and two subgroups."""
    spans = [m.span() for m in re.finditer(r"[A-ZÆØÅ][^.?!\n]{12,}[.?!]", doc.text)]
    assert len(spans) >= 9
    groups = []
    for g, name in enumerate(GROUPS):
        group = wb.add_code_group(name)
        wb.create_units(doc.id, spans[g::3], [group.id])
        wb.add_subgroup(group.id, f"{name} – første")
        wb.add_subgroup(group.id, f"{name} – andre")
        groups.append(group)
    return groups


def title(app) -> str:
    return screen_text(app).splitlines()[1]


def units_shown(app, wb, group) -> list[str]:
    return [e.key for e in app.screen.query_one("#units", LineList).entries]


async def test_brackets_step_through_the_code_groups_and_wrap(three_groups, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        seen = [title(app)]
        for _ in range(3):
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
            seen.append(title(app))
        assert [next(n for n in GROUPS if n in t) for t in seen] == [*GROUPS, GROUPS[0]]
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert GROUPS[2] in title(app)
        # each group lists its own units, as the service layer has them
        for group in reversed(three_groups):
            assert units_shown(app, app.wb, group) == [str(u.id) for u in app.wb.units_in_group(group.id)]
            await pilot.press("left_square_bracket")
            await settle(app, pilot)


async def test_each_group_keeps_its_highlight_and_the_read_ahead_follows_changes(
        three_groups, project_path):
    first, second, _third = three_groups
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot, 2)  # the other groups are read ahead now
        await pilot.press("down", "down")
        units = app.screen.query_one("#units", LineList)
        kept = units.highlighted_key
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert units.highlighted == 0
        await pilot.press("1")  # a unit of the second group into its subgroup 1
        await settle(app, pilot)
        assigned = units.highlighted_key
        assert [a.unit_id for a in app.wb.list(Assignment)] == [int(assigned)]
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert units.highlighted_key == kept  # back where we left the first group
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert "→\u00a01" in screen_text(app)  # the assignment is shown in the second group
        # undo in the first group: the second group's read-ahead is out of date now
        await pilot.press("left_square_bracket", "ctrl+z")
        await settle(app, pilot)
        assert app.wb.list(Assignment) == []
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert "→\u00a01" not in screen_text(app)
        # another process renames the third group while this one is read ahead
        other = Workbench.open(project_path, actor="ola")
        try:
            other.edit_code_group(three_groups[2].id, name="Tempoet i starten")
        finally:
            other.close()
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert "Tempoet i starten" in title(app)
    assert first.id != second.id


async def test_step4_brackets_switch_groups_and_show_their_units(three_groups, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(app, pilot, 2)
        for group in [*three_groups[1:], three_groups[0]]:
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
            assert group.name in title(app)
            assert units_shown(app, app.wb, group) == [str(u.id) for u in app.wb.units_in_group(group.id)]


async def test_angle_brackets_go_between_the_steps_where_the_digits_assign(three_groups, project_path):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        seen = []
        for key in (">", ">", "<", "<", "<", "<", "<", "<", "ctrl+pagedown"):
            await pilot.press(key)
            await settle(app, pilot)
            seen.append(app.current_mode)
        assert seen == ["step4", "step4", "step3", "step2", "step1", "overview", "overview",
                        "overview", "step1"]
        await pilot.press("5", ">")  # from coverage: the first step
        await settle(app, pilot)
        assert app.current_mode == "step1"
    assert app.wb.list(Assignment) == []  # no digit was taken as an assignment


async def test_leaving_a_step_lets_go_of_the_groups_read_ahead_and_coming_back_reads_them(
        three_groups, project_path):
    """Steps 3 and 4 hold only the group on screen while another step is shown (a thesis
    project's units would otherwise be held by both at once: the peak memory figure)."""
    ids = {g.id for g in three_groups}
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await until(pilot, lambda: set(app.screen._groups) == ids, "step 3's read-ahead")
        step3 = app.screen
        shown = step3._shown[0]
        await pilot.press(">")
        await until(pilot, lambda: app.current_mode == "step4", "step 4")
        assert set(step3._groups) == {shown}  # only the group step 3 shows
        owners = {("g", g) for g in ids}
        await until(pilot, lambda: owners <= set(app.screen._views), "step 4's read-ahead")
        step4 = app.screen
        await pilot.press("<")
        await until(pilot, lambda: set(app.screen._groups) == ids, "step 3's read-ahead again")
        assert app.screen is step3
        assert set(step4._views) <= {step4._units_for[0]}
        # and what it shows is still right: ] goes on to the next group's own units
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        group = next(g for g in three_groups if g.name in title(app))
        assert units_shown(app, app.wb, group) == [str(u.id) for u in app.wb.units_in_group(group.id)]


async def test_groups_over_the_read_ahead_budget_are_read_when_shown(three_groups, project_path,
                                                                    monkeypatch):
    """At ten times a thesis a code group holds ~130,000 units: steps 3 and 4 read ahead
    only as many units as ``READ_AHEAD_UNITS`` (next group first), and a group left out
    is read when ] shows it, with its own units."""
    from stc_bench.tui import group_screen

    with Workbench.open(project_path, read_only=True) as wb:
        sizes = {g.id: len(wb.units_in_group(g.id)) for g in three_groups}
    first, second, third = (g.id for g in three_groups)
    monkeypatch.setattr(group_screen, "READ_AHEAD_UNITS", sizes[second])  # the next one only
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await until(pilot, lambda: set(app.screen._groups) == {first, second}, "the next group")
        await settle(app, pilot)
        assert third not in app.screen._groups  # the last one was over what was left
        for _ in range(2):
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
        assert GROUPS[2] in title(app)
        group = three_groups[2]
        assert units_shown(app, app.wb, group) == [str(u.id) for u in app.wb.units_in_group(group.id)]
    monkeypatch.setattr(group_screen, "READ_AHEAD_UNITS", 0)  # nothing ahead: each read when shown
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        assert set(app.screen._views) <= {app.screen._units_for[0]}
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert GROUPS[1] in title(app)
