"""Transcript import: one reader per format, speaker turns, content sniffing.

Example::

    from stc_bench.ingest import import_file, read_file

    result = read_file(Path("JS1.docx"), settings=wb.project().settings)
    print(result.informant, len(result.draft.turns))
    doc = import_file(wb, Path("JS1.docx"))
"""

from __future__ import annotations

from pathlib import Path

from ..domain.model import Document
from .base import IngestError, ReadResult
from .reader import informant_from_name, read_file

__all__ = ["IngestError", "ReadResult", "import_file", "informant_from_name", "read_file"]


def import_file(wb, path: Path, *, informant: str | None = None,
                max_mb: float | None = None) -> Document:
    """Read ``path`` and store it as a new document (refused if already in the project)."""
    result = read_file(Path(path), settings=wb.project().settings, max_mb=max_mb)
    return wb.import_transcript(result.draft, source_name=result.source_name,
                                source_sha256=result.source_sha256,
                                informant=informant or result.informant)
