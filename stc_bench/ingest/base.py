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
