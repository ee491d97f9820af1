"""The search screen: keyword in context from any screen, a hit made into a meaning unit,
a hit opened in its transcript."""

from __future__ import annotations

import pytest
from helpers.study import import_interview
from helpers.tui import screen_text, wait_for_workers

from stc_bench.domain.model import MeaningUnit
from stc_bench.nlp import search
from stc_bench.tui.app import make_app
from stc_bench.tui.search import SearchScreen
from stc_bench.tui.transcript import TranscriptView

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def settle(app, pilot) -> None:
    for _ in range(3):
        await wait_for_workers(app)
        await pilot.pause()


async def search_for(app, pilot, query: str) -> None:
    await pilot.press("slash")
    await settle(app, pilot)
    assert isinstance(app.screen, SearchScreen)
    await pilot.press(*[{" ": "space", '"': "quotation_mark"}.get(c, c) for c in query], "enter")
    await settle(app, pilot)


async def test_search_from_step3_lists_hits_in_context_and_marks_a_sentence(wb, doc, project_path):
    second = import_interview(wb)
    group = wb.add_code_group("Å bli trodd på")
    text = doc.text
    wb.create_unit(doc.id, text.index("At noen trodde"), text.index(" Før hadde"), [group.id])
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(130, 36)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        await search_for(app, pilot, "tro")  # trodde (JS1, in a unit), trodde (JS2, not)
        screen = app.screen
        assert [(h.informant, h.match) for h in screen.hits] == [("JS1", "trodde"), ("JS2", "trodde")]
        shown = screen_text(app)
        assert "2 hits for tro" in shown
        assert "Å bli trodd på" in shown  # the JS1 hit's code group
        assert [h.in_unit for h in screen.hits] == [True, False]
        await pilot.press("down")  # the JS2 hit
        await pilot.press("u")
        await settle(app, pilot)
        [unit] = app.wb.units(second.id)
        assert unit.snippet == ("Jeg hadde vært sykmeldt i to år, og jeg trodde ærlig talt ikke "
                                "at noen arbeidsgiver ville ha meg.")
        assert screen.hits[1].in_unit  # searched again: now inside the new unit
        await pilot.press("up", "u")  # already in a unit: nothing new
        await settle(app, pilot)
        assert len(app.wb.list(MeaningUnit)) == 2


async def test_open_a_hit_in_its_transcript(wb, doc, project_path):
    second = import_interview(wb)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 36)) as pilot:
        await search_for(app, pilot, "=sjefen")
        [hit] = app.screen.hits
        await pilot.press("t")
        await settle(app, pilot)
        assert app.current_mode == "step2" and app.document_id == second.id
        view = app.screen.query_one(TranscriptView)
        assert view.selection == (hit.start, hit.end)
        assert second.text[hit.start:hit.end] == "sjefen"


async def test_search_with_no_hits_and_markup_like_text_is_verbatim(wb, project_path):
    from helpers.study import labelled_draft

    text = "I: Og så?\nJS3: Da sa [Navn] [bold]nei[/bold] jobben [latter].\n"
    wb.import_transcript(labelled_draft(text), source_name="JS3.txt", source_sha256="3" * 64,
                         informant="JS3")
    app = make_app(project_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await search_for(app, pilot, "jobb")
        assert "[Navn] [bold]nei[/bold] jobben [latter]." in screen_text(app)
        assert "[bold]" in app.screen.query_one("#hits").entries[0].plain  # the line as listed
        await pilot.press("slash")
        await pilot.press("ctrl+a", *"ingenting", "enter")
        await settle(app, pilot)
        assert app.screen.hits == [] and "0 hits for" in screen_text(app)


async def test_a_frequent_word_lists_every_hit_one_line_each(wb, project_path):
    """More hits than the old cap of 500: the first page at once, the next ones as the
    highlight nears the end (End, End …), one line per hit (line-API list); the last one
    opens in its transcript."""
    from helpers.study import labelled_draft

    from stc_bench.tui.linelist import LineList

    turns = "".join(f"I: Og uke {n}?\nJS4: Jobben gikk greit, jobben var [latter] fin, og jobben "
                    f"ga meg noe å gå til hver dag i uke {n}.\n" for n in range(1, 241))
    doc = wb.import_transcript(labelled_draft(turns), source_name="JS4.txt", source_sha256="4" * 64,
                               informant="JS4")
    app = make_app(project_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(app, pilot, "jobb")
        hits = app.screen.query_one("#hits", LineList)
        assert len(app.screen.hits) == hits.entry_count == 100  # a page
        assert "100+ hits for jobb" in screen_text(app)
        assert "[latter]" in screen_text(app)
        for listed in (200, 300, 400, 500, 600, 700, 720):
            await pilot.press("end")
            await settle(app, pilot)
            assert len(app.screen.hits) == hits.entry_count == listed
        assert "720 hits for jobb" in screen_text(app)
        assert [h.start for h in app.screen.hits] == [h.start for h in search(wb, "jobb")]
        assert [e.key for e in hits.entries] == [str(i) for i in range(720)]
        assert hits.virtual_size.height == 720  # one line per hit
        await pilot.press("end")
        assert hits.highlighted == 719
        last = app.screen.hits[-1]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "step2" and app.document_id == doc.id
        assert app.screen.query_one(TranscriptView).selection == (last.start, last.end)
