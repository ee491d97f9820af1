"""Every screen's footer fits: at 120×40 and 80×24, in English and Norwegian, each key the
footer shows is there in full (key and label), none cut at the right edge or hidden
under the command-palette key. Rare keys are kept out of the footer (``show=False``):
they stay in the command palette and in ``?`` help."""

from __future__ import annotations

import pytest
from helpers.tui import settle, until
from textual.widgets import Footer, Input, TextArea
from textual.widgets._footer import FooterKey

from stc_bench.tui.app import make_app
from stc_bench.tui.footer import FittedFooter
from stc_bench.tui.i18n import set_language
from stc_bench.tui.recontext import RecontextScreen

pytestmark = pytest.mark.anyio

#: Each screen and the keys that bring it up (from the overview).
SCREENS = {
    "overview": (), "step1": ("1",), "step2": ("2",), "step3": ("3",), "step4": ("4",),
    "step4-units": ("4", "tab", "tab"), "coverage": ("5",), "records": ("6",), "search": ("slash",),
    "search-hits": ("slash", *"tro", "enter"), "recontext": ("3", "o"),
}
SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def analysed(wb, doc, project_path):
    """One interview with a unit in a code group, a subgroup and analytic text."""
    text = doc.text
    group = wb.add_code_group("Å bli trodd på")
    unit = wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14,
                          [group.id])
    sub = wb.add_subgroup(group.id, "Noen som har tro på meg")
    wb.assign_unit(unit.id, sub.id)
    wb.set_analytic_text("Informanten beskrev at det betydde mye at noen trodde på henne.",
                         subgroup_id=sub.id)
    return project_path


def footer_problems(app) -> list[str]:
    """The footer keys (and group labels) that do not show in full: cut at the screen's
    right edge or under the command-palette key docked there."""
    footer = app.screen.query_one(Footer)
    palette = [k for k in footer.query(FooterKey) if k.has_class("-command-palette")]
    right = palette[0].region.x if palette else footer.region.right
    problems = []
    for item in footer.query("FooterKey, FooterLabel"):
        if item in palette or not visible(item, footer):
            continue  # left out whole (it is in the command palette and in help)
        if item.region.right > right or item.region.width == 0:
            name = item.description if isinstance(item, FooterKey) else str(item.render())
            shown = item.key_display if isinstance(item, FooterKey) else ""
            problems.append(f"{shown} {name}".strip())
    return problems


def visible(item, footer) -> bool:
    return all(node.display for node in item.ancestors_with_self if node is not footer
               and footer in node.ancestors)


def shown_labels(app) -> list[str]:
    """The labels of the keys the footer shows (in full)."""
    footer = app.screen.query_one(Footer)
    return [str(item.description if isinstance(item, FooterKey) else item.render())
            for item in footer.query("FooterKey, FooterLabel")
            if visible(item, footer) and (not isinstance(item, FooterKey) or item.description)]


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS), ids=list(SCREENS))
async def test_the_footer_shows_its_keys_in_full(analysed, monkeypatch, screen, size, language):
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8" if language == "nb" else "C.UTF-8")
    try:
        app = make_app(analysed, actor="kari")
        async with app.run_test(size=SIZES[size]) as pilot:
            for key in SCREENS[screen]:
                await pilot.press(key)
                await settle(app, pilot, pauses=2)
            await settle(app, pilot)
            footer = app.screen.query_one(FittedFooter)
            # it fits itself after a layout of the screen
            await until(pilot, lambda: footer.fitted, "the footer to be fitted")
            if screen == "recontext":
                assert isinstance(app.screen, RecontextScreen)
            assert app.screen.query_one(Footer).children, "an empty footer"
            assert footer_problems(app) == [], (screen, size, language, shown_labels(app))
            shown = shown_labels(app)
            assert len(shown) >= 3, shown  # the screen's own keys, not only the palette's
            if not isinstance(app.focused, Input | TextArea):  # there `?` is typed
                assert {"Help", "Hjelp"} & set(shown[:2]), shown
            if screen == "step4-units":
                assert app.focused.id == "units"
            if screen == "search-hits":
                assert app.focused.id == "hits"
    finally:
        set_language("en")
