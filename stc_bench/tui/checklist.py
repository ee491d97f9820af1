"""The supervisor's checklist (``C``): one screen with what a supervisor checks before
trusting the results chapter — read from ``services.checklist`` in a thread, shown as
text. It changes nothing, so it is there in review mode too."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ..services.checklist import Checklist, Named
from .changes import word_diff
from .footer import FittedFooter
from .i18n import counted, localise_bindings, problem_text, tr
from .workers import BackgroundCalls

WARN, OK, DIM = "yellow", "green", "dim"


def _section(out: Text, title: str) -> None:
    out.append(("\n" if out.plain else "") + title + "\n", style="bold underline")


def _mark(ok: bool) -> tuple[str, str]:
    return ("✓", OK) if ok else ("✗", WARN)


def render(check: Checklist) -> Text:
    """The checklist as text, section by section (✓/✗ and ⚠ read without colour too)."""
    out = Text()
    _section(out, tr("Subgroups: condensate, golden quote, analytic text, validation"))
    if not check.subgroups:
        out.append(tr("No subgroups yet.") + "\n", style=DIM)
    for s in check.subgroups:
        out.append(f"{s.code_group} › {s.subgroup}", style="bold")
        out.append("  " + counted(s.units, "{n} unit", "{n} units") + "\n")
        for ok, what in ((bool(s.condensate.strip()), tr("condensate ({units})").format(units=counted(
                            s.condensate_units, "{n} unit", "{n} units"))),
                         (bool(s.golden_quote), tr("golden quote")),
                         (bool(s.analytic_words), tr("analytic text ({words}, {quotes})").format(
                             words=counted(s.analytic_words, "{n} word", "{n} words"),
                             quotes=counted(s.quotes, "{n} quote", "{n} quotes"))),
                         (s.validated + s.questioned >= s.units, tr(
                             "re-read in context {v}/{n} ({questioned})").format(
                             v=s.validated + s.questioned, n=s.units,
                             questioned=counted(s.questioned, "{n} questioned", "{n} questioned")))):
            out.append("   ")
            out.append(*_mark(ok))
            out.append(" " + what)
        out.append("\n")
    _section(out, tr("Quotes that differ from the transcript"))
    if not check.quotes:
        out.append(tr("Every quote has the transcript's words.") + "\n", style=DIM)
    for q in check.quotes:
        out.append(tr("Quote {id}").format(id=q.quote_id) + f" ({q.informant}, {q.subgroup}): ",
                   style="bold")
        out.append_text(word_diff(q.words))
        out.append("\n")
        for problem in q.problems:
            out.append("   ⚠ " + problem_text(problem) + "\n", style=WARN)
    _coverage(out, check)
    _section(out, tr("Transcripts: coded informant text, interviewer text in units"))
    for t in check.transcripts:
        out.append(f"{t.title} ({t.informant}): ", style="bold")
        out.append(tr("{p}% of {n} informant words coded").format(
            p=round(t.coded_share * 100), n=t.informant_words))
        if t.units_with_interviewer_text:
            out.append("  ⚠ " + tr("{words} in {units}").format(
                words=counted(t.interviewer_words_coded, "{n} interviewer word",
                              "{n} interviewer words"),
                units=counted(t.units_with_interviewer_text, "{n} unit", "{n} units")), style=WARN)
        out.append("\n")
    _themes(out, check)
    _data(out, check)
    return out


def _coverage(out: Text, check: Checklist) -> None:
    c = check.coverage
    _section(out, tr("Informants × subgroups"))
    for sub_id, heading in c.subgroups:
        counts = " ".join(f"{i} {c.cells.get((i, sub_id), 0)}" for i in c.informants)
        out.append(f"{heading}: ", style="bold")
        out.append(counts)
        if c.silent.get(sub_id):
            out.append("  · " + tr("silent: {who}").format(who=", ".join(c.silent[sub_id])),
                       style=WARN)
        out.append("\n")
    if c.quotes:
        out.append(tr("Quotes per informant") + ": " + ", ".join(f"{i} {n}" for i, n in c.quotes)
                   + "\n")
    for label, n, share in c.recognisable:
        out.append("⚠ " + tr("{who} is quoted {n} times ({p}% of the quotes): readers may "
                             "recognise them").format(who=label, n=n, p=round(share * 100))
                   + "\n", style=WARN)


def _names(item: Named) -> str:
    text = " → ".join(item.names) or "?"
    if item.merged_into:
        return text + " " + tr("(merged into {name})").format(name=item.merged_into)
    return text + (" " + tr("(deleted)") if item.gone else "")


def _themes(out: Text, check: Checklist) -> None:
    _section(out, tr("Theme history: themes → code groups → subgroups"))
    if not check.themes:
        out.append(tr("No themes or code groups yet.") + "\n", style=DIM)
    for history in check.themes:
        out.append((tr("Theme") + ": " + _names(history.theme)) if history.theme
                   else tr("Not from a theme"), style="bold")
        out.append("\n")
        for group, subgroups in history.code_groups:
            out.append("  → " + tr("code group") + ": " + _names(group) + "\n")
            for sub in subgroups:
                out.append("      → " + tr("subgroup") + ": " + _names(sub) + "\n")
        for sub in history.subgroups:
            out.append("  → " + tr("subgroup") + ": " + _names(sub) + "\n")


def _data(out: Text, check: Checklist) -> None:
    d = check.data
    r = d.record
    _section(out, tr("Data management"))
    for label, value in ((tr("Sikt reference"), r.sikt_ref), (tr("Ethics reference"), r.ethics_ref),
                         (tr("Recordings kept"), r.recordings_location),
                         (tr("Key kept"), r.key_location),
                         (tr("Planned deletion"), r.planned_deletion),
                         (tr("Deleted"), r.actual_deletion), (tr("Access"), ", ".join(r.access))):
        out.append(f"{label}: ", style="bold")
        out.append((value or tr("(not recorded)")) + "\n", style="" if value else WARN)
    if d.missing_consent:
        out.append("⚠ " + tr("No consent recorded: {who}").format(who=", ".join(d.missing_consent))
                   + "\n", style=WARN)
    if d.withdrawn:
        out.append("⚠ " + tr("Consent withdrawn: {who}").format(who=", ".join(d.withdrawn)) + "\n",
                   style=WARN)
    if d.deletion_passed:
        out.append("⚠ " + tr("The planned deletion date {date} has passed and no deletion is "
                             "recorded").format(date=r.planned_deletion) + "\n", style=WARN)


class ChecklistScreen(BackgroundCalls, Screen[None]):
    """The supervisor's checklist, read in a thread; Esc goes back."""

    STEP = "checklist"
    BINDINGS = [
        Binding("escape", "back", "Back", id="checklist_back", priority=True),
        Binding("r", "refresh", "Refresh", id="checklist_refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(Text(tr("The supervisor's checklist"), style="bold"), id="checklist-title")
        with VerticalScroll(id="checklist"):
            yield Static(Text(tr("Loading…"), style=DIM), id="checklist-body", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#checklist").focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.in_background(self.app.wb.checklist, then=self._show, group="read")

    def _show(self, check: Checklist) -> None:
        self.check = check
        self.query_one("#checklist-body", Static).update(render(check))

    def reload(self) -> None:
        """Another process wrote (the app's trail watch): read again."""
        self.action_refresh()

    def action_back(self) -> None:
        self.dismiss(None)
