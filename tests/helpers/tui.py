"""Helpers for Pilot tests of the TUI."""

from __future__ import annotations

import asyncio
import time


def screen_text(app) -> str:
    """Everything the screen shows, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for_workers(app) -> None:
    """Wait for every worker the app has now. One cancelled meanwhile is not an error: an
    exclusive worker (the trail watch's read of the head) is cancelled when its next run
    starts, and Textual's ``wait_for_complete`` would raise ``WorkerCancelled`` for it."""
    from textual.worker import WorkerCancelled

    results = await asyncio.gather(*[w.wait() for w in list(app.workers)], return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
            raise result


async def settle(app, pilot, pauses: int = 1) -> None:
    """Wait for the app's workers, then for the messages they post (``pauses`` rounds),
    until every write's callback (the refresh that shows it) has run."""
    await wait_for_workers(app)
    for _ in range(pauses):
        await pilot.pause()
    while getattr(app, "writes_running", 0):
        await pilot.pause()


async def type_in(pilot, text: str) -> None:
    """Type ``text`` key by key."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def until(pilot, condition, what: str, seconds: float = 60) -> None:
    """Wait until ``condition()`` holds, letting the app run between looks (each look
    after the app is idle, not after a fixed time); the bound only turns a hang into a
    failure."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        await pilot.pause()
