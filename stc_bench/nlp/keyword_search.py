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

import heapq
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, islice

from ..domain.model import CodeGroup, Document, Informant, Turn
from ..services.search import IndexRow, SearchTerm, UnitSpan
from .lemmatizer import lemma_candidates, search_keys
from .suggest import turn_body
from .tokens import word_tokens

#: Bump when tokens or lemmas change, so existing indexes are rebuilt.
INDEXER = "stc-lemmas-1"
CONTEXT = 50
#: Hits per page of :func:`hit_pages` unless asked otherwise (a screen or two of them).
PAGE = 100
#: Candidate turns read and matched first (then twice as many each time, see _read_sizes).
TURNS_READ = 64
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
            words = _phrase_words(phrase)
            if words:
                parts.append(QueryPart("phrase", words))
        elif word.startswith("=") and len(word) > 1:
            parts.append(QueryPart("form", (word[1:],)))
        elif word.endswith("*") and len(word) > 1:
            parts.append(QueryPart("prefix", (word.rstrip("*"),)))
        elif any(ch.isalnum() for ch in word):
            parts.append(QueryPart("lemma", (word,), search_keys(word)))
    return parts


def _phrase_words(phrase: str) -> tuple[str, ...]:
    """A quoted phrase's word forms, as the index tokenised them. spaCy splits no word
    made of letters only (checked over 141k Ordbank and treebank forms), so such a phrase
    is split at spaces without loading spaCy."""
    words = phrase.split()
    if all(w.isalpha() for w in words):
        return tuple(words)
    return tuple(f for _a, _b, f in word_tokens(phrase))


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


def sync_index(wb, heads: dict[int, tuple[str, int | None]] | None = None) -> list[IndexRow]:
    """Bring the stored index up to date; returns rows it could not store (read-only).
    ``heads``: :meth:`search_documents`, if the caller has read it already (only the
    documents to index again are read whole)."""
    state = wb.search_state()
    heads = wb.search_documents() if heads is None else heads
    unstored: list[IndexRow] = []
    for doc_id, (sha, _informant) in heads.items():
        if state.get(doc_id) == (sha, INDEXER):
            continue
        doc = wb.get(Document, doc_id)
        rows = index_rows(doc, wb.turns(doc.id))
        if wb.read_only:
            unstored.extend(rows)
        else:
            wb.store_search_rows(doc.id, doc.text_sha256, INDEXER, rows)
    if not wb.read_only:
        for gone in set(state) - set(heads):
            wb.drop_search_rows(gone)
    return unstored


class _LemmaTest(dict):
    """Whether a token's candidate lemmas ("jobbe|jobb") meet the query's keys, worked
    out once per distinct candidate string (a transcript repeats its words)."""

    def __init__(self, keys: tuple[str, ...]):
        super().__init__()
        self.wanted = frozenset(keys)  # not .keys: a dict has that method

    def __missing__(self, candidates: str) -> bool:
        found = self[candidates] = not self.wanted.isdisjoint(candidates.split("|"))
        return found


def _positions(part: QueryPart, tokens: list, lemma_test: _LemmaTest | None) -> list[tuple[int, int]]:
    """``(k, n)`` for every token ``k`` where the part matches ``n`` tokens from ``k`` on."""
    if lemma_test is not None:
        return [(k, 1) for k, t in enumerate(tokens) if lemma_test[t[3]]]
    word = part.words[0]
    if part.kind == "form":
        return [(k, 1) for k, t in enumerate(tokens) if t[2] == word]
    if part.kind == "prefix":
        return [(k, 1) for k, t in enumerate(tokens) if t[2].startswith(word)]
    n = len(part.words)
    return [(k, n) for k, t in enumerate(tokens)
            if t[2] == word and tuple(u[2] for u in tokens[k:k + n]) == part.words]


def turn_matches(parts: list[QueryPart], tokens: list,
                 lemma_tests: list[_LemmaTest | None] | None = None) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of every match in one turn's tokens, in text order
    (parts in query order where several match at one token); none unless every part
    matches somewhere in the turn. ``lemma_tests`` (from :func:`lemma_tests_for`) may be
    shared between the turns of one search."""
    tests = lemma_tests or lemma_tests_for(parts)
    found: list[tuple[int, int, int]] = []
    for i, part in enumerate(parts):
        mine = _positions(part, tokens, tests[i])
        if not mine:
            return []
        found.extend((k, i, n) for k, n in mine)
    found.sort()
    return [(tokens[k][0], tokens[k + n - 1][1]) for k, _i, n in found]


def search(wb, query: str, *, informant: str | None = None, code_group: str | None = None,
           limit: int | None = None) -> list[Hit]:
    """Every place in the project's transcripts where ``query`` matches (see module doc).

    ``informant`` limits to one informant's documents (by label); ``code_group`` (name)
    to hits inside units coded into that group. Hits come in document and text order.
    """
    hits: list[Hit] = []
    for page in hit_pages(wb, query, informant=informant, code_group=code_group,
                          page=limit or PAGE):
        hits.extend(page)
        if limit is not None and len(hits) >= limit:
            return hits[:limit]
    return hits


def hit_pages(wb, query: str, *, informant: str | None = None, code_group: str | None = None,
              page: int = PAGE) -> Iterator[list[Hit]]:
    """:func:`search`'s hits, ``page`` at a time (the last page may be shorter), built only
    as they are asked for: a frequent word's first page costs a page of work, not the
    whole project's (the TUI asks for the next page as the user scrolls)."""
    parts = parse_query(query)
    if not parts:
        return
    heads = wb.search_documents()
    extra = sync_index(wb, heads)
    wanted = set(heads)
    if informant is not None:
        labels = {i.id: i.label for i in wb.list(Informant)}
        wanted = {k for k, (_s, who) in heads.items() if labels.get(who, "").lower() == informant.lower()}
    # read-only and out of date: a document's stored rows are stale, its rows are in ``extra``
    stale = {r.document_id for r in extra}
    turns = heapq.merge(_stored_candidates(wb, [_term(p) for p in parts]),
                        sorted((r.document_id, r.turn_id, r.tokens, False) for r in extra))
    build = _HitBuilder(wb, code_group)
    tests, ready = lemma_tests_for(parts), []
    rows = ((d, t, k) for d, t, k, stored in turns if d in wanted and (d not in stale or not stored))
    for size in _read_sizes():
        with wb.one_read():  # a chunk's reads in one transaction (never held over a yield)
            chunk = list(islice(rows, size))
            spans = [(doc_id, turn_id, a, b) for doc_id, turn_id, tokens in chunk
                     for a, b in turn_matches(parts, json.loads(tokens), tests)]
            for doc_id, doc_spans in groupby(spans, key=lambda s: s[0]):
                ready.extend(build.hits(doc_id, [s[1:] for s in doc_spans]))
        while len(ready) >= page:
            yield ready[:page]
            ready = ready[page:]
        if len(chunk) < size:
            break
    if ready:
        yield ready


def _read_sizes() -> Iterator[int]:
    """How many candidate turns to read at a time: few for the first page, then more
    (up to 16 times as many), so a long listing is not a thousand small reads."""
    size = TURNS_READ
    while True:
        yield size
        size = min(size * 2, TURNS_READ * 16)


def _stored_candidates(wb, terms: list[SearchTerm]) -> Iterator[tuple[int, int, str, bool]]:
    """``(document id, turn id, tokens, True)`` of every stored candidate turn, in order,
    read from the index a page at a time as they are consumed."""
    after = None
    for size in _read_sizes():
        rows = wb.search_candidates(terms, after, size)
        for doc_id, turn_id, tokens in rows:
            yield doc_id, turn_id, tokens, True
        if len(rows) < size:
            return
        after = rows[-1][:2]


class _HitBuilder:
    """Hits from matched places, one document's places at a time: the turns and the
    meaning units that can hold them are read for those places only."""

    def __init__(self, wb, code_group: str | None):
        self.wb = wb
        self.docs: dict[int, Document] = {}
        self.informants = {i.id: i.label for i in wb.list(Informant)}
        self.groups = {g.id: g.name for g in wb.list(CodeGroup)}
        self.wanted = None if code_group is None else code_group.lower()

    def hits(self, doc_id: int, spans: list[tuple[int, int, int]]) -> list[Hit]:
        if doc_id not in self.docs:  # one text at a time (the last one with hits)
            self.docs = {doc_id: self.wb.get(Document, doc_id)}
        doc, out = self.docs[doc_id], []
        turns = self.wb.turns_by_id(t for t, _a, _b in spans)
        places = [(a, b) for _t, a, b in spans]
        # only units that start by the last hit and end after the first can hold one
        units = self.wb.unit_spans(doc_id, max(a for a, _b in places), min(b for _a, b in places))
        informant = self.informants.get(doc.informant_id, "")
        for (turn_id, start, end), holding in zip(spans, units_around(units, places), strict=True):
            names = tuple(dict.fromkeys(name for u in holding for g in u.code_group_ids
                                        if (name := self.groups.get(g))))
            if self.wanted is not None and self.wanted not in {n.lower() for n in names}:
                continue
            turn = turns[turn_id]
            out.append(Hit(doc.id, doc.title, informant, turn.id, turn.idx, turn.speaker,
                           start, end, _left(doc.text, start), doc.text[start:end],
                           _right(doc.text, end), tuple(u.id for u in holding), names))
        return out


def lemma_tests_for(parts: list[QueryPart]) -> list[_LemmaTest | None]:
    """One memo per lemma part (None for the others)."""
    return [_LemmaTest(p.keys) if p.kind == "lemma" else None for p in parts]


def units_around(units: list[UnitSpan], spans: list[tuple[int, int]]) -> list[list[UnitSpan]]:
    """For each ``(start, end)`` span, the units (from ``units``, in text order) that hold
    it whole. One sweep over both sorted by start: a unit enters when it starts at or
    before a span and leaves once it ends at or before a span's start — later spans start
    no earlier, so it cannot hold them — so each span looks only at the units open there."""
    out: list[list[UnitSpan]] = [[] for _ in spans]
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    open_units: list[UnitSpan] = []
    nxt = 0
    for i in order:
        start, end = spans[i]
        while nxt < len(units) and units[nxt].start <= start:
            open_units.append(units[nxt])
            nxt += 1
        open_units = [u for u in open_units if u.end > start]
        out[i] = [u for u in open_units if end <= u.end]
    return out


def _left(text: str, start: int) -> str:
    """Context before a hit, within its line (a turn's words, not the previous turn's)."""
    return text[max(0, start - CONTEXT):start].rsplit("\n", 1)[-1]


def _right(text: str, end: int) -> str:
    return text[end:end + CONTEXT].split("\n", 1)[0]
