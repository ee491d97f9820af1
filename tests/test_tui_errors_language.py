"""The user errors a student meets most in steps 1–4 — an empty name, nothing to undo, a
span of only spaces, a unit not coded or not in the subgroup, a quote refused — carry
their kind and values: the TUI's "Not done" notice words them in Norwegian (the user's
names in «», never markup), while str(error), what the command line prints, keeps its
English byte for byte."""

from __future__ import annotations

import pytest
from conftest import INTERVIEW
from helpers.tui import settle, until

from stc_bench.domain.errors import StcError
from stc_bench.tui.app import make_app
from stc_bench.tui.catalogue import ERRORS_NB
from stc_bench.tui.i18n import error_text, set_language

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def norwegian():
    set_language("nb")
    yield
    set_language("en")


def _refused(call) -> StcError:
    with pytest.raises(StcError) as caught:
        call()
    return caught.value


def test_each_common_error_keeps_its_english_and_is_worded_in_norwegian(wb, doc, norwegian):
    start = INTERVIEW.index(PASSAGE)
    group = wb.add_code_group("Relasjonen [A]")
    other = wb.add_code_group("Arbeid")
    unit = wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])
    sub = wb.add_subgroup(other.id, "Å bli «trodd»")
    own = wb.add_subgroup(group.id, "Sett")
    wb.assign_unit(unit.id, own.id)
    quote = wb.add_quote(unit.id, subgroup_id=own.id)
    cases = [
        (lambda: wb.add_theme("  "), "theme: a name cannot be empty",
         "Tema: navnet kan ikke være tomt"),
        (lambda: wb.rename_subgroup(own.id, ""), "subgroup: a name cannot be empty",
         "Subgruppe: navnet kan ikke være tomt"),
        (lambda: wb.add_comment("meaning_unit", unit.id, " "), "comment: text cannot be empty",
         "Kommentaren kan ikke være tom"),
        (lambda: wb.create_unit(doc.id, start - 1, start), None,
         "Tekstbiten har bare mellomrom: marker minst ett ord"),
        (lambda: wb.split_unit(unit.id, start), f"meaning unit {unit.id}: split point {start} "
         f"is not inside {start}..{start + len(PASSAGE)}",
         f"Meningsbærende enhet {unit.id} kan bare deles inne i seg selv: sett markøren i enheten"),
        (lambda: wb.assign_unit(unit.id, sub.id), f"meaning unit {unit.id} is not coded into the "
         "code group of subgroup 'Å bli «trodd»'; code it first",
         f"Meningsbærende enhet {unit.id} er ikke kodet i kodegruppen til subgruppen «Å bli "
         "«trodd»»: kod den først"),
        (lambda: wb.set_golden_quote(sub.id, unit.id), f"meaning unit {unit.id} is not in "
         "subgroup 'Å bli «trodd»'; assign it first",
         f"Meningsbærende enhet {unit.id} er ikke i subgruppen «Å bli «trodd»»: plasser den der "
         "først"),
        (lambda: wb.edit_quote(quote.id, display_text="Men Kari ringte meg [hver] dag."), None,
         None),
        (lambda: wb.edit_quote(quote.id, display_text="  "), f"quote of meaning unit {unit.id}: "
         "display text cannot be empty",
         f"Sitatet av meningsbærende enhet {unit.id}: visningsteksten kan ikke være tom"),
        (lambda: wb.place_quote(quote.id, 0), "a quote's place is a paragraph number from 1, "
         "not 0", "Plassen til et sitat er et avsnittsnummer fra 1, ikke 0"),
    ]
    for call, english, norwegian_text in cases:
        error = _refused(call)
        assert error.kind in ERRORS_NB, str(error)
        if english is not None:
            assert str(error) == english
        if norwegian_text is not None:
            assert error_text(error) == norwegian_text
    unfaithful = _refused(cases[7][0])
    assert str(unfaithful).startswith(f"quote of meaning unit {unit.id}: ")
    assert str(unfaithful).endswith("; mark cuts with (…) and replacements in [brackets]")
    assert error_text(unfaithful).startswith(f"Sitatet av meningsbærende enhet {unit.id}: ")
    assert "«" in error_text(unfaithful) and "transcript" not in error_text(unfaithful)
    set_language("en")
    assert error_text(unfaithful) == str(unfaithful)


def test_an_error_without_a_kind_is_shown_as_the_command_line_prints_it(norwegian):
    assert error_text(StcError("agreement: the overlap must be above 0")) == (
        "agreement: the overlap must be above 0")


def test_nothing_to_undo_is_said_in_norwegian(wb, norwegian):
    error = _refused(wb.undo)
    assert (str(error), error_text(error)) == ("nothing to undo", "Ingenting å angre")
    error = _refused(wb.redo)
    assert (str(error), error_text(error)) == ("nothing to redo", "Ingenting å gjøre om")


def _not_done(app) -> list[str]:
    return [n.message for n in app._notifications if n.title in ("Ikke utført", "Not done")]


async def _undo_then_an_empty_theme(project_path) -> list[str]:
    """On the overview ctrl+z with nothing to undo; in step 1 a theme with no name."""
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        await until(pilot, lambda: _not_done(app), "the first refusal")
        said = _not_done(app)
        await pilot.press("alt+1")
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        # a notice goes when the mode changes: the second is the newest now
        await until(pilot, lambda: _not_done(app) and _not_done(app)[-1] != said[-1],
                    "the second refusal")
        return [*said, _not_done(app)[-1]]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_norwegian_screen_says_what_was_refused_in_norwegian(
        wb, project_path, monkeypatch, anyio_backend):
    wb.close()
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    try:
        shown = await _undo_then_an_empty_theme(project_path)
    finally:
        set_language("en")
    assert shown == ["Ingenting å angre", "Tema: navnet kan ikke være tomt"]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_english_screen_shows_the_command_lines_message(
        wb, project_path, monkeypatch, anyio_backend):
    wb.close()
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shown = await _undo_then_an_empty_theme(project_path)
    assert shown == ["nothing to undo", "theme: a name cannot be empty"]
