"""Owner-only files and folders for everything that holds interview data.

Transcripts are personal (often health) data under an ethics approval that promises
restricted access, so the project file, the backups written before a migration, exports
and the cache are created readable by their owner only (files 0600, folders 0700) on
POSIX, whatever the umask. SQLite gives a project's ``-wal`` and ``-shm`` files the mode
of the project file, so protecting the project file protects them too. A file or folder
that already exists with a tighter mode keeps it. On Windows ``chmod`` only toggles the
read-only flag (access is governed by ACLs, which the user folder already restricts), so
these functions create the file or folder and change no mode there.

Only ``os`` is used, so every layer may import this module.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def owner_only(path: str | os.PathLike[str], mode: int = FILE_MODE) -> None:
    """Take group and other access away from ``path``; bits the owner lacks stay off."""
    if not POSIX:
        return
    current = stat.S_IMODE(os.stat(path).st_mode)
    wanted = current & mode
    if wanted != current:
        os.chmod(path, wanted)


def create_private_file(path: str | os.PathLike[str]) -> None:
    """Create ``path`` empty and owner-only; refuses (FileExistsError) if it exists, so a
    file another program created in between is never taken over."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        if POSIX:  # the umask can only have removed bits; set exactly rw for the owner
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_private_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to a new owner-only file at ``path`` (replacing none)."""
    create_private_file(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Make folder ``path`` (and missing parents); the folder itself, when this call
    creates it, is owner-only (0700). An existing folder is left as it is: it may be a
    shared place the user chose (``STC_BENCH_CACHE=/srv/team``)."""
    folder = Path(path)
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=DIR_MODE)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return folder  # another process made it first
    if POSIX:
        os.chmod(folder, DIR_MODE)  # mkdir's mode is subject to the umask
    return folder
