"""Where an export goes and how it is written: never over an existing file unless
forced, and a clear error when the target is locked or cannot be written."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from ..domain.errors import StcError
from ..paths import exports_dir
from ..protect import owner_only


class ExportError(StcError):
    """An export target that exists, is locked (open in Word) or cannot be written."""


def slug(text: str) -> str:
    """A file-name-safe form of a project name (keeps æøå)."""
    text = re.sub(r"[^\w\-]+", "-", text.strip(), flags=re.UNICODE).strip("-")
    return text or "project"


def default_target(project: str | Path, part: str, suffix: str) -> Path:
    """``exports/<project>-<part>-<date>.<suffix>``."""
    # a database URL: its database's name (not the ``?host=/run/postgresql`` socket folder)
    name = (Path(str(project)).stem if "://" not in str(project)
            else urlsplit(str(project)).path.rsplit("/", 1)[-1])
    return exports_dir() / f"{slug(name)}-{part}-{date.today().isoformat()}.{suffix}"


def write_export(target: Path, write: Callable[[Path], object], *, force: bool = False) -> Path:
    """Write through a temporary file beside ``target``, then move it into place.

    Refuses an existing target without ``force``; a Word lock file (``~$name.docx``)
    or a file the system will not let us replace is reported as locked.
    """
    target = Path(target)
    if target.exists() and target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name with -o")
    if target.exists() and not force:
        raise ExportError(f"{target}: already exists; use --force to overwrite or -o for another name")
    if not target.parent.exists():
        raise ExportError(f"{target}: folder {target.parent} does not exist")
    # Word writes ~$name (dropping two letters of long names); LibreOffice .~lock.name#
    for candidate in (target.with_name(f"~${target.name}"), target.with_name(f"~${target.name[2:]}"),
                      target.with_name(f".~lock.{target.name}#")):
        if candidate.exists():
            raise ExportError(f"{target}: is open in Word or LibreOffice ({candidate.name}); "
                              "close it and export again")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".stc-export-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write in {target.parent} ({exc.strerror})") from exc
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file 0600: an export holds interview quotes, so it stays
        # owner-only; a target being replaced that was tighter (0400) keeps its mode.
        if target.exists():
            owner_only(tmp, os.stat(target).st_mode)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise ExportError(f"{target}: is locked or read-only ({exc.strerror}); close it in "
                          "Word/LibreOffice or choose another name with -o") from exc
    except OSError as exc:
        raise ExportError(f"{target}: could not be written ({exc.strerror})") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
