"""Regenerate the SVG screenshots in this folder from the demo project.

    .venv/bin/python docs/screens/make_screens.py

Builds the demo (``stc_bench.demo.build_demo``) in a temporary folder, drives the real
app with the Pilot at 120×36 and saves one screenshot per screen with
``app.save_screenshot``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

#: screen name → keys pressed after the overview has loaded
SCREENS = {
    "overview": [],
    "step1": ["1"],
    "step2": ["2", "n", "n"],
    "step3": ["3"],
    "step4": ["4", "down"],
    "search": ["slash", *"jobbe", "enter"],
    "help": ["3", "question_mark"],
    "coverage": ["5"],
    "records": ["6"],
    "import": ["i", *"stc_bench/data/demo/"],
}


async def shoot(project: Path, name: str, keys: list[str]) -> Path:
    from stc_bench.tui.app import make_app

    app = make_app(project, actor="demo")
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot(filename=f"{name}.svg", path=str(HERE)))


def main() -> int:
    os.environ.setdefault("STC_PIPELINE", "default")  # the same screens with or without nb_core
    os.environ["COLORTERM"] = "truecolor"  # Textual's default theme, whatever this terminal is
    from stc_bench.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo.stc"
        build_demo(project, actor="demo").close()
        for name, keys in SCREENS.items():
            print(asyncio.run(shoot(project, name, keys)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
