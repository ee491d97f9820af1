"""The line-API list (tui/linelist.py) on its own and as step 3's list of meaning units."""

from __future__ import annotations

import pytest
from helpers.tui import wait_for_workers
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from stc_bench.domain.model import Assignment, Subgroup
from stc_bench.domain.offsets import covered
from stc_bench.tui.app import make_app
from stc_bench.tui.linelist import Entry, LineList, line_starts

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


SAYINGS = [
    "Jobbspesialisten ringte meg hver uke, og det betydde mye.",
    "Altså [latter], jeg visste ikke hva jeg gikk til med [bold]sjefen[/bold] der.",
    "Før hadde jeg bare møtt folk som snakket om begrensninger, men nå var det plutselig noen "
    "som snakket om hva jeg kunne få til på arbeidsplassen, og det gjorde meg tryggere.",
    "[Navn] sa at jeg kunne begynne med fire timer i uka.",
]


class ListApp(App):
    """A bare app with one list of interview sayings."""

    def __init__(self, entries: list[Entry]):
        super().__init__()
        self.entries = entries
        self.seen: list[tuple[str, int | None, str | None]] = []

    def compose(self) -> ComposeResult:
        yield LineList(id="sayings")

    def on_mount(self) -> None:
        sayings = self.query_one(LineList)
        sayings.set_entries(self.entries)
        sayings.focus()

    def on_line_list_highlighted(self, event: LineList.Highlighted) -> None:
        self.seen.append(("highlighted", event.index, event.key))

    def on_line_list_selected(self, event: LineList.Selected) -> None:
        self.seen.append(("selected", event.index, event.key))


def entries(n: int = 4) -> list[Entry]:
    return [Entry(f"u{i}", [(f"JS{i % 3 + 1}: ", "bold"), (SAYINGS[i % len(SAYINGS)], None),
                            ("  → 1", "green")]) for i in range(n)]


def shown(app) -> list[str]:
    """The screen's lines (a no-break space, which keeps "→ 1" together, read as a space)."""
    return [strip.text.replace("\xa0", " ") for strip in app.screen._compositor.render_strips()]


async def test_keys_move_the_highlight_and_enter_selects():
    app = ListApp(entries(60))
    async with app.run_test(size=(60, 20)) as pilot:
        sayings = app.query_one(LineList)
        assert sayings.highlighted == 0 and sayings.highlighted_key == "u0"
        await pilot.press("down", "down")
        assert sayings.highlighted == 2
        await pilot.press("up")
        assert sayings.highlighted == 1
        await pilot.press("end")
        assert sayings.highlighted == 59
        assert sayings.scroll_offset.y > 0  # the last entry is scrolled into view
        assert "JS3: " in shown(app)[-2] or any("JS" in line for line in shown(app)[-4:])
        await pilot.press("home")
        assert sayings.highlighted == 0 and sayings.scroll_offset.y == 0
        await pilot.press("pagedown")
        first_line, _count = sayings.lines_of(sayings.highlighted)
        assert 10 <= first_line <= 20  # about one page (16 lines of content) further on
        await pilot.press("enter")
        await pilot.pause()
        assert app.seen[-1] == ("selected", sayings.highlighted, sayings.highlighted_key)
        assert ("highlighted", 2, "u2") in app.seen


async def test_long_entries_wrap_to_several_lines_and_text_stays_verbatim():
    app = ListApp(entries(4))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        sayings = app.query_one(LineList)
        width = sayings.scrollable_content_region.width
        _first, long_lines = sayings.lines_of(2)
        assert long_lines >= 3  # about 180 characters in a 54-cell wide list
        assert sayings.lines_of(0)[1] == 2  # JS1: + 56 characters + marker: just over one line
        text = "\n".join(shown(app))
        assert "[latter]" in text and "[bold]sjefen[/bold]" in text and "[Navn] sa at" in text
        words = " ".join(line.strip() for line in shown(app) if line.strip()).split()
        for saying in SAYINGS:
            for word in saying.split():
                assert word in words  # no word lost or cut at a line end
        assert all(cell_len(line.rstrip()) <= width + 4 for line in shown(app))


async def test_replacing_an_entry_reflows_only_as_needed_and_keeps_the_highlight():
    app = ListApp(entries(6))
    async with app.run_test(size=(60, 20)) as pilot:
        sayings = app.query_one(LineList)
        await pilot.press("down")
        total = sayings.virtual_size.height
        sayings.replace_entry(1, Entry("u1", [("JS2: ", "bold"), ("Kort.", None)]))
        await pilot.pause()
        assert sayings.highlighted == 1
        assert sayings.virtual_size.height == total - sayings.lines_of(1)[1] + 0 or \
            sayings.virtual_size.height < total
        assert any("JS2: Kort." in line for line in shown(app))
        sayings.set_entries(entries(3), keep="u1")
        assert sayings.highlighted == 1
        sayings.set_entries([])
        assert sayings.highlighted is None and sayings.highlighted_key is None


async def test_a_named_page_comes_back_with_its_layout_highlight_and_scroll(monkeypatch):
    first, second = entries(300), entries(40)
    app = ListApp(first)
    async with app.run_test(size=(60, 12)) as pilot:
        sayings = app.query_one(LineList)
        sayings.set_entries(first, page="Å bli trodd på")
        await pilot.press("pagedown", "pagedown", "down")
        at, top = sayings.highlighted, sayings.scroll_offset.y
        assert at > 5 and top > 0
        sayings.set_entries(second, page="Tempoet")  # a page not seen before: from the top
        await pilot.pause()
        assert (sayings.highlighted, sayings.scroll_offset.y) == (0, 0)
        assert sayings.entries is second  # kept, not copied
        laid = []
        monkeypatch.setattr("stc_bench.tui.linelist.layout",
                            lambda *a: laid.append(a) or pytest.fail("laid out again"))
        sayings.set_entries(first, page="Å bli trodd på")
        await pilot.pause()
        assert (sayings.highlighted, sayings.scroll_offset.y) == (at, top) and laid == []
        assert "Jobbspesialisten ringte meg" in "".join(
            strip.text for strip in app.screen._compositor.render_strips())
        monkeypatch.undo()
        # the same name with another list object: laid out afresh, highlight kept by key
        changed = [*first[:10], Entry("ny", [("JS9: ", "bold"), ("[latter] Ny enhet.", None)]),
                   *first[10:]]
        sayings.set_entries(changed, keep=first[at].key, page="Å bli trodd på")
        await pilot.pause()
        assert sayings.highlighted_key == first[at].key and sayings.entry_count == 301


@given(st.text(alphabet="abc æøå日本 ", max_size=120), st.integers(min_value=8, max_value=40))
def test_line_starts_cover_the_text_within_the_width(text, width):
    starts = line_starts(text, width)
    assert starts[0] == 0 and starts == sorted(set(starts))
    ends = [*starts[1:], len(text)]
    for start, end in zip(starts, ends, strict=True):
        assert cell_len(text[start:end].rstrip(" ")) <= width


def test_covered_share_matches_counting_code_point_by_code_point():
    turns = [(0, 40), (50, 90), (100, 130)]
    units = [(5, 15), (10, 20), (35, 55), (120, 200)]
    by_hand = sum(1 for s, e in turns for p in range(s, e) if any(a <= p < b for a, b in units))
    assert covered(turns, units) == by_hand == 15 + 5 + 5 + 10


# -- step 3 uses it for the units of a code group ------------------------------------------


@pytest.fixture
def coded(wb, doc):
    group = wb.add_code_group("Å bli trodd på")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1,
                           [group.id])
    second = wb.create_unit(doc.id, text.index("At noen"), text.index("Æ, ø") - 1, [group.id])
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    return group, sub, first, second


async def test_step3_units_wrap_show_brackets_verbatim_and_number_keys_assign(coded, project_path):
    group, sub, first, second = coded
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("alt+3")
        await wait_for_workers(app)
        await pilot.pause()
        units = app.screen.query_one("#units", LineList)
        assert units.entry_count == 2 and units.highlighted_key == str(first.id)
        assert units.lines_of(1)[1] >= 2  # the second unit wraps in the left pane
        text = "\n".join(shown(app))
        assert "JS1: Jeg var veldig usikker i starten, altså [latter]," in text  # verbatim
        assert "(no subgroup)" in text
        await pilot.press("down", "1")
        await pilot.pause()
        assert [a.unit_id for a in app.wb.list(Assignment, subgroup_id=sub.id)] == [second.id]
        assert "→ 1" in "\n".join(shown(app))
        assert "1 units" in "\n".join(shown(app))  # the subgroup's count follows
        await pilot.press("q")
        await pilot.pause()
        assert app.wb.get(Subgroup, sub.id).golden_quote_unit_id == second.id
        assert units.entries[1].plain.endswith("→\xa01  ★ golden quote of 1")
        assert "★ golden" in "\n".join(shown(app))
        await pilot.press("1")  # again: out of the subgroup
        await pilot.pause()
        assert app.wb.list(Assignment, subgroup_id=sub.id) == []
        assert units.highlighted == 1


async def test_step3_sees_a_change_made_elsewhere_after_undo(coded, project_path):
    group, sub, first, second = coded
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("alt+3")
        await wait_for_workers(app)
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "→ 1" in "\n".join(shown(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.wb.list(Assignment) == []
        assert "→ 1" not in "\n".join(shown(app))
