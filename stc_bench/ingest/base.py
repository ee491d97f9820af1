"""What every reader shares: the error type, the result, limits and the block model.

A reader turns file bytes into a list of :class:`Block` — paragraphs in reading order,
with a speaker label when the format itself marks one (bold run, table column, voice
tag). :mod:`.turns` then builds the normalised text and the speaker turns from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.errors import StcError
from ..domain.transcript import TranscriptDraft

#: Largest transcript file accepted, in MB (a 3-hour interview in .docx is ~1 MB).
DEFAULT_MAX_MB = 50
#: Largest total decompressed size of a .docx/.odt archive, in MB (zip-bomb guard).
MAX_UNZIPPED_MB = 256
#: Largest XML part of a .docx/.odt, in MB (a many-hour interview is under 20 MB).
MAX_XML_MB = 64
#: Most text, paragraphs and speaker turns one transcript may have. A three-hour interview
#: has ~200,000 characters and ~2,000 turns; these limits keep any import within about
#: 10 s and 1 GB (bench/README.md) and refuse the rest in one line.
MAX_TEXT_CHARS = 10_000_000
MAX_PARAGRAPHS = 100_000
MAX_TURNS = 20_000


def check_size(paragraphs: int, chars: int) -> None:
    """Refuse a transcript over :data:`MAX_PARAGRAPHS` or :data:`MAX_TEXT_CHARS`."""
    if chars > MAX_TEXT_CHARS:
        raise IngestError(f"has over {MAX_TEXT_CHARS // 1_000_000} million characters of "
                          "text, more than one transcript should hold; split it into one file "
                          "per interview")
    if paragraphs > MAX_PARAGRAPHS:
        raise IngestError(f"has over {MAX_PARAGRAPHS:,} paragraphs, more than one transcript "
                          "should hold; split it into one file per interview")


class IngestError(StcError):
    """A transcript file that cannot be read; the message is ``FILE: reason``."""


@dataclass(frozen=True)
class Block:
    """One paragraph as the file presents it.

    ``label`` is set when the format marks the speaker itself (bold label, table
    column, ``<v Name>``); otherwise the speaker is parsed from ``text``.
    """

    text: str
    label: str | None = None
    media_start_ms: int | None = None
    media_end_ms: int | None = None


@dataclass(frozen=True)
class ReadResult:
    """A file read into a draft transcript, with where it came from."""

    draft: TranscriptDraft
    source_name: str
    source_sha256: str
    informant: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
