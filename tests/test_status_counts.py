"""``status`` counts in SQL (issue 13) and must give the figures it gave when it listed
every row: the old computation is kept here, over full listings, as the reference."""

from __future__ import annotations

import shutil

import pytest
from helpers.study import build_small_study, sqlite_exec

from stc_bench.demo import build_demo
from stc_bench.domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Condensate,
    Document,
    Informant,
    MeaningUnit,
    Quote,
    Subgroup,
    Theme,
    Turn,
    Validation,
)
from stc_bench.services import Workbench


def listed_figures(wb: Workbench) -> dict:
    """The per-unit figures and warnings as the old ``status`` derived them from lists."""
    docs, units = wb.list(Document), wb.list(MeaningUnit)
    codings, assignments = wb.list(Coding), wb.list(Assignment)
    subgroups = wb.list(Subgroup)
    texts = wb.list(AnalyticText)
    validated = {v.unit_id for v in wb.list(Validation)}
    coded = {c.unit_id for c in codings}
    with_subs = {s.code_group_id for s in subgroups}
    assigned = {a.unit_id for a in assignments}
    titles = {d.id: d.title for d in docs}
    return {
        "documents": len(docs), "turns": len(wb.list(Turn)),
        "words": sum(len(d.text.split()) for d in docs),
        "informants": len(wb.list(Informant)), "themes": len(wb.list(Theme)),
        "code_groups": len(wb.list(CodeGroup)), "meaning_units": len(units),
        "uncoded_units": len({u.id for u in units} - coded), "codings": len(codings),
        "subgroups": len(subgroups), "assignments": len(assignments),
        "condensates": sum(1 for c in wb.list(Condensate) if c.text.strip()),
        "golden_quotes": sum(1 for s in subgroups if s.golden_quote_unit_id),
        "analytic_texts": sum(1 for t in texts if t.text.strip()),
        "quotes": len(wb.list(Quote)), "validations": len(validated),
        "unassigned": len({c.unit_id for c in codings
                           if c.code_group_id in with_subs and c.unit_id not in assigned}),
        "unvalidated": len(coded - validated) if any(t.text.strip() for t in texts) else 0,
        "units_to_review": [{"id": u.id, "status": u.status, "document_id": u.document_id,
                             "document": titles[u.document_id], "start": u.start,
                             "end": u.end, "snippet": u.snippet}
                            for u in units if u.status in ("flagged", "detached")],
    }


def assert_same_figures(wb: Workbench) -> dict:
    status, want = wb.status(), listed_figures(wb)
    for key, value in want.items():
        if key in ("unassigned", "unvalidated"):
            continue
        assert status[key] == value, key
    unassigned = [w for w in status["warnings"] if "not assigned to any subgroup" in w]
    assert unassigned == ([f"{want['unassigned']} coded meaning unit(s) not assigned to any "
                           "subgroup"] if want["unassigned"] else [])
    unvalidated = [w for w in status["warnings"] if "re-read in context" in w]
    assert unvalidated == ([f"{want['unvalidated']} coded meaning unit(s) not yet re-read in "
                            "context (validation)"] if want["unvalidated"] else [])
    assert status["warnings"] == wb.warnings()
    return status


def test_small_study_figures_match_the_listed_ones(wb):
    study = build_small_study(wb)
    status = assert_same_figures(wb)
    assert status["meaning_units"] == 2 and status["uncoded_units"] == 1
    assert status["codings"] == 1 and status["assignments"] == 1
    # a second code group without subgroups: its units are not "unassigned"
    other = wb.add_code_group("Andre erfaringer")
    wb.code_unit(study["units"][1].id, other.id)
    assert not [w for w in assert_same_figures(wb)["warnings"] if "not assigned" in w]
    # coded into the group that has a subgroup, in none of its subgroups: one unassigned
    wb.code_unit(study["units"][1].id, study["group"].id)
    assert "1 coded meaning unit(s) not assigned to any subgroup" in assert_same_figures(wb)["warnings"]
    # in two groups with subgroups: counted once, and not at all once assigned in either
    sub = wb.add_subgroup(other.id, "Andre")
    assert "1 coded meaning unit(s) not assigned to any subgroup" in assert_same_figures(wb)["warnings"]
    wb.assign_unit(study["units"][1].id, sub.id)
    assert assert_same_figures(wb)["uncoded_units"] == 0
    assert not [w for w in assert_same_figures(wb)["warnings"] if "not assigned" in w]


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("status")
    build_demo(folder / "demo.stc", actor="kari").close()
    return folder / "demo.stc"


def test_demo_figures_match_and_flagged_units_are_listed(demo_copy, tmp_path):
    path = tmp_path / "demo.stc"
    shutil.copy(demo_copy, path)
    with Workbench.open(path, actor="kari") as wb:
        status = assert_same_figures(wb)
        assert status["validations"] > 0 and status["analytic_texts"] > 0
        ids = [u.id for u in wb.list(MeaningUnit)][:3]
    # as a revision leaves them (written directly: status only reads them)
    sqlite_exec(path, ("UPDATE meaning_unit SET status='flagged' WHERE id IN (?, ?)", tuple(ids[:2])),
                ("UPDATE meaning_unit SET status='detached' WHERE id = ?", (ids[2],)))
    with Workbench.open(path, actor="kari", read_only=True) as wb:
        status = assert_same_figures(wb)
        assert [u["id"] for u in status["units_to_review"]] == ids
        assert (status["flagged_units"], status["detached_units"]) == (2, 1)
