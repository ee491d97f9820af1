"""``stc-bench segment`` on stdlib ``sqlite3`` (``storage/quick_write.py``, issue 11's speed).

A project file at the newest schema is segmented without importing SQLAlchemy; what is
stored must be exactly what the Workbench stores, a held write lock must be the usual
one-line error, and anything the quick path cannot open must take the Workbench's path.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from conftest import INTERVIEW, draft_from_labelled

from stc_bench.cli import main
from stc_bench.domain.errors import InvalidOffsets, NotFound
from stc_bench.nlp import suggest_units
from stc_bench.services import Workbench
from stc_bench.services.suggestions import SuggestionBench

pytestmark = pytest.mark.sqlite_only("`segment`'s stdlib sqlite3 quick path (SuggestionBench); on PostgreSQL it goes the Workbench way, which test_segment covers")

SECOND = (
    "I: Hvordan var det å begynne?\n"
    "JS2: Det var tungt i starten. Jeg sov dårlig og var redd for å gjøre feil. "
    "Men lederen min tok meg med på alt. Vi spiste lunsj sammen hver dag.\n"
    "I: Og nå?\n"
    "JS2: Nå trives jeg. Jeg har fast stilling og kolleger jeg stoler på.\n"
)


@pytest.fixture
def study(wb):
    docs = [wb.import_transcript(draft_from_labelled(text), source_name=name,
                                 source_sha256=digit * 64, informant=name[:-4])
            for text, name, digit in ((INTERVIEW, "JS1.txt", "1"), (SECOND, "JS2.txt", "2"))]
    return docs


def stored(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT document_id, start, end, status, source FROM suggestion "
                           "ORDER BY document_id, start, status").fetchall()
    finally:
        con.close()


def test_the_sqlite3_path_stores_exactly_what_the_workbench_stores(project_path, wb, study):
    suggest_units(wb)
    first = wb.suggestions(study[0].id)
    wb.accept_suggestion(first[0].id)  # kept, and its span not suggested again
    wb.dismiss_suggestion(first[-1].id)
    wb.set_setting("segment_max_words", 12)  # a finer grain than the first run's
    events = wb.status()["audit_events"]
    assert suggest_units(wb)
    by_workbench = stored(project_path)
    wb.close()
    with SuggestionBench.open(project_path) as bench:
        counts = suggest_units(bench)
    assert stored(project_path) == by_workbench
    assert counts == {d.id: sum(1 for r in by_workbench if r[0] == d.id and r[3] == "open")
                      for d in study}
    with Workbench.open(project_path) as again:
        assert again.status()["audit_events"] == events  # derived data: no event
        assert again.verify().ok


def test_the_command_on_a_current_file_imports_neither_sqlalchemy_nor_other_commands(
        project_path, wb, study):
    wb.close()
    probe = ("import sys\nfrom stc_bench.cli import main\n"
             f"code = main(['--as', 'kari', 'segment', {str(project_path)!r}])\n"
             "print(code, sorted(m for m in sys.modules if m in ('sqlalchemy', 'alembic') "
             "or m.startswith('stc_bench.commands.')))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == (
        "0 ['stc_bench.commands.common', 'stc_bench.commands.segment']")
    assert "suggested meaning units in 2 document(s)" in done.stdout
    assert {r[0] for r in stored(project_path)} == {d.id for d in study}


def test_a_held_write_lock_is_the_one_line_busy_error_and_stores_nothing(
        project_path, wb, study, capsys, monkeypatch):
    wb.close()
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "50")
    other = sqlite3.connect(project_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        assert main(["segment", str(project_path)]) == 2
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert err.startswith(f"stc-bench: error: {project_path}: project is busy")
    assert err.count("\n") == 1
    assert stored(project_path) == []


def test_an_unknown_document_is_a_user_error(project_path, wb, study):
    wb.close()
    with SuggestionBench.open(project_path) as bench, pytest.raises(NotFound, match="document 99"):
        suggest_units(bench, 99)
    assert stored(project_path) == []


def test_what_sqlite3_cannot_open_at_head_goes_the_workbench_way(project_path, wb, study,
                                                                tmp_path, capsys):
    wb.close()
    assert SuggestionBench.open(tmp_path / "missing.stc") is None
    assert SuggestionBench.open(tmp_path) is None
    assert SuggestionBench.open("postgresql://localhost/studie") is None
    (tmp_path / "notes.stc").write_text("ikke en database\n", encoding="utf-8")
    assert SuggestionBench.open(tmp_path / "notes.stc") is None
    con = sqlite3.connect(project_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    assert SuggestionBench.open(project_path) is None
    assert main(["segment", str(project_path)]) == 2  # the Workbench names the problem
    assert "written by a newer stc-bench" in capsys.readouterr().err
    assert main(["segment", str(tmp_path / "missing.stc")]) == 2
    assert "no such project file" in capsys.readouterr().err
    assert stored(project_path) == []


def test_the_whole_parser_is_built_when_the_command_is_not_first_or_not_a_module(capsys):
    with pytest.raises(SystemExit):
        main(["-h", "segment"])  # the top-level help: every command listed
    out = capsys.readouterr().out
    assert "import-qdpx" in out and "segment" in out
    with pytest.raises(SystemExit) as exc:
        main(["import-survey", "--help"])  # registered by the module "survey"
    assert exc.value.code == 0 and "--id COL" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["core"])  # a module's name is not a command
    assert exc.value.code == 2
    assert "invalid choice: 'core' (choose from 'new'" in capsys.readouterr().err


def test_a_refused_store_rolls_back_and_the_bench_stays_usable(project_path, wb, study):
    doc = study[0]
    wb.close()
    with SuggestionBench.open(project_path) as bench:
        with pytest.raises(InvalidOffsets, match="overlap"):
            bench.store_suggestions(doc.id, [(5, 30), (20, 40)])
        assert stored(project_path) == []
        assert bench.store_suggestions(doc.id, [(5, 30)], source="test") == 1
    assert stored(project_path) == [(doc.id, 5, 30, "open", "test")]
