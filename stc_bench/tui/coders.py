"""The coder comparison (issue 19): two coders' units of a transcript in independent coding.

The overview's ``D`` (or the palette) opens :class:`CompareScreen` for the transcript at the
cursor: the differences listed unit by unit (the same, other code groups, another span, a
unit only one coder marked; settled ones with their decision) and, under the list, the
transcript around the selected one with each character marked A, B or both. ``a`` / ``b``
take coder A's / B's unit into the consensus, ``g`` merges the two, ``x`` rejects, ``d``
discusses (a comment on the unit), ``s`` takes every unit marked alike — each one undoable
event through ``app.write``, as ``stc-bench coders PROJECT resolve``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from ..domain.errors import StcError
from .i18n import localise_bindings, tr

if TYPE_CHECKING:
    from textual import getters

    from .app import StcApp

#: How much transcript is shown around the selected difference, before and after.
CONTEXT = 160
#: How much of a unit's words the list shows (the transcript below shows them all).
SNIPPET = 26
KINDS = {"same": "marked alike", "groups": "other code groups", "span": "another span",
         "span+groups": "another span and code groups", "only_a": "only A", "only_b": "only B"}
DECIDED = {"take_a": "took A", "take_b": "took B", "merge": "merged", "reject": "rejected"}
#: A character only A marked, only B, both (the later style wins where they overlap).
STYLE_A, STYLE_B, STYLE_BOTH = "underline cyan", "underline magenta", "bold reverse green"


class CompareScreen(ModalScreen[None]):
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
    ]

    def __init__(self, document_id: int, coders: tuple[str, str]) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self.document_id, self.coders = document_id, coders
        self.diffs: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="coders", classes="dialog"):
            yield Label(id="coders-title", classes="dialog-title")
            yield DataTable(id="differences", cursor_type="row", zebra_stripes=True)
            yield Static(id="coders-context", markup=False)
            yield Static(Text(tr("a / b: take A's / B's unit · g: merge · x: reject · d: discuss "
                                 "· s: take every unit marked alike · esc: back"), style="dim"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", *map(tr, ("Difference", "Decided", "Coder A", "Coder B")))
        self.reload()
        table.focus()

    def reload(self) -> None:
        wb = self.app.wb
        doc = wb.document(self.document_id)
        self.text = doc.text
        self.names = {g.id: g.name for g in wb.code_groups()}
        self.diffs = wb.coder_differences(self.document_id)
        open_ = sum(1 for d in self.diffs if not d.decided)
        self.query_one("#coders-title", Label).update(Text(tr(
            "{title}: A {a}, B {b} — {open} of {n} not settled").format(
            title=doc.title, a=self.coders[0], b=self.coders[1], open=open_, n=len(self.diffs))))
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for d in self.diffs:
            table.add_row(str(d.number), tr(KINDS[d.kind]),
                          tr(DECIDED[d.decided]) if d.decided else "",
                          self._unit(d.unit_a, d.groups_a), self._unit(d.unit_b, d.groups_b),
                          key=str(d.number))
        if self.diffs:
            table.move_cursor(row=min(row, len(self.diffs) - 1))
        self._show_context()

    def _unit(self, unit, groups) -> Text:
        if unit is None:
            return Text("–", style="dim")
        label = ", ".join(self.names.get(g, "?") for g in groups) or tr("(uncoded)")
        words = unit.snippet if len(unit.snippet) <= SNIPPET else unit.snippet[:SNIPPET - 1] + "…"
        return Text(f"{label}: {words}")

    def current(self):
        table = self.query_one(DataTable)
        if not self.diffs or table.cursor_row < 0:
            return None
        return self.diffs[min(table.cursor_row, len(self.diffs) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_context()

    def _show_context(self) -> None:
        d = self.current()
        shown = self.query_one("#coders-context", Static)
        if d is None:
            shown.update(Text(tr("The two coders marked nothing yet."), style="dim"))
            return
        units = [u for u in (d.unit_a, d.unit_b) if u is not None]
        lo = max(0, min(u.start for u in units) - CONTEXT)
        hi = min(len(self.text), max(u.end for u in units) + CONTEXT)
        out = Text(self.text[lo:hi])
        a = (d.unit_a.start, d.unit_a.end) if d.unit_a else (0, 0)
        b = (d.unit_b.start, d.unit_b.end) if d.unit_b else (0, 0)
        for start, end, style in ((*a, STYLE_A), (*b, STYLE_B),
                                  (max(a[0], b[0]), min(a[1], b[1]), STYLE_BOTH)):
            if end > start:
                out.stylize(style, start - lo, end - lo)
        legend = Text("\n")
        legend.append(tr("A: {name}").format(name=self.coders[0]), style=STYLE_A)
        legend.append("  ")
        legend.append(tr("B: {name}").format(name=self.coders[1]), style=STYLE_B)
        legend.append("  ")
        legend.append(tr("both"), style=STYLE_BOTH)
        shown.update(out + legend)

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
                           then=self._written)

    def action_agree(self) -> None:
        if self._writable():
            self.app.write(self.app.wb.settle_agreed, self.document_id, then=self._written)

    def action_discuss(self) -> None:
        from .dialogs import PromptScreen

        d = self.current()
        if d is None:
            return

        def said(text: str | None) -> None:
            if text and text.strip():
                if self._writable():
                    self.app.write(self.app.wb.discuss_difference, self.document_id, d.number,
                                   text, then=self._written)
        self.app.push_screen(PromptScreen(tr("Discuss difference {n}").format(n=d.number)),
                             callback=said)

    def action_close(self) -> None:
        self.dismiss(None)


def compare_coders(screen, document_id: int) -> None:
    """Open the comparison for one transcript of ``screen`` (the overview), or say why not."""
    rounds = {r.document_id: r for r in screen.app.wb.coding_rounds()}
    found = rounds.get(document_id)
    if found is None or len(found.coders) != 2:
        screen.notify(tr("This transcript is not coded independently by two coders "
                         "(stc-bench coders PROJECT start)"), title=tr("Compare coders"),
                      markup=False)
        return
    try:
        # back on the overview, its counts show the consensus the comparison wrote (its own
        # writes do not come back as another process's change would)
        screen.app.push_screen(CompareScreen(document_id, (found.coders[0], found.coders[1])),
                               callback=lambda _none: screen.reload())
    except StcError as exc:
        screen.notify(str(exc), title=tr("Compare coders"), severity="error", markup=False)
