"""Changes made outside stc-bench with the stdlib sqlite3 module are found by
``stc-bench audit verify``, which exits non-zero and names the first bad seq."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers.study import build_small_study, sqlite_exec, sqlite_rows

from stc_bench.cli import main
from stc_bench.services import Workbench


@pytest.fixture
def study(project_path):
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        built = build_small_study(wb)
        built["events"] = wb.status()["audit_events"]
        assert wb.verify().ok
    return built


def verify(path, capsys) -> tuple[int, dict]:
    code = main(["audit", "verify", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


def seq_of(path, action: str) -> int:
    return sqlite_rows(path, "SELECT seq FROM audit_event WHERE action = ? ORDER BY seq", (action,))[0][0]


def test_untouched_project_verifies(project_path, study, capsys):
    code, report = verify(project_path, capsys)
    assert code == 0 and report["ok"] and report["events"] == study["events"]


def test_one_byte_changed_in_an_event_payload(project_path, study, capsys):
    seq = seq_of(project_path, "unit.create")
    (raw,) = sqlite_rows(project_path, "SELECT changes FROM audit_event WHERE seq = ?", (seq,))[0]
    i = re.search(r'"end":\s*(\d)', raw).start(1)
    tampered = raw[:i] + str((int(raw[i]) + 1) % 10) + raw[i + 1:]  # one digit of an offset
    assert len(tampered) == len(raw) and tampered != raw
    sqlite_exec(project_path, ("UPDATE audit_event SET changes = ? WHERE seq = ?", (tampered, seq)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == seq
    assert "hash" in report["problem"]


def test_payload_byte_that_breaks_the_json_is_reported_not_crashed(project_path, study, capsys):
    if "://" in str(project_path):
        pytest.skip("a PostgreSQL json column refuses text that is not JSON: this damage cannot be made")
    seq = seq_of(project_path, "theme.edit")
    (raw,) = sqlite_rows(project_path, "SELECT after FROM audit_event WHERE seq = ?", (seq,))[0]
    sqlite_exec(project_path, ("UPDATE audit_event SET after = ? WHERE seq = ?", ("\x00" + raw[1:], seq)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == seq


def test_deleted_event(project_path, study, capsys):
    seq = seq_of(project_path, "subgroup.add")
    sqlite_exec(project_path, ("DELETE FROM audit_event WHERE seq = ?", (seq,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == seq
    assert "removed or reordered" in report["problem"]


def test_two_events_swapped(project_path, study, capsys):
    a = seq_of(project_path, "theme.add")
    b = a + 1
    sqlite_exec(project_path,
                ("UPDATE audit_event SET seq = -1 WHERE seq = ?", (a,)),
                ("UPDATE audit_event SET seq = ? WHERE seq = ?", (a, b)),
                ("UPDATE audit_event SET seq = ? WHERE seq = -1", (b,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == a


def test_theme_renamed_directly(project_path, study, capsys):
    theme = study["themes"][1]
    sqlite_exec(project_path, ("UPDATE theme SET name = ? WHERE id = ?", ("Skjult endring", theme.id)))
    code, report = verify(project_path, capsys)
    # The last event that wrote the theme is the rename; that result no longer holds.
    assert code == 3 and report["first_bad_seq"] == seq_of(project_path, "theme.edit")
    assert "Skjult endring" in report["problem"]


def test_last_event_deleted(project_path, study, capsys):
    with Workbench.open(project_path, actor="kari") as wb:
        wb.add_theme("Tillit til jobbspesialisten")
        last = wb.status()["audit_events"]
    sqlite_exec(project_path, ("DELETE FROM audit_event WHERE seq = ?", (last,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == last
    assert "not in the trail" in report["problem"]


def test_row_inserted_directly(project_path, study, capsys):
    sqlite_exec(project_path, ("INSERT INTO theme (name, description, notes, position, promoted_to) "
                               "VALUES ('Smuglet tema', '', '', 99, '')", ()))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == study["events"] + 1
    assert "not in the trail" in report["problem"]


def test_event_inserted_directly(project_path, study, capsys):
    n = study["events"]
    sqlite_exec(project_path, (
        "INSERT INTO audit_event (seq, at_utc, actor, action, entity, entity_id, before, after, "
        "changes, message, prev_hash, hash) SELECT seq + 1, at_utc, 'mallory', action, entity, "
        "entity_id, before, after, '[]', 'forged', hash, ? FROM audit_event WHERE seq = ?",
        ("f" * 64, n)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == n + 1


def test_cli_subprocess_names_the_first_bad_seq(project_path, study):
    seq = seq_of(project_path, "assignment.add")
    sqlite_exec(project_path, ("UPDATE audit_event SET actor = 'mallory' WHERE seq = ?", (seq,)))
    done = subprocess.run([sys.executable, "-m", "stc_bench", "audit", "verify", str(project_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stdout.startswith(f"FAILED at seq {seq}:")
    assert "Traceback" not in done.stderr


def test_undo_refuses_to_restore_over_a_row_changed_outside(project_path, study, capsys):
    theme = study["themes"][1]
    sqlite_exec(project_path, ("UPDATE theme SET name = ? WHERE id = ?", ("Skjult endring", theme.id)))
    code = main(["undo", str(project_path)])  # the latest operation renamed this theme
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("stc-bench: error: ") and "outside the trail" in err
    assert sqlite_rows(project_path, "SELECT name FROM theme WHERE id = ?", (theme.id,)) == [("Skjult endring",)]
