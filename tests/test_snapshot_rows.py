"""``repository.snapshot`` (the row dict recorded in the trail) is what
``dataclasses.asdict`` gave, without its deep copy of every value (issue 13)."""

from __future__ import annotations

import dataclasses

from stc_bench.domain.model import ENTITIES, Project
from stc_bench.storage.repository import snapshot


def test_snapshot_equals_asdict_for_every_entity():
    for cls in ENTITIES.values():
        values = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
                continue
            values[f.name] = 7 if f.type in ("int", "int | None") else f"{f.name} ø"
        obj = cls(**values)
        snap = snapshot(obj)
        assert snap == dataclasses.asdict(obj), cls.__name__
        assert list(snap) == [f.name for f in dataclasses.fields(cls)]


def test_a_json_column_is_copied_not_shared():
    project = Project(id=1, title="Jobbstøtte", research_question="", language="nb",
                      created_at="2026-12-01", settings={"label_style": ["role"]})
    snap = snapshot(project)
    snap["settings"]["label_style"].append("x")
    assert project.settings == {"label_style": ["role"]}
