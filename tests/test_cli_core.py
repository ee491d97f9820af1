"""The core commands as a student types them: new, status, audit log/verify, undo, redo,
doctor — with one-line errors (exit 2) and the actor from --as or the config file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.study import build_small_study

from stc_bench.cli import main
from stc_bench.services import Workbench

ROOT = Path(__file__).resolve().parent.parent
STATUS_KEYS = ("documents", "turns", "words", "informants", "themes", "code_groups", "meaning_units",
               "codings", "subgroups", "condensates", "golden_quotes", "analytic_texts", "audit_events",
               "warnings")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err


def test_new_then_status_json_is_zero_when_empty(project_path, capsys):
    path = project_path
    code, out, _ = run(capsys, "--as", "kari", "new", str(path), "--title", "Jobbstøtte",
                       "--question", "Hva hjelper?")
    assert code == 0 and "created" in out
    code, out, _ = run(capsys, "status", str(path), "--json")
    status = json.loads(out)
    assert code == 0
    for key in STATUS_KEYS:
        assert key in status
    assert status["audit_events"] == 1  # the project's creation
    assert all(status[k] == 0 for k in STATUS_KEYS if k not in ("audit_events", "warnings"))
    assert status["warnings"] == []


def test_status_counts_what_was_done(project_path, capsys):
    with Workbench.create(project_path, title="Studie", actor="kari") as wb:
        build_small_study(wb)
    status = json.loads(run(capsys, "status", str(project_path), "--json")[1])
    assert (status["documents"], status["themes"], status["code_groups"], status["meaning_units"],
            status["codings"], status["subgroups"], status["condensates"]) == (1, 2, 1, 2, 1, 1, 1)
    assert any("golden quote" in w for w in status["warnings"])
    code, out, _ = run(capsys, "status", str(project_path))
    assert code == 0 and "Step 2" in out and "2 meaning units" in out


@pytest.mark.sqlite_only('a file that exists but is no project')
def test_new_refuses_an_existing_file(project_path, capsys):
    project_path.write_bytes(b"")
    code, _, err = run(capsys, "new", str(project_path), "--title", "Igjen")
    assert_one_line_error(code, err, str(project_path), "already exists")
    assert project_path.read_bytes() == b""


@pytest.mark.parametrize("argv, words", [
    (["status", "{missing}"], ["no such project file"]),
    (["status", "{text}"], ["not an stc-bench project"]),
    (["audit", "verify", "{missing}"], ["no such project file"]),
    (["undo", "{missing}"], ["no such project file"]),
    (["new", "{dir}/ingen/mappe/x.stc", "--title", "T"], ["does not exist"]),
    (["new", "{dir}/x.stc", "--title", "  "], ["title"]),
    (["audit", "log", "{missing}", "--since", "tre"], ["invalid int value"]),
    (["flytt"], ["invalid choice"]),
])
def test_user_errors_are_one_line_exit_2(tmp_path, capsys, argv, words):
    text = tmp_path / "tekst.stc"
    text.write_text("Dette er ikke en database.\n", encoding="utf-8")
    fill = {"missing": str(tmp_path / "mangler.stc"), "text": str(text), "dir": str(tmp_path)}
    argv = [a.format(**fill) for a in argv]
    try:
        code, _, err = run(capsys, *argv)
    except SystemExit as exc:  # argparse usage errors exit through SystemExit
        code, err = exc.code, capsys.readouterr().err
    assert_one_line_error(code, err, *words)


def test_nothing_to_undo_is_a_user_error(project_path, capsys):
    run(capsys, "new", str(project_path), "--title", "Tom")
    assert_one_line_error(*run(capsys, "undo", str(project_path))[::2], "nothing to undo")
    assert_one_line_error(*run(capsys, "redo", str(project_path))[::2], "nothing to redo")


def test_as_name_is_the_actor_in_the_log(project_path, capsys):
    run(capsys, "--as", "kari", "new", str(project_path), "--title", "Studie")
    with Workbench.open(project_path, actor="kari") as wb:
        wb.add_theme("Mestring")
    code, out, _ = run(capsys, "--as", "veileder", "undo", str(project_path))
    assert code == 0 and "undid event 2 (theme.add)" in out
    events = json.loads(run(capsys, "audit", "log", str(project_path), "--json")[1])
    assert [(e["seq"], e["actor"], e["action"]) for e in events] == [
        (1, "kari", "project.create"), (2, "kari", "theme.add"), (3, "veileder", "undo")]
    only = json.loads(run(capsys, "audit", "log", str(project_path), "--actor", "veileder", "--json")[1])
    assert [e["seq"] for e in only] == [3]
    since = json.loads(run(capsys, "audit", "log", str(project_path), "--since", "1", "--json")[1])
    assert [e["seq"] for e in since] == [2, 3]
    code, out, _ = run(capsys, "audit", "log", str(project_path))
    assert code == 0 and "veileder" in out and "theme.add" in out
    code, out, _ = run(capsys, "redo", str(project_path))
    assert code == 0 and "redid event 2" in out
    code, out, _ = run(capsys, "audit", "verify", str(project_path))
    assert code == 0 and out.startswith("ok: 4 events")


def test_config_file_sets_the_default_actor(tmp_path, project_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('actor = "Åse Veileder"\n', encoding="utf-8")
    monkeypatch.setenv("STC_BENCH_CONFIG", str(config))
    run(capsys, "new", str(project_path), "--title", "Studie")
    run(capsys, "--as", "kari", "undo", str(project_path))  # nothing to undo; no event
    events = json.loads(run(capsys, "audit", "log", str(project_path), "--json")[1])
    assert events[0]["actor"] == "Åse Veileder"
    assert "as Åse Veileder" in run(capsys, "new", str(tmp_path / "b.stc"), "--title", "B")[1]
    assert "as kari" in run(capsys, "--as", "kari", "new", str(tmp_path / "c.stc"), "--title", "C")[1]


def test_doctor_reports_versions_and_paths(capsys):
    code, out, _ = run(capsys, "doctor", "--json")
    info = json.loads(out)
    assert code == 0 and info["packages"]["SQLAlchemy"].startswith("2.")
    assert info["paths"]["config"] == os.environ["STC_BENCH_CONFIG"]


def test_the_installed_command_runs_end_to_end(tmp_path):
    """The real console entry point in a fresh interpreter, as a user runs it."""
    path = tmp_path / "ende.stc"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def cli(*argv):
        return subprocess.run([sys.executable, "-m", "stc_bench", *argv], capture_output=True,
                              text=True, timeout=120, env=env, cwd=str(tmp_path))

    assert cli("--as", "kari", "new", str(path), "--title", "Ende til ende").returncode == 0
    done = cli("status", str(path), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["audit_events"] == 1
    done = cli("new", str(path), "--title", "Igjen")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "already exists" in done.stderr
    done = cli("audit", "verify", "sqlite:///" + str(path))
    assert done.returncode == 0 and done.stdout.startswith("ok: 1 events")
