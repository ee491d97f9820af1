"""What step 2's keys do, without widgets: the state a key leaves, for planning key counts.

Each key is modelled from the app's own code — the same span arithmetic
(``stc_bench.tui.step2_edit``), the same covered-suggestion rule (``uncovered_by``) and
the same navigation rules as ``Step2Screen.action_next_mark`` — and every plan made with
this model is replayed in the real app (``bench/effort.py``), so a difference between the
two shows up as a unit that fails its replay check, never as a flattering figure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from stc_bench.domain.offsets import reshaped_suggestions, split_edges, uncovered_by
from stc_bench.tui.step2_edit import Sentences, resized, selected_span, word_resized, word_step
from stc_bench.tui.step2_find import uncovered_stretches


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    id: int
    kind: str  # "unit" or "suggestion"


@dataclass
class Doc:
    id: int
    text: str
    turns: list
    sentences: Sentences
    units: dict[int, tuple[int, int]] = field(default_factory=dict)
    codings: dict[int, set[int]] = field(default_factory=dict)
    suggestions: dict[int, tuple[int, int]] = field(default_factory=dict)  # open ones


class Step2Model:
    """The step 2 screen as data: transcripts, units, open suggestions, focus and caret."""

    def __init__(self, docs: list[Doc], groups: list[int]):
        self.docs = docs
        self.groups = groups  # code-group ids in the order the digits number them
        self.doc = 0  # index of the open transcript
        self.focus: tuple[str, int] | None = None
        self.caret = 0
        self.anchor: int | None = None
        self._next_unit = 1 + max((u for d in docs for u in d.units), default=0)
        self._next_sug = 1 + max((s for d in docs for s in d.suggestions), default=0)

    def clone(self) -> Step2Model:
        twin = copy.copy(self)
        twin.docs = [copy.copy(d) for d in self.docs]
        for d in twin.docs:
            d.units, d.suggestions = dict(d.units), dict(d.suggestions)
            d.codings = {k: set(v) for k, v in d.codings.items()}
        return twin

    def key(self) -> tuple:
        """A hashable picture of the state (for searches that must not revisit one)."""
        d = self.docs[self.doc]
        return (self.doc, self.focus, self.caret, self.anchor,
                tuple(sorted(d.suggestions.items())), tuple(sorted(d.units.items())))

    # -- what the screen shows -------------------------------------------------------------

    def marks(self, index: int | None = None) -> list[Span]:
        d = self.docs[self.doc if index is None else index]
        units = [Span(a, b, i, "unit") for i, (a, b) in d.units.items()]
        sugs = [Span(a, b, i, "suggestion") for i, (a, b) in d.suggestions.items()]
        shown = units + sorted(uncovered_by(sorted(sugs, key=lambda s: (s.start, s.id)), units),
                               key=lambda s: (s.start, s.id))
        return sorted(sorted(shown, key=lambda m: (m.kind != "unit",)), key=lambda m: (m.start, m.end))

    def current(self) -> Span | None:
        if self.focus is None:
            return None
        return next((m for m in self.marks() if (m.kind, m.id) == self.focus), None)

    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.caret:
            return None
        return min(self.anchor, self.caret), max(self.anchor, self.caret)

    def current_unit(self) -> Span | None:
        cur = self.current()
        if cur is not None and cur.kind == "unit":
            return cur
        return next((m for m in self.marks() if m.kind == "unit" and m.start < self.caret + 1
                     and m.end > self.caret), None)

    def focus_on(self, mark: Span | None) -> None:
        self.focus = None if mark is None else (mark.kind, mark.id)
        if mark is not None:
            self.anchor = None
            self.caret = mark.start

    def _after_change(self, kind: str, ident: int) -> None:
        found = next((m for m in self.marks() if (m.kind, m.id) == (kind, ident)), None)
        if found is not None:
            self.focus_on(found)
        elif self.focus is not None and self.current() is None:
            self.focus = None

    # -- keys ------------------------------------------------------------------------------

    def press(self, key: str) -> None:
        """Apply one key as the app does."""
        if key in ("n", "p", "N", "P"):
            self.next_mark(1 if key in "nN" else -1, "suggestion" if key.isupper() else "")
        elif key in ("right_square_bracket", "left_square_bracket", "left_curly_bracket",
                     "right_curly_bracket"):
            steps = {"right_square_bracket": (0, 1), "left_square_bracket": (0, -1),
                     "left_curly_bracket": (-1, 0), "right_curly_bracket": (1, 0)}[key]
            self._reshape(lambda span: resized(self.docs[self.doc].sentences, span, *steps))
        elif key in ("ctrl+right", "ctrl+left", "ctrl+shift+left", "ctrl+shift+right"):
            steps = {"ctrl+right": (0, 1), "ctrl+left": (0, -1), "ctrl+shift+left": (-1, 0),
                     "ctrl+shift+right": (1, 0)}[key]
            self._reshape(lambda span: word_resized(self.docs[self.doc].text, span, *steps))
        elif key == "j":
            self.join_next()
        elif key == "s":
            self.split()
        elif key.isdigit() and key != "0":
            self.code_digit(int(key))
        elif key == "enter":
            self.make_unit(())
        elif key in ("w", "W"):
            self.next_uncovered(1 if key == "w" else -1)
        elif key in ("right", "left", "shift+right", "shift+left"):
            extend = key.startswith("shift")
            offset = word_step(self.docs[self.doc].text, self.caret, 1 if "right" in key else -1, extend)
            self.move_caret(offset, extend=extend)
        else:
            raise ValueError(f"the model has no key {key!r}")

    def move_caret(self, offset: int, extend: bool) -> None:
        offset = max(0, min(len(self.docs[self.doc].text), offset))
        if extend and self.anchor is None:
            self.anchor = self.caret
        elif not extend:
            self.anchor = None
        self.caret = offset

    def next_mark(self, delta: int, kind: str) -> None:
        marks = [m for m in self.marks() if not kind or m.kind == kind]
        cur = self.current()
        on_current = cur is not None and cur.start <= self.caret <= cur.end
        here = cur.start if on_current else self.caret
        if delta > 0:
            found = next((m for m in marks if m.start > here or (m.start == here and not on_current)), None)
        else:
            found = next((m for m in reversed(marks) if m.start < here), None)
        if found is None:
            order = range(self.doc + 1, len(self.docs)) if delta > 0 else range(self.doc - 1, -1, -1)
            for index in order:
                there = [m for m in self.marks(index) if not kind or m.kind == kind]
                if there:
                    self.doc, self.caret, self.anchor, self.focus = index, 0, None, None
                    found = there[0] if delta > 0 else there[-1]
                    break
        if found is not None:
            self.focus_on(found)

    def next_uncovered(self, delta: int) -> None:
        d = self.docs[self.doc]
        units = [Span(a, b, i, "unit") for i, (a, b) in d.units.items()]
        stretches = uncovered_stretches(d.text, d.turns, units)
        sel = self.selection()
        here = sel[0] if sel else self.caret
        if delta > 0:
            found = next((s for s in stretches if s[0] > here), None)
        else:
            found = next((s for s in reversed(stretches) if s[0] < here), None)
        if found is not None:
            self.focus = None
            self.anchor = found[0]
            self.caret = found[1]

    def _focused_mark(self) -> Span | None:
        return self.current() or self.current_unit()

    def _reshape(self, change) -> None:
        mark = self._focused_mark()
        if mark is None:
            return
        span = change((mark.start, mark.end))
        if span is None or span == (mark.start, mark.end):
            return
        d = self.docs[self.doc]
        if mark.kind == "unit":
            d.units[mark.id] = span
        else:  # as the service does: the neighbours keep tiling the turn
            changed, added = reshaped_suggestions(d.text, d.suggestions, mark.id, span)
            for ident, new in changed.items():
                if new is None:
                    del d.suggestions[ident]
                else:
                    d.suggestions[ident] = new
            for new in added:
                d.suggestions[self._next_sug] = new
                self._next_sug += 1
        self._after_change(mark.kind, mark.id)

    def join_next(self) -> None:
        mark = self._focused_mark()
        if mark is None:
            return
        following = next((m for m in self.marks() if m.kind == "suggestion" and m.start >= mark.end), None)
        if following is None:
            return
        d = self.docs[self.doc]
        if mark.kind == "unit":
            d.units[mark.id] = (mark.start, following.end)
        else:
            d.suggestions[mark.id] = (min(mark.start, following.start), max(mark.end, following.end))
            del d.suggestions[following.id]
        self._after_change(mark.kind, mark.id)

    def split(self) -> None:
        mark = self._focused_mark()
        if mark is None:
            return
        d = self.docs[self.doc]
        at = d.sentences.split_point(mark.start, mark.end, self.caret)
        if at is None:
            return
        left_end, right_start = split_edges(d.text, mark.start, mark.end, at)
        if mark.kind == "unit":
            d.units[mark.id] = (mark.start, at)
            new = self._next_unit
            self._next_unit += 1
            d.units[new] = (at, mark.end)
            d.codings[new] = set(d.codings.get(mark.id, set()))
        else:
            d.suggestions[mark.id] = (mark.start, left_end)
            d.suggestions[self._next_sug] = (right_start, mark.end)
            self._next_sug += 1
        self._after_change(mark.kind, mark.id)

    def make_unit(self, group_ids: tuple[int, ...]) -> None:
        d = self.docs[self.doc]
        sel = self.selection()
        if sel is not None:
            span = selected_span(d.text, self.anchor, self.caret)
            if span is None:
                return
        else:
            cur = self.current()
            if cur is None or cur.kind != "suggestion":
                return
            span = (cur.start, cur.end)
        ident = self._next_unit
        self._next_unit += 1
        d.units[ident] = span
        d.codings[ident] = set(group_ids)
        self.anchor = None
        self._after_change("unit", ident)
        if sel is not None:
            self.caret = span[1]  # reading goes on after a unit marked by hand

    def code_digit(self, n: int) -> None:
        if n > len(self.groups):
            return
        group = self.groups[n - 1]
        cur = self.current()
        unit = None if self.selection() or (cur is not None and cur.kind == "suggestion") else self.current_unit()
        if unit is None:
            self.make_unit((group,))
            return
        coded = self.docs[self.doc].codings.setdefault(unit.id, set())
        coded.symmetric_difference_update({group})
        self._after_change("unit", unit.id)
