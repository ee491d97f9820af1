"""import: transcripts into a project, one transaction per file; import --revise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import NotFound, StcError, one_line
from ..domain.model import Document
from .common import add_project_arg, open_project

# The readers only inside the command: every command's parser is built from this module.
if TYPE_CHECKING:
    from ..ingest.batch import Imported


def register(sub) -> None:
    p = sub.add_parser("import", help="import transcripts (.docx .odt .rtf .txt .md .vtt .srt)")
    add_project_arg(p)
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="transcript files, or folders (every transcript file directly inside)")
    p.add_argument("--informant", default=None, metavar="LABEL",
                   help="informant label (default: from the file name, JS1.docx -> JS1)")
    p.add_argument("--revise", default=None, metavar="DOCUMENT",
                   help="import FILE as a corrected revision of DOCUMENT (id or title); "
                        "meaning units are re-anchored")
    p.add_argument("--force", action="store_true",
                   help="with --revise: revise even when most meaning units would detach")
    p.add_argument("--max-mb", type=float, default=None, metavar="N",
                   help="largest file to accept in MB (default 50, or the project setting "
                        "import_max_mb)")
    p.set_defaults(run=cmd_import)


def cmd_import(args) -> int:
    from ..ingest.batch import TRANSCRIPT_SUFFIXES, expand_sources, import_one, transcripts_in

    with open_project(args) as wb:
        if args.revise is not None:
            return _revise(wb, args)
        settings = wb.project().settings
        for folder in (Path(name) for name in args.files):
            if folder.is_dir() and not transcripts_in(folder):
                raise StcError(f"{folder}: no transcript files in this folder "
                               f"({' '.join(TRANSCRIPT_SUFFIXES)})")
        files = expand_sources(Path(name) for name in args.files)
        done: list[Imported] = []
        failed: list[str] = []
        with _progress(len(files)) as advance:
            for path in files:
                try:
                    done.append(import_one(wb, path, informant=args.informant,
                                          max_mb=args.max_mb, settings=settings))
                except StcError as exc:
                    failed.append(str(exc))
                    print(f"stc-bench: error: {one_line(str(exc))}", file=sys.stderr)
                advance(str(path))
    _print_table(done)
    _warn_named_labels(args.project, done, settings)
    _propose_speakers(args.project, done)
    if len(files) > 1:
        print(f"imported {len(done)} of {len(files)} files"
              + (f"; {len(failed)} failed (see the errors above)" if failed else ""))
    return 2 if failed else 0


def _propose_speakers(project, done: list[Imported]) -> None:
    """A group transcript (two or more participants): the proposed speaker → informant
    mapping and how to confirm or edit it."""
    from ..services.speakers import proposed

    for row in done:
        if not row.is_group:
            continue
        plan = "; ".join(f"{s} → {label}" + (f", {role}" if role else "")
                         for s in row.participants for label, role in [proposed(s)])
        print(f"{one_line(Path(row.source).name)}: a group transcript with {len(row.participants)} "
              f"participants; proposed: {one_line(plan)}. Confirm with: stc-bench speakers "
              f"{one_line(str(project))} {row.document.id} --accept (edit with --map, or m on the "
              "overview)")


def _warn_named_labels(project, done: list[Imported], settings: dict) -> None:
    """One line per informant label that looks like a person's name (a file named after
    the informant): a pseudonym is what the ethics approval promises."""
    from ..ingest.reader import informant_from_name
    from ..nlp.identifiers import WordList, looks_like_name

    words = WordList.from_setting(settings.get("word_list"))
    for label in dict.fromkeys(row.informant for row in done):
        if looks_like_name(label, words):
            print(f"stc-bench: warning: informant label {one_line(label)!r} looks like a person's "
                  f"name; give a pseudonym: stc-bench informants {one_line(str(project))} --rename "
                  f"{one_line(label)!r} I1 (or import with --informant LABEL)", file=sys.stderr)
    for row in done:  # --informant was given, but the title is still the file's name
        named = informant_from_name(Path(row.source))
        if named != row.informant and looks_like_name(named, words):
            print(f"stc-bench: warning: {one_line(Path(row.source).name)}: the file name holds what "
                  "looks like a person's name, and the document's title keeps it; give transcript "
                  "files pseudonymous names before importing them", file=sys.stderr)


def _revise(wb, args) -> int:
    if len(args.files) != 1:
        raise StcError("import --revise: give exactly one FILE, the corrected transcript")
    from ..ingest import read_file

    doc = find_document(wb, args.revise)
    path = Path(args.files[0])
    result = read_file(path, settings=wb.project().settings, max_mb=args.max_mb)
    report = wb.revise_document(doc.id, result.draft, source_name=result.source_name,
                                source_sha256=result.source_sha256, force=args.force)
    print(f"{path}: revision {report.document.revision} of {doc.title!r} is document "
          f"{report.document.id}; meaning units: {report.unchanged} unchanged, "
          f"{report.moved} moved, {report.flagged} flagged for review, "
          f"{report.relocated} found only elsewhere (moved there and flagged for review), "
          f"{report.detached} detached (kept with their text)")
    if report.flagged or report.relocated or report.detached:
        print("the flagged and detached units are listed by: stc-bench status")
    return 0


def find_document(wb, ref: str) -> Document:
    """A current (not superseded) document by id, title or source file name."""
    docs = wb.list(Document)
    if ref.isdigit():
        for doc in docs:
            if doc.id == int(ref):
                return doc
    found = [d for d in docs if not d.superseded and ref in (d.title, d.source_name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise StcError(f"document {ref!r}: {len(found)} documents match; give its id")
    raise NotFound(f"document {ref!r}: no such document (see: stc-bench status)")


class _progress:
    """A rich progress bar on a terminal for several files; silent when piped."""

    def __init__(self, total: int):
        self.total = total
        self.bar: Any = None  # a rich Progress once shown (rich is imported only then)

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("importing", total=self.total)
        return self._advance

    def _advance(self, name: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=Path(name).name)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_table(done: list[Imported]) -> None:
    if not done:
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("file", "document", "informant", "turns", "words", "interviewer",
                      "warnings")
        for row in done:
            table.add_row(Path(row.source).name, str(row.document.id), row.informant,
                          str(row.turns), str(row.words), row.interviewer,
                          "; ".join(row.warnings))
        Console().print(table)
        return
    for row in done:
        line = (f"imported {one_line(row.source)} as document {row.document.id}: informant "
                f"{one_line(row.informant)}, {row.turns} turns, {row.words} words, interviewer "
                f"{row.interviewer}")
        print(line + (f" (warnings: {'; '.join(row.warnings)})" if row.warnings else ""))


