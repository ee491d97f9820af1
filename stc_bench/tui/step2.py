"""Step 2 — meaning units: mark passages, accept suggestions, code units into code groups."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Label, Static

from ..domain.model import CodeGroup, Coding, Document, MeaningUnit, Theme
from .base import StepScreen
from .dialogs import Choice, PickerScreen
from .footer import FittedFooter
from .i18n import tr
from .step2_find import uncovered_stretches
from .step2_suggest import SuggestionKeys
from .transcript import Mark, TranscriptView


class Step2Screen(SuggestionKeys, StepScreen):
    """The transcript with units and suggestions; keys to mark, accept and code."""

    STEP = "step2"
    BINDINGS = [
        Binding("d", "choose_document", "Transcript", id="step2_document"),
        Binding("n", "next_mark(1)", "Next", id="step2_next", tooltip="Next unit or suggestion"),
        Binding("p", "next_mark(-1)", "Prev", id="step2_prev", tooltip="Previous unit or suggestion"),
        Binding("enter", "mark_unit", "Mark/accept", id="step2_mark",
                tooltip="Make the selection a meaning unit, or accept the current suggestion"),
        Binding("c", "code_unit", "Code", id="step2_code",
                tooltip="Code the current unit into a code group (fuzzy picker)"),
        Binding("u", "uncode_unit", "Uncode", id="step2_uncode"),
        Binding("t", "select_turn", "Select turn", id="step2_turn"),
        Binding("x", "delete_unit", "Delete unit", id="step2_delete"),
        Binding("s", "split_unit", "Split at caret", id="step2_split", show=False),
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
        Binding("right_square_bracket", "resize(0, 1)", "Grow end", id="step2_grow_end",
                key_display="]", show=False),
        Binding("left_square_bracket", "resize(0, -1)", "Shrink end", id="step2_shrink_end",
                key_display="[", show=False),
        Binding("left_curly_bracket", "resize(-1, 0)", "Grow start", id="step2_grow_start",
                key_display="{", show=False),
        Binding("right_curly_bracket", "resize(1, 0)", "Shrink start", id="step2_shrink_start",
                key_display="}", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="doc-title", markup=False)
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
        self.reload()
        self.view.focus()

    def reload(self) -> None:
        self._names = None
        doc_id = self._document_in_filter()
        title = self.query_one("#doc-title", Label)
        if doc_id is None:
            title.update(Text(tr("No transcripts yet — press 0 then i to import some (or run: stc-bench import PROJECT FILE…)")
                              if self.only_informant is None else tr("No transcripts for this informant")))
            self.view.show("", [])
            self._shown_doc = None
            return
        if doc_id != self._shown_doc:
            doc = self.wb.get(Document, doc_id)
            self.view.show(doc.text, self.wb.turns(doc.id), self.marks_of(doc.id))
            self._shown_doc = doc_id
        else:
            self.view.set_marks(self.marks_of(doc_id))
        title.update(self._title(doc_id))
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
        return self.wb.get(MeaningUnit, mark.id) if mark else None

    def _current_unit_mark(self) -> Mark | None:
        view = self.view
        mark = view.current if view.current and view.current.kind == "unit" else None
        if mark is None:
            mark = next((m for m in view.marks_at(view.caret) if m.kind == "unit"), None)
        return mark

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
            line = Text(tr("Suggestion — enter: accept · a: accept and code · r: dismiss · N/P: "
                           "next/previous suggestion"), style="italic")
        elif view.selection:
            s, e = view.selection
            line = Text(tr("Selected {n} words — enter: mark as meaning unit").format(
                n=len(view.text[s:e].split())))
        else:
            line = Text(tr("n/p: next/previous · shift+arrows: select · t: turn · S: suggest · "
                           "w: uncoded text · ?: help"), style="dim")
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
            unit = self.wb.get(MeaningUnit, unit_id)
            names = self._group_names()
            groups = [names.get(c.code_group_id, "?") for c in self.wb.list(Coding, unit_id=unit.id)]
            line = Text(tr("Unit {id} ({n} words): ").format(id=unit.id, n=len(unit.snippet.split())),
                        style="bold")
            line.append(", ".join(groups) if groups else tr("uncoded — c: code it"),
                        style="green" if groups else "yellow")
            lines[unit_id] = line
        self._unit_lines = lines
        return lines[unit_id]

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
        here = cur.start if on_current else view.caret
        if delta > 0:
            found = next((m for m in marks if m.start > here or (m.start == here and not on_current)),
                         None)
        else:
            found = next((m for m in reversed(marks) if m.start < here), None)
        if found is None:
            found = self._cross_document(delta, kind)
        if found is None:
            self.notify(tr(f"No more {'suggestions' if kind == 'suggestion' else 'meaning units or suggestions'}"
                           f" {'after' if delta > 0 else 'before'} this place"))
            return
        view.focus_mark(found)  # the info line follows on CaretMoved

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
            self.notify(tr("All informant text " + ("after" if delta > 0 else "before")
                           + " this place is in a meaning unit"))
            return
        view.focus_mark(None)
        view.select(*found)
        words = len(view.text[found[0]:found[1]].split())
        self._show_info(self.query_one("#unit-info", Static), Text(
            tr("Uncoded informant text ({n} words) — enter: mark as meaning unit · w/W: "
               "next/previous").format(n=words), style="yellow"))

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

    def action_mark_unit(self) -> None:
        view, doc_id = self.view, self.app.document_id
        if doc_id is None:
            return
        if view.selection:
            s, e = view.selection
            while s < e and view.text[s].isspace():
                s += 1
            while e > s and view.text[e - 1].isspace():
                e -= 1
            unit = self.app.call(self.wb.create_unit, doc_id, s, e)
        elif (sug := self.current_suggestion()) is not None:
            self.in_background(self.wb.accept_suggestion, sug.id,
                               then=lambda _u: self._after_suggestion(sug))
            return
        else:
            self.notify(tr("Select a passage first (shift+arrows, t for a turn, or drag)"))
            return
        if unit:
            view.anchor = None
            self._after_change(Mark(unit.start, unit.end, "unit", unit.id, view.rich_style))
            view.move_caret(unit.end)  # carry on reading after the new unit

    def _after_change(self, focus: Mark | None = None) -> None:
        view = self.view
        self._names = None
        if self.app.document_id is not None:
            view.set_marks(self.marks_of(self.app.document_id))
        if focus is not None:
            view.focus_mark(next((m for m in view.marks if (m.kind, m.id) == (focus.kind, focus.id)),
                                 None))
        self._info()

    def action_code_unit(self) -> None:
        unit = self.current_unit()
        if unit is None:
            self.notify(tr("Move to a meaning unit first (n/p), or mark one (enter)"))
            return
        coded = {c.code_group_id for c in self.wb.list(Coding, unit_id=unit.id)}

        def code(group: CodeGroup) -> None:
            if self.app.call(self.wb.code_unit, unit.id, group.id):
                self.notify(tr("Unit {id} → {group}").format(id=unit.id, group=group.name))
                self._after_change(Mark(unit.start, unit.end, "unit", unit.id, self.view.rich_style))
        self._pick_group(tr("Code unit {id} into…").format(id=unit.id), coded, code)

    def _pick_group(self, title: str, coded: set[int], then: Callable[[CodeGroup], None]) -> None:
        """The fuzzy code-group picker (a theme or a new name makes a code group on the spot)."""
        choices = [Choice(f"g:{g.id}", g.name, tr("✓ coded") if g.id in coded else "")
                   for g in self.wb.code_groups()]
        choices += [Choice(f"t:{t.id}", t.name, tr("theme → new code group"))
                    for t in self.wb.list(Theme, "position") if not t.promoted_to]

        def chosen(key: str | None) -> None:
            if not key:
                return
            kind, _, value = key.partition(":")
            if kind == "new":
                group = self.app.call(self.wb.add_code_group, value)
            elif kind == "t":
                group = self.app.call(self.wb.promote_theme, int(value), "code_group")
            else:
                group = self.wb.get(CodeGroup, int(value))
            if group:
                then(group)
        self.app.push_screen(PickerScreen(title, choices, create_label=tr("new code group")), chosen)

    def action_uncode_unit(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        choices = [Choice(str(c.code_group_id), self.wb.get(CodeGroup, c.code_group_id).name)
                   for c in self.wb.list(Coding, unit_id=unit.id)]

        def chosen(key: str | None) -> None:
            if key:
                self.app.call(self.wb.uncode_unit, unit.id, int(key))
                self._after_change()
        self.app.push_screen(PickerScreen(tr("Remove unit {id} from…").format(id=unit.id), choices),
                             chosen)

    def action_delete_unit(self) -> None:
        unit = self.current_unit()
        if unit is not None:
            self.app.call(self.wb.delete_unit, unit.id)
            self.view.focus_mark(None)
            self._after_change()

    def action_split_unit(self) -> None:
        unit = self.current_unit()
        if unit is not None and self.app.call(self.wb.split_unit, unit.id, self.view.caret):
            self._after_change()

    def action_merge_next(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        later = [m for m in self.view.marks if m.kind == "unit" and m.start > unit.start]
        if not later:
            self.notify(tr("No later meaning unit in this transcript to merge with"))
            return
        merged = self.app.call(self.wb.merge_units, [unit.id, later[0].id])
        if merged:
            self._after_change(Mark(merged.start, merged.end, "unit", merged.id, self.view.rich_style))

    def action_resize(self, start_step: int, end_step: int) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        view = self.view
        start, end = unit.start, unit.end
        if start_step:
            start = view.word_edge(start, -1) if start_step < 0 else _next_word_start(view, start)
        if end_step:
            end = view.word_edge(end, 1) if end_step > 0 else _prev_word_end(view, end)
        if (start, end) != (unit.start, unit.end) and start < end:
            if self.app.call(self.wb.resize_unit, unit.id, start, end):
                self._after_change(Mark(start, end, "unit", unit.id, view.rich_style))


def _next_word_start(view: TranscriptView, offset: int) -> int:
    end = view.word_edge(offset, 1)
    while end < len(view.text) and not view.text[end].isalnum():
        end += 1
    return end


def _prev_word_end(view: TranscriptView, offset: int) -> int:
    start = view.word_edge(offset, -1)
    while start > 0 and not view.text[start - 1].isalnum():
        start -= 1
    return start
