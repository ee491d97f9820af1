"""Who is acting: the first run asks for a name and a role (kept in the user's config)
instead of silently using the login name; --as overrides; the header says who acts. The
question is asked only when a person sits at the terminal, so no test or script waits."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle, type_in

from stc_bench.config import load_config, should_ask_identity
from stc_bench.domain.model import Person, Theme
from stc_bench.tui.app import make_app
from stc_bench.tui.identity import IdentityScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def test_asked_only_at_a_terminal_without_as_and_without_a_configured_actor(monkeypatch):
    import sys

    class Tty:
        def isatty(self):
            return True
    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(sys, "stdout", Tty())
    assert should_ask_identity(None)
    assert not should_ask_identity("kari")  # --as
    from stc_bench.config import set_config_value

    set_config_value("actor", "kari")
    assert not should_ask_identity(None)


def test_never_asked_when_not_at_a_terminal(capsys):
    assert not should_ask_identity(None)  # pytest's captured streams are no terminal


@pytest.mark.parametrize("defer_open", [False, True])  # True: as `stc-bench open` does
async def test_the_first_run_asks_name_and_role_and_the_trail_names_them(project_path, wb,
                                                                         defer_open):
    app = make_app(project_path, ask_identity=True, defer_open=defer_open)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 2)
        assert isinstance(app.screen, IdentityScreen)
        app.screen.query_one("#identity-name").value = ""
        await type_in(pilot, "Ingrid Veileder")
        await pilot.press("enter", "down", "enter")  # the name, then the second role
        await settle(app, pilot, 2)
        assert app.wb.actor == "Ingrid Veileder"
        assert "as Ingrid Veileder (supervisor)" in screen_text(app)  # the header
        assert load_config()["actor"] == "Ingrid Veileder" and load_config()["role"] == "supervisor"
        assert [p.role for p in app.wb.list(Person) if p.name == "Ingrid Veileder"] == ["supervisor"]
        await pilot.press("1", "a")
        await pilot.pause()
        await type_in(pilot, "Mestring")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.wb.log()[-1].actor == "Ingrid Veileder" and app.wb.list(Theme)
        await pilot.press("ctrl+q")
    # the next run knows who is acting and does not ask
    assert not should_ask_identity(None)


async def test_esc_keeps_the_login_name_for_this_run_and_asks_nothing_else(project_path, wb):
    app = make_app(project_path, actor=None, ask_identity=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 2)
        login = app.wb.actor
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, IdentityScreen) and app.wb.actor == login
        assert "actor" not in load_config()
        await pilot.press("ctrl+q")


async def test_review_mode_header_names_the_reviewer(project_path, wb):
    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "review (read only) by veileder" in screen_text(app)
        await pilot.press("ctrl+q")
