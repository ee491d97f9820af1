"""SVG snapshots of every screen on a small analysed project (pytest-textual-snapshot).

Update after an intended change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from helpers.tui import wait_for_workers

from stc_bench.tui.app import make_app


@pytest.fixture
def analysed(wb, doc, project_path):
    """One interview carried through all four steps."""
    wb.set_impression("Informanten forteller om usikkerhet som snur når noen har tro på henne.")
    theme = wb.add_theme("Å bli trodd på", description="noen har tro på informanten")
    wb.add_theme("Usikkerhet i starten")
    group = wb.promote_theme(theme.id, to="code_group")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1, [group.id])
    second = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14, [group.id])
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    for unit in (first, second):
        wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(sub.id, "Jeg var usikker, men noen trodde på meg.", [first.id, second.id])
    wb.set_golden_quote(sub.id, second.id)
    wb.set_analytic_text("Informanten beskrev at det betydde mye at noen trodde på henne.",
                         subgroup_id=sub.id)
    wb.add_quote(second.id, subgroup_id=sub.id)
    return project_path


async def _settle(pilot) -> None:
    await wait_for_workers(pilot.app)
    await pilot.pause()


@pytest.mark.parametrize("keys", [(), ("1",), ("2", "n"), ("alt+3",), ("alt+4", "down")],
                         ids=["overview", "step1", "step2", "step3", "step4"])
def test_screen_snapshot(snap_compare, analysed, keys):
    app = make_app(analysed, actor="kari")
    assert snap_compare(app, terminal_size=(110, 32), press=[*keys], run_before=_settle)
