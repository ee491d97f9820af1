"""Reading a transcript file of any supported format into a :class:`ReadResult`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .base import DEFAULT_MAX_MB, Block, IngestError, ReadResult
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
    data = _load(path, _limit_mb(settings, max_mb))
    fmt = sniff_format(data, path.suffix)
    rules = SpeakerRules.from_settings(settings)
    blocks, warnings = _blocks(fmt, data, rules)
    if not any(b.text.strip() for b in blocks):
        raise IngestError(f"has no text (the {fmt} file is empty of words); check that it is "
                          "the transcript and not a template")
    draft = build_draft(blocks, fmt, rules, warnings)
    replacements = draft.text.count("\ufffd")
    if replacements:
        draft = type(draft)(draft.text, draft.turns, draft.format,
                            (*draft.warnings, f"{replacements} replacement characters"))
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


def _load(path: Path, limit_mb: float) -> bytes:
    if not path.exists():
        raise IngestError("no such file; check the path")
    if path.is_dir():
        raise IngestError("is a folder; import the files inside it (e.g. folder/*.docx)")
    try:
        size = path.stat().st_size
        if size > limit_mb * 1024 * 1024:
            raise IngestError(f"is {size / 1024 / 1024:.1f} MB, over the import limit of "
                              f"{limit_mb:g} MB; raise it with --max-mb N (or the project "
                              "setting import_max_mb)")
        data = path.read_bytes()
    except PermissionError:
        raise IngestError("cannot be read (permission denied)") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise IngestError("is empty")
    return data


def _blocks(fmt: str, data: bytes, rules: SpeakerRules) -> tuple[list[Block], list[str]]:
    if fmt == "docx":
        from .word import docx_blocks

        return docx_blocks(data)
    if fmt == "odt":
        from .odt import odt_blocks

        return odt_blocks(data)
    text, _encoding = decode(data)
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
    stem = Path(path).name.split(".")[0].strip()
    while True:
        shorter = _INFORMANT_NOISE.sub("", stem).strip(" _-")
        if shorter == stem or not shorter:
            break
        stem = shorter
    return stem.replace("_", " ").strip() or Path(path).name
