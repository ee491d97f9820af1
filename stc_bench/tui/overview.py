"""The overview: the four steps with their progress, method warnings, and transcripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ..domain.errors import StcError
from ..domain.rules import MethodWarning
from .comments import allowed
from .footer import FittedFooter
from .i18n import (
    counted,
    exchange_lines,
    import_warning_text,
    localise_bindings,
    tr,
    warning_text,
)

# The readers, the name check and the dialogs only when used: the overview is the first
# frame, which should wait for nothing it does not show.
if TYPE_CHECKING:
    from textual import getters
    from textual.widgets.data_table import RowKey

    from ..ingest.batch import Imported
    from ..services import Workbench
    from ..services.exchange import ExchangeSummary
    from .app import StcApp
    from .importer import ImportRequest


@dataclass(frozen=True)
class DocumentRow:
    """One transcript as the overview shows it."""

    id: int
    title: str
    informant: str
    turns: int
    words: int
    units: int
    coded_share: float  # share of the informants' text inside coded meaning units
    coders: tuple[str, ...] = ()  # in independent coding: its coders (their units not counted)

    def coded_cell(self) -> Text:
        """The coded share, and while the transcript is in independent coding who codes
        it: its units and share are the consensus so far, so 0 is not a puzzle."""
        cell = Text(f"{self.coded_share:.0%}")
        if self.coders:
            cell.append("  " + tr("independent coding: {coders}").format(
                coders=", ".join(self.coders)), style="italic")
        return cell


def document_rows(wb) -> list[DocumentRow]:
    """Per transcript: informant, turns, words, units and how much informant text is coded
    in the project's coding, and its coders while in independent coding (counted by the
    service transcript by transcript, never every unit at once)."""
    return [DocumentRow(*figures) for figures in wb.document_figures()]


def step_lines(status: dict[str, Any]) -> list[str]:
    """One progress line per STC step, in the method's words, each count with its noun in
    the form the count takes ("1 foreløpig tema", "2 foreløpige temaer")."""
    s = status
    lines = [
        tr("Step 1 — total impression: {themes}").format(themes=counted(
            s["themes"], "{n} preliminary theme", "{n} preliminary themes")),
        tr("Step 2 — meaning units: {units} in {groups}; {uncoded}").format(
            units=counted(s["meaning_units"], "{n} meaning unit", "{n} meaning units"),
            groups=counted(s["code_groups"], "{n} code group", "{n} code groups"),
            uncoded=counted(s["uncoded_units"], "{n} uncoded", "{n} uncoded")),
        tr("Step 3 — condensation: {subgroups}, {condensates}, {quotes}").format(
            subgroups=counted(s["subgroups"], "{n} subgroup", "{n} subgroups"),
            condensates=counted(s["condensates"], "{n} condensate", "{n} condensates"),
            quotes=counted(s["golden_quotes"], "{n} golden quote", "{n} golden quotes")),
        tr("Step 4 — synthesis: {texts}, {quotes}, {validated}").format(
            texts=counted(s["analytic_texts"], "{n} analytic text", "{n} analytic texts"),
            quotes=counted(s["quotes"], "{n} quote", "{n} quotes"),
            validated=counted(s["validations"], "{n} unit validated", "{n} units validated")),
    ]
    flagged, detached = s.get("flagged_units", 0), s.get("detached_units", 0)
    if flagged or detached:  # until re-read (resized) or deleted; `status` lists them
        lines.append(tr("To review after a revision: {flagged}, {detached}").format(
            flagged=counted(flagged, "{n} flagged", "{n} flagged"),
            detached=counted(detached, "{n} detached", "{n} detached")))
    return lines


class OverviewLoaded(Message):
    def __init__(self, status: dict[str, Any], rows: list[DocumentRow],
                 warnings: list[MethodWarning]):
        super().__init__()
        self.status = status
        self.rows = rows
        self.warnings = warnings  # worded in the UI language when shown


@dataclass(frozen=True)
class TranscriptImported:
    """One transcript file of an import: ``imported`` on success, else ``error`` (one line)."""

    path: Path
    imported: Imported | None
    error: str | None


@dataclass
class ImportBatch:
    """The files of one import and what has come back of them so far."""

    files: tuple[Path, ...]
    results: list[TranscriptImported] = field(default_factory=list)  # transcripts only
    finished: int = 0  # files tried, REFI-QDA files included


def import_file(wb: Workbench, path: Path, informant: str | None) -> Imported | ExchangeSummary:
    """One file of an import (through ``app.write``), in a transaction of its own, so a bad
    file leaves the others and the project as they were: the transcript imported, or a
    REFI-QDA file's summary. The same functions ``stc-bench import`` uses."""
    from ..ingest.batch import import_exchange_file, import_one, is_exchange

    if is_exchange(path):  # a REFI-QDA project or codebook: one operation, its summary
        return import_exchange_file(wb, path)
    return import_one(wb, path, informant=informant, settings=wb.project().settings)


def empty_hint(read_only: bool) -> str:
    """What the documents area says in a project without transcripts."""
    if read_only:
        return tr("No transcripts yet (a read-only review: nothing can be imported here).")
    return tr("No transcripts yet — press i to import .docx/.odt/.rtf/.txt/.vtt/.srt files "
              "(one, several, or a whole folder), or run: stc-bench import PROJECT FILE…")


def import_summary(results: list[TranscriptImported]) -> str:
    """``2 imported: JS1.txt → JS1, …`` or ``2 imported, 1 failed: tom.txt`` followed by
    each failure's one line (the file and what is wrong): the summary replaces the notices
    shown while the files were read (one notice at a time), so it must say why."""
    done = [(r.path, r.imported) for r in results if r.imported is not None]
    failed = [r for r in results if r.imported is None]
    if failed:
        head = tr("{done} imported, {failed} failed: {names}").format(
            done=len(done), failed=len(failed), names=", ".join(r.path.name for r in failed))
        return "\n".join([head, *(r.error or r.path.name for r in failed)])
    return tr("{done} imported: {names}").format(
        done=len(done), names=", ".join(f"{path.name} → {one.informant}" for path, one in done))


def _one_line(path: Path, exc: BaseException) -> str:
    """The failure of one file in one line that names the file."""
    text = " ".join(str(exc).split())
    if not isinstance(exc, StcError):
        text = f"{type(exc).__name__}: {text} ({tr('a bug: please report it')})"
    return text if path.name in text else f"{path.name}: {text}"


def _document_id(key: RowKey) -> int:
    """The transcript a table row shows: every row is added with ``key=str(document id)``."""
    return int(str(key.value))


class OverviewScreen(Screen):
    """Project title, question, progress per step, warnings and transcripts."""

    if TYPE_CHECKING:
        app = getters.app(StcApp)  # self.app is our app: .wb, .write, .document_id …

    STEP = "overview"
    AUTO_FOCUS = "#documents"
    BINDINGS = [
        Binding("r", "reload", "Refresh", id="overview_refresh"),
        Binding("enter", "open_document", "Read transcript", id="overview_open"),
        Binding("c", "app.goto('coverage')", "Coverage", id="overview_coverage",
                tooltip="Who speaks in which subgroup; each transcript's coded share"),
        Binding("i", "import_transcripts", "Import", id="overview_import",
                tooltip="Import .docx/.odt/.rtf/.txt/.md/.vtt/.srt files or a folder of them"),
        Binding("P", "pseudonymise", "Pseudonymise", id="overview_pseudonymise", show=False,
                tooltip="Review names and identifiers in the transcript and replace them"),
        Binding("m", "speakers", "Speakers", id="overview_speakers", show=False,
                tooltip="Focus group: which informant and role each speaker label is"),
        Binding("D", "compare_coders", "Compare coders", id="overview_compare_coders", show=False,
                tooltip="Independent coding: where two coders differ, and their consensus"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview"):
            yield Static(id="project", markup=False)
            yield Static(id="steps", markup=False)
            yield Static(id="warnings", markup=False)
            yield Static(id="import-progress", markup=False)
            yield Static(id="documents-empty", markup=False)
            yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield FittedFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*map(tr, ("Transcript", "Informant", "Turns", "Words", "Units", "Coded")))
        self.query_one("#import-progress", Static).display = False
        self.query_one("#documents-empty", Static).display = False
        self.reload()

    def reload(self) -> None:
        self.query_one("#steps", Static).update(Text(tr("Loading…"), style="dim"))
        self._load()

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="overview")
    def _load(self) -> None:
        try:
            wb = self.app.wb  # just after the first frame: waits for the project to open
        except StcError:
            return  # it did not open: the app ends and the command says why
        status, warnings = wb.status_and_warnings()
        status["open_comments"] = len(wb.comments("open"))
        self.post_message(OverviewLoaded(status, document_rows(wb), warnings))

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        s = message.status
        head = Text(s["title"], style="bold")
        if s["research_question"]:
            head.append("\n" + s["research_question"], style="italic")
        head.append("\n" + ", ".join((
            counted(s["documents"], "{n} transcript", "{n} transcripts"),
            counted(s["informants"], "{n} informant", "{n} informants"),
            counted(s["words"], "{n} word", "{n} words"),
            counted(s["audit_events"], "{n} event in the trail", "{n} events in the trail"))),
            style="dim")
        if s.get("open_comments"):
            head.append("\n" + counted(s["open_comments"], "{n} open comment — K lists it",
                                        "{n} open comments — K lists them"), style="bold yellow")
        self.query_one("#project", Static).update(head)
        self.query_one("#steps", Static).update(Text("\n".join(step_lines(s))))
        warn = Text()
        for warning in message.warnings:
            warn.append("⚠ " + warning_text(warning) + "\n", style="yellow")
        if not message.warnings:
            warn.append(tr("No method warnings."), style="green")
        self.query_one("#warnings", Static).update(warn)
        table = self.query_one(DataTable)
        table.clear()
        coded = [row.coded_cell() for row in message.rows]
        # The last column's width set before its rows (the widest cell: "12%  independent
        # coding: kari, ola"), not widened when the table is next idle: the header, drawn
        # and cached in between, kept the narrower width until the next key.
        last = table.ordered_columns[-1]
        last.auto_width = False
        last.width = max([last.label.cell_len, *(cell.cell_len for cell in coded)])
        for row, cell in zip(message.rows, coded, strict=True):
            table.add_row(Text(row.title), Text(row.informant), str(row.turns), str(row.words),
                          str(row.units), cell, key=str(row.id))
        empty = self.query_one("#documents-empty", Static)
        empty.update(Text(empty_hint(self.app.wb.read_only), style="bold"))
        empty.display = not message.rows
        table.display = bool(message.rows)
        if message.rows and (self.focused is None or self.focused.id == "overview"):
            table.focus()  # the transcripts are the list here: arrows move in it at once

    def _document_at_cursor(self) -> int | None:
        """The transcript at the table's cursor, if there is one."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return _document_id(table.coordinate_to_cell_key(table.cursor_coordinate).row_key)

    def comment_target(self) -> tuple[str, int] | None:
        document_id = self._document_at_cursor()
        return None if document_id is None else ("document", document_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return allowed(self.app, action)

    async def action_open_document(self) -> None:
        document_id = self._document_at_cursor()
        if document_id is None:
            return
        self.app.document_id = document_id
        await self.app.run_action("goto('step1')")

    def action_pseudonymise(self) -> None:
        document_id = self._document_at_cursor()
        if document_id is not None:
            from .pseudonymise import review_document

            review_document(self, document_id)

    def action_speakers(self) -> None:
        from .speakers import map_document_speakers

        document_id = self._document_at_cursor()
        if document_id is not None:
            map_document_speakers(self, document_id)

    def action_compare_coders(self) -> None:
        from .coders import compare_coders

        document_id = self._document_at_cursor()
        if document_id is not None:
            compare_coders(self, document_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.document_id = _document_id(event.row_key)
        self.app.call_later(self.app.run_action, "goto('step1')")

    # -- importing transcripts ------------------------------------------------------------

    def action_import_transcripts(self) -> None:
        if self.app.wb.read_only:
            self.notify(tr("This project is open read-only for review: nothing can be changed."),
                        title=tr("Read only"), severity="warning")
            return
        from .importer import ImportDialog

        self.app.push_screen(ImportDialog(), callback=self._start_import)

    def _start_import(self, request: ImportRequest | None) -> None:
        if request is None or not request.files:
            return
        batch = ImportBatch(request.files)
        self._show_progress(0, len(batch.files), batch.files[0])
        for path in batch.files:  # one write each, in order, behind any write asked before
            self.app.write(import_file, self.app.wb, path, request.informant,
                           then=partial(self._file_imported, batch, path),
                           failed=partial(self._file_failed, batch, path))

    def _show_progress(self, done: int, total: int, path: Path | None) -> None:
        line = self.query_one("#import-progress", Static)
        line.display = path is not None
        if path is not None:
            line.update(Text(tr("Importing {done}/{total}: {name}…").format(
                done=done + 1, total=total, name=path.name), style="bold"))

    def _file_imported(self, batch: ImportBatch, path: Path,
                       imported: Imported | ExchangeSummary) -> None:
        from ..services import exchange  # loaded by the import already

        if isinstance(imported, exchange.ExchangeSummary):  # a REFI-QDA file, not a transcript
            kept_out = bool(imported.unsupported or imported.quarantined)
            lines = exchange_lines(imported)
            self.notify(f"{path.name}\n" + "\n".join(lines[:12]), title=tr("Import"),
                        severity="warning" if kept_out else "information", timeout=20,
                        markup=False)
        else:
            batch.results.append(TranscriptImported(path, imported, None))
            if imported.warnings:
                self.notify(f"{path.name}: {'; '.join(map(import_warning_text, imported.warnings))}",
                            title=tr("Imported with warnings"), severity="warning", timeout=10,
                            markup=False)
            self._warn_named_label(imported.informant)
        self._file_done(batch)

    def _file_failed(self, batch: ImportBatch, path: Path, error: BaseException) -> None:
        """After the write path's notice: the file's one line is kept for the summary."""
        from ..ingest.batch import is_exchange

        if not is_exchange(path):
            batch.results.append(TranscriptImported(path, None, _one_line(path, error)))
        self._file_done(batch)

    def _file_done(self, batch: ImportBatch) -> None:
        batch.finished += 1
        total = len(batch.files)
        if batch.finished < total:
            self._show_progress(batch.finished, total, batch.files[batch.finished])
        else:
            self._import_finished(batch.results)

    def _warn_named_label(self, label: str) -> None:
        """A label that looks like a person's name (from a file name such as
        ``Kari Nordmann intervju.txt``): the approval promises pseudonyms."""
        from ..nlp.identifiers import WordList, looks_like_name

        words = WordList.from_setting(self.app.wb.project().settings.get("word_list"))
        if looks_like_name(label, words):
            self.notify(tr("The informant label {label} looks like a person's name: give a "
                           "pseudonym with stc-bench informants PROJECT --rename").format(label=label),
                        title=tr("A name as label?"), severity="warning", timeout=20, markup=False)

    def _import_finished(self, results: list[TranscriptImported]) -> None:
        self._show_progress(0, 0, None)
        imported = [r.imported for r in results if r.imported is not None]
        if imported and self.app.document_id is None:
            self.app.document_id = imported[0].document.id
        if not results:  # only REFI-QDA files: each has said what it brought
            self.reload()
            return
        failed = len(imported) < len(results)
        summary = import_summary(results)
        for path, group in ((r.path, r.imported) for r in results
                            if r.imported is not None and r.imported.is_group):
            summary += "\n" + tr("{name} is a group transcript with {n} participants: press m to map "
                                 "its speakers to informants").format(
                name=path.name, n=len(group.participants))
        self.notify(summary, title=tr("Import"),
                    severity="warning" if failed else "information", timeout=15, markup=False)
        self.reload()
