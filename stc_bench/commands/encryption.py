"""encrypt, decrypt: a project file encrypted at rest (SQLCipher), or plain again."""

from __future__ import annotations

from .common import add_project_arg, passphrase_asker


def register(sub) -> None:
    p = sub.add_parser("encrypt", help="encrypt a project file (SQLCipher); an encrypted "
                                       "backup is kept and the plaintext file overwritten")
    add_project_arg(p, "the project file (projects/NAME.stc)")
    p.set_defaults(run=cmd_encrypt)
    p = sub.add_parser("decrypt", help="write an encrypted project back as a plain file; the "
                                       "encrypted original is kept as a backup")
    add_project_arg(p, "the project file (projects/NAME.stc)")
    p.set_defaults(run=cmd_decrypt)


def cmd_encrypt(args) -> int:
    from ..services.encryption import encrypt_project, require_encryption

    require_encryption(args.project)  # before asking for a passphrase it could not use
    done = encrypt_project(args.project, passphrase_asker(args.project, new=True)())
    print(f"encrypted {done.path} ({done.events} events, head {done.events}:{done.head_hash}); "
          f"the plaintext file was overwritten and removed; backup (encrypted with the same "
          f"passphrase): {done.backup}")
    _warn_plain_backups(done.path)
    return 0


def cmd_decrypt(args) -> int:
    from ..services.encryption import decrypt_project

    done = decrypt_project(args.project, passphrase_asker(args.project)())
    print(f"decrypted {done.path}: it is a plain file now, readable by anyone who can read "
          f"the file; the encrypted original is kept as {done.backup}")
    return 0


def _warn_plain_backups(path) -> None:
    """Migration backups written before the project was encrypted are still plaintext."""
    import sys

    def is_plain(backup) -> bool:
        with backup.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"

    plain = sorted(p for p in path.parent.glob(f"{path.name}.bak-rev*") if is_plain(p))
    for backup in plain:
        print(f"stc-bench: warning: {backup} is an older backup in plaintext: remove it (or "
              "encrypt it) if the project's data must be encrypted", file=sys.stderr)
