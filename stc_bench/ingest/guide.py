"""Reading an interview guide (.txt, .md, .docx, .odt, .rtf) as plain text, one line a paragraph.

A guide is not a transcript: it has no speakers, so only the readers' paragraphs are used."""

from __future__ import annotations

from pathlib import Path

from ..domain.offsets import normalise_text
from .base import DEFAULT_MAX_MB, IngestError
from .reader import load_bytes
from .sniff import sniff_format
from .text import decode


def read_guide(path: Path) -> str:
    """The guide's normalised text; an unreadable file is an ``IngestError`` naming it."""
    path = Path(path)
    try:
        data = load_bytes(path, DEFAULT_MAX_MB)
        fmt = sniff_format(data, path.suffix)
        if fmt == "docx":
            from .word import docx_blocks

            lines = [b.text for b in docx_blocks(data)[0]]
        elif fmt == "odt":
            from .odt import odt_blocks

            lines = [b.text for b in odt_blocks(data)[0]]
        elif fmt == "rtf":
            from .rtf import rtf_blocks

            lines = [b.text for b in rtf_blocks(decode(data)[0])]
        else:
            lines = decode(data)[0].splitlines()
    except IngestError as exc:
        raise IngestError(f"{path}: {exc}") from None
    text = normalise_text("\n".join(line.strip() for line in lines)).strip()
    if not text:
        raise IngestError(f"{path}: has no text; check that it is the interview guide")
    return text
