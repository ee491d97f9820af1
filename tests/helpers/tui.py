"""Helpers for Pilot tests of the TUI."""

from __future__ import annotations


def screen_text(app) -> str:
    """Everything the screen shows, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app, pilot) -> None:
    """Wait for the app's workers and the messages they post."""
    await app.workers.wait_for_complete()
    await pilot.pause()
