"""The import dialog: which transcript files to import, with Tab completion and a preview.

The dialog only chooses: it returns an :class:`ImportRequest` and the overview runs the
import in a thread worker (one transaction per file, through ``ingest.batch.import_one``,
the same function ``stc-bench import`` uses).
"""

from __future__ import annotations

import glob
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from ..ingest.batch import TRANSCRIPT_SUFFIXES, expand_sources, is_exchange, is_hidden, is_transcript_name
from .i18n import localise_bindings, tr

_WILDCARDS = set("*?[")


@dataclass(frozen=True)
class ImportRequest:
    """What the user chose: the files (folders already expanded) and an informant label."""

    files: tuple[Path, ...]
    informant: str | None = None


@dataclass(frozen=True)
class Sources:
    """The paths a typed line names: files to import, and what does not exist."""

    files: tuple[Path, ...]
    missing: tuple[str, ...]
    empty_folders: tuple[str, ...]


def parse_sources(line: str) -> Sources:
    """The files named by ``line``: one path, several (space-separated, quotes for spaces)
    or a folder; ``~`` is expanded, relative paths are from the working directory, and a
    pattern (``intervjuer/*.docx``) is expanded only when no file has that very name."""
    line = line.strip()
    if not line:
        return Sources((), (), ())
    whole = Path(os.path.expanduser(line))
    if whole.exists():
        tokens = [line]
    else:
        try:
            tokens = shlex.split(line)
        except ValueError:  # an unclosed quote while typing
            tokens = line.split()
    paths: list[Path] = []
    missing: list[str] = []
    empty: list[str] = []
    for token in tokens:
        path = Path(os.path.expanduser(token))
        if path.exists():
            paths.append(path)
            if path.is_dir() and not expand_sources([path]):
                empty.append(token)
        elif _WILDCARDS & set(token) and (hits := sorted(glob.glob(os.path.expanduser(token)))):
            paths.extend(Path(hit) for hit in hits if not Path(hit).is_dir())
        else:
            missing.append(token)
    return Sources(tuple(expand_sources(paths)), tuple(missing), tuple(empty))


def complete_path(value: str) -> str | None:
    """``value`` with its last path completed as far as it is unambiguous, or None.

    Completes folders (with a trailing separator) and transcript files, ignoring case on
    Windows and macOS; hidden entries (:func:`is_hidden`) only when their name is being
    typed. Tries the whole value first (a name with
    spaces), then the last space-separated path."""
    done = _complete_one(value)
    if done is None and " " in value.strip():
        head, _sep, last = value.rpartition(" ")
        tail = _complete_one(last)
        done = f"{head} {tail}" if tail is not None else None
    return done


#: ``st_file_attributes`` bit of a file hidden in Windows Explorer.


def folds_case(platform: str | None = None) -> bool:
    """Whether file names match regardless of case: Windows and macOS file systems do."""
    return (platform or sys.platform) in ("win32", "darwin")


def _offered(entry: os.DirEntry, prefix: str, fold: bool) -> bool:
    """Whether ``entry`` completes ``prefix``: hidden entries only when their name is being
    typed (a dot file after its dot; never a ``~$`` lock file)."""
    name, typed = (entry.name.lower(), prefix.lower()) if fold else (entry.name, prefix)
    if not name.startswith(typed):
        return False
    if entry.name.startswith("~$"):
        return False
    if entry.name.startswith("."):
        return prefix.startswith(".")
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return not is_hidden(entry.name, info) or bool(prefix)


def _complete_one(text: str) -> str | None:
    if not text or text.endswith(" "):
        return None
    expanded = os.path.expanduser(text)
    # Windows takes "/" as well as "\\": a folder completes with the one being typed.
    sep = "/" if "/" in text or os.altsep is None else os.sep
    if text.endswith((os.sep, "/")):
        folder, prefix = expanded, ""
    else:
        folder, prefix = os.path.split(expanded)
    folder = folder or "."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return None
    fold = folds_case()
    names = []
    for entry in entries:
        if not _offered(entry, prefix, fold):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            names.append(entry.name + sep)
        elif is_transcript_name(Path(entry.name)):
            names.append(entry.name)
    if not names:
        return None
    names.sort()  # the same completion whatever order the folder lists in
    if fold:  # the common part ignoring case, spelt as the first name spells it
        common = len(os.path.commonprefix([name.lower() for name in names]))
        completion = names[0][:common]
    else:
        completion = names[0] if len(names) == 1 else os.path.commonprefix(names)
    if len(completion) <= len(prefix):
        return None
    return text + completion[len(prefix):]


class PathSuggester(Suggester):
    """Greys in the rest of a path as it is typed; Tab (or →) takes it."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def preview(sources: Sources, informant: str) -> Text:
    """One or two lines: how many files and their names, or what is wrong with the path."""
    text = Text()
    if sources.missing:
        last = sources.missing[-1]
        if len(sources.missing) == 1 and complete_path(last) is not None:
            text.append(tr("Tab completes: {path}").format(path=complete_path(last)), style="dim")
        else:
            text.append(tr("No such file or folder: {paths}").format(
                paths=", ".join(sources.missing)), style="red")
        return text
    if sources.empty_folders and not sources.files:
        text.append(tr("No transcripts in {folder} ({suffixes})").format(
            folder=", ".join(sources.empty_folders), suffixes=" ".join(TRANSCRIPT_SUFFIXES)),
            style="yellow")
        return text
    if not sources.files:
        text.append(tr("Type a file, several files, or a folder (Tab completes)"), style="dim")
        return text
    names = [p.name for p in sources.files]
    shown = ", ".join(names[:6]) + (f", … (+{len(names) - 6})" if len(names) > 6 else "")
    text.append(tr("{n} files: ").format(n=len(names)) if len(names) != 1 else tr("1 file: "),
                style="bold")
    text.append(shown)
    who = informant.strip()
    text.append("\n")
    if any(is_exchange(p) for p in sources.files):
        text.append(tr("a .qdpx/.qdc (REFI-QDA: NVivo, ATLAS.ti, MAXQDA, QualCoder) is imported whole: "
                       "its transcripts, codes, units and notes, in one undoable step"), style="dim")
        text.append("\n")
    if who:
        text.append(tr("informant {label} for every file").format(label=who), style="dim")
    else:
        text.append(tr("informant from each file name (JS1.docx → JS1)"), style="dim")
    return text


class ImportDialog(ModalScreen[ImportRequest | None]):
    """Choose transcripts to import: path(s) with Tab completion, an optional informant."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import_cancel"),
        Binding("tab", "complete", "Complete path", id="import_complete", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)

    def compose(self) -> ComposeResult:
        cwd = str(Path.cwd())
        home = os.path.expanduser("~")
        if home not in ("", "~", os.sep) and cwd.startswith(home):
            cwd = "~" + cwd[len(home):]
        with Vertical(id="import", classes="dialog"):
            yield Label(Text(tr("Import transcripts")), classes="dialog-title")
            yield Label(Text(tr("File(s) or folder, from {cwd}").format(cwd=cwd)),
                        classes="import-label")
            yield Input(placeholder=tr("e.g. intervjuer/ or JS1.docx JS2.docx"),
                        suggester=PathSuggester(), id="import-paths")
            yield Label(Text(tr("Informant label (optional)")), classes="import-label")
            yield Input(placeholder=tr("empty: from each file name, JS1.docx → JS1"),
                        id="import-informant")
            yield Static(id="import-preview", markup=False)
            yield Static(Text(tr("Tab: complete the path · Enter: import · Esc: cancel"),
                              style="dim"), id="import-keys", markup=False)

    def on_mount(self) -> None:
        self._show_preview()
        self.query_one("#import-paths", Input).focus()

    def _sources(self) -> Sources:
        return parse_sources(self.query_one("#import-paths", Input).value)

    def _show_preview(self) -> None:
        informant = self.query_one("#import-informant", Input).value
        self.query_one("#import-preview", Static).update(preview(self._sources(), informant))

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._show_preview()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        sources = self._sources()
        if sources.missing or not sources.files:
            self._show_preview()
            self.app.bell()
            return
        informant = self.query_one("#import-informant", Input).value.strip() or None
        self.dismiss(ImportRequest(sources.files, informant))

    def action_complete(self) -> None:
        field = self.focused
        if isinstance(field, Input) and field.id == "import-paths":
            done = complete_path(field.value)
            if done is not None and done != field.value:
                field.value = done
                field.cursor_position = len(done)
                return
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)
