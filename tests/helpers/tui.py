"""Helpers for Pilot tests of the TUI."""

from __future__ import annotations


def screen_text(app) -> str:
    """Everything the screen shows, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app, pilot, pauses: int = 1) -> None:
    """Wait for the app's workers, then for the messages they post (``pauses`` rounds),
    until every write's callback (the refresh that shows it) has run."""
    await app.workers.wait_for_complete()
    for _ in range(pauses):
        await pilot.pause()
    while getattr(app, "writes_running", 0):
        await pilot.pause()


async def type_in(pilot, text: str) -> None:
    """Type ``text`` key by key."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
