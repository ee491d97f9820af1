"""Step 2 — meaning units: mark passages, accept suggestions, code units into code groups."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Label, Static

from ..domain.model import MeaningUnit
from .base import StepScreen
from .footer import FittedFooter
from .i18n import counted, tr
from .step2_adjust import ReshapeKeys
from .step2_code import CodingKeys
from .step2_edit import selected_span
from .step2_find import uncovered_stretches
from .step2_suggest import SuggestionKeys
from .transcript import Mark, TranscriptView

#: What n/p (N/P) say past the last mark: (suggestions only, forward) → the notice.
NO_MORE = {
    (False, True): lambda: tr("No more meaning units or suggestions after this place"),
    (False, False): lambda: tr("No more meaning units or suggestions before this place"),
    (True, True): lambda: tr("No more suggestions after this place"),
    (True, False): lambda: tr("No more suggestions before this place"),
}


class Step2Screen(CodingKeys, ReshapeKeys, SuggestionKeys, StepScreen):
    """The transcript with units and suggestions; keys to mark, accept and code."""

    STEP = "step2"
    BINDINGS = [
        Binding("d", "choose_document", "Transcript", id="step2_document", show=False),
        Binding("n", "next_mark(1)", "Next", id="step2_next", tooltip="Next unit or suggestion"),
        Binding("p", "next_mark(-1)", "Prev", id="step2_prev", tooltip="Previous unit or suggestion"),
        Binding("enter", "mark_unit", "Mark/accept", id="step2_mark",
                tooltip="Make the selection a meaning unit, or accept the current suggestion"),
        *[Binding(str(n), f"code_digit({n})", "Code into group" if n == 1 else "", show=n == 1,
                  key_display="1–9" if n == 1 else None, id=f"step2_code_{n}",
                  tooltip="Code the unit, suggestion or selection into code group n "
                          "(again: take it out)")
          for n in range(1, 10)],
        Binding("c", "code_unit", "Code", id="step2_code",
                tooltip="Code the current unit into a code group (fuzzy picker)"),
        Binding("u", "uncode_unit", "Uncode", id="step2_uncode"),
        Binding("t", "select_turn", "Select turn", id="step2_turn"),
        Binding("x", "delete_unit", "Delete unit", id="step2_delete"),
        Binding("m", "merge_next", "Merge with next", id="step2_merge", show=False),
        Binding("S", "suggest(False)", "Suggest", id="step2_suggest", key_display="S",
                tooltip="Suggest meaning units (sentences in informant turns) for this transcript"),
        Binding("alt+s", "suggest(True)", "Suggest in all transcripts", id="step2_suggest_all",
                show=False, tooltip="Suggest meaning units for every transcript"),
        Binding("N", "next_mark(1, 'suggestion')", "Next suggestion", id="step2_next_suggestion",
                show=False, key_display="N"),
        Binding("P", "next_mark(-1, 'suggestion')", "Previous suggestion",
                id="step2_prev_suggestion", show=False, key_display="P"),
        Binding("r", "dismiss_suggestion", "Dismiss suggestion", id="step2_dismiss", show=False,
                tooltip="Reject the current suggestion (it is not shown again)"),
        Binding("a", "accept_and_code", "Accept + code", id="step2_accept_code", show=False,
                tooltip="Accept the current suggestion and code it into a code group"),
        Binding("f", "choose_filter", "Filter", id="step2_filter",
                tooltip="Show only one informant's transcripts and/or one code group's units"),
        Binding("w", "next_uncovered(1)", "Uncoded text", id="step2_uncovered",
                tooltip="Select the next stretch of informant text not in any meaning unit"),
        Binding("W", "next_uncovered(-1)", "Previous uncoded text", id="step2_uncovered_prev",
                show=False, key_display="W"),
        Binding("right_square_bracket", "resize_sentence(0, 1)", "Sentence more at end",
                id="step2_grow_end", key_display="]", show=False),
        Binding("left_square_bracket", "resize_sentence(0, -1)", "Sentence less at end",
                id="step2_shrink_end", key_display="[", show=False),
        Binding("left_curly_bracket", "resize_sentence(-1, 0)", "Sentence more at start",
                id="step2_grow_start", key_display="{", show=False),
        Binding("right_curly_bracket", "resize_sentence(1, 0)", "Sentence less at start",
                id="step2_shrink_start", key_display="}", show=False),
        Binding("s", "split_sentence", "Split", id="step2_split", show=False,
                tooltip="Split the unit or suggestion at the next sentence after the caret"),
        Binding("j", "join_next", "Join next", id="step2_join", show=False,
                tooltip="Join the unit or suggestion with the next suggestion"),
        Binding("ctrl+right", "resize_word(0, 1)", "Word more at end", id="step2_word_grow_end",
                show=False),
        Binding("ctrl+left", "resize_word(0, -1)", "Word less at end", id="step2_word_shrink_end",
                show=False),
        Binding("ctrl+shift+left", "resize_word(-1, 0)", "Word more at start",
                id="step2_word_grow_start", show=False),
        Binding("ctrl+shift+right", "resize_word(1, 0)", "Word less at start",
                id="step2_word_shrink_start", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="doc-title", markup=False)
        yield Static("", id="code-groups", markup=False)
        yield TranscriptView(id="transcript")
        yield Static("", id="unit-info", markup=False)
        yield FittedFooter()

    @property
    def view(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    def on_mount(self) -> None:
        self._shown_doc: int | None = None
        self.only_informant: int | None = None  # filter: this informant's transcripts
        self.only_group: int | None = None  # filter: units of this code group only
        self._progress: Text | None = None
        self._names: dict[int, str] | None = None
        self._unit_lines: dict[int, Text] = {}  # unit id → its info line, until a change
        self.last_group_id: int | None = None  # the code group last coded into (a, c preselect)
        self.reload()
        self.view.focus()

    def reload(self) -> None:
        self._names = None
        self._comments: dict[int, int] | None = None
        doc_id = self._document_in_filter()
        title = self.query_one("#doc-title", Label)
        if doc_id is None:
            title.update(Text(tr("No transcripts yet — press 0 then i to import some (or run: stc-bench import PROJECT FILE…)")
                              if self.only_informant is None else tr("No transcripts for this informant")))
            self.view.show("", [])
            self._shown_doc = None
            return
        if doc_id != self._shown_doc:
            doc = self.wb.document(doc_id)
            self.view.show(doc.text, self.wb.turns(doc.id), self.marks_of(doc.id))
            self._shown_doc = doc_id
        else:
            self.view.set_marks(self.marks_of(doc_id))
        title.update(self._title(doc_id))
        self._show_groups()
        self.read_sentences()
        reveal = getattr(self.app, "reveal", None)
        if reveal is not None and reveal[0] == doc_id:
            self.app.reveal = None
            self.view.focus_mark(None)
            self.view.select(reveal[1], reveal[2])
        self._info()

    # -- what is current ----------------------------------------------------------------

    def current_unit(self) -> MeaningUnit | None:
        """The focused unit, else the unit under the caret."""
        mark = self._current_unit_mark()
        return self.wb.unit(mark.id) if mark else None

    def _current_unit_mark(self) -> Mark | None:
        view = self.view
        mark = view.current if view.current and view.current.kind == "unit" else None
        if mark is None:
            mark = next((m for m in view.marks_at(view.caret) if m.kind == "unit"), None)
        return mark

    def comment_target(self) -> tuple[str, int] | None:
        mark = self._current_unit_mark()
        if mark is not None:
            return "meaning_unit", mark.id
        return ("document", self.app.document_id) if self.app.document_id is not None else None

    def current_suggestion(self) -> Mark | None:
        current = self.view.current
        return current if current is not None and current.kind == "suggestion" else None

    def _info(self) -> None:
        info = self.query_one("#unit-info", Static)
        mark = self._current_unit_mark()
        view = self.view
        if self._progress is not None:
            line = self._progress
        elif mark is not None:
            line = self._unit_line(mark.id)
        elif self.current_suggestion() is not None:
            line = Text(tr("Suggestion — 1–9: accept and code · enter: accept · ] [ { }: a sentence "
                           "more/less · j: join next · s: split · r: dismiss · N/P: next/previous"),
                        style="italic")
        elif view.selection:
            s, e = view.selection
            line = Text(tr("Selected {words} — 1–9: mark and code · enter: mark as meaning unit").format(
                words=counted(len(view.text[s:e].split()), "{n} word", "{n} words")))
        else:
            line = Text(tr("n/p: next/previous · N/P: suggestions · shift+arrows: select · t: turn · "
                           "S: suggest · w: uncoded text · ?: help"), style="dim")
        self._show_info(info, line)

    def _show_info(self, info: Static, line: Text) -> None:
        """Put ``line`` in the info bar: a repaint of one line, no layout (its height is
        fixed), and nothing at all when it says the same as before."""
        if line != getattr(self, "_info_line", None):
            self._info_line = line
            info.update(line, layout=False)

    def _unit_line(self, unit_id: int) -> Text:
        """The info line of a unit: its words and code groups (read once per change)."""
        lines = self._unit_lines if self._names is not None else {}
        if unit_id not in lines:
            unit = self.wb.unit(unit_id)
            names = self._group_names()
            groups = [names.get(g, "?") for g in self.wb.unit_groups(unit.id)]
            line = Text(tr("Unit {id} ({words}): ").format(
                id=unit.id, words=counted(len(unit.snippet.split()), "{n} word", "{n} words")),
                        style="bold")
            line.append(", ".join(groups) if groups else tr("uncoded — 1–9 or c: code it"),
                        style="green" if groups else "yellow")
            if unit.status == "flagged":
                line.append("  ⚑ " + tr("a corrected transcript changed its passage: re-read it, "
                                        "then ] [ { } or x settles it"), style="bold red")
            comments = self._comment_counts().get(unit.id)
            if comments:
                line.append("  " + counted(comments, "{n} open comment (K)", "{n} open comments (K)"), style="bold yellow")
            lines[unit_id] = line
        self._unit_lines = lines
        return lines[unit_id]

    def _comment_counts(self) -> dict[int, int]:
        """Open comment threads per unit, read once per reload (a comment comes through
        k or another process, and both reload the screen)."""
        if self._comments is None:
            self._comments = self.wb.open_comments_on("meaning_unit")
        return self._comments

    def _group_names(self) -> dict[int, str]:
        """Code-group names by id, read once per change (the info line runs on every key)."""
        if self._names is None:
            self._names = {g.id: g.name for g in self.wb.code_groups()}
        return self._names

    def on_transcript_view_caret_moved(self, event: TranscriptView.CaretMoved) -> None:
        self._info()

    # -- moving -------------------------------------------------------------------------

    def action_next_mark(self, delta: int, kind: str = "") -> None:
        """Focus the next (previous) unit or suggestion; past the last, the next transcript."""
        view = self.view
        marks = [m for m in view.marks if not kind or m.kind == kind]
        cur = view.current
        on_current = cur is not None and cur.start <= view.caret <= cur.end
        here = cur.start if cur is not None and on_current else view.caret
        if delta > 0:
            found = next((m for m in marks if m.start > here or (m.start == here and not on_current)),
                         None)
        else:
            found = next((m for m in reversed(marks) if m.start < here), None)
        if found is None:
            found = self._cross_document(delta, kind)
        if found is None:
            self.notify(NO_MORE[(kind == "suggestion", delta > 0)]())
            return
        view.focus_mark(found)
        self._info()  # in the same frame as the move (CaretMoved would draw it a frame later)

    def _cross_document(self, delta: int, kind: str) -> Mark | None:
        """Open the next transcript (in the filter) that has marks, and return its first."""
        docs = self.documents_in_filter()
        ids = [d.id for d in docs]
        if self.app.document_id not in ids:
            return None
        at = ids.index(self.app.document_id)
        for doc in (docs[at + 1:] if delta > 0 else docs[:at][::-1]):
            marks = [m for m in self.marks_of(doc.id) if not kind or m.kind == kind]
            if marks:
                self.app.document_id = doc.id
                self.reload()
                self.notify(tr("Now in {title}").format(title=doc.title))
                target = marks[0] if delta > 0 else marks[-1]
                return next((m for m in self.view.marks if (m.kind, m.id) == (target.kind, target.id)),
                            None)
        return None

    def action_next_uncovered(self, delta: int) -> None:
        """Select the next stretch of informant text that is in no meaning unit."""
        view, doc_id = self.view, self.app.document_id
        if doc_id is None:
            return
        stretches = uncovered_stretches(view.text, view.turns, self.wb.units(doc_id))
        here = view.selection[0] if view.selection else view.caret
        if delta > 0:
            found = next((s for s in stretches if s[0] > here), None)
        else:
            found = next((s for s in reversed(stretches) if s[0] < here), None)
        if found is None:
            self.notify(tr("All informant text after this place is in a meaning unit") if delta > 0
                        else tr("All informant text before this place is in a meaning unit"))
            return
        view.focus_mark(None)
        view.select(*found)
        words = len(view.text[found[0]:found[1]].split())
        self._show_info(self.query_one("#unit-info", Static), Text(
            tr("Uncoded informant text ({words}) — 1–9: mark and code · enter: mark · w/W: "
               "next/previous").format(words=counted(words, "{n} word", "{n} words")), style="yellow"))

    def action_select_turn(self) -> None:
        view = self.view
        turn = view.turn_of_line(view.caret)
        if turn is None:
            return
        start = turn.start
        if view.text.startswith(turn.speaker, start):
            start += len(turn.speaker) + 1
            while start < turn.end and view.text[start] == " ":
                start += 1
        view.focus_mark(None)
        view.select(start, turn.end)
        self._info()

    # -- marking ------------------------------------------------------------------------

    def _selected_span(self) -> tuple[int, int] | None:
        """The selection as a unit's span (see :func:`.step2_edit.selected_span`)."""
        chosen = self.view.selection
        return selected_span(self.view.text, *chosen) if chosen else None

    def action_mark_unit(self) -> None:
        """Enter: the selection becomes a meaning unit, or the focused suggestion is
        accepted; either way the new unit keeps the focus, so c or a digit codes it."""
        self._make_unit(())

    def _make_unit(self, group_ids: tuple[int, ...], done: Callable[[MeaningUnit], None] | None = None) -> bool:
        """Make the selection or the focused suggestion a unit coded into ``group_ids``."""
        view, doc_id = self.view, self.app.document_id
        if doc_id is None:
            return False
        span = self._selected_span()
        if span is not None:
            def made(unit: MeaningUnit) -> None:
                view.select_from = None
                self._focus_unit(unit)
                view.move_caret(unit.end)  # reading goes on after it; it keeps the focus
                if done is not None:
                    done(unit)
            self.app.write(self.wb.create_unit, doc_id, *span, group_ids, then=made)
            return True
        sug = self.current_suggestion()
        if sug is None:
            self.notify(tr("Select a passage first (shift+arrows, t for a turn, or drag)"))
            return False

        def accepted(unit: MeaningUnit) -> None:
            self._focus_unit(unit)
            if done is not None:
                done(unit)
        self.app.write(self.wb.accept_suggestion, sug.id, list(group_ids), then=accepted)
        return True

    def _focus_unit(self, unit: MeaningUnit) -> None:
        self._after_change(Mark(unit.start, unit.end, "unit", unit.id, self.view.rich_style))

    def _after_change(self, focus: Mark | None = None) -> None:
        view = self.view
        self._names = None
        if self.app.document_id is not None:
            view.set_marks(self.marks_of(self.app.document_id))
        if focus is not None:
            view.focus_mark(next((m for m in view.marks if (m.kind, m.id) == (focus.kind, focus.id)),
                                 None))
        self._show_groups()
        self._info()

    def action_delete_unit(self) -> None:
        unit = self.current_unit()
        if unit is not None:
            def deleted(_result: object) -> None:
                self.view.focus_mark(None)
                self._after_change()
            self.app.write(self.wb.delete_unit, unit.id, then=deleted)

    def action_merge_next(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        later = [m for m in self.view.marks if m.kind == "unit" and m.start > unit.start]
        if not later:
            self.notify(tr("No later meaning unit in this transcript to merge with"))
            return
        self.app.write(self.wb.merge_units, [unit.id, later[0].id], then=lambda merged:
                       self._after_change(Mark(merged.start, merged.end, "unit", merged.id,
                                               self.view.rich_style)))
