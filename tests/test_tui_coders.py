"""The coder comparison screen (overview D): two coders' differences listed, the
transcript marked A / B / both, and take A / take B / merge / reject / discuss / take the
alike through the write path."""

from __future__ import annotations

import pytest
from helpers.coders import (
    ALIKE,
    ONLY_KARI,
    ONLY_OLA,
    ONLY_PER,
    SUPPORT,
    as_actor,
    code_by_three,
    code_independently,
)
from helpers.tui import screen_text, settle, until
from textual.widgets import DataTable, OptionList, Static

from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.coders import CompareScreen
from stc_bench.tui.dialogs import PickerScreen
from stc_bench.tui.side_by_side import GAP, MARGIN, SideBySide

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def coded_project(project_path, code) -> tuple:
    """A project whose transcript ``code`` (two or three coders) put in independent
    coding: its path and the transcript's id."""
    with Workbench.create(project_path, title="Tilbake i jobb", actor="veileder") as wb:
        mastery = wb.add_code_group("Mestring").id
        support = wb.add_code_group("Støtte").id
        doc = code(wb, mastery, support)
    return project_path, doc.id


@pytest.fixture
def coded(project_path):
    return coded_project(project_path, code_independently)


@pytest.fixture
def coded_by_three(project_path):
    return coded_project(project_path, code_by_three)


async def open_compare(app, pilot) -> CompareScreen:
    await until(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count,
                "the transcripts")
    await pilot.press("D")
    await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
    await settle(app, pilot)
    return app.screen


def detail(app) -> str:
    return str(app.screen.query_one("#coders-detail", Static).render())


def settled(view: SideBySide, number: int) -> list[bool]:
    """How each column shows difference ``number``'s units: settled (dimmed) or not."""
    return [u.settled for side in (view.left, view.right) for u in side.units if u.number == number]


async def test_the_comparison_shows_the_coders_side_by_side_and_settles_differences(coded):
    path, doc_id = coded
    with Workbench.open(path, actor="veileder") as wb:
        overall = wb.agreement([doc_id]).rows[-1]
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        screen = await open_compare(app, pilot)
        view = screen.query_one(SideBySide)
        await until(pilot, lambda: "Agreement on" in screen_text(app), "the figures")
        text = screen_text(app)
        assert "A kari, B ola — 4 of 4 not settled" in text
        # the transcript's agreement in the header, as `stc-bench agreement` gives it
        assert (f"segments {100 * overall.segment_agreement:.0f} % · κ {overall.kappa:.2f} · "
                f"uα {overall.alpha:.2f} · cuα {overall.cu_alpha:.2f}") in text
        assert "A: kari" in text and "B: ola" in text  # the columns' heads
        # each column shows its coder's units with the difference and code group in the margin
        assert [u.label for u in view.left.units] == ["1 Mestring", "2 Støtte", "3 Støtte"]
        assert [u.label for u in view.right.units] == ["1 Mestring", "2 Støtte", "4 Mestring"]
        assert any("1 Mestring" in line and line.count("1 Mestring") == 2
                   for line in text.splitlines()), text
        # ↓ and ↑ go from difference to difference, both columns with them
        kinds = []
        for number in (1, 2, 3, 4, 4):  # the last ↓ stays on the last
            await until(pilot, lambda n=number: view.current == n, f"difference {number}")
            kinds.append(detail(app))
            await pilot.press("down")
        assert [k.split(": ", 1)[1] for k in kinds] == [
            "marked alike · not settled", "another span · not settled",
            "only A · not settled", "only B · not settled", "only B · not settled"]
        assert detail(app).startswith("Difference 4 of 4: only B")
        await pilot.press("up", "up", "up")
        await until(pilot, lambda: view.current == 1, "difference 1 again")
        await pilot.press("s")  # take what they marked alike
        await settle(app, pilot)
        assert settled(view, 1) == [True, True]
        await pilot.press("down", "g")  # merge the two support units
        await settle(app, pilot)
        assert settled(view, 2) == [True, True] and detail(app).endswith("merged")
        await pilot.press("down", "x", "down", "b")  # reject kari's only one, take ola's
        await settle(app, pilot)
        await until(pilot, lambda: "0 of 4 not settled" in screen_text(app), "every decision")
        assert detail(app).endswith("took B") and settled(view, 4) == [True]
        await pilot.press("up")
        assert detail(app).endswith("rejected")
        await pilot.press("a")  # settled already: said, nothing written
        await settle(app, pilot)
        assert any("settled already" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await settle(app, pilot)
    with Workbench.open(path, actor="veileder") as wb:
        assert [d.decided for d in wb.coder_differences(doc_id)] == [
            "take_a", "merge", "reject", "take_b"]
        units = wb.units_with_open_suggestions(doc_id)[0]
        assert [u.snippet for u in units][1:] == [SUPPORT, ONLY_OLA]
        assert ONLY_KARI not in [u.snippet for u in units]


async def test_every_decision_is_written_through_the_apps_write_path(coded):
    """The keys call ``app.write`` (in order, off the UI thread), never the Workbench
    directly: each call is seen here on its way through."""
    path, _doc_id = coded
    app = make_app(path, actor="veileder")
    through: list[str] = []
    write = app.write

    def watched(method, *args, **kwargs):
        through.append(method.__name__)
        return write(method, *args, **kwargs)

    app.write = watched  # type: ignore[method-assign]
    async with app.run_test(size=(150, 44)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("s", "down", "down", "x")
        await settle(app, pilot)
        await until(pilot, lambda: "2 of 4 not settled" in screen_text(app), "the decisions")
    assert through == ["settle_agreed", "resolve_difference"]


async def test_a_long_transcript_renders_only_what_is_shown_and_moves_to_each_difference(
        project_path):
    """20,000 words: the view lays the text out once and renders the visible lines only;
    ↓ / End / a click bring a difference far down the transcript into view."""
    from helpers.study import import_interview, span_of

    filler = " ".join(["Jeg gikk til jobben hver dag og snakket med kollegene mine."] * 10)
    turns = [f"JS9: {filler} Avsnitt {n}." for n in range(200)]
    text = "\n".join(["I: Fortell om arbeidsdagen.", *turns]) + "\n"
    with Workbench.create(project_path, title="Tilbake i jobb", actor="veileder") as wb:
        group = wb.add_code_group("Mestring").id
        doc = import_interview(wb, text, "JS9")
        assert len(doc.text.split()) > 20_000
        wb.start_independent_coding(doc.id, ["kari", "ola"])
        for coder, words in (("kari", "Avsnitt 5."), ("kari", "Avsnitt 150."),
                             ("ola", "Avsnitt 150."), ("ola", "Avsnitt 198."),
                             ("ola", "Avsnitt 199.")):
            as_actor(wb, coder, lambda w=words: wb.create_unit(doc.id, *span_of(doc.text, w), [group]))
    app = make_app(project_path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        screen = await open_compare(app, pilot)
        view = screen.query_one(SideBySide)
        height = view.scrollable_content_region.height
        assert view.line_count > 20 * height
        assert 0 < view.rendered_lines <= height
        top = view.scroll_offset.y
        await pilot.press("down")  # difference 2, "Avsnitt 150.", far below
        await settle(app, pilot)
        line = view.line_of(doc.text.index("Avsnitt 150."))
        assert view.scroll_offset.y > top and view.scroll_offset.y <= line < view.scroll_offset.y + height
        # the lines shown before and those shown now, not the transcript's
        assert "Avsnitt 150." in screen_text(app) and view.rendered_lines <= 2 * height
        await pilot.press("end")
        await settle(app, pilot)
        assert view.current == 4 and "Avsnitt 199." in screen_text(app)
        # a click on a unit in a column makes its difference the current one
        at = doc.text.index("Avsnitt 198.")
        line = view.line_of(at)
        x = (view.size.width - len(GAP)) // 2 + len(GAP) + MARGIN + at - view._lines[line][0] + 1
        assert await pilot.click(SideBySide, offset=(x, line - view.scroll_offset.y))
        await settle(app, pilot)
        assert view.current == 3


async def test_discuss_writes_a_comment_on_the_unit(coded):
    path, doc_id = coded
    app = make_app(path, actor="kari")
    async with app.run_test(size=(150, 44)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("down", "down", "d")
        await pilot.press(*"Mestring?")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    with Workbench.open(path, actor="kari") as wb:
        [comment] = wb.comments("open")
        assert (comment.text, comment.author, comment.entity) == ("Mestring?", "kari", "meaning_unit")


async def test_a_transcript_not_coded_independently_is_said_so(project_path):
    from helpers.study import import_interview

    with Workbench.create(project_path, title="Tilbake i jobb", actor="kari") as wb:
        import_interview(wb)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await pilot.press("D")
        await settle(app, pilot)
        assert not isinstance(app.screen, CompareScreen)
        assert any("not coded independently by two or more coders" in str(n.message)
                   for n in app._notifications), list(app._notifications)


async def test_the_overview_counts_the_consensus_and_names_the_coders(coded):
    """0 units while two coders code on their own is the consensus so far, and the row says
    so; once a difference is settled the unit is counted, and the coders' units never."""
    path, _doc_id = coded
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[4:] == ["0", "0%  independent coding: kari, ola"], row
        assert "0 meaning units in 2 code groups" in screen_text(app)
        await open_compare(app, pilot)
        await pilot.press("s")  # the unit both marked alike becomes the project's
        await settle(app, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "1 meaning unit in 2 code groups" in screen_text(app),
                    "the overview counting the consensus")
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[4]) == "1"


async def test_a_refused_mark_names_the_transcript_by_title_and_writes_nothing(coded):
    """The supervisor accepts a suggestion in a transcript two coders code on their own:
    the notice names the transcript as the student knows it, and nothing is written."""
    from helpers.study import span_of

    path, doc_id = coded
    with Workbench.open(path, actor="veileder") as wb:
        doc = wb.document(doc_id)
        wb.store_suggestions(doc_id, [span_of(doc.text, ONLY_OLA)])
        head = wb.status()["head_hash"]
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await pilot.press("enter")  # the transcript, step 1
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot, 2)
        await pilot.press("N", "enter")
        await settle(app, pilot)
        await until(pilot, lambda: any("independent coding" in str(n.message)
                                       for n in app._notifications), "the refusal")
        [notice] = [str(n.message) for n in app._notifications]
        assert notice.startswith(f"document {doc.title!r} is in independent coding by kari, ola")
    with Workbench.open(path, actor="veileder") as wb:
        assert wb.status()["head_hash"] == head


def test_overview_in_independent_coding_snapshot(snap_compare, coded):
    """Update with: pytest tests/test_tui_coders.py --snapshot-update"""
    from helpers.tui import wait_for_workers

    path, _doc = coded

    async def run(pilot) -> None:
        from helpers.tui import until
        from textual.widgets import DataTable

        def filled() -> bool:
            """The transcripts' table has its rows (the project opens after the first
            frame). Its last column is as wide as the note from the start; looking for a
            header drawn wider later instead hung CI under load for 600 s."""
            return any(t.row_count for t in pilot.app.screen.query(DataTable))

        await wait_for_workers(pilot.app)
        await until(pilot, filled, "the transcripts' rows")
        await pilot.pause()

    assert snap_compare(make_app(path, actor="veileder"), terminal_size=(110, 32), run_before=run)


def test_compare_snapshot(snap_compare, coded):
    """Update with: pytest tests/test_tui_coders.py --snapshot-update"""
    from helpers.tui import wait_for_workers

    path, _doc = coded

    async def run(pilot) -> None:
        await wait_for_workers(pilot.app)
        await pilot.pause()
        for key in ("D", "down"):
            await pilot.press(key)
            await wait_for_workers(pilot.app)
            await pilot.pause()
        # kappa per sentence comes from a second worker, after the character figures
        await until(pilot, lambda: pilot.app.screen.by_sentence is not None, "κ per sentence")
        await pilot.pause()

    assert snap_compare(make_app(path, actor="veileder"), terminal_size=(110, 32), run_before=run)


async def test_a_comparison_before_either_coder_marked_anything(project_path):
    """Just started: no difference, no figures — said so, and the keys write nothing."""
    from helpers.study import import_interview

    with Workbench.create(project_path, title="Tilbake i jobb", actor="veileder") as wb:
        wb.add_code_group("Mestring")
        doc = import_interview(wb)
        wb.start_independent_coding(doc.id, ["kari", "ola"])
        head = wb.status()["head_hash"]
    app = make_app(project_path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await open_compare(app, pilot)
        await until(pilot, lambda: "Agreement: nothing coded yet" in screen_text(app), "the figures")
        assert "The two coders marked nothing yet." in screen_text(app)
        await pilot.press("down", "a", "g", "x", "p")
        await settle(app, pilot)
        assert "0 of 0 not settled" in screen_text(app)
        assert any("there is no other pair" in str(n.message) for n in app._notifications)
    with Workbench.open(project_path, actor="veileder") as wb:
        assert wb.status()["head_hash"] == head


def pairs_offered(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_three_coders_are_compared_a_pair_at_a_time(coded_by_three):
    """D asks which pair; p switches to another; a place settled in one pair shows settled
    in the others, and each decision is written for the pair on screen."""
    path, doc_id = coded_by_three
    from stc_bench.nlp import split_sentences

    with Workbench.open(path, actor="veileder") as wb:
        kappa = wb.agreement([doc_id]).rows[-1].kappa_pairs[("kari", "per")]
        by_sentence = wb.agreement([doc_id], sentences=split_sentences).rows[-1]
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the pairs")
        assert pairs_offered(app) == ["kari – ola  4 of 4 not settled",
                                      "kari – per  4 of 4 not settled",
                                      "ola – per  5 of 5 not settled"]
        await pilot.press("escape")  # no pair chosen: back on the overview
        await until(pilot, lambda: not isinstance(app.screen, PickerScreen), "the overview")
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the pairs")
        await pilot.press("down", "enter")  # kari – per
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        await until(pilot, lambda: "A kari, B per — 4 of 4 not settled" in screen_text(app),
                    "kari and per")
        text = screen_text(app)
        assert "A: kari" in text and "B: per" in text and "p: another pair" in text
        await until(pilot, lambda: f"κ kari–per {kappa:.2f}" in screen_text(app), "their κ")
        sentences = (f"κ per sentence {by_sentence.kappa:.2f} ({by_sentence.kappa_units} "
                     "sentences counted; split by")  # the pairs' mean, then kari and per's
        pair = f"κ kari–per {by_sentence.kappa_pairs[('kari', 'per')]:.2f}"
        await until(pilot, lambda: any(sentences in line and pair in line.split("split by")[1]
                                       for line in screen_text(app).splitlines()),
                    "κ per sentence")
        await pilot.press("s")  # the three units kari and per marked alike
        await until(pilot, lambda: "1 of 4 not settled" in screen_text(app), "the alike taken")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the pairs again")
        assert pairs_offered(app) == ["kari – ola  1 of 4 not settled",
                                      "kari – per  1 of 4 not settled",
                                      "ola – per  2 of 5 not settled"]
        await pilot.press("down", "enter")  # from kari – per (highlighted) to ola – per
        await until(pilot, lambda: "A ola, B per — 2 of 5 not settled" in screen_text(app),
                    "ola and per")
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.coders == ("ola", "per")
        assert "A: ola" in screen_text(app) and "κ ola–per" in screen_text(app)
        assert detail(app).endswith("settled comparing another pair")  # per's ALIKE
        await pilot.press("down")
        assert detail(app).startswith("Difference 2 of 5: only B · not settled")
        await pilot.press("b")  # only per marked it
        await until(pilot, lambda: "1 of 5 not settled" in screen_text(app), "per's unit taken")
        await pilot.press("escape")
        await settle(app, pilot)
    with Workbench.open(path, actor="veileder") as wb:
        assert wb.coder_differences(doc_id, "ola", "per")[1].decided == "take_b"
        assert [u.snippet for u in wb.units_with_open_suggestions(doc_id)[0]] == [
            ALIKE, ONLY_PER, SUPPORT, ONLY_KARI]


def test_pair_picker_snapshot(snap_compare, coded_by_three):
    """Three coders: D asks which two to compare. Update with: pytest
    tests/test_tui_coders.py --snapshot-update"""
    from helpers.tui import wait_for_workers

    path, _doc = coded_by_three

    async def run(pilot) -> None:
        await wait_for_workers(pilot.app)
        await until(pilot, lambda: any(t.row_count for t in pilot.app.screen.query(DataTable)),
                    "the transcripts' rows")
        await pilot.press("D")
        await until(pilot, lambda: isinstance(pilot.app.screen, PickerScreen), "the pairs")
        await wait_for_workers(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(path, actor="veileder"), terminal_size=(110, 32), run_before=run)


async def test_the_header_adds_kappa_per_sentence_once_the_splitter_is_done(coded, monkeypatch):
    """The character figures come at once; kappa per sentence (which loads the splitter)
    follows when its worker is done: here the splitter is held until the figures are seen."""
    import threading

    import stc_bench.nlp as nlp

    path, doc_id = coded
    splitter = nlp.describe_pipeline()["name"]
    with Workbench.open(path, actor="veileder") as wb:
        expected = wb.agreement([doc_id], sentences=nlp.split_sentences).rows[-1]
    gate, real = threading.Event(), nlp.split_sentences

    def held(text: str):
        gate.wait(60)  # the bound only turns a hang into a failure
        return real(text)

    monkeypatch.setattr(nlp, "split_sentences", held)
    app = make_app(path, actor="veileder")
    async with app.run_test(size=(150, 44)) as pilot:
        await until(pilot, lambda: app.screen.query(DataTable) and
                    app.screen.query_one(DataTable).row_count, "the transcripts")
        await pilot.press("D")
        await until(pilot, lambda: "Agreement on this transcript" in screen_text(app),
                    "the character figures")
        assert "κ per sentence: splitting the transcript into sentences…" in screen_text(app)
        await pilot.press("down")  # the screen answers meanwhile
        await until(pilot, lambda: app.screen.query_one(SideBySide).current == 2, "difference 2")
        gate.set()
        line = (f"κ per sentence {expected.kappa:.2f} ({expected.kappa_units} sentences "
                f"counted; split by {splitter})")
        await until(pilot, lambda: line in screen_text(app), "κ per sentence")
        assert "splitting the transcript" not in screen_text(app)
