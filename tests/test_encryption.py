"""Encryption at rest: a student keeps the project encrypted (SQLCipher) on a shared
server. ``new --encrypt``, ``encrypt`` and ``decrypt``; the passphrase from
STC_BENCH_PASSPHRASE or a prompt, never on the command line; a wrong one is one line,
exit 2; every feature works the same on an encrypted project (the study below runs on
both); WAL, foreign keys and owner-only modes still hold."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from helpers.study import build_small_study, span_of

from stc_bench.cli import main
from stc_bench.domain.errors import PassphraseNeeded, WrongPassphrase
from stc_bench.domain.model import Document
from stc_bench.services import Workbench

pytest.importorskip("sqlcipher3")

PASSPHRASE = "Blåbær og 'fjell' 42"
PLANTED = "Torvald Brennhaug"  # a fictitious informant's name planted in the transcript
TRANSCRIPT = (
    "I: Hvordan kom du i gang med jobben?\n"
    f"Informant: Det var {PLANTED} på NAV-kontoret som hjalp meg. Vi gikk rett ut og "
    "besøkte en bedrift i uke to. Det var en lettelse å ikke ha hemmeligheter.\n"
    "I: Hva betydde det for deg?\n"
    "Informant: At noen trodde på meg, og at jeg fikk prøve meg i et vanlig arbeidsmiljø.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2 and err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err


def raw_bytes(path: Path) -> bytes:
    """The project file and its -wal as anyone who can read them sees them (`strings`)."""
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture(params=["plain", "encrypted"])
def study(request, tmp_path, monkeypatch, capsys):
    """A project created and filled through the command line, plain or encrypted."""
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", PASSPHRASE)
    encrypted = request.param == "encrypted"
    path = tmp_path / "studie.stc"
    code, out, _ = run(capsys, "--as", "kari", "new", str(path), "--title", "Jobbstøtte",
                       *(["--encrypt"] if encrypted else []))
    assert code == 0 and ("encrypted" in out) == encrypted
    transcript = tmp_path / "Informant 1.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    code, _, err = run(capsys, "--as", "kari", "import", str(path), str(transcript),
                       "--informant", "I1")
    assert code == 0, err
    return path, encrypted


def test_a_study_works_the_same_on_a_plain_and_an_encrypted_project(study, capsys, tmp_path):
    path, encrypted = study
    with Workbench.open(path, actor="kari", passphrase=PASSPHRASE) as wb:
        assert wb.store.encrypted == encrypted
        doc = wb.list(Document)[0]
        group = wb.add_code_group("Å komme i gang")
        sub = wb.add_subgroup(group.id, "Rask start")
        unit = wb.create_unit(doc.id, *span_of(doc.text, "Vi gikk rett ut og besøkte en bedrift i uke to."),
                              code_group_ids=[group.id])
        wb.assign_unit(unit.id, sub.id)
        wb.set_condensate(sub.id, "Jeg kom raskt ut i jobb.", [unit.id])
        wb.add_theme("Et tema som angres")
    code, out, _ = run(capsys, "--as", "kari", "undo", str(path))
    assert code == 0 and "undid" in out
    code, out, err = run(capsys, "audit", "verify", str(path))
    assert code == 0, out + err
    code, out, _ = run(capsys, "status", str(path), "--json")
    status = json.loads(out)
    assert status["encrypted"] == encrypted
    assert (status["documents"], status["meaning_units"], status["subgroups"], status["themes"],
            status["condensates"]) == (1, 1, 1, 0, 1)
    target = tmp_path / "kapittel.docx"
    code, _, err = run(capsys, "export", "docx", str(path), "--part", "codebook", "-o", str(target))
    assert code == 0, err
    docx = DocxDocument(str(target))
    text = "\n".join([p.text for p in docx.paragraphs]
                     + [c.text for t in docx.tables for r in t.rows for c in r.cells])
    assert "Å komme i gang" in text and "Rask start" in text
    # The point of it all: the planted name is readable in the plain file only.
    assert (PLANTED.encode() in raw_bytes(path)) != encrypted
    if encrypted:
        assert path.read_bytes()[:16] != b"SQLite format 3\x00"


def test_an_encrypted_project_keeps_wal_foreign_keys_and_owner_only_modes(tmp_path):
    path = tmp_path / "studie.stc"
    old = os.umask(0o022)
    try:
        with Workbench.create(path, title="Jobbstøtte", actor="kari", passphrase=PASSPHRASE) as wb:
            build_small_study(wb)
            with wb.store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
            if os.name == "posix":
                assert [stat.S_IMODE(f.stat().st_mode) for f in files] == [0o600] * 3
            assert b"hemmeligheter" not in raw_bytes(path)
    finally:
        os.umask(old)


def test_a_wrong_or_missing_passphrase_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    path = tmp_path / "studie.stc"
    Workbench.create(path, title="Jobbstøtte", actor="kari", passphrase=PASSPHRASE).close()
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", "feil passordfrase")
    code, _, err = run(capsys, "status", str(path))
    one_line_error(code, err, "wrong passphrase")
    assert "feil passordfrase" not in err and "ERROR" not in err  # nor SQLCipher's own log
    monkeypatch.delenv("STC_BENCH_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "status", str(path))
    one_line_error(code, err, "STC_BENCH_PASSPHRASE")
    with pytest.raises(PassphraseNeeded):
        Workbench.open(path)
    with pytest.raises(WrongPassphrase):
        Workbench.open(path, passphrase="nei")
    # a plain project opens whatever passphrase the environment holds
    plain = tmp_path / "plain.stc"
    Workbench.create(plain, title="Åpen", actor="kari").close()
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", "uansett")
    assert run(capsys, "status", str(plain))[0] == 0


def test_the_passphrase_is_asked_without_echo_twice_for_a_new_one(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("STC_BENCH_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter([PASSPHRASE, "noe annet"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    path = tmp_path / "studie.stc"
    code, _, err = run(capsys, "new", str(path), "--title", "T", "--encrypt")
    one_line_error(code, err, "differ")
    assert not path.exists()
    answers = iter([PASSPHRASE, PASSPHRASE, PASSPHRASE])
    assert run(capsys, "new", str(path), "--title", "T", "--encrypt")[0] == 0
    code, out, _ = run(capsys, "status", str(path))
    assert code == 0 and "T" in out and PASSPHRASE not in out


def test_encrypt_and_decrypt_keep_the_trail_and_a_backup_that_is_never_plaintext(
        tmp_path, monkeypatch, capsys):
    path = tmp_path / "studie.stc"
    with Workbench.create(path, title="Jobbstøtte", actor="kari") as wb:
        build_small_study(wb)
        head = wb.verify().head_hash
    assert b"hemmeligheter" in raw_bytes(path)
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", PASSPHRASE)
    code, out, err = run(capsys, "encrypt", str(path))
    assert code == 0, err
    assert "overwritten" in out and head in out
    backups = sorted(tmp_path.glob("studie.stc.bak-encrypt-*"))
    assert len(backups) == 1 and not Path(f"{path}.encrypting").exists()
    for f in (path, backups[0]):
        assert b"hemmeligheter" not in f.read_bytes() and f.read_bytes()[:6] != b"SQLite"
        if os.name == "posix":
            assert stat.S_IMODE(f.stat().st_mode) == 0o600
    with Workbench.open(path, passphrase=PASSPHRASE) as wb:
        report = wb.verify()
        assert report.ok and report.head_hash == head
    with Workbench.open(backups[0], passphrase=PASSPHRASE) as wb:
        assert wb.verify().head_hash == head
    one_line_error(*run(capsys, "encrypt", str(path))[::2], "already encrypted")

    monkeypatch.setenv("STC_BENCH_PASSPHRASE", "feil")
    one_line_error(*run(capsys, "decrypt", str(path))[::2], "wrong passphrase")
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", PASSPHRASE)
    code, out, err = run(capsys, "decrypt", str(path))
    assert code == 0, err
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    kept = sorted(tmp_path.glob("studie.stc.bak-decrypt-*"))
    assert len(kept) == 1 and kept[0].read_bytes()[:6] != b"SQLite"
    with Workbench.open(path) as wb:
        assert wb.verify().ok and wb.verify().head_hash == head
    one_line_error(*run(capsys, "decrypt", str(path))[::2], "not encrypted")


def test_doctor_says_whether_encryption_is_available(capsys):
    code, out, _ = run(capsys, "doctor", "--json")
    info = json.loads(out)["encryption"]
    assert code == 0 and info["available"] is True and info["sqlcipher"].startswith("4.")
    code, out, _ = run(capsys, "doctor")
    assert "encryption:     available" in out


def test_without_sqlcipher_encrypt_names_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("stc_bench.services.encryption.encryption_available", lambda: None)
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", PASSPHRASE)
    code, _, err = run(capsys, "new", str(tmp_path / "x.stc"), "--title", "T", "--encrypt")
    one_line_error(code, err, "stc-bench[encrypt]")
    assert not (tmp_path / "x.stc").exists()


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_the_tui_asks_for_the_passphrase_in_a_masked_field(tmp_path):
    from textual.widgets import Input, Static

    from stc_bench.tui.app import make_app
    from stc_bench.tui.passphrase import PassphraseApp

    path = tmp_path / "studie.stc"
    Workbench.create(path, title="Jobbstøtte", actor="kari", passphrase=PASSPHRASE).close()
    with pytest.raises(PassphraseNeeded):
        make_app(path)
    app = PassphraseApp(str(path), lambda given: Workbench.open(path, passphrase=given))
    async with app.run_test() as pilot:
        field = app.query_one("#passphrase", Input)
        assert field.password and app.focused is field
        await pilot.press(*"feil", "enter")
        assert "Wrong passphrase" in str(app.query_one("#passphrase-note", Static).render())
        assert field.value == "" and app.is_running
        field.value = PASSPHRASE  # typed as keys it would be the same text
        await pilot.press("enter")
    wb = app.return_value
    try:
        assert wb is not None and wb.project().title == "Jobbstøtte"
    finally:
        wb.close()
    workbench = make_app(path, passphrase=PASSPHRASE)
    assert workbench.wb.store.encrypted
    workbench.wb.close()


@pytest.mark.anyio
async def test_esc_at_the_passphrase_opens_nothing(tmp_path):
    from stc_bench.tui.passphrase import PassphraseApp

    path = tmp_path / "studie.stc"
    Workbench.create(path, title="Jobbstøtte", actor="kari", passphrase=PASSPHRASE).close()
    app = PassphraseApp(str(path), lambda given: Workbench.open(path, passphrase=given))
    async with app.run_test() as pilot:
        await pilot.press("escape")
    assert app.return_value is None and app.error is None


def test_encrypt_refuses_a_project_open_elsewhere_and_changes_nothing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "studie.stc"
    monkeypatch.setenv("STC_BENCH_PASSPHRASE", PASSPHRASE)
    with Workbench.create(path, title="Jobbstøtte", actor="kari") as wb:
        build_small_study(wb)
        head = wb.verify().head_hash
    # another program (a second stc-bench) has it open: it keeps the -wal
    other = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT count(*) FROM audit_event').fetchall(); print('ready', flush=True); "
         "sys.stdin.read()", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "ready"
        code, _, err = run(capsys, "encrypt", str(path))
        one_line_error(code, err, "open in another")
    finally:
        other.communicate("")
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["studie.stc"]
    with Workbench.open(path) as wb:
        assert wb.verify().ok and wb.verify().head_hash == head


def test_the_backup_before_a_schema_upgrade_of_an_encrypted_project_is_encrypted(tmp_path):
    from stc_bench.storage import migrate

    path = tmp_path / "studie.stc"
    with Workbench.create(path, title="Jobbstøtte", actor="kari", passphrase=PASSPHRASE) as wb:
        build_small_study(wb)
        head = wb.verify().head_hash
    backup = migrate.backup_sqlite(path, "rev0009", PASSPHRASE)
    data = backup.read_bytes()
    assert data[:6] != b"SQLite" and b"hemmeligheter" not in data
    if os.name == "posix":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with Workbench.open(backup, passphrase=PASSPHRASE) as wb:
        assert wb.verify().head_hash == head


def test_the_passphrase_dialog_snapshot(snap_compare):
    """The masked field with a few characters typed, after one wrong passphrase."""
    from stc_bench.tui.passphrase import PassphraseApp

    def wrong(_given):
        raise WrongPassphrase("projects/studie.stc: wrong passphrase")

    app = PassphraseApp("projects/studie.stc", wrong)
    assert snap_compare(app, terminal_size=(90, 16), press=[*"feil", "enter", *"hemmelig"])
