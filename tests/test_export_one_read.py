"""An export reads the project in one read transaction: a unit deleted by another
process while the export reads cannot leave a chapter with a quote of it."""

from __future__ import annotations

from helpers.study import build_small_study

from stc_bench.domain.model import MeaningUnit, Quote
from stc_bench.export.api import ExportOptions, export_md
from stc_bench.export.snapshot import load_snapshot
from stc_bench.services import Workbench


def _quoted_study(path):
    with Workbench.create(path, title="Jobbstøtte", actor="kari") as wb:
        built = build_small_study(wb)
        unit = built["units"][0]
        wb.add_quote(unit.id, subgroup_id=built["subgroup"].id)
    return unit


def _delete_midway(reader: Workbench, path, unit_id: int):
    """Let ``reader`` read normally, but have another process delete the unit the first
    time the export reads the units (after it has read the quotes)."""
    original = reader.list
    state = {"done": False}

    def list_then_delete(cls, *args, **kw):
        if cls is MeaningUnit and not state["done"]:
            state["done"] = True
            with Workbench.open(path, actor="annen") as other:
                other.delete_unit(unit_id)
        return original(cls, *args, **kw)

    reader.list = list_then_delete
    return state


def test_snapshot_inside_one_read_is_one_state(project_path):
    unit = _quoted_study(project_path)
    with Workbench.open(project_path, read_only=True) as wb:
        state = _delete_midway(wb, project_path, unit.id)
        with wb.one_read():
            snapshot = load_snapshot(wb)
        assert state["done"]
        assert all(q.unit_id in snapshot.units for q in snapshot.quotes)
        assert unit.id in snapshot.units and snapshot.quotes
        assert wb.list(Quote) == [] and unit.id not in {u.id for u in wb.list(MeaningUnit)}


def test_export_reads_one_state(project_path, tmp_path, monkeypatch):
    from stc_bench.export import api

    unit = _quoted_study(project_path)
    seen = []
    monkeypatch.setattr(api, "load_snapshot", lambda wb: seen.append(load_snapshot(wb)) or seen[-1])
    with Workbench.open(project_path, read_only=True) as wb:
        state = _delete_midway(wb, project_path, unit.id)
        result = export_md(wb, project_path, tmp_path / "kapittel.md",
                           ExportOptions(part="chapter"))
    assert state["done"] and result.path.exists()
    snapshot = seen[0]
    assert snapshot.quotes and all(q.unit_id in snapshot.units for q in snapshot.quotes)
