"""Suggested meaning units: derived data stored outside the coding trail."""

from __future__ import annotations

from ..domain.errors import InvalidOffsets, ReadOnlyProject, StcError
from ..domain.model import Document, Suggestion
from ..domain.offsets import check_span
from .base import ServiceBase

#: Project settings for segmentation, with their defaults.
SEGMENT_DEFAULTS = {"segment_min_words": 3, "segment_max_words": 90,
                    "segment_interviewer_turns": False}
#: Below this, suggestions would be shorter than a sentence.
SEGMENT_MAX_WORDS_LEAST = 5


class SuggestionOps(ServiceBase):
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
        whose span is already a meaning unit (accepted) are left out."""
        where = {}
        if document_id is not None:
            where["document_id"] = document_id
        if status is not None:
            where["status"] = status
        found = self.list(Suggestion, ("document_id", "start"), **where)
        if status != "open":
            return found
        taken = {(u.document_id, u.start, u.end) for u in self.units(document_id)}
        return [s for s in found if (s.document_id, s.start, s.end) not in taken]

    def dismiss_suggestion(self, suggestion_id: int) -> Suggestion:
        """Mark a suggestion as dismissed (untracked; it is not a decision about data)."""
        refuse_read_only(self)
        with self.store.write() as tx:
            return tx.update_untracked(tx.get(Suggestion, suggestion_id), status="dismissed")

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


def refuse_read_only(bench: ServiceBase) -> None:
    """Derived data is still a write: a supervisor's read-only review may not store it."""
    if bench.read_only:
        raise ReadOnlyProject(
            f"{bench.store.path or bench.store.url}: opened read-only for review; "
            "open it without --review to change it")
