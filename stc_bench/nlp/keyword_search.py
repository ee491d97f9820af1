"""Lemma-aware keyword-in-context search across a project's transcripts.

Query language (Norwegian words, case-insensitive):

- ``jobbe`` — any inflected form: jobber, jobbet, jobben, jobbene (lemma-aware);
- ``=jobben`` — exactly this form;
- ``jobb*`` — words beginning with "jobb";
- ``"fikk jobb"`` — a phrase: these forms in a row;
- several parts — every one must occur in the same speaker turn.

The index is rebuilt lazily: before a search, documents whose text or indexer version
changed since they were indexed are indexed again (in memory only when the project is
open read-only). That keeps ``import`` free of spaCy and survives a later switch to
``nb_core_news_sm``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..domain.model import CodeGroup, Coding, Document, Informant, MeaningUnit, Turn
from ..services.search import IndexRow, SearchTerm
from .lemmatizer import lemma_candidates, search_keys
from .suggest import turn_body
from .tokens import word_tokens

#: Bump when tokens or lemmas change, so existing indexes are rebuilt.
INDEXER = "stc-lemmas-1"
CONTEXT = 50
QUERY_PART = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class Hit:
    """One match: where it is, its keyword-in-context line, and the units around it."""

    document_id: int
    document_title: str
    informant: str
    turn_id: int
    turn_idx: int
    speaker: str
    start: int
    end: int
    left: str
    match: str
    right: str
    unit_ids: tuple[int, ...] = ()
    code_groups: tuple[str, ...] = ()

    @property
    def in_unit(self) -> bool:
        return bool(self.unit_ids)


@dataclass(frozen=True)
class QueryPart:
    kind: str  # "lemma", "form", "prefix" or "phrase"
    words: tuple[str, ...]
    keys: tuple[str, ...] = ()


def parse_query(query: str) -> list[QueryPart]:
    """The parts of a query (see module doc); empty when it has no words."""
    parts = []
    for phrase, word in QUERY_PART.findall(query.lower()):
        if phrase:
            words = tuple(f for _a, _b, f in word_tokens(phrase))
            if words:
                parts.append(QueryPart("phrase", words))
        elif word.startswith("=") and len(word) > 1:
            parts.append(QueryPart("form", (word[1:],)))
        elif word.endswith("*") and len(word) > 1:
            parts.append(QueryPart("prefix", (word.rstrip("*"),)))
        elif any(ch.isalnum() for ch in word):
            parts.append(QueryPart("lemma", (word,), search_keys(word)))
    return parts


def _term(part: QueryPart) -> SearchTerm:
    if part.kind == "lemma":
        return SearchTerm("lemmas", tuple((k,) for k in part.keys))
    if part.kind == "prefix":
        return SearchTerm("forms", (part.words,), prefix=True)
    return SearchTerm("forms", (part.words,))


def index_rows(doc: Document, turns: list[Turn]) -> list[IndexRow]:
    """One index row per speaker turn: forms, candidate lemmas, token offsets."""
    rows = []
    for turn in turns:
        a, b = turn_body(doc.text, turn)
        tokens = [(a + s, a + e, f.lower(), "|".join(lemma_candidates(f)))
                  for s, e, f in word_tokens(doc.text[a:b])]
        rows.append(IndexRow(turn.id, doc.id, " ".join(t[2] for t in tokens),
                             " ".join(t[3].replace("|", " ") for t in tokens),
                             json.dumps(tokens, ensure_ascii=False)))
    return rows


def sync_index(wb) -> list[IndexRow]:
    """Bring the stored index up to date; returns rows it could not store (read-only)."""
    state = wb.search_state()
    docs = {d.id: d for d in wb.documents()}
    unstored: list[IndexRow] = []
    for doc in docs.values():
        if state.get(doc.id) == (doc.text_sha256, INDEXER):
            continue
        rows = index_rows(doc, wb.turns(doc.id))
        if wb.read_only:
            unstored.extend(rows)
        else:
            wb.store_search_rows(doc.id, doc.text_sha256, INDEXER, rows)
    if not wb.read_only:
        for gone in set(state) - set(docs):
            wb.drop_search_rows(gone)
    return unstored


def _matches(part: QueryPart, tokens: list, k: int) -> int:
    """How many tokens from ``k`` on the part matches (0 = no match)."""
    form = tokens[k][2]
    if part.kind == "lemma":
        return 1 if set(tokens[k][3].split("|")) & set(part.keys) else 0
    if part.kind == "form":
        return 1 if form == part.words[0] else 0
    if part.kind == "prefix":
        return 1 if form.startswith(part.words[0]) else 0
    n = len(part.words)
    return n if tuple(t[2] for t in tokens[k:k + n]) == part.words else 0


def search(wb, query: str, *, informant: str | None = None, code_group: str | None = None,
           limit: int | None = None) -> list[Hit]:
    """Every place in the project's transcripts where ``query`` matches (see module doc).

    ``informant`` limits to one informant's documents (by label); ``code_group`` (name)
    to hits inside units coded into that group. Hits come in document and text order.
    """
    parts = parse_query(query)
    if not parts:
        return []
    extra = sync_index(wb)
    docs = {d.id: d for d in wb.documents()}
    if informant is not None:
        labels = {i.id: i.label for i in wb.list(Informant)}
        docs = {k: d for k, d in docs.items() if labels.get(d.informant_id, "").lower() == informant.lower()}
    terms = [_term(p) for p in parts]
    rows = wb.search_candidates(terms, list(docs)) + [r for r in extra if r.document_id in docs]
    return _hits(wb, parts, rows, docs, code_group, limit)


def _hits(wb, parts, rows, docs, code_group, limit) -> list[Hit]:
    informants = {i.id: i.label for i in wb.list(Informant)}
    groups = {g.id: g.name for g in wb.list(CodeGroup)}
    turns: dict[int, Turn] = {}
    units_of: dict[int, list[MeaningUnit]] = {}
    hits: list[Hit] = []
    for row in sorted(rows, key=lambda r: (r.document_id, r.turn_id)):
        tokens = json.loads(row.tokens)
        found = [(k, n) for k in range(len(tokens)) for part in parts
                 if (n := _matches(part, tokens, k))]
        if not all(any(_matches(p, tokens, k) for k in range(len(tokens))) for p in parts):
            continue
        doc = docs[row.document_id]
        if doc.id not in units_of:
            turns.update({t.id: t for t in wb.turns(doc.id)})
            units_of[doc.id] = wb.units(doc.id)
        units = units_of[doc.id]
        for k, n in found:
            start, end = tokens[k][0], tokens[k + n - 1][1]
            inside = [u for u in units if u.start <= start and end <= u.end]
            names = _group_names(wb, inside, groups)
            if code_group is not None and code_group.lower() not in {g.lower() for g in names}:
                continue
            turn = turns[row.turn_id]
            hits.append(Hit(doc.id, doc.title, informants.get(doc.informant_id, ""), turn.id,
                            turn.idx, turn.speaker, start, end, _left(doc.text, start),
                            doc.text[start:end], _right(doc.text, end),
                            tuple(u.id for u in inside), names))
            if limit is not None and len(hits) >= limit:
                return hits
    return hits


def _group_names(wb, units: list[MeaningUnit], groups: dict[int, str]) -> tuple[str, ...]:
    if not units:
        return ()
    names = []
    for unit in units:
        for coding in wb.list(Coding, unit_id=unit.id):
            name = groups.get(coding.code_group_id)
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _left(text: str, start: int) -> str:
    """Context before a hit, within its line (a turn's words, not the previous turn's)."""
    return text[max(0, start - CONTEXT):start].rsplit("\n", 1)[-1]


def _right(text: str, end: int) -> str:
    return text[end:end + CONTEXT].split("\n", 1)[0]
