"""Suggested meaning units: derived data stored outside the coding trail."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import InvalidOffsets, ReadOnlyProject, StcError
from ..domain.model import Document, Suggestion
from ..domain.offsets import check_span, reshaped_suggestions, split_edges, uncovered_by
from ..storage import quick_write
from .base import ServiceBase
from .reading import ReadingOps

#: Project settings for segmentation, with their defaults.
SEGMENT_DEFAULTS = {"segment_min_words": 3, "segment_max_words": 90,
                    "segment_interviewer_turns": False}
#: Below this, suggestions would be shorter than a sentence.
SEGMENT_MAX_WORDS_LEAST = 5


class SuggestionOps(ReadingOps):
    def store_suggestions(self, document_id: int, spans: list[tuple[int, int]],
                          source: str = "") -> int:
        """Replace the open suggestions of a document with ``spans``; returns how many.

        Suggestions are not the researcher's decisions: they are written without an audit
        event, and re-running replaces them, never meaning units. Accepting one
        (:meth:`accept_suggestion`) is the decision, and that is in the trail.
        """
        refuse_read_only(self)
        with self.store.write() as tx:
            doc = tx.get(Document, document_id)
            where = f"document {doc.id} ({doc.title})"
            ordered = sorted(set(spans))
            for (a, b), (c, _d) in zip(ordered, ordered[1:], strict=False):
                if c < b:
                    raise InvalidOffsets(f"{where}: suggested spans {a}..{b} and {c}.. overlap")
            for a, b in ordered:
                check_span(doc.text, a, b, where=where)
            return tx.replace_suggestions(doc.id, ordered, source)

    def suggestions(self, document_id: int | None = None, status: str | None = "open") -> list[Suggestion]:
        """Suggestions in document order (``status=None`` for all of them). Open ones
        that lie inside or overlap a meaning unit (accepted, or marked by hand) are left
        out: they come back when that unit is deleted or its creation undone."""
        where: dict[str, int | str] = {}
        if document_id is not None:
            where["document_id"] = document_id
        if status is not None:
            where["status"] = status
        found = self.list(Suggestion, ("document_id", "start"), **where)
        if status != "open":
            return found
        units: dict[int, list] = {}
        for u in self.units(document_id):
            units.setdefault(u.document_id, []).append(u)
        by_doc: dict[int, list[Suggestion]] = {}
        for s in found:
            by_doc.setdefault(s.document_id, []).append(s)
        return [s for doc_id, group in by_doc.items() for s in uncovered_by(group, units.get(doc_id, ()))]

    def dismiss_suggestion(self, suggestion_id: int) -> Suggestion:
        """Mark a suggestion as dismissed (untracked; it is not a decision about data)."""
        refuse_read_only(self)
        with self.store.write() as tx:
            return tx.update_untracked(tx.get(Suggestion, suggestion_id), status="dismissed")

    def resize_suggestion(self, suggestion_id: int, start: int, end: int) -> Suggestion:
        """Move an open suggestion's edges (step 2's sentence keys), its neighbours kept
        tiling the turn (:func:`~stc_bench.domain.offsets.reshaped_suggestions`): a sentence
        let go stays suggested. Untracked, like every suggestion: the decision is the unit
        that accepting it makes."""
        refuse_read_only(self)
        with self.store.write() as tx:
            sug = _open_suggestion(tx, suggestion_id)
            doc = tx.get(Document, sug.document_id)
            check_span(doc.text, start, end, where=f"document {doc.id} ({doc.title})")
            others = {s.id: s for s in tx.list(Suggestion, document_id=doc.id, status="open")}
            changed, added = reshaped_suggestions(
                doc.text, {i: (s.start, s.end) for i, s in others.items()}, sug.id, (start, end))
            for ident, span in changed.items():
                if span is None:
                    tx.delete_untracked(others[ident])
                elif ident != sug.id:
                    tx.update_untracked(others[ident], start=span[0], end=span[1])
            for a, b in added:
                tx.insert_untracked(Suggestion, document_id=doc.id, start=a, end=b, status="open",
                                    source=sug.source)
            return tx.update_untracked(sug, start=start, end=end)

    def split_suggestion(self, suggestion_id: int, at: int) -> tuple[Suggestion, Suggestion]:
        """Split an open suggestion at offset ``at`` into two (the text between them, if
        only spaces, belongs to neither). Returns (left, right)."""
        refuse_read_only(self)
        with self.store.write() as tx:
            sug = _open_suggestion(tx, suggestion_id)
            doc = tx.get(Document, sug.document_id)
            left_end, right_start = split_edges(doc.text, sug.start, sug.end, at)
            if not (sug.start < left_end and right_start < sug.end):
                raise InvalidOffsets(f"suggestion {sug.id}: split point {at} is not inside "
                                     f"{sug.start}..{sug.end}")
            left = tx.update_untracked(sug, end=left_end)
            right = tx.insert_untracked(Suggestion, document_id=sug.document_id, start=right_start,
                                        end=sug.end, status="open", source=sug.source)
            return left, right

    def join_suggestions(self, first_id: int, second_id: int) -> Suggestion:
        """Join two open suggestions of one document into the first: it spans both and
        whatever lies between them; the second is gone."""
        refuse_read_only(self)
        with self.store.write() as tx:
            first, second = _open_suggestion(tx, first_id), _open_suggestion(tx, second_id)
            if first.document_id != second.document_id:
                raise InvalidOffsets(f"suggestions {first.id} and {second.id} are in different documents")
            joined = tx.update_untracked(first, start=min(first.start, second.start),
                                         end=max(first.end, second.end))
            tx.delete_untracked(second)
            return joined

    def segment_settings(self) -> dict:
        """The project's segmentation parameters (min/max words, interviewer turns).

        A word limit that is not a whole number in range is a user error naming the
        setting (the grouping divides by ``segment_max_words``)."""
        settings = self.project().settings or {}
        found = {k: settings.get(k, v) for k, v in SEGMENT_DEFAULTS.items()}
        for key, low in (("segment_min_words", 1), ("segment_max_words", SEGMENT_MAX_WORDS_LEAST)):
            value = found[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise StcError(f"project setting {key}: must be a whole number of at least {low}, "
                               f"not {value!r} (stc-bench settings PROJECT {key} N)")
        return found


class SuggestionBench(SuggestionOps):
    """What ``stc-bench segment`` reads and writes — transcripts, turns, settings and
    :meth:`store_suggestions` — on a project file at the newest schema over stdlib
    ``sqlite3`` (:mod:`..storage.quick_write`), without the Workbench's SQLAlchemy import.
    The same service methods run as on a Workbench; nothing here writes an audit event,
    so only the untracked suggestions may be written this way."""

    migration = None  # a file at the newest schema: nothing was migrated

    def __init__(self, store: quick_write.QuickStore):
        self.store = store  # type: ignore[assignment]  # answers the reads/writes used here
        self.actor = ""
        self.read_only = False

    @classmethod
    def open(cls, target: str | Path) -> SuggestionBench | None:
        """The bench on ``target``, or ``None`` when the file is not a plain one at the
        newest schema (then open a :class:`Workbench`: it migrates or says what is wrong)."""
        store = quick_write.open_store(target)
        return None if store is None else cls(store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> SuggestionBench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_suggestion(tx, suggestion_id: int) -> Suggestion:
    sug = tx.get(Suggestion, suggestion_id)
    if sug.status != "open":
        raise InvalidOffsets(f"suggestion {sug.id} is {sug.status}, no longer open")
    return sug


def refuse_read_only(bench: ServiceBase) -> None:
    """Derived data is still a write: a supervisor's read-only review may not store it."""
    if bench.read_only:
        raise ReadOnlyProject(
            f"{bench.store.where}: opened read-only for review; "
            "open it without --review to change it")
