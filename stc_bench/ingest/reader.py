"""Reading a transcript file of any supported format into a :class:`ReadResult`."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from .base import DEFAULT_MAX_MB, MAX_TURNS, Block, IngestError, ReadResult, check_size
from .import_warnings import ImportWarning
from .sniff import sniff_format
from .speakers import SpeakerRules
from .text import decode, markdown_blocks, text_blocks
from .turns import build_draft


def read_file(path: Path, *, settings: dict[str, Any] | None = None,
              max_mb: float | None = None) -> ReadResult:
    """Read one transcript file (format detected from its content) into a draft.

    ``settings`` are the project settings (``speaker_patterns``, ``import_max_mb``).
    Every problem a user can cause raises :class:`IngestError` with ``FILE: reason``.
    """
    path = Path(path)
    try:
        return _read(path, settings or {}, max_mb)
    except IngestError as exc:
        message = str(exc)
        if message.startswith(f"{path}: ") or message.startswith("project setting"):
            raise
        raise IngestError(f"{path}: {message}") from None


def _read(path: Path, settings: dict[str, Any], max_mb: float | None) -> ReadResult:
    data = load_bytes(path, _limit_mb(settings, max_mb))
    fmt = sniff_format(data, path.suffix)
    rules = SpeakerRules.from_settings(settings)
    blocks, warnings = _blocks(fmt, data, rules)
    check_size(len(blocks), sum(len(b.text) for b in blocks))
    if not any(b.text.strip() for b in blocks):
        raise IngestError(f"has no text (the {fmt} file is empty of words); check that it is "
                          "the transcript and not a template")
    draft = build_draft(blocks, fmt, rules, warnings)
    if not draft.turns:
        raise IngestError("has speaker labels but no words after them; check that it is the "
                          "transcript and not a template")
    if len(draft.turns) > MAX_TURNS:
        raise IngestError(f"has {len(draft.turns):,} speaker turns, more than the {MAX_TURNS:,} "
                          "one transcript may hold; split it into one file per interview")
    replacements = draft.text.count("\ufffd")
    if replacements:
        draft = type(draft)(draft.text, draft.turns, draft.format,
                            (*draft.warnings, ImportWarning("replacement_characters", replacements)))
    draft.check(str(path))
    return ReadResult(draft=draft, source_name=path.name,
                      source_sha256=hashlib.sha256(data).hexdigest(),
                      informant=informant_from_name(path), warnings=draft.warnings)


def _limit_mb(settings: dict[str, Any], max_mb: float | None) -> float:
    if max_mb is not None:
        return float(max_mb)
    try:
        return float(settings.get("import_max_mb", DEFAULT_MAX_MB))
    except (TypeError, ValueError):
        raise IngestError("project setting import_max_mb: must be a number of MB") from None


def load_bytes(path: Path, limit_mb: float) -> bytes:
    """The bytes of a regular file of at most ``limit_mb``; anything else is refused.

    The file is opened without blocking and checked on the open descriptor, so a FIFO,
    a device (a link to /dev/zero) or a socket is refused at once instead of hanging or
    filling memory, even if it replaced a regular file after a first look.
    """
    try:
        os.lstat(path)
    except FileNotFoundError:
        raise IngestError("no such file; check the path") from None
    except PermissionError:
        raise IngestError("cannot be read (permission denied on a folder above it)") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise IngestError("is a folder; import the files inside it (e.g. folder/*.docx)") from None
    except PermissionError:
        raise IngestError("cannot be read (permission denied)") from None
    except FileNotFoundError:
        raise IngestError("no such file (a link to a missing file?); check the path") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IngestError("is a folder; import the files inside it (e.g. folder/*.docx)")
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"is {_kind(info.st_mode)}, not a regular file; import a saved "
                              "transcript file")
        limit = int(limit_mb * 1024 * 1024)
        if info.st_size > limit:
            raise IngestError(f"is {info.st_size / 1024 / 1024:.1f} MB, over the import limit "
                              f"of {limit_mb:g} MB; raise it with --max-mb N (or the project "
                              "setting import_max_mb)")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise IngestError(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise IngestError(f"grew past the import limit of {limit_mb:g} MB while it was read; "
                          "import it when it is no longer being written")
    if not data.strip():
        raise IngestError("is empty")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _blocks(fmt: str, data: bytes, rules: SpeakerRules) -> tuple[list[Block], list[str]]:
    if fmt == "docx":
        from .word import docx_blocks

        return docx_blocks(data)
    if fmt == "odt":
        from .odt import odt_blocks

        return odt_blocks(data)
    text, _encoding = decode(data)
    check_size(0, len(text))
    if fmt == "rtf":
        from .rtf import rtf_blocks

        return rtf_blocks(text), []
    if fmt in ("vtt", "srt"):
        from .subtitles import cue_blocks

        return cue_blocks(text, fmt, rules)
    return (markdown_blocks(text) if fmt == "md" else text_blocks(text)), []


_INFORMANT_NOISE = re.compile(
    r"[ _-]*(transkripsjon|transkribert|transcript|intervju|interview|final|endelig|v\d+|"
    r"\d{4}-\d{2}-\d{2})$", re.IGNORECASE)


def informant_from_name(path: Path) -> str:
    """The informant label a file name suggests: ``JS1.docx`` → ``JS1``."""
    name = "".join(ch for ch in Path(path).name if ch.isprintable())  # no ESC or newline
    stem = name.split(".")[0].strip()
    while True:
        shorter = _INFORMANT_NOISE.sub("", stem).strip(" _-")
        if shorter == stem or not shorter:
            break
        stem = shorter
    return stem.replace("_", " ").strip() or name
