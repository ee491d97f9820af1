"""Copy a whole project from one store to another: SQLite ↔ PostgreSQL, either way.

Every row of every table keeps its id, and the trail is copied as stored — each event's
JSON as the exact text its hash covers — so the copy's chain is the source's chain, head
hash and all, and ``audit verify`` checks it like any project. The copy is not a change
to the analysis, so it adds no event. The source is read in one read transaction (one
state, even while coders write to it); the destination is written in one write
transaction (all of it, or nothing). Derived search-index rows are not copied: they are
rebuilt before the first search.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import bindparam, func, insert, select

from . import postgres
from .models import TABLES
from .repository import EVENTS, ReadTx, Store, WriteTx, stored_json

#: Rows per executemany: bounded memory whatever the project's size.
BATCH = 500
#: Events per batch: one event's changes can be a bulk import's tens of thousands of rows.
EVENT_BATCH = 50


@dataclass(frozen=True)
class CopyCounts:
    rows: dict[str, int]
    events: int


def copy_rows(source: ReadTx, dest: WriteTx) -> CopyCounts:
    """Every table's rows from ``source`` into the (empty, migrated) ``dest``, parents
    before children; then each id sequence past the largest id copied."""
    counts: dict[str, int] = {}
    for table in EVENTS.metadata.sorted_tables:  # foreign keys: referenced tables first
        if table.name not in TABLES or table.name == EVENTS.name:
            continue
        stmt = select(table).order_by(table.c.id).execution_options(yield_per=BATCH)
        rows = (row._asdict() for row in source.conn.execute(stmt))
        counts[table.name] = _insert_batches(dest, insert(table), rows, BATCH)
        if counts[table.name] and dest.conn.dialect.name == "postgresql":
            largest = dest.conn.execute(select(func.max(table.c.id))).scalar_one()
            postgres.bump_sequence(dest.conn, table.name, largest)
    events = _copy_events(source, dest)
    return CopyCounts(counts, events)


def _copy_events(source: ReadTx, dest: WriteTx) -> int:
    names = [c.name for c in EVENTS.columns]
    json_columns = {"before", "after", "changes"}
    values = {n: stored_json(dest.conn, bindparam(n)) if n in json_columns else bindparam(n)
              for n in names}
    rows = (dict(zip(names, row, strict=True)) for row in source.stored_events())
    return _insert_batches(dest, insert(EVENTS).values(values), rows, EVENT_BATCH)


def _insert_batches(dest: WriteTx, stmt, rows: Iterator[dict], size: int) -> int:
    total = 0
    while batch := list(islice(rows, size)):
        dest.conn.execute(stmt, batch)
        total += len(batch)
    return total


def copy_store(source: Store, dest: Store) -> CopyCounts:
    """Copy ``source`` into ``dest`` (already created and migrated, holding nothing)."""
    with source.read() as src, dest.write() as dst:
        return copy_rows(src, dst)
