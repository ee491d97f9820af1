"""Importing transcripts from inside the app: the overview's `i`, its dialog and the worker.

A student with a fresh, empty project presses i, types (or Tab-completes) a folder of
interviews, and Enter imports them — each file in its own transaction, a bad file named
in a notification while the others still go in.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from pathlib import Path

import docx
import pytest
from helpers.tui import screen_text, settle, type_in, until, wait_for_workers
from textual.widgets import Input

from stc_bench.domain.model import Document, Informant, Turn
from stc_bench.ingest import IngestError, read_file
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.importer import ImportDialog, complete_path, parse_sources

pytestmark = pytest.mark.anyio

JS1 = (
    "I: Hvordan var det å begynne i jobb med støtte fra en jobbspesialist?\n"
    "JS1: Jeg gruet meg [latter], men hun ble med meg første dagen på lageret.\n"
    "I: Hva gjorde det med deg?\n"
    "JS1: Det ble lettere å si ifra når det ble for mye. [pause] Det hadde jeg aldri gjort før.\n"
)

JS2 = [
    "I: Hva var viktigst for deg i IPS?",
    "JS2: At ingen sa at jeg måtte bli frisk først. [Navn] på NAV trodde jeg kunne jobbe.",
    "I: Og på arbeidsplassen?",
    "JS2: Sjefen visste om diagnosen, og vi laget en plan for de dårlige dagene.",
]


@pytest.fixture
def anyio_backend():
    return "asyncio"


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def interviews(folder: Path) -> Path:
    """A folder with one .txt and one .docx interview (and a file that is no transcript)."""
    folder.mkdir()
    (folder / "JS1.txt").write_text(JS1, encoding="utf-8")
    write_docx(folder / "JS2.docx", JS2)
    (folder / "notater.pdfx").write_text("ikke en transkripsjon", encoding="utf-8")
    return folder


@pytest.fixture
def study_folder(tmp_path, monkeypatch) -> Path:
    """The working directory holds ``intervjuer/`` (JS1.txt, JS2.docx); it is also ~."""
    interviews(tmp_path / "intervjuer")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))  # the dialog shows the folder as ~
    return tmp_path


def documents(project_path: Path) -> list[tuple[str, str, list[str]]]:
    """(source file, informant, speaker per turn) of every document, through the services."""
    with Workbench.open(project_path) as wb:
        labels = {i.id: i.label for i in wb.list(Informant)}
        return [(d.source_name, labels.get(d.informant_id, ""),
                 [t.speaker for t in wb.list(Turn, "idx", document_id=d.id)])
                for d in wb.list(Document)]


def notices(app, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity in (None, n.severity)]


@contextlib.asynccontextmanager
async def importing_into_a_new_project(project: Path | str, source: Path):
    """A new empty project at ``project`` (a test's ``project_path``) open in the app,
    ``source`` imported through the dialog: yields ``(app, pilot)`` with every worker done."""
    Workbench.create(project, title="Ny", actor="kari").close()
    app = make_app(project, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await import_through_dialog(app, pilot, str(source))
        yield app, pilot


async def import_through_dialog(app, pilot, line: str, informant: str = "") -> None:
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportDialog)
    await type_in(pilot, line)
    if informant:
        await pilot.press("tab")
        await type_in(pilot, informant)
    await pilot.press("enter")
    await settle(app, pilot, pauses=3)


async def test_a_new_project_says_what_to_do_then_imports_a_folder(wb, project_path, study_folder):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "No transcripts yet — press i to import" in screen_text(app)
        await pilot.press("i")
        await type_in(pilot, "intervjuer")
        await pilot.pause()
        assert "2 files: JS1.txt, JS2.docx" in screen_text(app)  # the preview, before Enter
        await pilot.press("enter")
        await settle(app, pilot, pauses=3)
        shown = screen_text(app)
        assert "No transcripts yet" not in shown
        assert "JS1.txt" in shown and "JS2.docx" in shown
        assert "2 transcripts, 2 informants" in shown
        assert any(m.startswith("2 imported: JS1.txt → JS1, JS2.docx → JS2") for m in notices(app))
        assert notices(app, "error") == []
        # step 1 now opens the first imported transcript
        await pilot.press("1")
        await settle(app, pilot)
        assert "Jeg gruet meg [latter], men hun ble med meg" in screen_text(app)

    assert documents(project_path) == [("JS1.txt", "JS1", ["I", "JS1", "I", "JS1"]),
                                       ("JS2.docx", "JS2", ["I", "JS2", "I", "JS2"])]
    with Workbench.open(project_path) as check:
        events = [e for e in check.log() if e.action == "document.import"]
        assert [e.actor for e in events] == ["kari", "kari"]


async def test_a_bad_file_is_named_and_the_good_one_still_imports(wb, project_path, tmp_path):
    folder = tmp_path / "blandet"
    folder.mkdir()
    (folder / "JS4.txt").write_text(JS1.replace("JS1", "JS4"), encoding="utf-8")
    (folder / "JS5.txt").write_bytes(b"")
    with zipfile.ZipFile(folder / "JS6.docx", "w") as junk:
        junk.writestr("søppel.bin", b"\x00\x01ikke word\x02" * 50)
    reasons = []
    for name in ("JS5.txt", "JS6.docx"):
        with pytest.raises(IngestError) as caught:
            read_file(folder / name)
        reasons.append(str(caught.value))
    events_before = wb.status()["audit_events"]

    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await import_through_dialog(app, pilot, str(folder))
        # the summary stays (one notice at a time): the count, then each failure's one line
        summary = notices(app, "warning")[-1].split("\n")
        assert summary == ["1 imported, 2 failed: JS5.txt, JS6.docx", *reasons]
        assert "JS4.txt" in screen_text(app)

    assert documents(project_path) == [("JS4.txt", "JS4", ["I", "JS4", "I", "JS4"])]
    status = wb.status()
    assert status["audit_events"] == events_before + 1  # only the good file's import
    assert status["informants"] == 1


async def test_the_same_file_twice_is_refused_as_the_cli_refuses_it(wb, project_path, tmp_path,
                                                                    monkeypatch):
    folder = interviews(tmp_path / "intervjuer")
    monkeypatch.chdir(folder)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await import_through_dialog(app, pilot, "JS1.txt")
        assert notices(app, "error") == []
        (folder / "JS1 kopi.txt").write_bytes((folder / "JS1.txt").read_bytes())
        await import_through_dialog(app, pilot, "JS1.txt 'JS1 kopi.txt'")
        summary = notices(app, "warning")[-1].split("\n")
        assert summary[0] == "0 imported, 2 failed: JS1.txt, JS1 kopi.txt"
        assert summary[1].startswith("JS1.txt: already in the project as document 1")
        assert summary[2].startswith("JS1 kopi.txt: already in the project as document 1")
    assert [d[0] for d in documents(project_path)] == ["JS1.txt"]


async def test_tab_completes_a_partial_path_from_the_working_directory(wb, project_path, study_folder):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await type_in(pilot, "interv")
        await settle(app, pilot, pauses=2)
        field = app.screen.query_one("#import-paths")
        assert field._suggestion == "intervjuer" + os.sep  # greyed in as you type
        await pilot.press("tab")
        assert field.value == "intervjuer" + os.sep
        await pilot.press("tab")  # JS1.txt and JS2.docx share "JS"
        assert field.value == os.path.join("intervjuer", "JS")
        await type_in(pilot, "2")
        await pilot.press("tab")
        assert field.value == os.path.join("intervjuer", "JS2.docx")
        await pilot.press("tab")  # nothing left to complete: on to the informant field
        assert app.screen.focused.id == "import-informant"
        await type_in(pilot, "Deltaker 7")
        await pilot.press("enter")
        await settle(app, pilot, pauses=3)
    assert documents(project_path) == [("JS2.docx", "Deltaker 7", ["I", "JS2", "I", "JS2"])]


def test_completion_expands_home_and_skips_what_is_no_transcript(tmp_path, monkeypatch):
    interviews(tmp_path / "intervjuer")
    (tmp_path / "intervjuer" / ".skjult.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".arkiv").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))  # Windows' ~
    assert complete_path("~/interv") == "~/intervjuer/"
    assert complete_path("~/") == "~/intervjuer/"  # the hidden .arkiv is left out…
    assert complete_path("~/.ar") == "~/.arkiv/"  # …unless you type its dot
    assert complete_path("~/intervjuer/n") is None  # notater.pdfx is not a transcript
    assert complete_path("~/intervjuer/J") == "~/intervjuer/JS"
    assert complete_path("~/finnes-ikke/") is None
    found = parse_sources("~/intervjuer")
    assert [p.name for p in found.files] == ["JS1.txt", "JS2.docx"]  # hidden and .pdfx left out
    assert parse_sources("~/intervjuer/*.docx").files == (tmp_path / "intervjuer" / "JS2.docx",)
    assert parse_sources("~/intervjuer/JS9.txt").missing == ("~/intervjuer/JS9.txt",)


async def test_a_path_that_does_not_exist_keeps_the_dialog_open(wb, project_path, study_folder):
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await import_through_dialog(app, pilot, "intervjuer/JS9.docx")
        assert isinstance(app.screen, ImportDialog)
        assert "No such file or folder" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    assert documents(project_path) == []


async def test_review_mode_says_import_is_read_only_and_does_nothing(wb, project_path, tmp_path):
    interviews(tmp_path / "intervjuer")
    app = make_app(project_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "read-only review: nothing can be imported here" in screen_text(app)
        assert "Import" not in screen_text(app).splitlines()[-1]  # not offered…
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)  # …and not opened
    assert documents(project_path) == []


async def test_brackets_in_file_names_and_text_survive_verbatim(wb, project_path, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "[utkast] intervjuer"
    folder.mkdir()
    text = JS1.replace("JS1", "JS3") + "JS3: Jeg heter [Navn] og jobber i [bold]butikk[/bold].\n"
    (folder / "JS3 [endelig].txt").write_text(text, encoding="utf-8")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await type_in(pilot, "[utkast] intervjuer")
        await pilot.pause()
        assert "1 file: JS3 [endelig].txt" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot, pauses=3)
        # the summary notification as drawn (on a later refresh), not eaten as markup
        await until(pilot, lambda: "1 imported: JS3 [endelig].txt → JS3 [endelig]"
                    in screen_text(app), "the summary toast")
        assert "JS3 [endelig]  5" in screen_text(app)  # the overview row: file and label
        await pilot.press("1")
        await settle(app, pilot)
        assert "jobber i [bold]butikk[/bold]." in screen_text(app)
    with Workbench.open(project_path) as check:
        (stored,) = check.list(Document)
        assert stored.source_name == "JS3 [endelig].txt"
        assert "[latter]" in stored.text and "[Navn]" in stored.text
        assert "[bold]butikk[/bold]" in stored.text


def test_empty_project_overview_snapshot(snap_compare, wb, project_path):
    async def settled(pilot) -> None:
        await wait_for_workers(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(project_path, actor="kari"), terminal_size=(80, 24),
                        run_before=settled)


def test_import_dialog_snapshot(snap_compare, wb, project_path, study_folder):
    async def typed(pilot) -> None:
        await wait_for_workers(pilot.app)
        await pilot.press("i")
        await type_in(pilot, "interv")
        await pilot.press("tab")
        await wait_for_workers(pilot.app)
        # the path field's cursor blinks: hold it visible, or a loaded machine's late capture
        # can fall in the off half-second
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(project_path, actor="kari"), terminal_size=(80, 24),
                        run_before=typed)
