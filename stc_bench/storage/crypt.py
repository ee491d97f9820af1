"""Encrypting and decrypting a project file with SQLCipher (the ``encrypt`` extra).

A conversion never edits the project in place: ``sqlcipher_export`` copies every table,
index and the schema version into a new owner-only file beside it, inside one read
transaction that keeps writers out; the copy is opened with its passphrase and must hold
the same coding trail (last seq and hash) before it replaces the project. The project as
it was is kept as a backup, never as readable plaintext: decrypting keeps the encrypted
original; encrypting keeps an encrypted copy and overwrites the plaintext file with
zeros before removing it (on SSDs, copy-on-write file systems and snapshots an old copy
may survive that: the README says so).

SQLCipher is a second SQLite library in the process. SQLite's file locks do not see each
other across two libraries in one process, so a plain file is never open through both at
once here: the caller closes its own engine before :func:`convert`, and the check for a
``-wal`` left by another program is meaningful only across processes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import ProjectBusy, ProjectFileError
from ..protect import create_private_file
from .engine import key_pragmas, sqlcipher_module


@dataclass(frozen=True)
class Conversion:
    """What ``encrypt``/``decrypt`` did: the project, its backup and the trail it holds."""

    path: Path
    backup: Path
    encrypted: bool
    events: int
    head_hash: str


def _connect(path: Path, key: str | None):
    conn = sqlcipher_module().connect(str(path), isolation_level=None)
    if key is not None:
        for statement in key_pragmas(key):
            conn.execute(statement)
    return conn


def copy_sqlcipher(src: Path, src_key: str | None, dst: Path, dst_key: str | None) -> None:
    """Copy project ``src`` into ``dst`` (created empty and owner-only here), encrypted
    with ``dst_key`` or plain when it is None."""
    if not dst.exists():
        create_private_file(dst)
    conn = _connect(src, src_key)
    try:
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(dst), dst_key or ""))
        conn.execute("BEGIN IMMEDIATE")  # one consistent state; writers wait
        conn.execute("SELECT sqlcipher_export('target')")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
    conn = _connect(dst, dst_key)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def trail_head(path: Path, key: str | None) -> tuple[int, str]:
    """The last event's seq and hash (0, "" for an empty trail)."""
    conn = _connect(path, key)
    try:
        row = conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return (row[0], row[1]) if row else (0, "")


def convert(path: Path, *, old_key: str | None, new_key: str | None) -> Conversion:
    """Encrypt (``new_key``), decrypt (``old_key``) the project at ``path``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    label = "encrypt" if new_key is not None else "decrypt"
    tmp = path.with_name(f"{path.name}.{label}ing")
    backup = path.with_name(f"{path.name}.bak-{label}-{stamp}")
    try:
        create_private_file(tmp)
    except FileExistsError:
        raise ProjectFileError(f"{tmp}: left by an interrupted {label}; remove it and try "
                               "again") from None
    try:
        copy_sqlcipher(path, old_key, tmp, new_key)
        head = trail_head(path, old_key)
        if trail_head(tmp, new_key) != head:
            raise ProjectFileError(f"{path}: the {label}ed copy does not hold the same coding "
                                   "trail; the project is unchanged")
        if Path(f"{path}-wal").exists():  # our connections are closed: another one is open
            raise ProjectBusy(f"{path}: is open in another stc-bench; close it there and "
                              f"{label} again (the project is unchanged)")
        if new_key is not None:  # the backup is encrypted too: no plaintext stays behind
            copy_sqlcipher(tmp, new_key, backup, new_key)
            overwrite_and_remove(path)
        else:
            os.replace(path, backup)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Conversion(path, backup, new_key is not None, head[0], head[1])


def overwrite_and_remove(path: Path) -> None:
    """Overwrite ``path`` with zeros (flushed to disk) and remove it."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        block = b"\0" * 65536
        left = size
        while left > 0:
            left -= handle.write(block[:min(left, len(block))])
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
