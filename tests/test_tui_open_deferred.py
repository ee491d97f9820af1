"""``stc-bench open`` shows its first frame before it opens the project (issue 13): the
title, the labels' language and who acts are read with sqlite3 alone, the Workbench is
opened in a thread after that frame, and the overview fills when it is ready."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest
from helpers.study import downgrade
from helpers.tui import screen_text, settle, until

from stc_bench.domain.errors import ProjectBusy
from stc_bench.services import Workbench
from stc_bench.storage import migrate
from stc_bench.tui.app import make_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.sqlite_only("the first frame's stdlib sqlite3 quick read")
def test_the_first_frame_needs_no_sqlalchemy_and_no_other_screen(wb, doc, project_path):
    """Building the app for `open` imports neither the service layer's SQLAlchemy nor the
    step screens (checked in a fresh interpreter, by the modules it holds)."""
    probe = ("import sys\nfrom stc_bench.tui.app import make_app\n"
             f"app = make_app({str(project_path)!r}, actor='kari', defer_open=True)\n"
             "print(app.title, '|', app.sub_title, '|', sorted(m for m in ('sqlalchemy', "
             "'stc_bench.services.workbench', 'stc_bench.tui.step2', 'stc_bench.ingest') "
             "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "Jobbstøtte og psykisk helse | as kari | []"


async def test_the_overview_fills_once_the_project_is_open(wb, doc, project_path):
    wb.add_theme("Å bli trodd på")
    app = make_app(project_path, actor="kari", defer_open=True)
    assert app.open_error is None
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Step 1 — total impression: 1 preliminary theme" in text
        assert "JS1.txt" in text and "as kari" in text
        assert app.document_id == doc.id  # where steps 1 and 2 start, set by the opening
        await pilot.press("2")
        await settle(app, pilot)
        assert app.current_mode == "step2" and "JS1" in screen_text(app)
    assert app.open_error is None


async def test_a_key_pressed_while_the_project_opens_waits_for_it(wb, doc, project_path):
    app = make_app(project_path, actor="kari", defer_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")  # at once: the goto waits for the Workbench
        await settle(app, pilot)
        assert app.current_mode == "step1" and app.document_id == doc.id


@pytest.mark.sqlite_only('the deferred open after the stdlib sqlite3 first frame')
async def test_a_project_that_fails_to_open_after_the_first_frame_ends_the_app(
        wb, project_path, monkeypatch):
    def busy(*_args, **_kwargs):
        raise ProjectBusy(f"{project_path}: project is busy (another stc-bench process is "
                          "writing to it); try again")

    app = make_app(project_path, actor="kari", defer_open=True)
    monkeypatch.setattr(Workbench, "open", busy)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.return_code is not None, "the app to take in the failed opening")
    assert app.return_code == 2 and isinstance(app.open_error, ProjectBusy)


@pytest.mark.sqlite_only('the backup copy of an older file, made before the app starts')
async def test_a_file_to_upgrade_is_opened_before_the_app_starts(wb, project_path, tmp_path):
    """The quick read is for the newest schema only: an older file is migrated (backup
    first) before the terminal is taken, as before."""
    wb.close()
    old = tmp_path / "old.stc"
    shutil.copy(project_path, old)
    # genuinely older: taken back one revision by its own migration (a stamped-down file
    # at the newest schema fails the next migration that adds a column)
    downgrade(old, "-1")
    con = sqlite3.connect(str(old))
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] != migrate.HEAD
    finally:
        con.close()
    app = make_app(old, actor="kari", defer_open=True)
    assert app._opening is None and app.wb.migration.backup is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "No transcripts yet" in screen_text(app)
