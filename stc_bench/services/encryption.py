"""Encryption at rest: whether it is available, and encrypting or decrypting a project.

The passphrase is handed in by the caller (the CLI asks for it or reads
``STC_BENCH_PASSPHRASE``) and goes only to SQLCipher: it is never stored, logged or put
into the coding trail. A conversion is a copy of the whole file, not a change to the
analysis, so it writes no event; the trail's head before and after is the same.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import ProjectFileError
from ..storage import crypt
from ..storage.engine import encryption_available
from ..storage.repository import Store

__all__ = ["encryption_available", "require_encryption", "encrypt_project", "decrypt_project",
           "Conversion"]
Conversion = crypt.Conversion


def _project_file(target: str | Path, passphrase) -> tuple[Path, bool]:
    """Open the project once (a wrong passphrase, a busy or foreign file fail here) and
    bring it to the current schema; its path and whether it is encrypted."""
    store = Store(target, passphrase=passphrase)
    try:
        if store.path is None:
            raise ProjectFileError(f"{target}: only a project file (projects/NAME.stc) can be "
                                   "encrypted; a database server protects its data itself")
        store.migrate()
        return store.path, store.encrypted
    finally:
        store.close()


def require_encryption(target: str | Path) -> None:
    """Refuse, naming what to install, when SQLCipher is not installed here."""
    if encryption_available() is None:
        raise ProjectFileError(f"{target}: encryption is not installed here: pip install "
                               "'stc-bench[encrypt]' (stc-bench doctor says whether it is)")


def encrypt_project(target: str | Path, passphrase: str) -> Conversion:
    """Encrypt a plain project file with ``passphrase`` (SQLCipher 4, AES-256).

    The encrypted copy replaces the file once it holds the same trail; an encrypted
    backup ``NAME.stc.bak-encrypt-…`` is kept and the plaintext file is overwritten and
    removed. Refuses an already encrypted file."""
    require_encryption(target)
    if not passphrase:
        raise ProjectFileError(f"{target}: an empty passphrase cannot encrypt a project")
    def already() -> str:
        raise ProjectFileError(f"{target}: is already encrypted (or not an stc-bench project)")

    path, _ = _project_file(target, already)
    return crypt.convert(path, old_key=None, new_key=passphrase)


def decrypt_project(target: str | Path, passphrase: str) -> Conversion:
    """Write an encrypted project back as a plain SQLite file; the encrypted original is
    kept as ``NAME.stc.bak-decrypt-…``. Refuses a plain file and a wrong passphrase."""
    path, encrypted = _project_file(target, passphrase)
    if not encrypted:
        raise ProjectFileError(f"{target}: is not encrypted")
    return crypt.convert(path, old_key=passphrase, new_key=None)
