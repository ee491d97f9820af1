"""The search index's SQL: FTS5 on SQLite, a LIKE scan elsewhere (derived data, untracked).

One row per speaker turn: ``forms`` (lower-cased word forms, space-separated),
``lemmas`` (every candidate lemma of every word), ``tokens`` (JSON offsets for
keyword-in-context). ``search_state`` says which text and indexer version each
document's rows were built from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text


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


def candidates(conn: Connection, terms: Sequence[SearchTerm],
               document_ids: Sequence[int] | None = None) -> list[IndexRow]:
    """Turns that may contain every term (the caller checks positions exactly)."""
    if not terms:
        return []
    if _is_sqlite(conn):
        stmt = ("SELECT turn_id, document_id, forms, lemmas, tokens FROM search_turn "
                "WHERE search_turn MATCH :q")
        params = {"q": " AND ".join(_fts_term(t) for t in terms)}
    else:
        clauses, params = [], {}
        for k, term in enumerate(terms):
            first = term.alternatives[0][0] if term.alternatives else ""
            clauses.append(f"{term.column} LIKE :p{k}")
            params[f"p{k}"] = f"%{first}%"
        stmt = ("SELECT turn_id, document_id, forms, lemmas, tokens FROM search_turn WHERE "
                + " AND ".join(clauses))
    rows = [IndexRow(*r) for r in conn.execute(text(stmt), params)]
    if document_ids is not None:
        wanted = set(document_ids)
        rows = [r for r in rows if r.document_id in wanted]
    return sorted(rows, key=lambda r: (r.document_id, r.turn_id))


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
