"""Bulk writes: meaning units per second through the service layer (``create_units``:
rows, codings and one audit event) against raw stdlib sqlite3 ``executemany`` of the same
rows into a bare table, in the same run.

    .venv/bin/python -m bench.bulk_speed [--units 40000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import draft, sentence_spans
from bench.import_speed import transcript


def service_rate(folder: Path, units: int) -> float:
    """Units/s for one ``create_units`` call of ``units`` spans, coded into a group."""
    import hashlib
    import random

    from stc_bench.services import Workbench

    lines = transcript(units * 12, random.Random(4), "JS1")
    d = draft(lines)
    with Workbench.create(folder / "bulk.stc", title="Bulk", actor="bench") as wb:
        doc = wb.import_transcript(d, source_name="JS1.txt", informant="JS1",
                                   source_sha256=hashlib.sha256(d.text.encode()).hexdigest())
        group = wb.add_code_group("Rask start")
        spans = sentence_spans(doc.text)[:units]
        assert len(spans) == units, len(spans)
        t0 = time.perf_counter()
        wb.create_units(doc.id, spans, code_group_ids=[group.id])
        return units / (time.perf_counter() - t0)


def raw_rate(folder: Path, units: int) -> float:
    """Rows/s for the same rows (unit + coding) through sqlite3 executemany, WAL, FULL."""
    con = sqlite3.connect(str(folder / "bare.sqlite"), isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, document_id INT, start INT, end INT, "
                "created_at TEXT, snippet TEXT, status TEXT)")
    con.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, unit_id INT, code_group_id INT, "
                "UNIQUE (unit_id, code_group_id))")
    rows = [(i, 1, i * 50, i * 50 + 40, "2026-12-01T00:00:00Z", "x" * 40, "ok")
            for i in range(1, units + 1)]
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany("INSERT INTO u VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO c (unit_id, code_group_id) VALUES (?, 1)", [(r[0],) for r in rows])
    con.execute("COMMIT")
    rate = units / (time.perf_counter() - t0)
    con.close()
    return rate


def measure(units: int = 40_000) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="stc-bulk-") as tmp:
        return service_rate(Path(tmp), units), raw_rate(Path(tmp), units)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bulk_speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=40_000)
    args = parser.parse_args(argv)
    service, raw = measure(args.units)
    print(f"{args.units} meaning units: service layer {service:,.0f}/s, sqlite3 executemany "
          f"{raw:,.0f}/s, ratio {service / raw:.2f} (target >= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
