"""The search index's SQL: FTS5 on SQLite, a LIKE scan elsewhere (derived data, untracked).

One row per speaker turn: ``forms`` (lower-cased word forms, space-separated),
``lemmas`` (every candidate lemma of every word), ``tokens`` (JSON offsets for
keyword-in-context); on SQLite its rowid is :func:`position` (migration 0006).
``search_state`` says which text and indexer version each document's rows were built from.
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


def documents(conn: Connection) -> dict[int, tuple[str, int | None]]:
    """document id → (text sha256, informant id): what a search needs of every document
    (its text only where it has hits)."""
    doc = TABLES["document"]
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        select(doc.c.id, doc.c.text_sha256, doc.c.informant_id).order_by(doc.c.id))}


def replace_rows(conn: Connection, document_id: int, text_sha256: str, indexer: str,
                 rows: Iterable[IndexRow]) -> None:
    drop_document(conn, document_id)
    params = [{"t": r.turn_id, "d": r.document_id, "f": r.forms, "l": r.lemmas, "k": r.tokens,
               "r": position(r.document_id, r.turn_id)} for r in rows]
    if params:
        rowid = ("rowid, ", ":r, ") if _is_sqlite(conn) else ("", "")
        conn.execute(text(f"INSERT INTO search_turn ({rowid[0]}turn_id, document_id, forms, lemmas, "
                          f"tokens) VALUES ({rowid[1]}:t, :d, :f, :l, :k)"), params)
    conn.execute(text("INSERT INTO search_state (document_id, text_sha256, indexer) "
                      "VALUES (:d, :s, :i)"), {"d": document_id, "s": text_sha256, "i": indexer})


def drop_document(conn: Connection, document_id: int) -> None:
    conn.execute(text("DELETE FROM search_turn WHERE document_id = :d"), {"d": document_id})
    conn.execute(text("DELETE FROM search_state WHERE document_id = :d"), {"d": document_id})


def position(document_id: int, turn_id: int) -> int:
    """A turn's place in the index: on SQLite its FTS5 rowid, so that rowid order is
    document and turn order and a page of candidates is a rowid range (FTS5 walks its
    index in rowid order and stops at the page's end, reading no other row). Turn ids
    stay below 2**32 (four billion turns), document ids below 2**31."""
    return document_id << 32 | turn_id


def candidate_page(conn: Connection, terms: Sequence[SearchTerm], after: tuple[int, int] | None,
                   size: int) -> list[tuple[int, int, str]]:
    """The next ``size`` turns (after ``(document id, turn id)`` ``after``, in document and
    turn order) that may contain every term — the caller checks positions exactly — as
    ``(document id, turn id, tokens)``; fewer than ``size``: there are no more."""
    if not terms:
        return []
    if _is_sqlite(conn):
        stmt = ("SELECT rowid >> 32, rowid & 4294967295, tokens FROM search_turn "
                "WHERE search_turn MATCH :q AND rowid > :after ORDER BY rowid LIMIT :size")
        params = {"q": " AND ".join(_fts_term(t) for t in terms),
                  "after": -1 if after is None else position(*after), "size": size}
        return [tuple(r) for r in conn.execute(text(stmt), params)]
    clauses, params = [], {"size": size}
    for k, term in enumerate(terms):
        # a turn may hold any one of the term's alternatives (each by its first word: a
        # superset the caller narrows), not only the first alternative
        options = []
        for a, words in enumerate(term.alternatives or (("",),)):
            options.append(f"{term.column} LIKE :p{k}_{a}")
            params[f"p{k}_{a}"] = f"%{words[0]}%"
        clauses.append("(" + " OR ".join(options) + ")")
    if after is not None:
        clauses.append("(document_id > :d OR (document_id = :d AND turn_id > :t))")
        params.update(d=after[0], t=after[1])
    stmt = ("SELECT document_id, turn_id, tokens FROM search_turn WHERE " + " AND ".join(clauses)
            + " ORDER BY document_id, turn_id LIMIT :size")
    return [tuple(r) for r in conn.execute(text(stmt), params)]


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
    unit, coding = TABLES["meaning_unit"], TABLES["coding"]
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
