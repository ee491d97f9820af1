"""The readers' import warnings that carry figures or an excerpt (parts of a .docx/.odt
left out, replacement characters) are data: their English sentence is what `import`
prints and the trail records, byte for byte as before, and the overview's "Imported with
warnings" notice words them in Norwegian in the form their number takes, the excerpt —
the user's words — in «»."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
from helpers.tui import settle
from test_ingest_unplaced import W, _with_parts, interview_with_a_text_box

from stc_bench.cli import main
from stc_bench.ingest import read_file
from stc_bench.ingest.import_warnings import ENGLISH, ImportWarning
from stc_bench.tui.app import make_app
from stc_bench.tui.catalogue import IMPORT_PARTS_NB, IMPORT_WARNINGS_NB
from stc_bench.tui.i18n import exchange_lines, import_warning_text, set_language

#: The English the readers printed before the warnings were structured, byte for byte.
ENGLISH_WARNINGS = [
    "1 text boxes not imported (the first: 'Notat i boks: informanten gråt'); copy the text "
    "into the body if it belongs to the interview",
    "1 footnotes not imported (the first: 'Informanten mente praksisplassen'); copy them into "
    "the text if they belong to the interview",
    "2 comments not imported (the first: 'Sjekk lydfila her'); copy them into the text if "
    "they belong to the interview",
]
NORWEGIAN_WARNINGS = [
    "1 tekstboks ble ikke importert («Notat i boks: informanten gråt»); kopier teksten inn i "
    "brødteksten hvis den hører til intervjuet",
    "1 fotnote ble ikke importert («Informanten mente praksisplassen»); kopier den inn i "
    "teksten hvis den hører til intervjuet",
    "2 kommentarer ble ikke importert (den første: «Sjekk lydfila her»); kopier dem inn i "
    "teksten hvis de hører til intervjuet",
]


@pytest.fixture
def norwegian():
    set_language("nb")
    yield
    set_language("en")


@pytest.fixture
def annotated_docx(tmp_path):
    """An interview in .docx with a text box, one footnote and two comments."""
    path = interview_with_a_text_box(tmp_path / "JS3.docx")
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r>'
             '<w:t>Informanten mente praksisplassen</w:t></w:r></w:p></w:footnote></w:footnotes>')
    comments = (f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="K"><w:p><w:r>'
                '<w:t>Sjekk lydfila her</w:t></w:r></w:p></w:comment><w:comment w:id="1" '
                'w:author="K"><w:p><w:r><w:t>Og her [uklart]</w:t></w:r></w:p></w:comment>'
                '</w:comments>')
    return _with_parts(path, {"word/footnotes.xml": notes, "word/comments.xml": comments})


def test_the_english_sentences_are_unchanged_and_the_kinds_and_figures_come_with_them(
        annotated_docx):
    warnings = list(read_file(annotated_docx).warnings)
    assert warnings == ENGLISH_WARNINGS  # plain str comparison: the same text
    assert [(w.kind, w.number, w.what) for w in warnings] == [
        ("left_out", 1, "text boxes"), ("notes_left_out", 1, "footnotes"),
        ("notes_left_out", 2, "comments")]
    assert warnings[2].excerpt == "Sjekk lydfila her"
    assert all(type(w.text) is str and w.text == w for w in warnings)
    # the trail and --json get a plain JSON string; a copy keeps what it is
    assert json.dumps(warnings[0]) == json.dumps(ENGLISH_WARNINGS[0])
    for again in (copy.copy(warnings[2]), pickle.loads(pickle.dumps(warnings[2]))):
        assert (again, again.kind, again.number) == (warnings[2], "notes_left_out", 2)


def test_replacement_characters_and_a_part_without_words(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("I: Hei\ufffd\ufffd?\nJS1: Ja\ufffd.\n", encoding="utf-8")
    [replaced] = [w for w in read_file(path).warnings if getattr(w, "kind", "")]
    assert (replaced, replaced.kind, replaced.number) == (
        "3 replacement characters", "replacement_characters", 3)
    assert ImportWarning("left_out", 2, "embedded documents") == (
        "2 embedded documents not imported; copy the text into the body if it belongs to the "
        "interview")


def test_every_kind_and_part_has_its_norwegian_forms_with_the_same_fields():
    assert IMPORT_WARNINGS_NB.keys() == ENGLISH.keys()
    for kind, english in ENGLISH.items():
        fields = {part.split("}")[0] for part in english.split("{")[1:]}
        for form in IMPORT_WARNINGS_NB[kind]:
            assert {part.split("}")[0] for part in form.split("{")[1:]} == fields, form
    assert set(IMPORT_PARTS_NB) >= {"footnotes", "endnotes", "comments", "text boxes",
                                    "embedded documents"}


def test_norwegian_words_each_warning_in_the_form_its_number_takes(annotated_docx, norwegian):
    warnings = read_file(annotated_docx).warnings
    assert [import_warning_text(w) for w in warnings] == NORWEGIAN_WARNINGS
    assert import_warning_text(ImportWarning("replacement_characters", 1)) == (
        "1 erstatningstegn: et tegn i filen kunne ikke leses")
    assert import_warning_text(ImportWarning("replacement_characters", 4)) == (
        "4 erstatningstegn: tegn i filen kunne ikke leses")
    assert import_warning_text(ImportWarning("left_out", 2, "embedded documents")) == (
        "2 innebygde dokumenter ble ikke importert; kopier teksten inn i brødteksten hvis den "
        "hører til intervjuet")
    # a plain warning still goes through the catalogue
    assert import_warning_text("no interviewer label recognised") == (
        "fant ingen etikett for intervjueren")


def test_english_shows_the_command_lines_sentence(annotated_docx):
    assert [import_warning_text(w) for w in read_file(annotated_docx).warnings] == ENGLISH_WARNINGS


def test_import_prints_and_the_trail_records_the_english(wb, project_path, annotated_docx,
                                                          capsys):
    wb.close()
    assert main(["import", str(project_path), str(annotated_docx)]) == 0
    out = capsys.readouterr().out
    assert f"(warnings: {'; '.join(ENGLISH_WARNINGS)})" in out
    assert main(["audit", "log", str(project_path), "--json"]) == 0
    [event] = [e for e in json.loads(capsys.readouterr().out) if e["action"] == "document.import"]
    assert event["after"]["warnings"] == ENGLISH_WARNINGS


async def _import_notice(project_path, source) -> list[str]:
    from test_tui_import import import_through_dialog

    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await import_through_dialog(app, pilot, str(source))
        return [n.message for n in app._notifications
                if n.title in ("Importert med advarsler", "Imported with warnings")]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_norwegian_notice_words_the_warnings_in_norwegian(
        wb, project_path, annotated_docx, monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    try:
        shown = await _import_notice(project_path, annotated_docx)
    finally:
        set_language("en")
    assert shown == ["JS3.docx: " + "; ".join(NORWEGIAN_WARNINGS)]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_english_notice_shows_the_command_lines_sentences(
        wb, project_path, annotated_docx, monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shown = await _import_notice(project_path, annotated_docx)
    assert shown == ["JS3.docx: " + "; ".join(ENGLISH_WARNINGS)]


# -- a REFI-QDA import's summary ----------------------------------------------------------

def test_a_refi_qda_summary_takes_its_counts_forms_and_keeps_its_items(norwegian):
    from stc_bench.services.exchange import ExchangeSummary

    summary = ExchangeSummary(counts={"transcripts": 1, "code groups": 2, "speakers mapped": 1},
                              unsupported=["1 variable of type 'Date'"],
                              warnings=["note 7 is empty; left out"])
    assert exchange_lines(summary) == [
        "importert: 1 transkripsjon, 2 kodegrupper, 1 taler koblet",
        "ikke importert (støttes ikke): 1", "  - 1 variable of type 'Date'",
        "advarsler: 1", "  - note 7 is empty; left out"]
    assert exchange_lines(ExchangeSummary()) == ["importert: ingenting"]
    set_language("en")
    assert exchange_lines(summary) == summary.lines() == [
        "imported: 1 transcripts, 2 code groups, 1 speakers mapped",  # the command line's, as before
        "not imported (not supported): 1", "  - 1 variable of type 'Date'",
        "warnings: 1", "  - note 7 is empty; left out"]


def test_every_count_a_refi_qda_import_reports_has_its_norwegian_forms():
    import re
    from pathlib import Path

    import stc_bench.services
    from stc_bench.tui.catalogue import EXCHANGE_COUNTS, PLURALS_NB

    source = "".join(path.read_text(encoding="utf-8") for path in
                     Path(stc_bench.services.__file__).parent.glob("exchange*.py"))
    reported = set(re.findall(r'\.add\("([a-z -]+)"', source))
    assert len(reported) >= 20 and reported <= EXCHANGE_COUNTS.keys()
    assert all(pair in PLURALS_NB for pair in EXCHANGE_COUNTS.values())


@pytest.fixture
def small_qdpx(tmp_path, project_path):
    """A REFI-QDA project with one transcript and one code group, from a small study."""
    from conftest import INTERVIEW, draft_from_labelled

    from stc_bench.export.qdpx import export_qdpx
    from stc_bench.services import Workbench

    source = tmp_path / "kilde.stc"
    with Workbench.create(source, title="Kilde", actor="kari") as wb:
        wb.import_transcript(draft_from_labelled(INTERVIEW), source_name="JS1.txt",
                             source_sha256="1" * 64, informant="JS1")
        wb.add_code_group("Relasjonen")
        path, _warnings = export_qdpx(wb, source, tmp_path / "studie.qdpx")
    return path


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_refi_qda_import_is_summed_up_in_norwegian(project_path, small_qdpx,
                                                           monkeypatch, anyio_backend):
    from test_tui_import import importing_into_a_new_project, notices

    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    try:
        async with importing_into_a_new_project(project_path, small_qdpx) as (app, _pilot):
            said = [n for n in notices(app) if n.startswith("studie.qdpx\n")]
    finally:
        set_language("en")
    assert len(said) == 1 and said[0].startswith("studie.qdpx\nimportert: "), said
    assert "1 transkripsjon" in said[0] and "1 kodegruppe" in said[0], said
    assert "imported" not in said[0]
