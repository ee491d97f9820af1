"""``audit verify`` from a checkpoint: the chain end to end, the tables against the
checkpoint's digests and the events after it. Whatever it does not vouch for sends it to
the full replay, so every tampering is still found, at the same seq as without one."""

from __future__ import annotations

import json

import pytest
from helpers.study import build_small_study, span_of, sqlite_exec, sqlite_rows

from bench.rel_checks import rewrite_consistently
from stc_bench.cli import main
from stc_bench.commands import audit as audit_command
from stc_bench.domain.model import Theme
from stc_bench.services import Workbench

pytestmark = pytest.mark.sqlite_only('checkpoints are written on SQLite only (storage.repository.checkpoint_record reads through the sqlite3 driver); PostgreSQL replays the whole trail')


@pytest.fixture
def study(project_path):
    """The small study, a checkpoint, then a tail that inserts, updates and deletes."""
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        built = build_small_study(wb)
        assert wb.verify(checkpoint_every=1).ok and wb.verified_state is not None
        built["checkpoint"] = wb.write_checkpoint()
        doc, group = built["doc"], built["group"]
        late = wb.create_unit(doc.id, *span_of(doc.text, "Det var en lettelse"),
                              code_group_ids=[group.id])
        wb.rename_theme(built["themes"][0].id, "Rask start")
        wb.delete_unit(built["units"][1].id)
        wb.add_theme("Tillit")
        built["late"] = late
        built["events"] = wb.status()["audit_events"]
    return built


def verify(path, capsys, *extra) -> tuple[int, dict]:
    code = main(["audit", "verify", str(path), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_verify_starts_from_the_checkpoint_and_replays_only_the_tail(project_path, study, capsys):
    code, report = verify(project_path, capsys)
    assert code == 0 and report["ok"] and report["events"] == study["events"]
    assert report["checkpoint"] == study["checkpoint"]
    assert report["replayed"] > 0  # the rows of the four operations after it
    code, full = verify(project_path, capsys, "--full")
    assert code == 0 and full["checkpoint"] is None and full["head_hash"] == report["head_hash"]
    with Workbench.open(project_path, read_only=True) as wb:  # the service takes it too
        assert wb.verify().checkpoint == study["checkpoint"]


def test_the_checkpoint_is_in_the_chain_and_changes_no_row(project_path, study):
    (action, changes, after), = sqlite_rows(
        project_path, "SELECT action, changes, after FROM audit_event WHERE seq = ?",
        (study["checkpoint"],))
    tables = json.loads(after)["checkpoint"]["tables"]
    assert action == "audit.checkpoint" and json.loads(changes) == []
    assert tables["theme"][0] == 2 and tables["meaning_unit"][0] == 2


def test_row_changed_before_the_checkpoint_is_found(project_path, study, capsys):
    theme = study["themes"][1]  # renamed before the checkpoint, not touched after it
    sqlite_exec(project_path, ("UPDATE theme SET name = ? WHERE id = ?", ("Skjult endring", theme.id)))
    code, report = verify(project_path, capsys)
    renamed = sqlite_rows(project_path, "SELECT max(seq) FROM audit_event WHERE action = "
                                        "'theme.edit' AND seq < ?", (study["checkpoint"],))[0][0]
    assert code == 3 and report["first_bad_seq"] == renamed
    assert "Skjult endring" in report["problem"]


def test_row_changed_after_the_checkpoint_is_found(project_path, study, capsys):
    sqlite_exec(project_path, ('UPDATE meaning_unit SET "end" = "end" + 1 WHERE id = ?',
                               (study["late"].id,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] > study["checkpoint"]
    assert f"meaning_unit {study['late'].id}.end" in report["problem"]


def test_deleted_row_and_smuggled_row_are_found(project_path, study, capsys):
    sqlite_exec(project_path, ("DELETE FROM coding WHERE unit_id = ?", (study["units"][0].id,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and "missing from the database" in report["problem"]
    sqlite_exec(project_path, ("INSERT INTO coding (unit_id, code_group_id) VALUES (?, ?)",
                               (study["units"][0].id, study["group"].id)))
    code, again = verify(project_path, capsys)  # back, under another id: not the trail's
    assert code == 3 and again["first_bad_seq"] == report["first_bad_seq"]


@pytest.mark.parametrize("before_checkpoint", [True, False])
def test_rewritten_and_deleted_events_are_found(project_path, study, capsys, before_checkpoint):
    seq = study["checkpoint"] - 2 if before_checkpoint else study["checkpoint"] + 2
    sqlite_exec(project_path, ("UPDATE audit_event SET message = 'forged' WHERE seq = ?", (seq,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == seq and "hash" in report["problem"]
    sqlite_exec(project_path, ("DELETE FROM audit_event WHERE seq = ?", (seq,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == seq and "removed" in report["problem"]


def test_forged_checkpoint_digest_is_found(project_path, study, capsys):
    (after,), = sqlite_rows(project_path, "SELECT after FROM audit_event WHERE seq = ?",
                            (study["checkpoint"],))
    record = json.loads(after)
    record["checkpoint"]["tables"]["theme"][1] = "0" * 64
    sqlite_exec(project_path, ("UPDATE audit_event SET after = ? WHERE seq = ?",
                               (json.dumps(record), study["checkpoint"])))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == study["checkpoint"]


def test_nul_appended_to_a_json_column_is_not_hidden(project_path, study, capsys):
    # SQLite's printf stops at a NUL: such a row must not be hashed as if it ended there
    seq = study["checkpoint"] - 1
    sqlite_exec(project_path, ("UPDATE audit_event SET after = after || char(0) || 'x' "
                               "WHERE seq = ?", (seq,)))
    code, report = verify(project_path, capsys)
    assert code == 3 and report["first_bad_seq"] == seq


def test_consistent_rewrite_before_the_checkpoint_still_fails_the_anchor(project_path, study,
                                                                          capsys):
    code, report = verify(project_path, capsys)
    anchor = f"{report['events']}:{report['head_hash']}"
    rewrite_consistently(project_path, 3)
    code, report = verify(project_path, capsys)
    assert code == 0 and report["checkpoint"] == study["checkpoint"]  # the chain holds
    code, report = verify(project_path, capsys, "--expect", anchor)
    assert code == 3 and "rewritten" in report["problem"]


def test_undo_and_redo_across_a_checkpoint(project_path, study, capsys):
    with Workbench.open(project_path, actor="kari") as wb:
        wb.undo()  # the theme added after the checkpoint
        assert wb.verify(checkpoint_every=1).ok
        assert wb.write_checkpoint() is not None
        wb.redo()  # a checkpoint does not clear the redo stack
        assert wb.themes()[-1].name == "Tillit"
        wb.undo()
        wb.undo()  # the unit deleted after the first checkpoint comes back
        assert len(wb.list(Theme)) == 2
    code, report = verify(project_path, capsys)
    assert code == 0 and report["replayed"] > 0


def test_cli_adds_a_checkpoint_after_a_long_enough_replay(project_path, study, capsys,
                                                          monkeypatch):
    monkeypatch.setattr(audit_command, "CHECKPOINT_EVERY", 1)
    code, report = verify(project_path, capsys, "--full", "--no-checkpoint")
    assert code == 0 and report["events"] == study["events"]
    code, report = verify(project_path, capsys, "--full")
    assert code == 0 and report["events"] == study["events"]
    last = sqlite_rows(project_path, "SELECT seq, action, entity_id FROM audit_event "
                                     "ORDER BY seq DESC LIMIT 1")[0]
    assert last == (study["events"] + 1, "audit.checkpoint", study["events"])
    code, report = verify(project_path, capsys)
    assert code == 0 and report["checkpoint"] == study["events"] + 1 and report["replayed"] == 0
    with Workbench.open(project_path, actor="kari") as wb:  # not a change to review
        assert all(e.action != "audit.checkpoint" for e in wb.changes_since_review())


def test_a_long_stretch_after_the_checkpoint_gets_a_new_one(project_path, study, capsys,
                                                            monkeypatch):
    monkeypatch.setattr(audit_command, "CHECKPOINT_EVERY", 5)
    code, report = verify(project_path, capsys)  # 4 events after the checkpoint: not yet
    assert code == 0 and report["replayed"] == study["events"] - study["checkpoint"] == 4
    with Workbench.open(project_path, actor="kari") as wb:
        wb.add_theme("Enda et tema")
    code, report = verify(project_path, capsys)
    assert code == 0 and report["replayed"] == 5 and report["checkpoint"] == study["checkpoint"]
    code, report = verify(project_path, capsys)
    assert code == 0 and report["checkpoint"] == study["events"] + 2 and report["replayed"] == 0
