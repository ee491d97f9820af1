"""Pseudonymising from the TUI: the overview's P lists the candidates of the transcript at
the cursor; space rejects one, w gives the whole word the same decision, Enter in the key
field replaces the rest in a new revision and writes the key."""

from __future__ import annotations

import csv

import pytest
from helpers.study import import_interview
from helpers.tui import screen_text, settle, type_in, until

from stc_bench.domain.model import Document
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.pseudonymise import ReviewScreen

pytestmark = pytest.mark.anyio

TEXT = ("I: Hvem hjalp deg?\n"
        "JS7: Stine ringte meg fra 923 45 678. Stine var grei.\n"
        "I: Og sjefen?\n"
        "JS7: Sjefen på Rema het Ola, og Ola visste om det.\n")


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def review_shown(app, pilot, not_this=None) -> None:
    """Wait until a review (another than ``not_this``) is on screen with its candidates drawn."""
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen is not not_this
                and "candidate" in screen_text(app), "the review")


async def add_missed(app, pilot, word: str, keys: tuple[str, ...] = ()) -> None:
    """Open the review, press ``keys`` in it, add ``word`` with «a», and wait for the review
    to come back."""
    await settle(app, pilot)
    await pilot.press("P")
    await review_shown(app, pilot)
    first = app.screen
    await pilot.press(*keys, "a")
    await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "the prompt")
    await type_in(pilot, word)
    await pilot.press("enter")
    await review_shown(app, pilot, not_this=first)


@pytest.fixture
def listed(wb, project_path):
    import_interview(wb, TEXT, "JS7")
    wb.set_setting("word_list", {"Stine": "navn", "Ola": "navn", "Rema": "arbeidsplass"})
    return project_path


async def test_review_reject_one_and_a_whole_word_then_replace(listed, tmp_path):
    key = tmp_path / "nøkkel.csv"
    app = make_app(listed, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await review_shown(app, pilot)
        shown = screen_text(app)
        assert "6 candidates" in shown and "[x] line 2: Stine → [Navn]" in shown
        # candidates: Stine, phone, Stine, Rema, Ola, Ola
        await pilot.press("down", "space")        # keep the phone number (this one)
        await pilot.press("down", "down", "down")  # the first Ola
        await pilot.press("space", "w")           # keep Ola, everywhere
        await pilot.pause()
        shown = screen_text(app)
        assert "[ ] line 2: 923 45 678 → 923 45 678" in shown
        assert shown.count("[ ] line 4: Ola → Ola") == 2
        await pilot.press("tab")
        await type_in(pilot, str(key))
        await pilot.press("enter")
        await settle(app, pilot, pauses=3)
        notes = [n.message for n in app._notifications if n.title == "Pseudonymise"]
    assert notes and notes[-1].startswith("3 replaced; revision 2;")
    with Workbench.open(listed) as wb:
        doc = next(d for d in wb.list(Document) if not d.superseded)
        assert doc.text.splitlines()[1] == "JS7: [Navn] ringte meg fra 923 45 678. [Navn] var grei."
        assert doc.text.splitlines()[3] == "JS7: Sjefen på [Arbeidsplass] het Ola, og Ola visste om det."
    rows = list(csv.DictReader(key.open(encoding="utf-8-sig")))
    assert [r["original"] for r in rows] == ["Stine", "Stine", "Rema"]


async def test_nothing_to_review_and_cancel_change_nothing(wb, doc, project_path):
    wb.set_setting("name_allow_list", ["Kari"])  # the name model finds the fixture's Kari
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await until(pilot, lambda: any(n.message.startswith("Nothing to pseudonymise in")
                                       for n in app._notifications), "the notice")
        assert not isinstance(app.screen, ReviewScreen)
        wb.set_setting("word_list", ["Kari"])  # the fixture's interview names Kari
        await pilot.press("P")
        await review_shown(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
    assert [d.revision for d in wb.list(Document)] == [1]


async def test_the_candidates_are_found_off_the_ui_thread(listed, monkeypatch):
    # the name detector takes seconds on a long transcript (and loads its models the first
    # time): the overview must not freeze while it runs
    import threading

    from stc_bench.nlp import pseudonymise as ps

    threads = []
    real = ps.plan

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(ps, "plan", recording)
    app = make_app(listed, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await review_shown(app, pilot)
        assert "6 candidates" in screen_text(app)
    assert threads and all(t is not threading.main_thread() for t in threads)


async def test_a_missed_name_goes_into_the_word_list_and_the_review_looks_again(listed, tmp_path):
    # «Sjefen» is no candidate; «a» adds it to the project's word list, the review opens
    # again with it among the candidates, and a rejection made before is kept
    app = make_app(listed, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await add_missed(app, pilot, "Sjefen", ("down", "space"))  # keep the phone number
        shown = screen_text(app)
        # the word list matches in any case: «Og sjefen?» on line 3 as well
        assert "8 candidates" in shown and "line 4: Sjefen → [Navn]" in shown
        assert "line 3: sjefen → [Navn]" in shown
        assert "[ ] line 2: 923 45 678 → 923 45 678" in shown
    with Workbench.open(listed) as wb:
        assert wb.project().settings["word_list"] == {"Stine": "navn", "Ola": "navn",
                                                      "Rema": "arbeidsplass", "Sjefen": "navn"}
        assert wb.log()[-1].action == "project.setting"


async def test_an_everyday_word_added_as_a_name_says_why_nothing_more_is_found(listed):
    # «vår» is a name and an everyday word: the word list takes it only capitalised, and the
    # transcript has none — the student is told so instead of seeing nothing happen
    app = make_app(listed, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await add_missed(app, pilot, "vår")
        assert "6 candidates" in screen_text(app)
        assert any("«vår» is in the word list now" in n.message and "(Vår)" in n.message
                   for n in app._notifications)
