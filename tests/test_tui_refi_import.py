"""The import dialog takes a REFI-QDA .qdpx (a project from NVivo, MAXQDA …) as it takes
transcripts: imported whole in one undoable step, with its summary; a broken one is named
in one line and leaves the project as it was."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text
from test_tui_import import importing_into_a_new_project, notices

from stc_bench.demo import build_demo
from stc_bench.domain.model import Document, MeaningUnit
from stc_bench.export.qdpx import export_qdpx
from stc_bench.services import Workbench

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="module")
def demo_qdpx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refi")
    demo = folder / "demo.stc"
    build_demo(demo).close()
    with Workbench.open(demo, read_only=True) as wb:
        path, _ = export_qdpx(wb, demo, folder / "studie.qdpx")
        want = (len(wb.list(MeaningUnit)), [g.name for g in wb.code_groups()])
    return path, want


async def test_a_qdpx_named_in_the_import_dialog_is_imported_whole(demo_qdpx, project_path):
    path, (units, groups) = demo_qdpx
    async with importing_into_a_new_project(project_path, path) as (app, _pilot):
        said = notices(app)
        assert any(n.startswith("studie.qdpx\nimported: ") and f"{units} meaning units" in n
                   for n in said), said
        assert not notices(app, "error")
        assert "JS1" in screen_text(app)  # the overview lists the transcripts
    with Workbench.open(project_path, read_only=True) as wb:
        assert [g.name for g in wb.code_groups()] == groups
        assert len(wb.list(MeaningUnit)) == units
        assert [e.action for e in wb.log()] == ["project.create", "exchange.import"]


async def test_a_broken_qdpx_is_named_and_nothing_is_written(tmp_path, project_path):
    broken = tmp_path / "ødelagt.qdpx"
    broken.write_bytes(b"PK\x03\x04 ikke en zip")
    async with importing_into_a_new_project(project_path, broken) as (app, _pilot):
        errors = notices(app, "error")
        assert len(errors) == 1 and "ødelagt.qdpx" in errors[0] and "\n" not in errors[0], errors
    with Workbench.open(project_path, read_only=True) as wb:
        assert not wb.list(Document) and [e.action for e in wb.log()] == ["project.create"]
