"""Step 2's suggestion and filter keys: segmentation in a worker, accept, dismiss, filter."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from ..domain.model import Document
from .base import document_marks
from .dialogs import Choice, PickerScreen
from .i18n import counted, tr
from .step2_host import Step2Host
from .transcript import Mark


class SuggestProgress(Message):
    """Segmentation finished ``done`` of ``total`` transcripts (posted from a worker)."""

    def __init__(self, done: int, total: int, title: str):
        super().__init__()
        self.done, self.total, self.title = done, total, title


class SuggestionKeys(Step2Host):
    """Mixed into the step 2 screen (which provides ``view``, ``reload``, ``_info``…)."""

    _progress: Text | None = None

    # -- filters ----------------------------------------------------------------------------

    def _title(self, doc_id: int) -> Text:
        doc = self.wb.document(doc_id)
        label = self.wb.informant(doc.informant_id).label if doc.informant_id else "—"
        title = Text(f"{doc.title} · {label}")
        filters = []
        if self.only_informant is not None:
            filters.append(f"{tr('informant')} {self.wb.informant(self.only_informant).label}")
        if self.only_group is not None:
            filters.append(f"{tr('code group')} {self.wb.code_group(self.only_group).name}")
        if filters:
            title.append(f" · {tr('only')} " + ", ".join(filters) + f" ({tr('f: change')})",
                         style="yellow")
        title.append(" · " + tr("d: another transcript"), style="dim")
        return title

    def _document_in_filter(self) -> int | None:
        """The open transcript, moved to the filtered informant's first one if needed."""
        docs = self.documents_in_filter()
        if self.app.document_id not in {d.id for d in docs}:
            self.app.document_id = docs[0].id if docs else (
                None if self.only_informant is not None else self.app.document_id)
        return self.app.document_id

    def documents_in_filter(self) -> list[Document]:
        docs = self.wb.current_documents()
        if self.only_informant is not None:
            docs = [d for d in docs if d.informant_id == self.only_informant]
        return docs

    def document_choices(self) -> list[Choice]:
        keep = {d.id for d in self.documents_in_filter()}
        return [c for c in super().document_choices() if int(c.key) in keep]

    def marks_of(self, doc_id: int) -> list[Mark]:
        """The marks shown: all units and suggestions, or one code group's units."""
        if self.only_group is None:
            return document_marks(self.wb, doc_id)
        units = self.wb.unit_ids_in_group(self.only_group)
        return [m for m in document_marks(self.wb, doc_id, with_suggestions=False)
                if m.id in units]


    def action_choose_filter(self) -> None:
        choices = [Choice("clear", tr("Show everything"), tr("no filter"))]
        choices += [Choice(f"i:{i.id}", f"{tr('Informant')} {i.label}",
                           tr("only this informant's transcripts"))
                    for i in self.wb.informants()]
        choices += [Choice(f"g:{g.id}", f"{tr('Code group')} {g.name}", tr("only its meaning units"))
                    for g in self.wb.code_groups()]

        def chosen(key: str | None) -> None:
            if not key:
                return
            kind, _, value = key.partition(":")
            if kind == "clear":
                self.only_informant = self.only_group = None
            elif kind == "i":
                self.only_informant = int(value)
            else:
                self.only_group = int(value)
            self.view.focus_mark(None)
            self.reload()
        self.app.push_screen(PickerScreen(tr("Filter step 2"), choices), chosen)

    # -- suggestions ---------------------------------------------------------------------

    def action_suggest(self, every: bool) -> None:
        """Suggest meaning units for this transcript (or all) in a background worker."""
        doc_id = None if every else self.app.document_id
        if not every and doc_id is None:
            self.notify(tr("Open a transcript first (d)"))
            return
        from ..nlp import suggest_units  # spaCy loads inside, in the worker

        def progress(done: int, total: int, doc: Document) -> None:
            self.post_message(SuggestProgress(done, total, doc.title))

        self._progress = Text(tr("Suggesting meaning units… (loading the language model)"),
                              style="italic")
        self._info()
        self.in_background(suggest_units, self.wb, doc_id, progress, then=self._suggested,
                           group="suggest")

    def on_suggest_progress(self, message: SuggestProgress) -> None:
        self._progress = Text(tr("Suggesting meaning units… {done}/{total} ({title})").format(
            done=message.done, total=message.total, title=message.title), style="italic")
        self._info()

    def _suggested(self, counts: dict[int, int]) -> None:
        self._progress = None
        self._after_change()
        total = sum(counts.values())
        where = tr("this transcript") if len(counts) == 1 else tr("{n} transcripts").format(n=len(counts))
        self.notify(counted(total, "{n} suggested meaning unit in {where} — N/P to go to it, "
                            "enter to accept, r to dismiss",
                            "{n} suggested meaning units in {where} — N/P to go through them, "
                            "enter to accept, r to dismiss", where=where),
                    title=tr("Suggestions"))
        first = next((m for m in self.view.marks if m.kind == "suggestion"), None)
        if first is not None and self.view.current is None:
            self.view.focus_mark(first)
            self._info()

    def background_failed(self, worker) -> None:
        if self._progress is not None:
            self._progress = None
            self._info()

    def action_dismiss_suggestion(self) -> None:
        sug = self.current_suggestion()
        if sug is None:
            self.notify(tr("Move to a suggestion first (N/P)"))
            return
        self.app.write(self.wb.dismiss_suggestion, sug.id,
                       then=lambda _s: self._after_suggestion(sug))

    def action_accept_and_code(self) -> None:
        """a: accept the focused suggestion (or mark the selection) and code it through
        the picker, the code group used last preselected."""
        if self.current_suggestion() is None and not self.view.selection:
            unit = self.current_unit()
            if unit is None:
                self.notify(tr("Move to a suggestion first (N/P)"))
                return
            self.action_code_unit()  # a unit: code it like c
            return
        self._pick_group(tr("Accept suggestion and code into…"), set(),
                         lambda group: self._make_unit((group.id,)))

    def _after_suggestion(self, done: Mark) -> None:
        """After dismissing ``done``: on to the next open suggestion."""
        self._after_change()
        following = next((m for m in self.view.marks if m.kind == "suggestion"
                          and m.start >= done.end), None)
        if following is not None:
            self.view.focus_mark(following)
        else:
            self.view.focus_mark(None)
            self.view.move_caret(done.end)
        self._info()
