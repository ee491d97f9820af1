"""Every count the TUI shows takes its noun in the form the count asks for, in Norwegian and
English alike: "1 foreløpig tema", "2 foreløpige temaer", "1 ukodet", "2 ukodede" — never
"(er)" and never the plural for one."""

from __future__ import annotations

import pytest
from helpers.tui import settle, until
from textual.widgets import Static

from stc_bench.tui.app import make_app
from stc_bench.tui.i18n import counted, set_language
from stc_bench.tui.overview import step_lines

ONE = {"themes": 1, "meaning_units": 1, "code_groups": 1, "uncoded_units": 1, "subgroups": 1,
       "condensates": 1, "golden_quotes": 1, "analytic_texts": 1, "quotes": 1, "validations": 1,
       "flagged_units": 1, "detached_units": 1}
TWO = {key: 2 for key in ONE}


@pytest.fixture
def norwegian():
    set_language("nb")
    yield
    set_language("en")


def test_norwegian_step_lines_take_the_singular_for_one(norwegian):
    assert step_lines(ONE) == [
        "Trinn 1 — helhetsinntrykk: 1 foreløpig tema",
        "Trinn 2 — meningsbærende enheter: 1 meningsbærende enhet i 1 kodegruppe; 1 ukodet",
        "Trinn 3 — kondensering: 1 subgruppe, 1 kondensat, 1 gullsitat",
        "Trinn 4 — syntese: 1 analytisk tekst, 1 sitat, 1 enhet validert",
        "Til gjennomgang etter revisjon: 1 flagget, 1 løsrevet",
    ]


def test_norwegian_step_lines_take_the_plural_for_two_and_for_none(norwegian):
    assert step_lines(TWO) == [
        "Trinn 1 — helhetsinntrykk: 2 foreløpige temaer",
        "Trinn 2 — meningsbærende enheter: 2 meningsbærende enheter i 2 kodegrupper; 2 ukodede",
        "Trinn 3 — kondensering: 2 subgrupper, 2 kondensater, 2 gullsitater",
        "Trinn 4 — syntese: 2 analytiske tekster, 2 sitater, 2 enheter validert",
        "Til gjennomgang etter revisjon: 2 flagget, 2 løsrevne",
    ]
    none = step_lines({**TWO, "themes": 0, "flagged_units": 0, "detached_units": 0})
    assert none[0] == "Trinn 1 — helhetsinntrykk: 0 foreløpige temaer"
    assert len(none) == 4  # nothing to review after a revision: no line


def test_english_step_lines_take_the_singular_for_one():
    assert step_lines(ONE) == [
        "Step 1 — total impression: 1 preliminary theme",
        "Step 2 — meaning units: 1 meaning unit in 1 code group; 1 uncoded",
        "Step 3 — condensation: 1 subgroup, 1 condensate, 1 golden quote",
        "Step 4 — synthesis: 1 analytic text, 1 quote, 1 unit validated",
        "To review after a revision: 1 flagged, 1 detached",
    ]
    assert step_lines(TWO)[1] == "Step 2 — meaning units: 2 meaning units in 2 code groups; 2 uncoded"


def test_counted_fills_in_the_other_fields_in_both_languages(norwegian):
    one = ("{label} ({n} turn)", "{label} ({n} turns)")
    assert counted(1, *one, label="JS1") == "JS1 (1 replikk)"
    assert counted(3, *one, label="JS1") == "JS1 (3 replikker)"
    set_language("en")
    assert counted(1, *one, label="JS1") == "JS1 (1 turn)"
    assert counted(0, *one, label="JS1") == "JS1 (0 turns)"


def test_a_count_without_a_norwegian_pair_is_a_bug_not_english_on_a_norwegian_screen(norwegian):
    with pytest.raises(KeyError):
        counted(1, "{n} gadget", "{n} gadgets")


def _shown(app, part: str) -> str:
    return str(app.screen.query_one(part, Static).render())


async def _overview(project_path) -> str:
    """The overview's head (title, figures, open comments) and step lines, as shown."""
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: "1" in _shown(app, "#steps"), "the overview's figures")
        return _shown(app, "#project") + "\n" + _shown(app, "#steps") + "\n"


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_norwegian_overview_of_a_study_begun_counts_in_the_singular(
        wb, doc, project_path, monkeypatch, anyio_backend):
    """One transcript, one theme, one uncoded unit and one open comment on it."""
    wb.add_theme("Å bli trodd på")
    text = doc.text
    unit = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14, [])
    wb.add_comment("meaning_unit", unit.id, "Hvorfor er denne ukodet?")
    wb.close()
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    try:
        shown = await _overview(project_path)
    finally:
        set_language("en")
    assert "Trinn 1 — helhetsinntrykk: 1 foreløpig tema\n" in shown
    assert "1 meningsbærende enhet i 0 kodegrupper; 1 ukodet\n" in shown
    assert "1 transkripsjon, 1 informant, " in shown
    assert "1 åpen kommentar — K viser den" in shown
    assert not any(wrong in shown for wrong in ("temaer\n", "1 ukodede", "(er)", "1 enheter"))


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_english_overview_counts_in_the_singular_too(
        wb, doc, project_path, monkeypatch, anyio_backend):
    wb.add_theme("Å bli trodd på")
    wb.close()
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shown = await _overview(project_path)
    assert "Step 1 — total impression: 1 preliminary theme\n" in shown
    assert "1 transcript, 1 informant, " in shown
    assert "0 meaning units in 0 code groups; 0 uncoded" in shown


def test_the_checklist_and_pseudonymise_counts_take_their_forms(norwegian):
    assert counted(1, "{n} questioned", "{n} questioned") == "1 tvilsom"
    assert counted(2, "{n} questioned", "{n} questioned") == "2 tvilsomme"
    assert counted(1, "{n} meaning unit flagged", "{n} meaning units flagged") == (
        "1 meningsbærende enhet merket")
    set_language("en")
    assert counted(1, "{n} interviewer word", "{n} interviewer words") == "1 interviewer word"
    assert counted(1, "{n} meaning unit flagged", "{n} meaning units flagged") == (
        "1 meaning unit flagged")
