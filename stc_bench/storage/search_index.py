"""The search index's SQL: FTS5 on SQLite, a LIKE scan elsewhere (derived data, untracked).

One row per speaker turn: ``forms`` (lower-cased word forms, space-separated),
``lemmas`` (every candidate lemma of every word), ``tokens`` (JSON offsets for
keyword-in-context). ``search_state`` says which text and indexer version each
document's rows were built from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection, select, text

from .models import TABLES


@dataclass(frozen=True)
class IndexRow:
    turn_id: int
    document_id: int
    forms: str
    lemmas: str
    tokens: str


@dataclass(frozen=True)
class SearchTerm:
    """One part of a query: ``column`` is "forms" or "lemmas"; ``alternatives`` are
    OR-ed; each alternative is a word or a phrase (several words); ``prefix`` matches
    word beginnings."""

    column: str
    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False


class UnitSpan(NamedTuple):
    """Where a meaning unit is and which code groups it is coded into (in coding order):
    all keyword-in-context needs of a unit, without its snippet."""

    id: int
    start: int
    end: int
    code_group_ids: tuple[int, ...]


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def state(conn: Connection) -> dict[int, tuple[str, str]]:
    rows = conn.execute(text("SELECT document_id, text_sha256, indexer FROM search_state"))
    return {r[0]: (r[1], r[2]) for r in rows}


def replace_rows(conn: Connection, document_id: int, text_sha256: str, indexer: str,
                 rows: Iterable[IndexRow]) -> None:
    drop_document(conn, document_id)
    params = [{"t": r.turn_id, "d": r.document_id, "f": r.forms, "l": r.lemmas, "k": r.tokens}
              for r in rows]
    if params:
        conn.execute(text("INSERT INTO search_turn (turn_id, document_id, forms, lemmas, tokens) "
                          "VALUES (:t, :d, :f, :l, :k)"), params)
    conn.execute(text("INSERT INTO search_state (document_id, text_sha256, indexer) "
                      "VALUES (:d, :s, :i)"), {"d": document_id, "s": text_sha256, "i": indexer})


def drop_document(conn: Connection, document_id: int) -> None:
    conn.execute(text("DELETE FROM search_turn WHERE document_id = :d"), {"d": document_id})
    conn.execute(text("DELETE FROM search_state WHERE document_id = :d"), {"d": document_id})


class Candidate(NamedTuple):
    """A turn that may match a query: where it is, and ``key``, how to read its tokens
    (:func:`tokens_of`) — the FTS5 rowid on SQLite, the turn id elsewhere."""

    document_id: int
    turn_id: int
    key: int


def candidates(conn: Connection, terms: Sequence[SearchTerm],
               document_ids: Sequence[int] | None = None) -> list[Candidate]:
    """Turns that may contain every term (the caller checks positions exactly), in
    document and turn order. Only where they are: their tokens are read a page at a time
    (:func:`tokens_of`), so a frequent word's first hits do not wait for all of them."""
    if not terms:
        return []
    if _is_sqlite(conn):
        stmt = "SELECT document_id, turn_id, rowid FROM search_turn WHERE search_turn MATCH :q"
        params = {"q": " AND ".join(_fts_term(t) for t in terms)}
    else:
        clauses, params = [], {}
        for k, term in enumerate(terms):
            first = term.alternatives[0][0] if term.alternatives else ""
            clauses.append(f"{term.column} LIKE :p{k}")
            params[f"p{k}"] = f"%{first}%"
        stmt = "SELECT document_id, turn_id, turn_id FROM search_turn WHERE " + " AND ".join(clauses)
    wanted = set(document_ids) if document_ids is not None else None
    rows = [Candidate(*r) for r in conn.execute(text(stmt), params)
            if wanted is None or r[0] in wanted]
    rows.sort()
    return rows


def tokens_of(conn: Connection, keys: Sequence[int]) -> dict[int, str]:
    """The token offsets (JSON) of candidate turns, by :attr:`Candidate.key`; at most
    900 keys (SQLite before 3.32 allows 999 bound parameters)."""
    if not keys:
        return {}
    column = "rowid" if _is_sqlite(conn) else "turn_id"
    marks = ", ".join(f":k{i}" for i in range(len(keys)))
    rows = conn.execute(text(f"SELECT {column}, tokens FROM search_turn WHERE {column} IN ({marks})"),
                        {f"k{i}": k for i, k in enumerate(keys)})
    return dict(rows.all())


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_term(term: SearchTerm) -> str:
    options = []
    for words in term.alternatives:
        phrase = " ".join(_quote(w) for w in words)
        if len(words) > 1:
            phrase = "(" + " + ".join(_quote(w) for w in words) + ")"
        options.append(phrase + ("*" if term.prefix else ""))
    return f"{term.column} : (" + " OR ".join(options) + ")"


def unit_spans(conn: Connection, document_id: int, starts_by: int | None = None,
               ends_from: int | None = None) -> list[UnitSpan]:
    """A document's meaning units in text order (start, then oldest first), each with its
    code groups: one query, however many units and codings. ``starts_by``/``ends_from``
    keep only units starting at or before / ending at or after those offsets."""
    unit, coding = TABLES["meaning_unit"].__table__, TABLES["coding"].__table__
    stmt = (select(unit.c.id, unit.c.start, unit.c.end, coding.c.code_group_id)
            .select_from(unit.outerjoin(coding, coding.c.unit_id == unit.c.id))
            .where(unit.c.document_id == document_id)
            .order_by(unit.c.start, unit.c.id, coding.c.id))
    if starts_by is not None:
        stmt = stmt.where(unit.c.start <= starts_by)
    if ends_from is not None:
        stmt = stmt.where(unit.c.end >= ends_from)
    spans: list[UnitSpan] = []
    for uid, start, end, group in conn.execute(stmt).all():
        if spans and spans[-1].id == uid:
            spans[-1] = spans[-1]._replace(code_group_ids=spans[-1].code_group_ids + (group,))
        else:
            spans.append(UnitSpan(uid, start, end, () if group is None else (group,)))
    return spans
