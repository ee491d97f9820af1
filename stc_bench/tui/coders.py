"""The coder comparison (issue 19): two coders' units of a transcript in independent coding.

The overview's ``D`` (or the palette) opens :class:`CompareScreen` for the transcript at the
cursor: the transcript side by side (:class:`~.side_by_side.SideBySide`, coder A's units on
the left, B's on the right, each with its difference's number and code groups in the
margin), the current difference standing out on both sides and named under them (the same,
other code groups, another span, a unit only one coder marked; settled ones with their
decision). ``↑``/``↓`` go to the previous/next difference, ``a`` / ``b`` take coder A's / B's
unit into the consensus, ``g`` merges the two, ``x`` rejects, ``d`` discusses (a comment on
the unit), ``s`` takes every unit marked alike — each one undoable event through
``app.write``, as ``stc-bench coders PROJECT resolve``.

With three or more coders the comparison is of one pair at a time: ``D`` first asks which
pair (:func:`pair_choices`), ``p`` inside switches to another. The team settles each place
once, in whichever pair (the service shows it settled in the others: ``elsewhere``).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..domain.agreement import AgreementRow, pair_of
from ..domain.errors import StcError
from .dialogs import Choice
from .i18n import language, localise_bindings, tr
from .side_by_side import Shown, SideBySide
from .transcript import GROUP_STYLES, UNCODED_STYLE
from .workers import BackgroundCalls

if TYPE_CHECKING:
    from textual import getters

    from .app import StcApp

KINDS = {"same": "marked alike", "groups": "other code groups", "span": "another span",
         "span+groups": "another span and code groups", "only_a": "only A", "only_b": "only B"}
DECIDED = {"take_a": "took A", "take_b": "took B", "merge": "merged", "reject": "rejected",
           "elsewhere": "settled comparing another pair"}


class CompareScreen(ModalScreen[None], BackgroundCalls):
    # ModalScreen first: Textual takes default CSS along the first base (the dimmed backdrop)
    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write …

    BINDINGS = [
        Binding("escape", "close", "Back", id="coders_back"),
        Binding("a", "decide('take_a')", "Take A", id="coders_take_a"),
        Binding("b", "decide('take_b')", "Take B", id="coders_take_b"),
        Binding("g", "decide('merge')", "Merge", id="coders_merge"),
        Binding("x", "decide('reject')", "Reject", id="coders_reject"),
        Binding("d", "discuss", "Discuss", id="coders_discuss"),
        Binding("s", "agree", "Take the alike", id="coders_agree"),
        Binding("p", "other_pair", "Other pair of coders", id="coders_other_pair"),
    ]

    def __init__(self, document_id: int, coders: tuple[str, str],
                 all_coders: tuple[str, ...] = ()) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self.document_id, self.coders = document_id, coders
        self.all_coders = all_coders or coders  # the transcript's; more than two: p
        self.diffs: list = []
        self.index = 0  # the current difference, an index into self.diffs
        self.figures: AgreementRow | None = None  # the transcript's agreement, once read
        self.by_sentence: tuple[AgreementRow, str] | None = None  # κ per sentence, splitter


    def compose(self) -> ComposeResult:
        with Vertical(id="coders", classes="dialog"):
            yield Label(id="coders-title", classes="dialog-title")
            yield Static(id="coders-figures", markup=False)
            yield Static(id="coders-sentences", markup=False)
            with Horizontal(id="coders-heads"):
                yield Label(id="coders-head-a")
                yield Label(id="coders-head-b")
            yield SideBySide(id="coders-side")
            yield Static(id="coders-detail", markup=False)
            keys = tr("↑ / ↓: previous / next difference · a / b: take A's / B's unit · g: merge "
                      "· x: reject · d: discuss · s: take every unit marked alike · esc: back")
            if len(self.all_coders) > 2:
                keys += " · " + tr("p: another pair of coders")
            yield Static(Text(keys, style="dim"))

    def on_mount(self) -> None:
        self.reload()
        self.query_one(SideBySide).focus()
        # the coders' units do not change here (decisions write the consensus): read once
        self.in_background(transcript_agreement, self.app.wb, self.document_id,
                           then=self._first_figures, group="read")

    def _first_figures(self, row) -> None:
        """The character figures at once; kappa per sentence follows from another worker:
        the splitter's first use loads spaCy (1.5 s measured), longer than opening should
        take."""
        self._show_figures(row)
        if row is not None:
            self.query_one("#coders-sentences", Static).update(Text(
                tr("κ per sentence: splitting the transcript into sentences…"), style="dim"))
            self.in_background(sentence_agreement, self.app.wb, self.document_id,
                               then=self._show_sentences, group="read")

    def _show_sentences(self, found) -> None:
        """κ per sentence (``agreement --unit sentence`` for this transcript), the pair's own
        beside it with more than two coders, and the splitter it depends on."""
        self.by_sentence = found
        shown = self.query_one("#coders-sentences", Static)
        if found is None:
            shown.update("")
            return
        row, splitter = found
        line = tr("κ per sentence {kappa} ({n} sentences counted; split by {splitter})").format(
            kappa=_number(row.kappa), n=row.kappa_units, splitter=splitter)
        if len(self.all_coders) > 2:
            line += " · " + tr("κ {a}–{b} {kappa}").format(
                a=self.coders[0], b=self.coders[1],
                kappa=_number(row.kappa_pairs.get(pair_of(*self.coders))))
        shown.update(Text(line, style="italic"))

    def _show_figures(self, row) -> None:
        """The transcript's agreement (overall, per character of the coded text), as
        ``stc-bench agreement --documents`` gives it; with more than two coders κ is the
        pairs' mean, and the compared pair's own κ follows."""
        self.figures = row
        shown = self.query_one("#coders-figures", Static)
        if row is None:
            shown.update(Text(tr("Agreement: nothing coded yet"), style="dim"))
            return
        line = tr("Agreement on this transcript: segments {segments} · κ {kappa} · uα {alpha} · "
                  "cuα {cu} (per character of the coded text)").format(
            segments="–" if row.segment_agreement is None else f"{100 * row.segment_agreement:.0f} %",
            kappa=_number(row.kappa), alpha=_number(row.alpha), cu=_number(row.cu_alpha))
        if len(self.all_coders) > 2:
            line += " · " + tr("κ {a}–{b} {kappa}").format(
                a=self.coders[0], b=self.coders[1],
                kappa=_number(row.kappa_pairs.get(pair_of(*self.coders))))
        shown.update(Text(line, style="italic"))

    def reload(self) -> None:
        wb = self.app.wb
        doc = wb.document(self.document_id)
        groups = wb.code_groups()
        self.names = {g.id: g.name for g in groups}
        self.colours = {g.id: i for i, g in enumerate(groups)}
        self.diffs = wb.coder_differences(self.document_id, *self.coders)
        open_ = sum(1 for d in self.diffs if not d.decided)
        self.query_one("#coders-head-a", Label).update(Text(
            tr("A: {name}").format(name=self.coders[0]), style="bold"))
        self.query_one("#coders-head-b", Label).update(Text(
            tr("B: {name}").format(name=self.coders[1]), style="bold"))
        self.query_one("#coders-title", Label).update(Text(tr(
            "{title}: A {a}, B {b} — {open} of {n} not settled").format(
            title=doc.title, a=self.coders[0], b=self.coders[1], open=open_, n=len(self.diffs))))
        view = self.query_one(SideBySide)
        if view.text != doc.text:  # the first time: the turns once
            view.show(doc.text, wb.turns(self.document_id))
        self.index = min(self.index, max(0, len(self.diffs) - 1))
        left = [self._shown(d, d.unit_a, d.groups_a) for d in self.diffs if d.unit_a]
        right = [self._shown(d, d.unit_b, d.groups_b) for d in self.diffs if d.unit_b]
        current = self.current()
        view.set_units(left, right, current.number if current else 0)
        self._go(self.index)

    def _shown(self, d, unit, groups) -> Shown:
        label = ", ".join(self.names.get(g, "?") for g in groups) or tr("(uncoded)")
        first = next((g for g in groups if g in self.colours), None)
        style = (GROUP_STYLES[self.colours[first] % len(GROUP_STYLES)] if first is not None
                 else UNCODED_STYLE)
        return Shown(unit.start, unit.end, f"{d.number} {label}", style, d.number,
                     d.decided is not None)

    def current(self):
        if not self.diffs:
            return None
        return self.diffs[min(self.index, len(self.diffs) - 1)]

    def _go(self, index: int) -> None:
        """Make difference ``index`` the current one: both columns move to it."""
        detail = self.query_one("#coders-detail", Static)
        if not self.diffs:
            detail.update(Text(tr("The two coders marked nothing yet."), style="dim"))
            return
        self.index = max(0, min(len(self.diffs) - 1, index))
        d = self.diffs[self.index]
        self.query_one(SideBySide).set_current(d.number)
        line = Text(tr("Difference {n} of {total}: {kind}").format(
            n=d.number, total=len(self.diffs), kind=tr(KINDS[d.kind])), style="bold")
        line.append(" · ")
        line.append(tr(DECIDED[d.decided]) if d.decided else tr("not settled"),
                    style="green" if d.decided else "yellow")
        detail.update(line, layout=False)  # one line high (app.tcss): no new layout per key

    def on_side_by_side_step(self, event: SideBySide.Step) -> None:
        event.stop()
        if event.number is not None:
            found = [i for i, d in enumerate(self.diffs) if d.number == event.number]
            if found:
                self._go(found[0])
        else:
            self._go(self.index + event.delta)

    def _writable(self) -> bool:
        if self.app.wb.read_only:
            self.notify(tr("This project is open read-only for review: nothing can be changed."),
                        title=tr("Read only"), severity="warning")
        return not self.app.wb.read_only

    def _written(self, _result: object) -> None:
        self.reload()

    def action_decide(self, decision: str) -> None:
        d = self.current()
        if d is None:
            return
        if d.decided:
            self.notify(tr("Difference {n} is settled already (ctrl+z undoes it)").format(n=d.number),
                        title=tr("Consensus"), markup=False)
            return
        if self._writable():
            self.app.write(self.app.wb.resolve_difference, self.document_id, d.number, decision,
                           a=self.coders[0], b=self.coders[1], then=self._written)

    def action_agree(self) -> None:
        if self._writable():
            self.app.write(self.app.wb.settle_agreed, self.document_id, *self.coders,
                           then=self._written)

    def action_discuss(self) -> None:
        from .dialogs import PromptScreen

        d = self.current()
        if d is None:
            return

        def said(text: str | None) -> None:
            if text and text.strip():
                if self._writable():
                    self.app.write(self.app.wb.discuss_difference, self.document_id, d.number,
                                   text, a=self.coders[0], b=self.coders[1], then=self._written)
        self.app.push_screen(PromptScreen(tr("Discuss difference {n}").format(n=d.number)),
                             callback=said)

    def action_other_pair(self) -> None:
        from .dialogs import PickerScreen

        if len(self.all_coders) < 3:
            self.notify(tr("Only two coders code this transcript: there is no other pair"),
                        title=tr("Compare coders"), markup=False)
            return

        def chosen(key: str | None) -> None:
            pair = chosen_pair(key, self.all_coders)
            if pair is not None and pair != self.coders:
                self.coders, self.index = pair, 0
                self.reload()
                if self.figures is not None:
                    self._show_figures(self.figures)
                if self.by_sentence is not None:
                    self._show_sentences(self.by_sentence)
        current = ",".join(str(self.all_coders.index(c)) for c in self.coders)
        self.app.push_screen(PickerScreen(tr("Compare which two coders?"),
                                          pair_choices(self.app.wb, self.document_id,
                                                       self.all_coders), preselect=current),
                             chosen)

    def action_close(self) -> None:
        self.dismiss(None)


def pair_choices(wb, document_id: int, coders: tuple[str, ...]) -> list[Choice]:
    """Each pair of the transcript's coders as a picker entry (key ``i,j``: the coders'
    places, whatever their names hold), with how many of its differences are not settled."""
    out = []
    for i, j in combinations(range(len(coders)), 2):
        diffs = wb.coder_differences(document_id, coders[i], coders[j])
        open_ = sum(1 for d in diffs if not d.decided)
        out.append(Choice(f"{i},{j}", f"{coders[i]} – {coders[j]}",
                          tr("{open} of {n} not settled").format(open=open_, n=len(diffs))))
    return out


def chosen_pair(key: str | None, coders: tuple[str, ...]) -> tuple[str, str] | None:
    """The pair a :func:`pair_choices` key names (None: the picker was cancelled)."""
    if key is None:
        return None
    i, j = (int(n) for n in key.split(","))
    return coders[i], coders[j]


def transcript_agreement(wb, document_id: int):
    """The overall row of one transcript's agreement, or None when there is nothing to
    measure (no unit coded yet)."""
    try:
        report = wb.agreement([document_id])
    except StcError:
        return None
    return report.rows[-1] if report.groups else None


def sentence_agreement(wb, document_id: int) -> tuple[AgreementRow, str] | None:
    """The overall row of one transcript's agreement with kappa per sentence (the
    project's splitter, as ``agreement --unit sentence``) and the splitter's name; None when
    there is nothing to measure. Runs in a worker: it may load spaCy."""
    from ..nlp import describe_pipeline, split_sentences

    splitter = describe_pipeline()["name"]
    try:
        report = wb.agreement([document_id], sentences=split_sentences, splitter=splitter)
    except StcError:
        return None
    return (report.rows[-1], splitter) if report.groups else None


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.2f}"
    return text.replace(".", ",") if language() == "nb" else text


def compare_coders(screen, document_id: int) -> None:
    """Open the comparison for one transcript of ``screen`` (the overview), or say why not."""
    from .dialogs import PickerScreen

    rounds = {r.document_id: r for r in screen.app.wb.coding_rounds()}
    found = rounds.get(document_id)
    if found is None or len(found.coders) < 2:
        screen.notify(tr("This transcript is not coded independently by two or more coders "
                         "(stc-bench coders PROJECT start)"), title=tr("Compare coders"),
                      markup=False)
        return
    coders = tuple(found.coders)

    def open_pair(pair: tuple[str, str] | None) -> None:
        if pair is None:
            return
        try:
            # back on the overview, its counts show the consensus the comparison wrote (its
            # own writes do not come back as another process's change would)
            screen.app.push_screen(CompareScreen(document_id, pair, coders),
                                   callback=lambda _none: screen.reload())
        except StcError as exc:
            screen.notify(str(exc), title=tr("Compare coders"), severity="error", markup=False)

    if len(coders) == 2:
        open_pair((coders[0], coders[1]))
        return
    screen.app.push_screen(PickerScreen(tr("Compare which two coders?"),
                                        pair_choices(screen.app.wb, document_id, coders)),
                           lambda key: open_pair(chosen_pair(key, coders)))
