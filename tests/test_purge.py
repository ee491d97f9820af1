"""Purge of the original: at the end of a project (deletion under the Sikt approval) a
student deletes the originals of pseudonymised transcripts from the project. The
earlier revision, the import event and every event that quoted the original then hold
the pseudonymised text; the file no longer contains the original anywhere; ``audit
verify`` still passes and says what was purged; tampering with a purged event is still
caught; the purge is recorded in the trail and the data-management record."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from helpers.study import labelled_draft, span_of

from stc_bench.cli import main
from stc_bench.domain import audit, purge
from stc_bench.domain.model import Document, MeaningUnit, ReviewMark
from stc_bench.domain.offsets import text_sha256, word_count
from stc_bench.services import Workbench

PASSPHRASE = "Purge-test 7"
INTERVIEW = (
    "I: Hvordan kom du i gang med jobben?\n"
    "Informant: Det var Torvald Brennhaug på NAV-kontoret som hjalp meg. Vi gikk rett ut og "
    "besøkte en bedrift i uke to. Torvalds kollega ringte også.\n"
    "I: Hva betydde det for deg?\n"
    "Informant: At noen trodde på meg. Ring meg gjerne på 912 34 567 om du lurer på noe.\n"
)
#: What must be gone from every byte of the file: the planted identifiers in context.
ORIGINALS = (b"Torvald Brennhaug p", b"Torvalds kollega", b"912 34 567")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def raw_bytes(path: Path) -> bytes:
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture(params=["plain", "encrypted"])
def pseudonymised(request, tmp_path, monkeypatch, capsys):
    """A coded transcript, pseudonymised with the word list; its original still there."""
    encrypted = request.param == "encrypted"
    if encrypted:
        pytest.importorskip("sqlcipher3")
        monkeypatch.setenv("STC_BENCH_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "studie.stc"
    with Workbench.create(path, title="Jobbstøtte", actor="kari",
                          passphrase=PASSPHRASE if encrypted else None) as wb:
        doc = wb.import_transcript(labelled_draft(INTERVIEW), source_name="I1.txt",
                                   source_sha256="1" * 64, informant="I1")
        group = wb.add_code_group("Hjelp fra NAV")
        unit = wb.create_unit(doc.id, *span_of(doc.text, "Det var Torvald Brennhaug på "
                                               "NAV-kontoret som hjalp meg."),
                              code_group_ids=[group.id])
        doomed = wb.create_unit(doc.id, *span_of(doc.text, "Torvalds kollega ringte også."))
        wb.delete_unit(doomed.id)  # its message quotes the words
        wb.create_unit(doc.id, *span_of(doc.text, "Ring meg gjerne på 912 34 567 om du lurer på noe."))
        sub = wb.add_subgroup(group.id, "Noen som hjelper")
        wb.assign_unit(unit.id, sub.id)
        wb.set_analytic_text("Flere fikk hjelp på NAV-kontoret.", subgroup_id=sub.id)
        wb.add_quote(unit.id, subgroup_id=sub.id)
        wb.set_setting("word_list", {"Torvald Brennhaug": "navn", "Torvald": "navn"})
    code, _, err = run(capsys, "--as", "kari", "pseudonymise", str(path), "--key",
                       str(tmp_path / "nøkkel.csv"))
    assert code == 0, err
    if not encrypted:
        assert all(o in raw_bytes(path) for o in ORIGINALS)  # still there before the purge
    return path


def test_purge_leaves_no_original_in_the_file_and_the_trail_still_verifies(pseudonymised, capsys):
    path = pseudonymised
    with Workbench.open(path, passphrase=PASSPHRASE) as wb:
        units_before = [(u.id, u.document_id, u.start, u.end, u.snippet)
                        for u in wb.list(MeaningUnit)]
        encrypted = wb.store.encrypted
    code, out, err = run(capsys, "--as", "kari", "purge", str(path), "--yes",
                         "--recordings-deleted", "2026-11-30")
    assert code == 0, err
    assert "purged the originals of 1 transcript revision(s)" in out
    assert "nøkkel.csv" in err and "word list" in err  # what still names people is said
    if not encrypted:
        data = raw_bytes(path)
        assert [o for o in ORIGINALS if o in data] == []
    code, out, err = run(capsys, "audit", "verify", str(path))
    assert code == 0, out + err
    assert "purged the originals of document(s) 1" in out
    with Workbench.open(path, passphrase=PASSPHRASE) as wb:
        # the analysis is untouched: every unit where it was, on the pseudonymised text
        assert [(u.id, u.document_id, u.start, u.end, u.snippet)
                for u in wb.list(MeaningUnit)] == units_before
        original = wb.get(Document, 1)
        assert original.superseded and "[Navn] på NAV-kontoret" in original.text
        assert "[Nummer]" in original.text and "[Navn]s kollega" in original.text
        record = wb.data_management()
        assert record.actual_deletion == "2026-11-30" and "purged" in record.notes
        trail = json.dumps([e.changes for e in wb.log()], ensure_ascii=False)
        # (the word list itself is a setting, kept for the anonymity check: the command
        # says so)
        assert [o for o in ORIGINALS if o.decode() in trail] == []
        assert wb.verify().ok and wb.verify().notes
    code, _, err = run(capsys, "purge", str(path), "--yes")
    assert code == 2 and "nothing to purge" in err  # purged once is purged
    # a purge cannot be undone, nor anything before it (recording the date can)
    assert run(capsys, "undo", str(path))[0] == 0
    code, _, err = run(capsys, "undo", str(path))
    assert code == 2 and err.count("\n") == 1


def imported(path: Path, word_list: list[str] | None = None) -> str:
    """A plain project with the interview imported (and a word list); its trail head."""
    with Workbench.create(path, title="Jobbstøtte", actor="kari") as wb:
        wb.import_transcript(labelled_draft(INTERVIEW), source_name="I1.txt",
                             source_sha256="1" * 64, informant="I1")
        if word_list:
            wb.set_setting("word_list", word_list)
        return wb.verify().head_hash


def test_a_purged_event_edited_afterwards_fails_verify(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    path = tmp_path / "studie.stc"
    imported(path, ["Torvald Brennhaug"])
    assert run(capsys, "pseudonymise", str(path), "--key", str(tmp_path / "k.csv"))[0] == 0
    assert run(capsys, "purge", str(path), "--yes")[0] == 0
    with Workbench.open(path) as wb:
        seq = wb.verify().notes and next(e.seq for e in wb.log() if e.action == "document.import")
    con = sqlite3.connect(str(path))
    with con:
        con.execute("UPDATE audit_event SET message = message || ' (endret)' WHERE seq = ?", (seq,))
    con.close()
    code, out, _ = run(capsys, "audit", "verify", str(path))
    assert code == 3 and f"FAILED at seq {seq}" in out and "does not match its hash" in out


def test_purge_refuses_what_it_cannot_do_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    path = tmp_path / "studie.stc"
    head = imported(path)
    for argv, words in ((["--yes"], "nothing to purge"),
                        (["--document", "1", "--yes"], "pseudonymise it first"),
                        (["--document", "9", "--yes"], "no such document"),
                        (["--recordings-deleted", "i går"], "not a date"),
                        (["--recordings-deleted", "2999-01-01"], "in the future")):
        code, _, err = run(capsys, "purge", str(path), *argv)
        assert code == 2 and err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
        assert words in err
    wb = Workbench.open(path)
    wb.set_setting("word_list", ["Torvald Brennhaug"])
    wb.close()
    assert run(capsys, "pseudonymise", str(path), "--key", str(tmp_path / "k.csv"))[0] == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "purge", str(path))  # no --yes and nobody to ask
    assert code == 2 and "--yes" in err
    with Workbench.open(path) as wb:
        assert wb.purgeable() and "Brennhaug" in wb.get(Document, 1).text and head


def test_a_purged_revision_keeps_no_hash_of_its_original(tmp_path, capsys, monkeypatch):
    """The original's text and file hashes would confirm a guessed original: after the purge
    neither is anywhere in the file (whole or as a message quotes it); the revision's hashes
    and word count are those of its pseudonymised text, and the trail still verifies."""
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    path = tmp_path / "studie.stc"
    file_hash = hashlib.sha256(INTERVIEW.encode("utf-8")).hexdigest()  # as import computes it
    with Workbench.create(path, title="Jobbstøtte", actor="kari") as wb:
        doc = wb.import_transcript(labelled_draft(INTERVIEW), source_name="I1.txt",
                                   source_sha256=file_hash, informant="I1")
        wb.set_setting("word_list", ["Torvald Brennhaug", "Torvald"])
    text_hash = text_sha256(doc.text)
    secrets = [h.encode() for full in (file_hash, text_hash) for h in (full, full[:12])]
    assert all(s in raw_bytes(path) for s in secrets[:2])  # the row holds both
    assert run(capsys, "pseudonymise", str(path), "--key", str(tmp_path / "k.csv"))[0] == 0
    assert run(capsys, "purge", str(path), "--yes")[0] == 0
    assert [s for s in secrets if s in raw_bytes(path)] == []
    code, out, err = run(capsys, "audit", "verify", str(path))
    assert code == 0 and "purged the originals of document(s) 1" in out, out + err
    with Workbench.open(path) as wb:
        original, current = wb.get(Document, 1), wb.get(Document, 2)
        assert original.text == current.text
        assert original.text_sha256 == original.source_sha256 == text_sha256(original.text)
        assert original.word_count == word_count(original.text)
        imported_event = next(e for e in wb.log() if e.action == "document.import")
        assert f"sha256 {text_sha256(original.text)[:12]}…" in imported_event.message


def test_a_hash_a_document_not_purged_shares_stays():
    """A survey's answers share their file's hash: purging one answer leaves it to the others."""
    scrub = purge.purge_plan([(1, "Kari svarte.", "[Navn] svarte.")], ["[Navn] svarte."],
                             {1: ("a" * 64, "b" * 64)}, kept_hashes=frozenset({"b" * 64}))
    assert scrub.hashes == {"a" * 64: text_sha256("[Navn] svarte.")}
    assert scrub.message(f"Imported x (sha256 {'a' * 12}…), {'b' * 12}") == \
        f"Imported x (sha256 {text_sha256('[Navn] svarte.')[:12]}…), {'b' * 12}"
    assert scrub.row("document", 2, {"source_sha256": "b" * 64}) == {"source_sha256": "b" * 64}


def test_a_word_the_detector_left_elsewhere_and_labels_and_titles_are_not_touched():
    original = "D1: De kom fra Bodø. De var snille.\nI: Og D1 selv?"
    pseudonymised = "D1: [Sted] kom fra [Sted]. De var snille.\nI: Og D1 selv?"
    scrub = purge.purge_plan([(1, original, pseudonymised)], [pseudonymised])
    assert scrub.mapping == {"Bodø": "[Sted]"}  # "De" still stands in the transcript
    assert scrub.row("document", 1, {"text": original, "title": "Bodø"}) == \
        {"text": pseudonymised, "title": "Bodø"}
    assert scrub.row("meaning_unit", 3, {"snippet": "De kom fra Bodø."}) == {"snippet": "De kom fra [Sted]."}
    assert scrub.row("informant", 2, {"label": "Bodø"}) == {"label": "Bodø"}


def test_replacements_are_read_from_the_pseudonymised_words_only():
    found = purge.replacements("Jeg møtte Kari, og Karis sjef i Tromsø. Det var fint.",
                               "Jeg møtte [Navn], og [Navn]s sjef i [Sted]. Det var bra.")
    assert found == {"Kari": "[Navn]", "Karis": "[Navn]s", "Tromsø": "[Sted]"}
    scrub = purge.Scrubber(found)
    assert scrub.text("Kari og Karianne i Tromsø") == "[Navn] og Karianne i [Sted]"
    assert "fint" not in found  # an ordinary correction is not taken for a name


def test_no_hash_in_the_purged_file_still_fits_the_originals(tmp_path, capsys, monkeypatch):
    """A stored hash over the original words is a test for guesses (a snippet purged to
    "[Navn] på NAV-kontoret" and its event's old hash: try names until one fits). After
    the purge every event hashes as it now reads, no hash from before it is left from the
    first rewritten event on, a review mark made before it still verifies, and an anchor
    kept from before it is reported as no longer matching."""
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    path = tmp_path / "studie.stc"
    imported(path, ["Torvald Brennhaug", "Torvald"])
    with Workbench.open(path, actor="kari") as wb:
        doc = wb.list(Document)[0]
        group = wb.add_code_group("Hjelp fra NAV")
        wb.create_unit(doc.id, *span_of(doc.text, "Det var Torvald Brennhaug på NAV-kontoret "
                                        "som hjalp meg."), code_group_ids=[group.id])
    with Workbench.open(path, actor="veileder") as wb:
        mark = wb.mark_reviewed()
    assert run(capsys, "pseudonymise", str(path), "--key", str(tmp_path / "k.csv"))[0] == 0
    with Workbench.open(path) as wb:
        before = {e.seq: e.hash for e in wb.log()}
        anchor = (mark.seq, mark.head_hash)
    code, out, err = run(capsys, "purge", str(path), "--yes")
    assert code == 0, err
    assert "hashed anew from event 2" in out and "keep the new head" in out
    with Workbench.open(path) as wb:
        events = wb.log()
        prev = "0" * 64
        for e in events:  # the plain chain: each event's own hash, no purge record needed
            assert e.prev_hash == prev
            assert audit.event_hash(prev, {n: getattr(e, n) for n in audit.HASHED_FIELDS}) == e.hash
            prev = e.hash
        purge_event = next(e for e in events if e.action == purge.PURGE)
        assert purge_event.after["rechained_from"] == 2 and 2 in purge_event.after["purged_events"]
        (mark_now,) = wb.list(ReviewMark)
        assert mark_now.head_hash == next(e.hash for e in events if e.seq == mark.seq)
        report = wb.verify()
        assert report.ok and "hashed anew from event 2" in report.notes[0]
        assert not wb.verify(expect=[anchor]).ok  # the pre-purge anchor: said, not hidden
    data = raw_bytes(path)
    stale = [seq for seq, h in before.items() if seq >= 2 and h.encode() in data]
    assert stale == []
    assert before[1].encode() in data  # before the first rewritten event nothing changed
    code, out, _ = run(capsys, "audit", "verify", str(path))
    assert code == 0, out


OLD_PURGED = Path(__file__).parent / "fixtures" / "projects" / "purged_before_rechain.stc"


def test_a_purge_that_kept_the_old_hashes_has_them_removed(tmp_path, capsys, monkeypatch):
    """A project purged before the purge re-chained (fixtures/projects/README.md) still
    holds, for each event that purge rewrote, the hash taken of the original words, and
    the purge event lists them: ``audit verify`` passes but says so, and ``purge`` with
    nothing new to purge removes them (the trail hashed anew, the review mark following),
    recorded in the trail and the data-management record."""
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    path = tmp_path / "studie.stc"
    path.write_bytes(OLD_PURGED.read_bytes())
    with Workbench.open(path) as wb:  # (migrated to the current schema on open)
        (old_purge,) = wb.purges_keeping_hashes()
        kept = purge.purged_events(next(e for e in wb.log() if e.seq == old_purge).after)
        assert sorted(kept) == [2, 5, 7]
        stored = {v[0] for v in kept.values()}
        report = wb.verify()
        assert report.ok and "test guesses" in report.notes[0]
    before = path.read_bytes()
    assert all(h.encode() in before for h in stored)  # the oracle, before
    code, _, err = run(capsys, "purge", str(path))  # not a tty, no --yes: refused, unchanged
    assert code == 2 and "hashing the trail anew" in err and "--yes" in err
    assert path.read_bytes() == before
    code, out, err = run(capsys, "purge", str(path), "--yes")
    assert code == 0, err
    assert f"purge(s) in event(s) {old_purge} had kept" in out
    assert "hashed anew from event 2" in out and "keep the new head" in out
    assert "purged the originals" not in out  # nothing new was purged
    data = raw_bytes(path)
    assert [h for h in stored if h.encode() in data] == []
    with Workbench.open(path) as wb:
        events = wb.log()
        prev = "0" * 64
        for e in events:  # a plain chain again
            assert e.prev_hash == prev
            assert audit.event_hash(prev, {n: getattr(e, n) for n in audit.HASHED_FIELDS}) == e.hash
            prev = e.hash
        assert wb.purges_keeping_hashes() == []
        old_now = next(e for e in events if e.seq == old_purge)
        assert old_now.after["purged_events"] == [2, 5, 7]
        assert old_now.after["purged_documents"] == [1]  # the rest of its record as it was
        (mark,) = wb.list(ReviewMark)
        assert mark.head_hash == next(e.hash for e in events if e.seq == mark.seq)
        new = events[-1]
        assert new.action == purge.PURGE and new.after["rehashed_purges"] == [old_purge]
        assert new.after["purged_documents"] == [] and new.after["rechained_from"] == 2
        assert "hashed anew from event 2" in wb.data_management().notes
        report = wb.verify()
        assert report.ok
        assert any("a later purge hashed the trail anew" in n for n in report.notes)
        assert any(f"removed the hashes of the original words kept by the purge(s) in "
                   f"event(s) {old_purge}" in n for n in report.notes)
    code, out, _ = run(capsys, "audit", "verify", str(path))
    assert code == 0, out
    code, _, err = run(capsys, "purge", str(path), "--yes")  # now nothing at all is left
    assert code == 2 and "nothing to purge" in err
