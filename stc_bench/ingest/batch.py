"""Importing several transcripts: which files a folder holds, and one file per transaction.

Shared by ``stc-bench import`` and the TUI's import dialog, so both read, label and
refuse files the same way. Example::

    from stc_bench.ingest.batch import import_one, transcripts_in

    for path in transcripts_in(Path("intervjuer")):
        done = import_one(wb, path)
        print(done.document.id, done.informant, done.turns)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.model import Document
from ..domain.offsets import word_count
from .base import IngestError
from .reader import read_file

#: Suffixes of the files a folder import picks up (the content still decides the format).
TRANSCRIPT_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".rtf", ".vtt", ".srt")
#: REFI-QDA exchange files (a project from NVivo, ATLAS.ti, MAXQDA, QualCoder; a codebook):
#: imported whole, in one operation, when named on their own (never picked from a folder).
EXCHANGE_SUFFIXES = (".qdpx", ".qdc")


def is_exchange(path: Path) -> bool:
    return Path(path).suffix.lower() in EXCHANGE_SUFFIXES


def import_exchange_file(wb, path: Path):
    """Read a .qdpx or .qdc and add it to the project in one operation (as ``import-qdpx``
    and ``import-qdc`` do); nothing is written unless the whole file reads. Returns the
    ``ExchangeSummary``."""
    from .qdpx import read_qdc, read_qdpx  # lxml: only when an exchange file is imported

    path = Path(path)
    reader = read_qdc if path.suffix.lower() == ".qdc" else read_qdpx
    exchange = reader(path, wb.project().settings)
    return wb.import_exchange(exchange, source_name=path.name)


@dataclass(frozen=True)
class Imported:
    """One transcript file stored as a document, with what the reader found in it."""

    source: str
    document: Document
    informant: str
    turns: int
    words: int
    interviewer: str  # the interviewer labels, comma-separated, or "-"
    warnings: tuple[str, ...]
    #: the speaker labels that are not the interviewer's, in order: two or more make a
    #: group transcript (a focus group), whose speakers the student maps to informants
    participants: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return len(self.participants) > 1


def import_one(wb, path: Path, *, informant: str | None = None, max_mb: float | None = None,
               settings: dict[str, Any] | None = None) -> Imported:
    """Read ``path`` and store it as one new document in its own transaction.

    The informant defaults to the one the file name suggests (``JS1.docx`` → ``JS1``).
    A file already in the project (same sha256 or same text) is refused with an
    ``StcError`` naming it, as is any file the readers cannot read.
    """
    path = Path(path)
    if settings is None:
        settings = wb.project().settings
    result = read_file(path, settings=settings, max_mb=max_mb)
    label = informant or result.informant
    doc = wb.import_transcript(result.draft, source_name=result.source_name,
                               source_sha256=result.source_sha256, informant=label)
    turns = result.draft.turns
    interviewer = sorted({t.speaker for t in turns if t.is_interviewer})
    participants = tuple(dict.fromkeys(t.speaker for t in turns if t.speaker and not t.is_interviewer))
    return Imported(str(path), doc, label, len(turns), word_count(doc.text),
                    ", ".join(interviewer) or "-", result.warnings, participants)


#: Windows' "hidden" file attribute (``os.stat_result.st_file_attributes``).
FILE_ATTRIBUTE_HIDDEN = 0x2


def is_hidden(name: str, info: os.stat_result | None = None) -> bool:
    """Hidden as the platform's file browser shows it: a dot file, Word's ``~$`` lock file
    (everywhere), and with ``info`` Windows' hidden attribute or macOS's ``UF_HIDDEN`` flag."""
    if name.startswith((".", "~$")):
        return True
    if info is None:
        return False
    return bool(getattr(info, "st_file_attributes", 0) & FILE_ATTRIBUTE_HIDDEN
                or getattr(info, "st_flags", 0) & stat.UF_HIDDEN)


def is_transcript_name(path: Path, info: os.stat_result | None = None) -> bool:
    """True for a visible file whose suffix is one a transcript is saved with."""
    return not is_hidden(path.name, info) and path.suffix.lower() in TRANSCRIPT_SUFFIXES


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def transcripts_in(folder: Path) -> list[Path]:
    """The transcript files directly inside ``folder``, sorted by name (no subfolders).

    Hidden files and Word's lock files (``~$JS1.docx``) are left out.
    """
    try:
        return sorted((p for p in Path(folder).iterdir()
                       if p.is_file() and is_transcript_name(p, _stat(p))),
                      key=lambda p: p.name.casefold())
    except PermissionError:
        raise IngestError(f"{folder}: the folder cannot be read (permission denied)") from None
    except OSError as exc:
        raise IngestError(f"{folder}: the folder cannot be read ({exc.strerror or exc})") from None


def expand_sources(paths: Iterable[Path]) -> list[Path]:
    """Files to import: each folder replaced by the transcripts in it, duplicates once.

    A path that is not a folder is kept as it is (a missing file is reported when it is
    read, with the reader's message)."""
    seen: set[Path] = set()
    files: list[Path] = []
    for path in paths:
        for file in transcripts_in(path) if Path(path).is_dir() else [Path(path)]:
            key = file.absolute()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files
