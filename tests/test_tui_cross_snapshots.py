"""SVG snapshots of the cross-step screens: coverage, records, a unit in context, the quote
editor, step 4 at 80×24, and the quote editor without colour (NO_COLOR: cuts and
replacements must still show).

Update after an intended change with:
pytest tests/test_tui_cross_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from helpers.tui import wait_for_workers

from stc_bench.domain.model import Informant
from stc_bench.tui.app import make_app


@pytest.fixture
def analysed(wb, doc, project_path):
    """One interview carried through the four steps, with records filled in."""
    theme = wb.add_theme("Å bli trodd på", description="noen har tro på informanten")
    group = wb.promote_theme(theme.id, to="code_group")
    wb.edit_code_group(group.id, heading="Å bli sett som arbeidstaker",
                       list_label="Relasjonen til jobbspesialisten")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1,
                           [group.id])
    second = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14,
                            [group.id])
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    wb.add_subgroup(group.id, "Usikkerhet i starten")
    for unit in (first, second):
        wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(sub.id, "Jeg var usikker, men noen trodde på meg.", [first.id, second.id])
    wb.set_analytic_text("Informanten beskrev at det betydde mye at noen trodde på henne.",
                         subgroup_id=sub.id)
    wb.add_quote(second.id, subgroup_id=sub.id, lead_in="Hun sa det slik:",
                 display_text="At noen trodde på meg. (…) folk som snakket om [diagnoser].")
    wb.add_quote(first.id, subgroup_id=sub.id)
    wb.set_data_management(ethics_ref="REK ikke fremleggingspliktig", sikt_ref="Sikt 123456",
                           planned_deletion="2026-06-30", access=["kari", "veileder"])
    informant = wb.list(Informant)[0]
    wb.set_informant_attributes(informant.id, sector="kommunal IPS-tjeneste", site_code="A")
    wb.set_consent(informant.id, "given", "2025-02-10")
    guide = wb.add_interview_guide("Intervjuguide, versjon 1")
    wb.link_interview_guide(doc.id, guide.id)
    return project_path


async def _settle(pilot) -> None:
    await wait_for_workers(pilot.app)
    await pilot.pause()


async def _to_quotes(pilot) -> None:
    await pilot.press("alt+4")
    await _settle(pilot)
    await pilot.press("down")
    await _settle(pilot)
    pilot.app.screen.query_one("#quotes").focus()
    await pilot.pause()


async def _quote_editor(pilot) -> None:
    from textual.widgets import TextArea

    await _to_quotes(pilot)
    await pilot.press("t")
    await _settle(pilot)
    # the focused editor's cursor blinks: hold it visible, or the picture depends on when,
    # in the half-second blink, a loaded machine takes it
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


async def _context(pilot) -> None:
    await _to_quotes(pilot)
    await pilot.press("o")
    await _settle(pilot)
    await pilot.pause(0.1)


@pytest.mark.parametrize("keys", [("5",), ("6",)], ids=["coverage", "records"])
def test_cross_screen_snapshot(snap_compare, analysed, keys):
    app = make_app(analysed, actor="kari")
    assert snap_compare(app, terminal_size=(110, 32), press=[*keys], run_before=_settle)


def test_quote_editor_snapshot(snap_compare, analysed):
    assert snap_compare(make_app(analysed, actor="kari"), terminal_size=(110, 36),
                        run_before=_quote_editor)


def test_unit_in_context_snapshot(snap_compare, analysed):
    assert snap_compare(make_app(analysed, actor="kari"), terminal_size=(110, 32),
                        run_before=_context)


def test_step4_at_80x24_snapshot(snap_compare, analysed):
    assert snap_compare(make_app(analysed, actor="kari"), terminal_size=(80, 24),
                        run_before=_to_quotes)


def test_quote_editor_without_colour_snapshot(snap_compare, analysed, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(analysed, actor="kari"), terminal_size=(110, 36),
                        run_before=_quote_editor)
