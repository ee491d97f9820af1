"""``audit verify`` hashes the trail's stored JSON text without decoding it (migration
0008 stores it canonically). The fast hash must equal the hash's definition; a trail
written the old way (non-canonical JSON) must still verify, and be caught when tampered;
migrating an old project makes its text canonical without changing any hash."""

from __future__ import annotations

import json

import pytest
from helpers.study import build_small_study, downgrade, sqlite_exec, sqlite_rows

from stc_bench.domain import audit
from stc_bench.services import Workbench
from stc_bench.storage.repository import ReadTx

EVENTS = [
    dict(seq=1, at_utc="2026-12-01T10:00:00.000000Z", actor="kari", action="project.create",
         entity="project", entity_id=1, before=None, after={"title": "Jobbstøtte"},
         changes=[["project", 1, None, {"title": "Jobbstøtte", "settings": {}}]], message=""),
    dict(seq=7, at_utc="2026-12-01T10:00:01.5Z", actor="Ås \"veileder\"", action="theme.edit",
         entity="theme", entity_id=None, before={"name": "Tillit\n\tøkt", "z": 1.5, "a": True},
         after={"name": "Tillit \u2028 \x01 \u00e6\u00f8\u00e5 😀", "notes": [None, -0.0, 10**20]},
         changes=[], message="Omdøpte «tema» \\ med linjeskift\n"),
]


@pytest.mark.parametrize("fields", EVENTS)
def test_the_stored_text_hash_is_the_hash_of_the_decoded_event(fields):
    texts = [audit.canonical_json(fields[k]) for k in ("before", "after", "changes")]
    fast = audit.stored_event_hash("a" * 64, fields["seq"], fields["at_utc"], fields["actor"],
                                   fields["action"], fields["entity"], fields["entity_id"],
                                   *texts, fields["message"])
    assert fast == audit.event_hash("a" * 64, fields)
    # text that is not canonical (the old json.dumps defaults) hashes differently
    assert audit.stored_event_hash("a" * 64, fields["seq"], fields["at_utc"], fields["actor"],
                                   fields["action"], fields["entity"], fields["entity_id"],
                                   json.dumps(fields["before"]), texts[1], texts[2],
                                   fields["message"]) != fast or fields["before"] is None


def test_binary_values_are_refused_not_hashed():
    with pytest.raises(TypeError):
        audit.stored_event_hash("0" * 64, 1, b"x", "kari", "a", "e", 1, "null", "null", "[]", "")
    with pytest.raises(TypeError):
        audit.stored_event_hash("0" * 64, "1", "t", "kari", "a", "e", 1, "null", "null", "[]", "")


def json_texts(path) -> list[tuple]:
    return sqlite_rows(path, 'SELECT seq, "before", "after", changes FROM audit_event ORDER BY seq')


def uncanonical(path) -> None:
    """Rewrite the trail's JSON as stc-bench before 0008 stored it (json.dumps defaults):
    the same values, other text."""
    for seq, *texts in json_texts(path):
        old = [json.dumps(json.loads(t)) if t is not None else None for t in texts]
        sqlite_exec(path, ('UPDATE audit_event SET "before" = ?, "after" = ?, changes = ? '
                           "WHERE seq = ?", (*old, seq)))


@pytest.fixture
def study(project_path):
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        build_small_study(wb)
    return project_path


def count_decoded_reads(monkeypatch) -> list[int]:
    """Seqs verify had to decode (ReadTx.event is its path for non-canonical text)."""
    seen: list[int] = []
    real = ReadTx.event

    def event(self, seq):
        seen.append(seq)
        return real(self, seq)

    monkeypatch.setattr(ReadTx, "event", event)
    return seen


def test_new_events_are_stored_canonically_and_verified_without_decoding(study, monkeypatch):
    for _seq, *texts in json_texts(study):
        for text in texts:
            assert text == audit.canonical_json(json.loads(text))
    decoded = count_decoded_reads(monkeypatch)
    with Workbench.open(study, read_only=True) as wb:
        report = wb.verify()
    assert report.ok and report.events > 10 and decoded == []


def test_an_old_trail_verifies_by_decoding_and_tampering_is_still_caught(study, monkeypatch):
    uncanonical(study)
    decoded = count_decoded_reads(monkeypatch)
    with Workbench.open(study, read_only=True) as wb:
        report = wb.verify()
    assert report.ok and len(decoded) == report.events
    seq = sqlite_rows(study, "SELECT seq FROM audit_event WHERE action = 'theme.edit'")[0][0]
    (after,) = sqlite_rows(study, 'SELECT "after" FROM audit_event WHERE seq = ?', (seq,))[0]
    sqlite_exec(study, ('UPDATE audit_event SET "after" = ? WHERE seq = ?',
                        (after.replace('"name": "', '"name": "X'), seq)))
    with Workbench.open(study, read_only=True) as wb:
        report = wb.verify()
    assert not report.ok and report.first_bad_seq == seq and "hash" in report.problem


@pytest.mark.sqlite_only("rebuilds an old file's tables with sqlite3 (PRAGMA table_info)")
def test_migrating_an_old_project_stores_canonical_text_and_word_counts(study, monkeypatch):
    with Workbench.open(study, read_only=True) as wb:
        before = wb.status()
        head = wb.verify().head_hash
    downgrade(study, "0005")
    uncanonical(study)
    assert "word_count" not in {r[1] for r in sqlite_rows(study, "PRAGMA table_info(document)")}

    decoded = count_decoded_reads(monkeypatch)
    with Workbench.open(study) as wb:  # migrates
        assert wb.store.migration.from_revision == "0005"
        report = wb.verify()
        after = wb.status()
    assert report.ok and report.head_hash == head and decoded == []  # every hash still holds
    assert after == before and after["words"] > 0
    counted = sqlite_rows(study, "SELECT sum(word_count), count(*) FROM document "
                                 "WHERE word_count IS NOT NULL")[0]
    assert counted[0] == before["words"] and counted[1] == before["documents"]


def test_a_document_restored_without_a_stored_count_is_still_counted(study):
    with Workbench.open(study) as wb:
        words = wb.status()["words"]
        doc = wb.documents()[0]
    sqlite_exec(study, ("UPDATE document SET word_count = NULL WHERE id = ?", (doc.id,)))
    with Workbench.open(study, read_only=True) as wb:
        assert wb.status()["words"] == words
