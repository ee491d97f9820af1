"""Reviewing pseudonymisation candidates before they are replaced.

The overview's ``P`` (or the command palette) opens :class:`ReviewScreen` for the
transcript at the cursor: every candidate with its line, what it becomes and the words
around it, all accepted to begin with. ``space`` rejects (or accepts again) one; ``w``
gives every occurrence of the same word the decision of the highlighted one ("always for
this word"); ``a`` adds a name the candidates missed to the project's word list and looks
again. The key file is typed below; Enter runs the pseudonymisation (a new revision
through ``nlp.pseudonymise.run``) on the app's write path (``app.write``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.privacy import context_of
from ..nlp import pseudonymise as ps
from ..nlp.identifiers import WordList
from .dialogs import PromptScreen
from .i18n import counted, localise_bindings, tr
from .workers import error_notice


@dataclass(frozen=True)
class AddWord:
    """A name the candidates missed, to add to the project's word list (then look again)."""

    word: str


@dataclass(frozen=True)
class ReviewResult:
    """The rejected candidates (by start offset) and where the key goes."""

    rejected: frozenset[int]
    key: Path


class ReviewScreen(ModalScreen[ReviewResult | AddWord | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pseudo_cancel"),
        Binding("space", "toggle_candidate", "Accept/reject", id="pseudo_toggle"),
        Binding("w", "whole_word", "Same for this word", id="pseudo_word"),
        Binding("a", "add_word", "Add a missed name", id="pseudo_add"),
    ]

    def __init__(self, title: str, text: str, replacements,
                 rejected: frozenset[int] = frozenset()) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self.heading, self.text, self.replacements = title, text, tuple(replacements)
        self.rejected: set[int] = set(rejected)

    def compose(self) -> ComposeResult:
        with Vertical(id="pseudonymise", classes="dialog"):
            yield Label(Text(counted(len(self.replacements), "Pseudonymise {title}: {n} candidate",
                        "Pseudonymise {title}: {n} candidates", title=self.heading)), classes="dialog-title")
            yield OptionList(*[Option(self._prompt(i), id=str(i))
                               for i in range(len(self.replacements))], id="pseudo-candidates")
            yield Label(Text(tr("Key file (real → replacement; keep it apart from the project)")))
            yield Input(placeholder=tr("e.g. ~/nøkler/studie-nøkkel.csv"), id="pseudo-key")
            yield Static(Text(tr("space: accept/reject · w: the same for every occurrence of "
                                 "the word · a: add a missed name · Enter in the key field: "
                                 "replace · Esc: cancel"),
                              style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _prompt(self, index: int) -> Text:
        r = self.replacements[index]
        line = self.text.count("\n", 0, r.start) + 1
        keep = r.start in self.rejected
        mark = "[ ]" if keep else "[x]"
        then = r.original if keep else r.replacement
        prompt = Text(f"{mark} {tr('line')} {line}: ", style="dim" if keep else "")
        prompt.append(r.original, style="bold")
        prompt.append(f" → {then}  ")
        prompt.append(f"«{context_of(self.text, r.start, r.end)}»", style="dim")
        return prompt

    def _refresh(self, indices) -> None:
        options = self.query_one(OptionList)
        for i in indices:
            options.replace_option_prompt_at_index(i, self._prompt(i))

    def action_toggle_candidate(self) -> None:
        # not action_toggle: that is every DOM node's (toggle an attribute), shadowed before
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        start = self.replacements[index].start
        self.rejected.symmetric_difference_update({start})
        self._refresh([index])

    def action_whole_word(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        word = self.replacements[index].original.casefold()
        reject = self.replacements[index].start in self.rejected
        same = [i for i, r in enumerate(self.replacements) if r.original.casefold() == word]
        for i in same:
            (self.rejected.add if reject else self.rejected.discard)(self.replacements[i].start)
        self._refresh(same)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.app.bell()
            return
        self.dismiss(ReviewResult(frozenset(self.rejected), Path(value).expanduser()))

    def action_add_word(self) -> None:
        """A name no candidate holds (``liv`` in lower-case speech): it goes into the word
        list, found wherever it occurs, in every transcript, from now on."""
        def done(word: str | None) -> None:
            if word and word.strip():
                self.dismiss(AddWord(word.strip()))

        self.app.push_screen(PromptScreen(tr("A name the candidates missed (it goes into the "
                                             "project's word list)")), done)

    def action_cancel(self) -> None:
        self.dismiss(None)


def review_document(screen, document_id: int, rejected: frozenset[int] = frozenset(),
                    added: str | None = None) -> None:
    """Open the review for one transcript of ``screen`` (the overview); on Enter, run the
    pseudonymisation on the app's write path and report back in a notification. ``a`` adds a
    missed name to the word list and opens the review again, ``rejected`` kept.

    Finding the candidates runs the name detector over the whole transcript (seconds for a
    long one, and the models load the first time): it runs in a thread worker, and the
    review opens when it is done."""
    app = screen.app
    if app.wb.read_only:
        screen.notify(tr("This project is open read-only for review: nothing can be changed."),
                      title=tr("Read only"), severity="warning")
        return
    doc = next((d for d in app.wb.documents() if d.id == document_id), None)
    if doc is None:
        return
    scanner = app.call(ps.scanner_for, app.wb.project().settings)  # a bad word_list: a notice
    if scanner is None:
        return

    def chosen(planned: ps.Plan, result: ReviewResult | AddWord | None,
               rejected: frozenset[int]) -> None:
        if result is None:
            return
        if isinstance(result, AddWord):  # into the word list, then look again
            settings = app.wb.project().settings
            value = app.call(WordList.with_word, settings.get("word_list"), result.word)
            if value is not None:
                app.write(app.wb.set_setting, "word_list", value,
                          then=lambda _project: review_document(screen, document_id, rejected,
                                                                result.word))
            return
        final = ps.without(planned, result.rejected)  # no second pass of the detector
        if not final.replacements:
            _finish(screen, tr("Every candidate was rejected: nothing replaced"), "information")
            return
        app.write(pseudonymise, app.wb, final, result.key,
                  then=lambda message: _finish(screen, message, "warning"))

    def found(planned: ps.Plan) -> None:  # on the UI thread
        if added and not any(r.original.casefold().startswith(added.casefold())
                             for r in planned.replacements):
            # an everyday word (liv, dag) counts only written with a capital: say so
            screen.notify(tr("«{word}» is in the word list now, but nothing in {title} matches "
                             "it: a name that is also an everyday word counts only with a "
                             "capital ({capital})").format(
                word=added, title=doc.title, capital=added[:1].upper() + added[1:]),
                title=tr("Pseudonymise"), severity="warning", timeout=15, markup=False)
        if not planned.replacements:
            screen.notify(tr("Nothing to pseudonymise in {title}").format(title=doc.title),
                          title=tr("Pseudonymise"), markup=False)
            return
        review = ReviewScreen(doc.title, doc.text, planned.replacements, rejected)
        app.push_screen(review, callback=lambda result: chosen(
            planned, result, frozenset(review.rejected)))

    def failed(exc: BaseException) -> None:  # on the UI thread
        text, title = error_notice(exc)
        screen.notify(text, title=title, severity="error", markup=False)

    def find() -> None:  # in the worker: never touches a widget
        try:
            planned = ps.plan(doc, scanner)
        except Exception as exc:  # noqa: BLE001 - reported, as every background call's
            app.call_from_thread(failed, exc)
            return
        app.call_from_thread(found, planned)

    screen.notify(tr("Looking for names and identifiers in {title} …").format(title=doc.title),
                  title=tr("Pseudonymise"), timeout=3, markup=False)
    screen.run_worker(find, name="pseudonymise candidates", group="pseudonymise", thread=True,
                      exclusive=True, exit_on_error=False)


def pseudonymise(wb, plan_: ps.Plan, key: Path) -> str:
    """Store the plan as a new revision and write the key (through ``app.write``): what
    to tell the user, who must keep the key apart from the project."""
    report = ps.run(wb, [plan_], key)[0].report
    return tr("{n} replaced; revision {revision}; {flagged} for re-reading. Keep the key "
              "{key} apart from the project.").format(
        n=len(plan_.replacements), revision=report.document.revision,
        flagged=counted(report.flagged + report.relocated, "{n} meaning unit flagged",
                        "{n} meaning units flagged"), key=key)


def _finish(screen, message: str, severity: str) -> None:
    # a warning when something was replaced: the reminder about the key must be seen
    screen.notify(message, title=tr("Pseudonymise"), severity=severity, timeout=20, markup=False)
    screen.reload()
