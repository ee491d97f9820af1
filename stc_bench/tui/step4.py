"""Step 4 — synthesis: analytic text beside the condensate, quotes, validation in context.

The units list is a line-API :class:`LineList` (a code group on a whole thesis has
thousands of units). What it shows is read once per change of the trail: ``reload``
does nothing while no new event was recorded and the code group is the same, a code
group or subgroup seen since the last change is shown again from memory, and ``i``
(quote) and ``v`` (validate) update only the line they change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypedDict

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..domain.model import AnalyticText, MeaningUnit, Quote
from ..domain.rules import MethodWarning
from ..services.speakers import UnitLabels
from .dialogs import PromptScreen
from .editor import EditorArea
from .footer import FittedFooter
from .group_screen import GroupScreen
from .headings import edit_headings
from .i18n import tr, warning_text
from .linelist import Entry, Layout, LineList, layout
from .quote_editor import QuoteEditor, quote_line
from .recontext import ValidateScreen

VALIDATED, NOT_VALIDATED, LABEL, QUOTED = "green", "dim", "bold", "cyan"
Owner = tuple[str, int]  # ("g", code group id) or ("s", subgroup id)


def unit_entry(unit: MeaningUnit, label: str, validated: bool, quoted: bool,
               quoted_word: str) -> Entry:
    """A unit's line(s) in step 4: ✓ re-read in context (or ·), informant, its words, ❝."""
    parts = [("✓ " if validated else "· ", VALIDATED if validated else NOT_VALIDATED),
             (label + ": ", LABEL), (unit.snippet.replace("\n", " "), None)]
    if quoted:
        parts.append(("  ❝\u00a0" + quoted_word, QUOTED))
    return Entry(str(unit.id), parts)


#: The method warnings step 4 shows for its code group: the group's own, and its subgroups'
#: analytic texts and quotes.
STEP4_WARNINGS = frozenset({"group_without_subgroups", "analytic_text_without_quote",
                            "subgroup_without_analytic_text"})

class OwnerKeys(TypedDict, total=False):
    """The keyword that names an owner's texts in the services (one of the two)."""

    subgroup_id: int
    code_group_id: int


def where_of(owner: Owner) -> OwnerKeys:
    """The keyword arguments that name an owner's texts: ``subgroup_id=`` or ``code_group_id=``."""
    return {"subgroup_id": owner[1]} if owner[0] == "s" else {"code_group_id": owner[1]}


def read_owner(wb, owner: Owner, seq: int, labels: UnitLabels, validated: set[int],
               quoted_word: str) -> tuple[int, list[MeaningUnit], set[int], list[Entry]]:
    """What the units list shows for a code group or subgroup: (seq, its units, the ids
    quoted in its analytic texts, their entries). Reads only: safe in a thread."""
    kind, id_ = owner
    units = wb.units_in_subgroup(id_) if kind == "s" else wb.units_in_group(id_)
    where = where_of(owner)
    quoted = wb.quoted_units(**where)
    entries = [unit_entry(u, labels.of(u.id, u.document_id), u.id in validated, u.id in quoted,
                          quoted_word) for u in units]
    return seq, units, quoted, entries


class Step4Screen(GroupScreen):
    """Per code group and subgroup: condensate, analytic text, quotes and validation."""

    STEP = "step4"
    BINDINGS = [
        Binding("e", "edit_text", "Write", id="step4_edit",
                tooltip="Write the analytic text (ctrl+s saves; leaving the editor saves too)"),
        Binding("ctrl+s", "save_text", "Save", id="step4_save", show=False),
        Binding("i", "insert_quote", "Quote", id="step4_quote",
                tooltip="Quote the highlighted unit as an illustration"),
        Binding("v", "validate", "Validate", id="step4_validate",
                tooltip="Re-read the highlighted unit in its original context"),
        Binding("t", "edit_quote", "Edit quote", id="step4_edit_quote",
                tooltip="The highlighted quote's lead-in and display text, with the difference"),
        Binding("h", "headings", "Headings", id="step4_headings", show=False,
                tooltip="Chapter heading, list label, discussion heading; subgroup heading"),
        Binding("x", "remove_quote", "Remove quote", id="step4_remove_quote", show=False),
        Binding("p", "place_quote", "Place quote", id="step4_place_quote", show=False,
                tooltip="After which paragraph of the analytic text the quote stands"),
        Binding("ctrl+up", "move_quote(-1)", "Quote up", id="step4_quote_up", key_display="^↑",
                show=False),
        Binding("ctrl+down", "move_quote(1)", "Quote down", id="step4_quote_down",
                key_display="^↓", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="group-title", markup=False)
        with Horizontal():
            with Vertical(id="step4-left"):
                yield Label(Text(tr("Headings: the code group and its subgroups")), classes="pane-title")
                yield LineList(id="outline")
                yield Static("", id="condensate-view", markup=False)
                yield Label(Text(tr("Analytic text (third person: the results chapter)")),
                            classes="pane-title")
                yield EditorArea(id="analytic", return_to="#outline")
            with Vertical(id="step4-right"):
                yield Label(Text(tr("Units (i: quote · v: validate · o: in context)")),
                            classes="pane-title")
                yield LineList(id="units")
                yield Label(Text(tr("Quotes in order (t: edit · x: remove · ^↑/^↓: move)")),
                            classes="pane-title")
                yield OptionList(id="quotes")
                yield Static("", id="group-warnings", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self._text_for: Owner | None = None
        self._shown: tuple[int | None, int] | None = None  # (code group, trail seq) on screen
        self._outline_group: int | None = None
        self._per_seq: tuple[int, UnitLabels, set[int], list[MethodWarning]] | None = None
        self._views: dict[Owner, tuple[int, list[MeaningUnit], set[int], list[Entry]]] = {}
        self._units_for: tuple[Owner, int] | None = None  # (owner, seq) the units list shows
        self._units: list[MeaningUnit] = []
        self._laid_out: dict[Owner, tuple[int, Layout]] = {}  # owner → (seq, its lines wrapped)
        self.reload()
        self.query_one("#outline", LineList).focus()

    def comment_target(self) -> tuple[str, int] | None:
        focused = self.app.focused
        quote_id, unit_id = self.highlighted_id("#quotes"), self.highlighted_id("#units")
        if focused is not None and focused.id == "quotes" and quote_id is not None:
            return "quote", quote_id
        if focused is not None and focused.id == "units" and unit_id is not None:
            return "meaning_unit", unit_id
        owner = self.owner()
        if owner is None:
            return None
        text = self.wb.chapter_text(**where_of(owner))
        if text is not None:
            return "analytic_text", text.id
        return ("subgroup" if owner[0] == "s" else "code_group"), owner[1]

    def trace_start(self) -> tuple | None:
        """Where T starts tracing: the highlighted quote, else the analytic paragraph where
        the editor's cursor is (the first when it was never moved)."""
        quote_id = self.highlighted_id("#quotes")
        if self.app.focused is self.query_one("#quotes") and quote_id is not None:
            return "quote", quote_id
        text = self.quotes()[0]
        return ("paragraph", text.id, (self._cursor_paragraph() or 1) - 1) if text else None

    def owner(self) -> Owner | None:
        key = self.query_one("#outline", LineList).highlighted_key
        if key is None:
            return None
        kind, _, value = key.partition(":")
        return kind, int(value)

    def _project(self, seq: int) -> tuple[UnitLabels, set[int], list[MethodWarning]]:
        """Informant labels, validated unit ids and method warnings as of trail event seq."""
        if self._per_seq is None or self._per_seq[0] != seq:
            validated = self.wb.validated_units()
            self._per_seq = (seq, self.wb.unit_labels(), validated, self.wb.method_warnings())
        return self._per_seq[1:]

    def reload(self, seq: int | None = None) -> None:
        """Re-read what changed: nothing while the trail and the code group are the same
        (``seq``: the trail's last seq, if the caller has just read it)."""
        seq = self.wb.last_seq() if seq is None else seq
        group = self.group(seq)
        if self._shown == (group.id if group else None, seq):
            return
        self._shown = (group.id if group else None, seq)
        title = self.query_one("#group-title", Label)
        outline = self.query_one("#outline", LineList)
        if group is None:
            title.update(Text(tr("No code groups yet: make some in step 2 (or promote a theme)")))
            outline.set_entries([])
            self.query_one("#units", LineList).set_entries([])
            self.query_one("#quotes", OptionList).clear_options()
            return
        line = Text(group.heading or group.name, style="bold")
        line.append(" · g ] [: " + tr("another code group"), style="dim")
        title.update(line, layout=False)  # one line (app.tcss): no new layout
        self._outline_group = group.id
        heads = [Entry(f"g:{group.id}", [(group.heading or group.name, "bold")])]
        heads += [Entry(f"s:{sub.id}", [("  " + (sub.heading or sub.name), None)])
                  for sub in self.wb.subgroups(group.id)]
        # each code group keeps its own place in the outline (a new one starts at the top)
        outline.set_entries(heads, keep=outline.highlighted_key, page=group.id)
        self._text_for = None
        self._show_owner()
        self._show_warnings(group.id, seq)
        self.call_after_refresh(self.read_ahead, group.id, seq)

    # -- the other code groups, read ahead (see GroupScreen) ------------------------------

    def has_ahead(self, group_id: int, seq: int) -> bool:
        view = self._views.get(("g", group_id))
        return view is not None and view[0] == seq

    def ahead_reader(self, seq: int) -> Callable[[int], tuple]:
        labels, validated, _warnings = self._project(seq)
        wb, word = self.wb, tr("quoted")
        width = self.query_one("#units", LineList).content_width

        def read(group_id: int) -> tuple:
            view = read_owner(wb, ("g", group_id), seq, labels, validated, word)
            return view, layout(view[3], width)
        return read

    def keep_ahead(self, group_id: int, view: tuple) -> None:
        owner = ("g", group_id)
        if owner not in self._views:
            self._views[owner] = view[0]
            self._laid_out[owner] = (view[0][0], view[1])

    def forget_ahead(self, shown: int | None) -> None:
        keep = self._units_for[0] if self._units_for else None  # the owner on screen
        self._views = {o: v for o, v in self._views.items() if o == keep}
        self._laid_out = {o: v for o, v in self._laid_out.items() if o == keep}

    def _show_owner(self) -> None:
        owner = self.owner()
        if owner is None or owner == self._text_for:
            return
        kind, where = owner[0], where_of(owner)
        cond = self.wb.condensate(owner[1]) if kind == "s" else None
        shown = (Text(tr("Condensate") + ": " + cond.text, style="italic") if cond and cond.text
                 else Text(tr("(a code group's introduction: no condensate)") if kind == "g"
                           else tr("(no condensate yet: write it in step 3)"), style="dim"))
        view = self.query_one("#condensate-view", Static)
        # Its height follows the text (up to 10 lines): lay the screen out again only when
        # the new text takes another number of lines.
        width = view.content_region.width
        lines = min(10, len(shown.wrap(self.app.console, width))) if width else None
        view.update(shown, layout=lines is None or lines != getattr(self, "_cond_lines", None))
        self._cond_lines = lines
        text = self.wb.chapter_text(**where)
        self.query_one("#analytic", TextArea).load_text(text.text if text else "")
        self._text_for = owner
        self._fill_units()

    def _fill_units(self) -> None:
        """Show the owner's units: from memory if read since the last change."""
        owner, group = self.owner(), self.group()
        if owner is None or group is None:
            return
        seq = self.wb.last_seq()
        units_list = self.query_one("#units", LineList)
        if self._units_for == (owner, seq):
            self._fill_quotes()
            return
        view = self._views.get(owner)
        if view is None or view[0] != seq:
            labels, validated, _warnings = self._project(seq)
            view = read_owner(self.wb, owner, seq, labels, validated, tr("quoted"))
        self._views = {o: v for o, v in self._views.items() if v[0] == seq}
        self._views[owner] = view
        self._units = view[1]
        same = self._units_for is not None and self._units_for[0] == owner
        ahead = self._laid_out.pop(owner, None)  # (seq, layout) made with a read-ahead
        units_list.set_entries(view[3], keep=units_list.highlighted_key if same else None,
                               page=owner, laid_out=ahead[1] if ahead and ahead[0] == seq else None)
        self._units_for = (owner, seq)
        self._fill_quotes()

    def _update_unit(self, unit_id: int, before: int, quoted: bool = False) -> bool:
        """After one change (trail event ``before`` + 1) to the highlighted unit, redraw its
        line only. False if more changed: the caller then reloads."""
        owner = self.owner()
        view = self._views.get(owner) if owner else None
        units_list = self.query_one("#units", LineList)
        index = units_list.highlighted
        if (self.wb.last_seq() != before + 1 or view is None or self._units_for != (owner, before)
                or index is None or index >= len(view[1]) or view[1][index].id != unit_id):
            return False
        _seq, units, quoted_ids, entries = view
        if quoted:
            quoted_ids.add(unit_id)
        validated = self.wb.is_validated(unit_id)
        labels = self._project(before)[0]
        entries[index] = unit_entry(units[index], labels.of(units[index].id, units[index].document_id),
                                    validated, unit_id in quoted_ids, tr("quoted"))
        units_list.replace_entry(index, entries[index])
        if validated and self._per_seq is not None:
            self._per_seq[2].add(unit_id)
        self._advance(before)
        return True

    def _advance(self, before: int) -> None:
        """One change was made here and is already on screen: carry what is shown over to
        the new trail event (warnings are read again), so the next reload has nothing to do."""
        seq = self.wb.last_seq()
        group = self.group()
        if seq != before + 1 or group is None or self._shown != (group.id, before):
            self.reload()
            return
        self._shown = (group.id, seq)
        self._views = {o: (seq, *v[1:]) for o, v in self._views.items() if v[0] == before}
        if self._units_for is not None and self._units_for[1] == before:
            self._units_for = (self._units_for[0], seq)
        if self._per_seq is not None and self._per_seq[0] == before:
            self._per_seq = (seq, self._per_seq[1], self._per_seq[2], self.wb.method_warnings())
        self._show_warnings(group.id, seq)

    def _show_warnings(self, group_id: int, seq: int) -> None:
        """The method warnings about this code group and step 4's work on its subgroups, in
        the UI language (step 3's gaps stay on the overview: they crowded out the lists)."""
        warnings = "\n".join("⚠ " + warning_text(w) for w in self._project(seq)[2]
                              if w.code_group_id == group_id and w.kind in STEP4_WARNINGS)
        if warnings != getattr(self, "_warnings_shown", None):  # a new text: a new layout
            self._warnings_shown = warnings
            self.query_one("#group-warnings", Static).update(Text(warnings, style="yellow"))

    def quotes(self) -> tuple[AnalyticText | None, list[Quote]]:
        """The current analytic text (chapter part) and its quotes in order."""
        owner = self.owner()
        text = self.wb.chapter_text(**where_of(owner)) if owner else None
        if text is None:
            return None, []
        return text, self.wb.quotes_of(text.id)

    def _fill_quotes(self, keep: int | None = None) -> None:
        """The quotes in order, each with its informant (only the quoted units are read)."""
        options = self.query_one("#quotes", OptionList)
        at = options.highlighted
        options.clear_options()
        quotes = self.quotes()[1]
        if quotes:
            labels = self._project(self.wb.last_seq())[0]
            shown = {u.id: u for u in self._units}
            for i, quote in enumerate(quotes, 1):
                unit = shown.get(quote.unit_id) or self.wb.unit(quote.unit_id)
                options.add_option(Option(quote_line(i, quote, (labels.of(unit.id, unit.document_id) or "?")),
                                          id=str(quote.id)))
        if options.option_count:
            if keep is not None:
                at = options.get_option_index(str(keep))
            options.highlighted = min(at or 0, options.option_count - 1)

    def _quote(self) -> Quote | None:
        quote_id = self.highlighted_id("#quotes")
        return self.wb.quote(quote_id) if quote_id is not None else None

    def action_edit_quote(self) -> None:
        quote = self._quote()
        if quote is None:
            self.notify(tr("No quote here yet: insert one from the units (i)"), severity="warning")
            return

        def edited(saved: bool | None) -> None:
            if saved:
                self.notify(tr("Saved the quote"))
                self._fill_quotes(keep=quote.id)
                self.reload()
        self.app.push_screen(QuoteEditor(self.wb, quote), edited)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "quotes":
            self.action_edit_quote()

    def action_remove_quote(self) -> None:
        quote = self._quote()
        if quote is None or self.focused is not self.query_one("#quotes", OptionList):
            self.notify(tr("Move to a quote first (the quotes list)"), severity="warning")
            return
        def removed(_result: object) -> None:
            self.notify(tr("Removed quote {id} (ctrl+z)").format(id=quote.id))
            self.reload()
        self.app.write(self.wb.remove_quote, quote.id, then=removed)

    def action_move_quote(self, delta: int) -> None:
        quote = self._quote()
        text, quotes = self.quotes()
        if quote is None or text is None:
            return
        ids = [q.id for q in quotes]
        i = ids.index(quote.id)
        j = max(0, min(len(ids) - 1, i + delta))
        if i != j:
            ids[i], ids[j] = ids[j], ids[i]
            before = self.wb.last_seq()

            def moved(_quotes: object) -> None:
                self._fill_quotes(keep=quote.id)
                self._advance(before)
            self.app.write(self.wb.reorder_quotes, text.id, ids, then=moved)

    def action_headings(self) -> None:
        owner = self.owner()
        sub = self.wb.subgroup(owner[1]) if owner and owner[0] == "s" else None
        edit_headings(self, self.group(), sub)

    def context_units(self) -> list[int]:
        """The focused quote's or unit's meaning unit; from the outline or the analytic text,
        the subgroup's condensate units (or the code group's units)."""
        focused = self.focused.id if self.focused else None
        if focused == "quotes":
            quote = self._quote()
            return [quote.unit_id] if quote else []
        if focused == "units":
            unit_id = self.highlighted_id("#units")
            return [unit_id] if unit_id is not None else []
        owner, group = self.owner(), self.group()
        if owner is None or group is None:
            return []
        if owner[0] == "s":
            return self.wb.condensate_units(owner[1])
        return [u.id for u in self.wb.units_in_group(group.id)]

    def on_line_list_highlighted(self, event: LineList.Highlighted) -> None:
        if event.line_list.id == "outline" and event.key is not None and self.owner() != self._text_for:
            self._save_if_changed()
            self._show_owner()

    def _save_if_changed(self) -> None:
        if self._text_for is None or self.wb.read_only:
            return
        saved = self.wb.chapter_text(**where_of(self._text_for))
        if (saved.text if saved else "") != self.query_one("#analytic", TextArea).text:
            self.action_save_text()

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea):
            self._save_if_changed()

    def save_pending(self) -> None:
        self._save_if_changed()

    def action_edit_text(self) -> None:
        self.query_one("#analytic", EditorArea).open_from(self.app.focused)

    def action_save_text(self) -> None:
        if self._text_for is None:
            return
        before = self.wb.last_seq()
        text = self.query_one("#analytic", TextArea).text

        def saved(_text: object) -> None:
            self.notify(tr("Saved the analytic text"))
            self._advance(before)
        self.app.write(partial(self.wb.set_analytic_text, text, **where_of(self._text_for)),
                       then=saved)

    def action_insert_quote(self) -> None:
        owner, unit_id = self.owner(), self.highlighted_id("#units")
        if owner is None or unit_id is None:
            return
        before = self.wb.last_seq()
        after = self._cursor_paragraph()
        def quoted(_quote: object) -> None:
            self.notify(tr("Quoted unit {id} after paragraph {n}; edit its display text with cuts "
                           "(…) later (t), move it with p").format(id=unit_id, n=after or 1))
            if not self._update_unit(unit_id, before, quoted=True):
                self.reload()
            self._fill_quotes()
        self.app.write(partial(self.wb.add_quote, unit_id, **where_of(owner),
                               after_paragraph=after), then=quoted)

    def _cursor_paragraph(self) -> int | None:
        """The paragraph of the analytic text where the cursor was left in the editor
        (1 = the first; None when it is the first or the text is empty): a quote inserted
        with i goes after it, as a student places a quote in Word."""
        editor = self.query_one("#analytic", EditorArea)
        row = editor.cursor_location[0]
        lines = editor.text.split("\n")[:row + 1]
        n = sum(1 for line in lines if line.strip())
        return n if n > 1 else None

    def action_place_quote(self) -> None:
        """p: after which paragraph of the analytic text the highlighted quote stands."""
        quote_id = self.highlighted_id("#quotes")
        if quote_id is None:
            self.notify(tr("Move to a quote first (the quotes list)"), severity="warning")
            return

        def placed(answer: str | None) -> None:
            if answer is None:
                return
            answer = answer.strip()
            if answer and not answer.isdigit():
                self.notify(tr("A paragraph number, e.g. 2 (empty: the default place)"), severity="warning")
                return
            def moved(_quote: object) -> None:
                self.notify(tr("Quote {id} placed").format(id=quote_id))
                self._fill_quotes()
            self.app.write(self.wb.place_quote, quote_id, int(answer) if answer else None,
                           then=moved)
        self.app.push_screen(PromptScreen(tr("Quote {id} after paragraph number (empty: default)")
                                          .format(id=quote_id)), placed)

    def action_validate(self) -> None:
        unit_id = self.highlighted_id("#units")
        if unit_id is None:
            return

        def verdict(status: str | None) -> None:
            if not status:
                return
            before = self.wb.last_seq()

            def validated(_validation: object) -> None:
                self.notify(tr("Unit {id} re-read in context ({status})").format(
                    id=unit_id, status=tr(status)))
                if not self._update_unit(unit_id, before):
                    self.reload()
            self.app.write(self.wb.mark_validated, unit_id, status, then=validated)
        self.app.push_screen(ValidateScreen(self.wb, unit_id), verdict)
