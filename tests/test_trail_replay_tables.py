"""``audit verify --full`` replays the trail one table at a time and holds each replayed
row packed, so its memory is one table's rows, not the whole project's as dicts (the
figures at 1M events are in bench/README.md, branch `replay`). It must answer exactly as
replaying the whole project at once did: the reference here is that replay, kept in
``domain/audit.py`` (``apply_change``, ``first_state_mismatch``)."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers.study import build_small_study, sqlite_exec, sqlite_rows

from stc_bench.domain import audit
from stc_bench.domain.model import ENTITIES, UNTRACKED_TABLES
from stc_bench.domain.replay import TableReplay
from stc_bench.services import Workbench

TRACKED = [name for name in ENTITIES if name not in UNTRACKED_TABLES]


@pytest.fixture
def study(project_path):
    """The small study, then changes that interleave tables: a memo, a theme deleted, a
    unit uncoded and the uncoding undone, a code group renamed."""
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        built = build_small_study(wb)
        wb.add_memo("note", "Flere nevner at det gikk fort.")
        wb.delete_theme(built["themes"][1].id)
        wb.uncode_unit(built["units"][0].id, built["group"].id)
        wb.undo()
        wb.rename_code_group(built["group"].id, "Rask start")
    return built


def whole_project_replay(path) -> tuple[int, str] | None:
    """The replay as it was before branch `replay`: every table's rows as dicts at once."""
    state: dict[str, dict[int, dict]] = {}
    last: dict[tuple[str, int], int] = {}
    with Workbench.open(path, read_only=True) as wb:
        for event in wb.log():
            for change in audit.row_changes(event.changes or []):
                audit.apply_change(state, change)
                last[(change[0], change[1])] = event.seq
        with wb.store.read() as tx:
            stored = {name: {row["id"]: row for row in tx.raw_rows(name)} for name in TRACKED}
    return audit.first_state_mismatch(state, stored, last)


def full_verify(path) -> tuple[int | None, str]:
    with Workbench.open(path, read_only=True) as wb:
        report = wb.verify(full=True)
    return report.first_bad_seq, report.problem


@pytest.fixture
def watched(monkeypatch):
    """What each TableReplay does, in order: made, a change applied, compared, freed."""
    log: list[tuple[str, str]] = []
    real_init, real_apply = TableReplay.__init__, TableReplay.apply
    real_compare = TableReplay.first_mismatch

    def init(self, table):
        real_init(self, table)
        log.append(("made", table))

    def apply(self, seq, change):
        real_apply(self, seq, change)
        # each row held as one packed string, never as a dict
        assert change[0] == self.table and all(type(v) is bytes for v in self.rows.values())
        log.append(("applied", self.table))

    def compare(self, stored, tail):
        log.append(("compared", self.table))
        return real_compare(self, stored, tail)

    def freed(self):
        log.append(("freed", self.table))

    monkeypatch.setattr(TableReplay, "__init__", init)
    monkeypatch.setattr(TableReplay, "apply", apply)
    monkeypatch.setattr(TableReplay, "first_mismatch", compare)
    monkeypatch.setattr(TableReplay, "__del__", freed, raising=False)
    return log


def test_the_full_replay_holds_one_table_at_a_time(project_path, study, watched):
    assert full_verify(project_path) == (None, "")
    # every table's replay is made, fed its own changes, compared and freed before the next
    tables = [table for what, table in watched if what == "made"]
    assert tables == sorted(tables) and set(TRACKED) <= set(tables)
    at = 0
    for table in tables:
        block = [what for what, t in watched[at:] if t == table]
        end = at + len(block)
        assert watched[at:end] == [(what, table) for what in block]
        assert block[0] == "made" and block[-2:] == ["compared", "freed"]
        assert set(block[1:-2]) <= {"applied"}
        at = end
    assert at == len(watched)
    # each row change of the trail was replayed once, into its own table
    with Workbench.open(project_path, read_only=True) as wb:
        recorded = Counter(c[0] for e in wb.log() for c in audit.row_changes(e.changes or []))
    applied = Counter(table for what, table in watched if what == "applied")
    assert applied == recorded and len(recorded) >= 8


TAMPERING = {
    "a theme renamed": [("UPDATE theme SET name = 'Skjult' WHERE id = 1", ())],
    "a coding removed": [("DELETE FROM coding WHERE id = (SELECT min(id) FROM coding)", ())],
    "a memo smuggled in": [("INSERT INTO memo (id, kind, title, text, entity, entity_id, "
                            "created_at) SELECT id + 1, kind, title, 'Nytt', entity, "
                            "entity_id, created_at FROM memo ORDER BY id DESC LIMIT 1", ())],
    "two tables, the later table first in the trail": [
        ("UPDATE subgroup SET name = 'Endret' WHERE id = 1", ()),
        ("UPDATE theme SET description = 'Endret' WHERE id = 1", ())],
    "a unit's offsets and its turn": [
        ("UPDATE meaning_unit SET \"end\" = \"end\" - 1 WHERE id = 1", ()),
        ("UPDATE turn SET speaker = 'X' WHERE id = 1", ())],
}


@pytest.mark.parametrize("damage", list(TAMPERING))
def test_the_table_by_table_replay_answers_as_the_whole_project_replay(project_path, study,
                                                                       damage):
    sqlite_exec(project_path, *TAMPERING[damage])
    seq, text = whole_project_replay(project_path)
    assert full_verify(project_path) == (seq, f"event {seq}: {text}")


def test_a_row_deleted_and_made_again_and_a_bulk_write_replay_as_before(project_path, study):
    with Workbench.open(project_path, actor="kari") as wb:
        doc = study["doc"]
        spans = [(doc.text.index(w), doc.text.index(w) + len(w)) for w in ("Tungt", "sjefen")]
        wb.create_units(doc.id, spans, code_group_ids=[study["group"].id])
        wb.delete_unit(study["units"][1].id)
        wb.undo()  # the unit back under its old id
    assert full_verify(project_path) == (None, "")
    (last_unit,) = sqlite_rows(project_path, "SELECT max(id) FROM meaning_unit")[0]
    sqlite_exec(project_path, ("UPDATE meaning_unit SET snippet = 'x' WHERE id IN (?, ?)",
                               (study["units"][1].id, last_unit)))
    seq, text = whole_project_replay(project_path)
    assert full_verify(project_path) == (seq, f"event {seq}: {text}")
