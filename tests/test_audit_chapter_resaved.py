"""Chapters saved again as .docx by LibreOffice still audit: the tags and properties
survive a resave. The committed fixtures (``fixtures/chapter/``: the study project and
its chapter resaved by LibreOffice, untouched and with a quote edited) keep this tested
where LibreOffice is not installed; ``STC_REGENERATE_FIXTURES=1`` makes
``test_resave_…`` write them again."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from test_export_chapter import build_export_study

from stc_bench.export.api import ExportOptions, export_docx
from stc_bench.export.chapter_audit import audit_chapter
from stc_bench.services import Workbench

FIXTURES = Path(__file__).parent / "fixtures" / "chapter"
EDIT = ("mer åpne enn vi tror", "mye mer åpne enn vi tror")


def _resave(source: Path, folder: Path, lo_profile: Path) -> Path:
    """``soffice --headless --convert-to docx``, as a student saving from LibreOffice."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{lo_profile}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return folder / source.name


def _edit_quote(path: Path) -> None:
    document = docx.Document(str(path))
    for para in document.paragraphs:
        for run in para.runs:
            if EDIT[0] in run.text:
                run.text = run.text.replace(*EDIT)
    document.save(str(path))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed: "
                    "the committed fixtures in tests/fixtures/chapter are used instead")
def test_resave_in_libreoffice_and_audit(wb, doc, project_path, tmp_path):
    build_export_study(wb, doc)
    wb.set_setting("number_from", 6)
    exported = tmp_path / "kapittel.docx"
    export_docx(wb, "studie.stc", exported, ExportOptions())
    edited = tmp_path / "kapittel-endret.docx"
    shutil.copy(exported, edited)
    _edit_quote(edited)
    resaved = _resave(exported, tmp_path / "lo", tmp_path / "profile")
    resaved_edited = _resave(edited, tmp_path / "lo", tmp_path / "profile")
    report = audit_chapter(wb, resaved)
    assert report.faithful and report.tags > 10 and report.export_seq == wb.last_seq()
    assert [f.kind for f in audit_chapter(wb, resaved_edited).findings] == ["quote_edited"]
    # STC_REGENERATE_FIXTURES=1 refreshes the committed fixtures with these files
    if os.environ.get("STC_REGENERATE_FIXTURES") == "1":
        FIXTURES.mkdir(parents=True, exist_ok=True)
        wb.close()
        shutil.copy(project_path, FIXTURES / "studie.stc")
        shutil.copy(resaved, FIXTURES / "kapittel-lo.docx")
        shutil.copy(resaved_edited, FIXTURES / "kapittel-lo-endret.docx")


@pytest.fixture
def fixture_project(tmp_path):
    if not (FIXTURES / "studie.stc").exists():
        pytest.skip("no committed fixtures (run test_resave_in_libreoffice_and_audit with "
                    "LibreOffice installed to make them)")
    target = tmp_path / "studie.stc"
    shutil.copy(FIXTURES / "studie.stc", target)
    with Workbench.open(target) as bench:  # not read-only: a newer schema may migrate it
        yield bench


def test_committed_libreoffice_resave_is_faithful(fixture_project):
    report = audit_chapter(fixture_project, FIXTURES / "kapittel-lo.docx")
    assert report.faithful and report.tags > 10 and report.notes == []


def test_committed_libreoffice_resave_with_an_edited_quote(fixture_project):
    (finding,) = audit_chapter(fixture_project, FIXTURES / "kapittel-lo-endret.docx").findings
    assert finding.kind == "quote_edited" and "{+mye+}" in finding.diff


def test_committed_libreoffice_resave_edited_again(fixture_project, tmp_path):
    path = tmp_path / "igjen.docx"
    shutil.copy(FIXTURES / "kapittel-lo.docx", path)
    document = docx.Document(str(path))
    para = next(p for p in document.paragraphs if p.text.startswith("At noen trodde på dem"))
    para.runs[0].text = "At noen trodde på dem, beskrives som et tydelig vendepunkt."
    document.save(str(path))
    (finding,) = audit_chapter(fixture_project, path).findings
    assert finding.kind == "paragraph_edited" and "{+tydelig+}" in finding.diff
