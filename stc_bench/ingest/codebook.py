"""A codebook written elsewhere (a csv: code group, subgroup, description), for template
analysis: its code groups and subgroups are made a priori before coding starts.

The columns are found by header, in English or Norwegian (``code_group``/``kodegruppe``,
``subgroup``/``subgruppe``, ``description``/``beskrivelse``), so stc-bench's own codebook
export reads back in; other columns are ignored. A row without a subgroup describes its
code group.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .base import DEFAULT_MAX_MB, IngestError
from .reader import load_bytes
from .survey import csv_rows

HEADERS = {
    "code_group": ("code_group", "code group", "kodegruppe", "kategori", "code"),
    "subgroup": ("subgroup", "subgruppe", "subcode", "underkategori"),
    "description": ("description", "beskrivelse", "definition", "definisjon"),
}


@dataclass(frozen=True)
class CodebookEntry:
    code_group: str
    subgroup: str  # "" for a row about the code group itself
    description: str
    row: int


def read_codebook_csv(path: Path) -> list[CodebookEntry]:
    path = Path(path)
    try:
        return _entries(csv_rows(load_bytes(path, DEFAULT_MAX_MB), None))
    except IngestError as exc:
        raise IngestError(f"{path}: {exc}") from None


def _entries(rows: list[list[str]]) -> list[CodebookEntry]:
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise IngestError("is empty: expected a header row (code_group, subgroup, description)")
    header = [h.strip().casefold() for h in rows[0]]
    where = {key: next((header.index(n) for n in names if n in header), None)
             for key, names in HEADERS.items()}
    if where["code_group"] is None:
        raise IngestError("has no code group column (a header named code_group or kodegruppe; "
                          f"found: {', '.join(h for h in header if h) or 'none'})")
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        group, sub, text = (cells[at].strip() if (at := where[k]) is not None else ""
                            for k in ("code_group", "subgroup", "description"))
        if not group:
            raise IngestError(f"row {number}: the code group is empty")
        entries.append(CodebookEntry(group, sub, text, number))
    if not entries:
        raise IngestError("has a header but no code groups")
    return entries
