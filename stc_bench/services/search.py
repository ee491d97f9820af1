"""The search index's rows: derived data kept beside the project, outside the trail.

The nlp layer computes lemmas (services cannot import it) and hands rows here; it
rebuilds a document's rows lazily, when ``search_state`` shows its text or the indexer
version changed — so importing a transcript never waits for spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..domain.model import Turn
from ..storage import search_index
from ..storage.search_index import IndexRow, SearchTerm, UnitSpan
from .base import ServiceBase
from .suggestions import refuse_read_only

__all__ = ["IndexRow", "SearchOps", "SearchTerm", "UnitSpan"]


class SearchOps(ServiceBase):
    def search_state(self) -> dict[int, tuple[str, str]]:
        """document id → (text sha256, indexer version) of its indexed rows."""
        with self._read() as tx:
            return tx.search_state()

    def search_documents(self) -> dict[int, tuple[str, int | None]]:
        """document id → (text sha256, informant id), without the texts."""
        with self._read() as tx:
            return search_index.documents(tx.conn)

    def store_search_rows(self, document_id: int, text_sha256: str, indexer: str,
                          rows: list[IndexRow]) -> None:
        """Replace one document's index rows (untracked; refused in read-only mode)."""
        refuse_read_only(self)
        with self.store.write() as tx:
            tx.replace_search_rows(document_id, text_sha256, indexer, rows)

    def drop_search_rows(self, document_id: int) -> None:
        """Forget the index rows of a document that is gone."""
        refuse_read_only(self)
        with self.store.write() as tx:
            tx.drop_search_rows(document_id)

    def search_candidates(self, terms: Sequence[SearchTerm], after: tuple[int, int] | None = None,
                          size: int = 256) -> list[tuple[int, int, str]]:
        """The next ``size`` indexed turns after ``(document id, turn id)`` ``after`` (in
        document and turn order) that may contain every term, as ``(document id, turn id,
        token offsets as JSON)``; fewer than ``size`` when there are no more. A page costs
        the same however many turns match further on."""
        with self._read() as tx:
            return tx.search_candidates(terms, after, size)

    def unit_spans(self, document_id: int, starts_by: int | None = None,
                   ends_from: int | None = None) -> list[UnitSpan]:
        """A document's meaning units in text order (start, then oldest first): id,
        offsets and code-group ids only — what keyword in context needs, in one query.
        ``starts_by``/``ends_from``: only units that start at or before / end at or after
        these offsets (the units that can hold passages between them)."""
        with self._read() as tx:
            return search_index.unit_spans(tx.conn, document_id, starts_by, ends_from)

    def turns_by_id(self, turn_ids: Iterable[int]) -> dict[int, Turn]:
        """Speaker turns by id (a few queries for any number of turns)."""
        with self._read() as tx:
            return {t.id: t for t in tx.list_in(Turn, "id", sorted(set(turn_ids)))}
