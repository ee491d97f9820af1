"""``status`` counts in SQL (issue 13) and must give the figures it gave when it listed
every row: the old computation is kept here, over full listings, as the reference."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

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
from stc_bench.services.status import quick_status
from stc_bench.storage import quick
from stc_bench.storage.models import TABLES, StoredJSON


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


@pytest.mark.sqlite_only('quick_status, the stdlib sqlite3 read path')
def test_small_study_figures_match_the_listed_ones(wb, project_path):
    study = build_small_study(wb)
    status = assert_same_figures(wb)
    assert quick_status(project_path) == status  # the sqlite3 path of `stc-bench status`
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
    assert quick_status(path) == status


def test_the_quick_path_converts_the_columns_the_tables_convert():
    """Booleans and JSON: the positions storage/quick.py converts are those of the tables'
    Boolean and StoredJSON columns (one fact, checked here rather than kept twice)."""
    for name, table in TABLES.items():
        if name == "audit_event":
            continue  # the quick path reads only the head's seq and hash
        kinds = tuple((i, "bool" if type(c.type).__name__ == "Boolean" else "json")
                      for i, c in enumerate(table.columns)
                      if type(c.type).__name__ == "Boolean" or isinstance(c.type, StoredJSON))
        assert quick.CONVERSIONS[name] == kinds, name


def test_the_quick_path_steps_aside_for_what_it_cannot_read(demo_copy, tmp_path):
    """Not at the newest schema, not a project, a URL, a table it cannot read: None, and
    the Workbench path (which migrates, or names the problem) takes over."""
    old = tmp_path / "old.stc"
    shutil.copy(demo_copy, old)
    sqlite_exec(old, ("UPDATE alembic_version SET version_num = '0008'", ()))
    assert quick_status(old) is None
    foreign = tmp_path / "foreign.stc"
    sqlite_exec(foreign, ("CREATE TABLE t (x)", ()))
    assert quick_status(foreign) is None
    assert quick_status(tmp_path / "missing.stc") is None
    assert quick_status(tmp_path) is None  # a folder
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.stc")
        assert quick_status(tmp_path / "pipe.stc") is None  # at once: never opened
    assert quick_status(f"sqlite:///{demo_copy}") is None
    broken = tmp_path / "broken.stc"
    shutil.copy(demo_copy, broken)
    sqlite_exec(broken, ("DROP TABLE quote", ()))
    with quick.open_current(broken) as tx:
        assert tx is not None  # at HEAD with a project row: it fails part-way …
    assert quick_status(broken) is None  # … and gives way instead of crashing
    assert quick_status(demo_copy) is not None  # the same file at HEAD: read quickly


def test_status_command_reads_a_current_file_without_sqlalchemy(demo_copy, tmp_path):
    path = tmp_path / "demo.stc"
    shutil.copy(demo_copy, path)
    probe = ("import sys, io, contextlib; from stc_bench import cli\n"
             "out = io.StringIO()\n"
             "with contextlib.redirect_stdout(out): code = cli.main(['status', '--json', sys.argv[1]])\n"
             "print(code, 'sqlalchemy' in sys.modules, len(out.getvalue()))")
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                          text=True, check=True)
    code, loaded, printed = done.stdout.split()
    assert (code, loaded) == ("0", "False") and int(printed) > 500
