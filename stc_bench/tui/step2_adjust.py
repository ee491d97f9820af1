"""Step 2's keys that reshape the focused unit or suggestion: by sentence (``]`` ``[``
``{`` ``}``, ``s`` split, ``j`` join with the next suggestion) and, for the rare case, by
word (ctrl+arrows). The span arithmetic lives in :mod:`.step2_edit`, without widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .i18n import tr
from .step2_edit import Sentences, resized, sentence_atoms, word_resized
from .step2_host import Step2Host
from .transcript import Mark


class ReshapeKeys(Step2Host):
    """Mixed into the step 2 screen (which provides ``view``, ``wb``, ``_after_change``…)."""

    _atoms: dict[int, Sentences] | None = None

    # -- the sentences of the open transcript ------------------------------------------

    def sentences_ready(self) -> bool:
        doc_id = self.app.document_id
        return doc_id is not None and doc_id in (self._atoms or {})

    def read_sentences(self) -> None:
        """Find the open transcript's sentences in a worker (spaCy loads there), so the
        sentence keys answer at once."""
        doc_id = self.app.document_id
        if doc_id is None or self.sentences_ready():
            return
        self._with_sentences(lambda _s: None)

    def _with_sentences(self, then: Callable[[Sentences], None]) -> None:
        """Run ``then`` with the open transcript's sentences (read in a worker once)."""
        doc_id = self.app.document_id
        if doc_id is None:
            return
        atoms = self._atoms if self._atoms is not None else {}
        self._atoms = atoms
        if doc_id in atoms:
            then(atoms[doc_id])
            return

        def read() -> Sentences:
            doc = self.wb.document(doc_id)
            return Sentences(sentence_atoms(doc.text, self.wb.turns(doc_id)))

        def done(sentences: Sentences) -> None:
            atoms[doc_id] = sentences
            if self.app.document_id == doc_id:
                then(sentences)
        self.in_background(read, then=done, group="sentences")

    # -- which span the keys act on -------------------------------------------------------

    def focused_mark(self) -> Mark | None:
        """The focused suggestion or unit, else the unit under the caret."""
        current = self.view.current
        if current is not None:
            return current
        return self._current_unit_mark()

    def _reshape(self, mark: Mark, start: int, end: int) -> None:
        """Give ``mark`` the span ``[start, end)`` through the service layer."""
        if (start, end) == (mark.start, mark.end):
            return
        self.app.write(self.wb.resize_unit if mark.kind == "unit" else self.wb.resize_suggestion,
                       mark.id, start, end, then=lambda _done: self._after_change(
                           Mark(start, end, mark.kind, mark.id, mark.style)))

    # -- actions --------------------------------------------------------------------------

    def action_resize_sentence(self, start_step: int, end_step: int) -> None:
        """Grow or shrink the focused unit or suggestion by one sentence at one edge."""
        mark = self.focused_mark()
        if mark is None:
            self.notify(tr("Move to a meaning unit or suggestion first (n/p, N/P)"))
            return

        def apply(sentences: Sentences) -> None:
            span = resized(sentences, (mark.start, mark.end), start_step, end_step)
            if span is None:
                self.notify(tr("No further sentence that way"))
                return
            self._reshape(mark, *span)
        self._with_sentences(apply)

    def action_resize_word(self, start_step: int, end_step: int) -> None:
        """Move one edge of the focused unit or suggestion by one word."""
        mark = self.focused_mark()
        if mark is None:
            return
        span = word_resized(self.view.text, (mark.start, mark.end), start_step, end_step)
        if span is not None:
            self._reshape(mark, *span)

    def action_split_sentence(self) -> None:
        """Split the focused unit or suggestion at the first sentence boundary after the
        caret (after its first sentence when the caret is at its start)."""
        mark = self.focused_mark()
        if mark is None:
            self.notify(tr("Move to a meaning unit or suggestion first (n/p, N/P)"))
            return
        caret = self.view.caret

        def apply(sentences: Sentences) -> None:
            at = sentences.split_point(mark.start, mark.end, caret)
            if at is None:
                self.notify(tr("Only one sentence here: nothing to split"))
                return
            def split(parts: Any) -> None:
                left = parts[0]
                self._after_change(Mark(left.start, left.end, mark.kind, left.id, mark.style))
            self.app.write(self.wb.split_unit if mark.kind == "unit" else self.wb.split_suggestion,
                           mark.id, at, then=split)
        self._with_sentences(apply)

    def action_join_next(self) -> None:
        """Join the focused unit or suggestion with the next suggestion after it."""
        mark = self.focused_mark()
        if mark is None:
            self.notify(tr("Move to a meaning unit or suggestion first (n/p, N/P)"))
            return
        following = next((m for m in self.view.marks if m.kind == "suggestion"
                          and m.start >= mark.end), None)
        if following is None:
            self.notify(tr("No later suggestion in this transcript to join"))
            return
        if mark.kind == "unit":
            self._reshape(mark, mark.start, following.end)
            return
        self.app.write(self.wb.join_suggestions, mark.id, following.id, then=lambda joined:
                       self._after_change(Mark(joined.start, joined.end, "suggestion", joined.id,
                                               mark.style)))
