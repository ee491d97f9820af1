"""Rich Text Format via striprtf: the text, one paragraph per line."""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

from .base import Block, IngestError
from .text import text_blocks


def rtf_blocks(source: str) -> list[Block]:
    """Paragraphs of an RTF document (Windows-1252 escapes decoded)."""
    try:
        text = rtf_to_text(source, encoding="cp1252", errors="replace")
    except Exception as exc:  # noqa: BLE001 - striprtf raises many kinds on damage
        raise IngestError(f"is a damaged RTF file ({type(exc).__name__}); open it in Word or "
                          "LibreOffice and save it again") from None
    # Word writes characters outside the BMP (emoji) as \\u surrogate pairs; join them,
    # and turn a lone surrogate into U+FFFD so the text can be stored as UTF-8.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text_blocks(text)
