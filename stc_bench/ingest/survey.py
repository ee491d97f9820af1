"""Free-text answers of a questionnaire (.csv or .xlsx) as short one-respondent documents.

Each non-empty answer in a text column becomes a document of its own, spoken by the
respondent (an informant labelled by the id column, with the attribute columns as
attributes), so survey text is coded through the same four steps as an interview. Empty
answers are skipped and counted. Example::

    from stc_bench.ingest.survey import read_survey

    survey = read_survey(Path("skjema.csv"), id_column="id", text_columns=["Hva hjalp?"],
                         attribute_columns=["sektor"])
    wb.import_survey(survey)
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.offsets import normalise_text
from ..domain.transcript import TranscriptDraft, TurnDraft
from .base import DEFAULT_MAX_MB, IngestError
from .reader import load_bytes
from .text import decode

#: Most rows a survey import takes (one document per answer).
MAX_ROWS = 50_000


@dataclass(frozen=True)
class SurveyAnswer:
    respondent: str
    question: str  # the text column's header
    draft: TranscriptDraft
    row: int  # 1-based row in the sheet, header included


@dataclass(frozen=True)
class Survey:
    source_name: str
    source_sha256: str
    answers: tuple[SurveyAnswer, ...]
    attributes: dict[str, dict[str, str]]  # respondent → attributes from the --attr columns
    skipped_empty: int
    several_questions: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def respondents(self) -> int:
        return len({a.respondent for a in self.answers})


def read_survey(path: Path, *, id_column: str, text_columns: Sequence[str],
                attribute_columns: Sequence[str] = (), sheet: str | None = None) -> Survey:
    """Read a questionnaire export; every problem is an ``IngestError`` naming the file."""
    path = Path(path)
    try:
        data = load_bytes(path, DEFAULT_MAX_MB)  # a regular file of at most 50 MB, read once
        rows = _xlsx_rows(data, sheet) if data[:2] == b"PK" else csv_rows(data, sheet)
        return _survey(path, data, rows, id_column, list(text_columns), list(attribute_columns))
    except IngestError as exc:
        raise IngestError(f"{path}: {exc}") from None


def csv_rows(data: bytes, sheet: str | None) -> list[list[str]]:
    if sheet is not None:
        raise IngestError("--sheet is for .xlsx workbooks; this is a csv file")
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("is not a csv or xlsx file (binary data)")
    text, _ = decode(data)
    head = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(head, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or nothing to tell by: commas
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise IngestError(f"is not a well-formed csv file ({exc})") from None


def _xlsx_rows(data: bytes, sheet: str | None) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook  # lazy: only survey imports need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise IngestError(f"is not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise IngestError(f"has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = []
        for values in ws.iter_rows(values_only=True):
            rows.append(["" if v is None else _cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as 17 is read back as 17.0
    return str(value)


def _survey(path: Path, data: bytes, rows: list[list[str]], id_column: str,
            text_columns: list[str], attribute_columns: list[str]) -> Survey:
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise IngestError("is empty: expected a header row and one row per respondent")
    if len(rows) - 1 > MAX_ROWS:
        raise IngestError(f"has more than {MAX_ROWS:,} rows; split it")
    header = [h.strip() for h in rows[0]]
    index = {name: _column(header, name) for name in (id_column, *text_columns, *attribute_columns)}
    answers: list[SurveyAnswer] = []
    attributes: dict[str, dict[str, str]] = {}
    skipped = 0
    for number, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        respondent = cells[index[id_column]].strip()
        if not respondent:
            raise IngestError(f"row {number}: the id column {id_column!r} is empty")
        if respondent in attributes:
            raise IngestError(f"row {number}: respondent {respondent!r} appears twice in the "
                              f"id column {id_column!r}")
        attributes[respondent] = {_attribute_key(name): cells[index[name]].strip()
                                  for name in attribute_columns if cells[index[name]].strip()}
        for name in text_columns:
            text = normalise_text(cells[index[name]]).strip()
            if not text:
                skipped += 1
                continue
            turn = TurnDraft(speaker=respondent, start=0, end=len(text))
            answers.append(SurveyAnswer(respondent, name, TranscriptDraft(text, (turn,), "survey"),
                                        number))
    if not answers:
        raise IngestError(f"has no answers in {', '.join(map(repr, text_columns))}: every one "
                          "is empty")
    return Survey(path.name, hashlib.sha256(data).hexdigest(), tuple(answers), attributes,
                  skipped, several_questions=len(text_columns) > 1)


def _column(header: list[str], name: str) -> int:
    folded = [h.casefold() for h in header]
    if name.strip().casefold() in folded:
        return folded.index(name.strip().casefold())
    shown = ", ".join(repr(h) for h in header if h) or "none"
    raise IngestError(f"has no column {name!r} (the header row has: {shown})")


def _attribute_key(header: str) -> str:
    """``"Alder (gruppe)"`` → ``alder_gruppe``: attribute names as the informant model keeps them."""
    key = re.sub(r"[^\w]+", "_", header.strip().casefold()).strip("_")
    return key or "attribute"
