"""Codebook, matrix, audit appendix, CSV, templates and safe writing of export files."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm
from test_export_chapter import build_export_study

from stc_bench.cli import main
from stc_bench.domain.errors import StcError
from stc_bench.export.api import ExportOptions, export_csv, export_docx, export_md
from stc_bench.export.docx_layout import document_language


@pytest.fixture
def study(wb, doc):
    return build_export_study(wb, doc)


def _tables(path):
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def test_codebook_headings_and_table(wb, study, tmp_path):
    out = tmp_path / "kodebok.docx"
    export_docx(wb, "studie.stc", out, ExportOptions(part="codebook"))
    document = docx.Document(str(out))
    heads = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert heads == ["Relasjonen til jobbspesialisten", "Møtet med arbeidsgiveren", "Økonomi og trygd"]
    assert all(t.style.name == "Table Grid" for t in document.tables)
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    first = _tables(out)[0]
    assert first[0] == ["Subgruppe", "Beskrivelse", "Enheter", "Informanter", "Kondensat", "Gullsitat"]
    assert [r[0] for r in first[1:]] == ["Noen som trodde på meg", "Fra begrensninger til muligheter"]
    assert first[1][2:5] == ["2", "1", "Jeg møtte noen som trodde på meg, og det betydde mye."]
    assert first[1][5].startswith("«At noen trodde på meg.") and "😀" in first[1][5]
    assert first[2][2:4] == ["1", "1"]


def test_matrix_counts_totals_and_silent_informants(wb, study, tmp_path):
    out = tmp_path / "matrise.docx"
    export_docx(wb, "studie.stc", out, ExportOptions(part="matrix"))
    (table,) = _tables(out)
    assert table[0] == ["Kodegruppe", "Subgruppe", "B2", "JS1", "Sum", "Tause informanter"]
    rows = {r[1]: r for r in table[1:]}
    assert rows["Noen som trodde på meg"][2:] == ["–", "2/2", "2/2", "B2"]
    assert rows["Fra begrensninger til muligheter"][2:] == ["1/0", "–", "1/0", "JS1"]
    assert rows["Åpne arbeidsgivere"][2:] == ["1/1", "–", "1/1", "JS1"]
    assert table[-1] == ["Sum", "", "2/1", "2/2", "4/3", ""]


def test_audit_appendix_summary_and_full_table(wb, study, tmp_path):
    events = wb.log()
    out = tmp_path / "spor.docx"
    export_docx(wb, "studie.stc", out, ExportOptions(part="audit"))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert events[-1].hash in text and "verifisert" in text
    steps, people, days = _tables(out)[:3]  # then the supervisor's checklist
    assert dict(people[1:]) == {"kari": str(len(events))}
    assert sum(int(n) for _s, n in steps[1:]) == len(events)
    assert {s for s, _n in steps[1:]} >= {"2 Meningsbærende enheter", "3 Kondensering", "4 Syntese"}
    full = tmp_path / "spor-full.docx"
    export_docx(wb, "studie.stc", full, ExportOptions(part="audit", full=True))
    every = _tables(full)[3]
    assert len(every) == len(events) + 1 and every[1][0] == "1"
    assert every[-1][3] == events[-1].action


def test_csv_units_is_a_long_table_for_r(wb, study, tmp_path):
    out = tmp_path / "enheter.csv"
    export_csv(wb, "studie.stc", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads æøå
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4
    golden = [r for r in rows if r["golden_quote"] == "1"]
    assert len(golden) == 1 and golden[0]["text"].endswith("😀 går fint.")
    assert {r["informant"] for r in rows} == {"JS1", "B2"}
    assert {r["subgroup"] for r in rows} == {"tro", "muligheter", "åpenhet"}
    assert sum(int(r["quoted_in_chapter"]) for r in rows) == 3


def test_csv_matrix_and_md_codebook(wb, study, tmp_path):
    out = tmp_path / "matrise.csv"
    export_csv(wb, "studie.stc", out, ExportOptions(part="matrix"))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["code_group", "subgroup", "informant", "units", "quotes"]
    assert len(rows) == 1 + 3 * 2
    md = tmp_path / "kodebok.md"
    export_md(wb, "studie.stc", md, ExportOptions(part="codebook"))
    text = md.read_text(encoding="utf-8")
    assert "## Møtet med arbeidsgiveren" in text
    assert "| Noen som trodde på meg |" in text


def _template(path, *, drop_quote: bool):
    t = docx.Document()
    t.sections[0].left_margin = Cm(4)
    t.sections[0].header.paragraphs[0].text = "Masteroppgave i psykisk helsearbeid"
    t.add_paragraph("Slett denne teksten")
    if drop_quote:
        el = t.styles["Quote"].element
        el.getparent().remove(el)
    t.save(str(path))


def test_template_keeps_page_setup_and_warns_on_missing_style(wb, study, tmp_path):
    template = tmp_path / "mal.docx"
    _template(template, drop_quote=True)
    out = tmp_path / "med-mal.docx"
    result = export_docx(wb, "studie.stc", out, ExportOptions(template=template))
    assert any("'Quote'" in w for w in result.warnings)
    document = docx.Document(str(out))
    assert round(document.sections[0].left_margin.cm, 2) == 4.0
    assert document.sections[0].header.paragraphs[0].text == "Masteroppgave i psykisk helsearbeid"
    texts = [p.text for p in document.paragraphs]
    assert "Slett denne teksten" not in texts
    assert len([p for p in document.paragraphs if p.style.name == "Quote"]) == 3


def test_template_with_all_styles_gives_no_warning(wb, study, tmp_path, project_path, capsys):
    template = tmp_path / "mal.docx"
    _template(template, drop_quote=False)
    out = tmp_path / "ok.docx"
    assert main(["export", "docx", str(project_path), "-o", str(out), "--template", str(template)]) == 0
    assert "style" not in capsys.readouterr().err
    assert main(["export", "docx", str(project_path), "--template", str(tmp_path / "nope.docx"),
                 "-o", str(tmp_path / "x.docx")]) == 2
    assert "template not found" in capsys.readouterr().err


def test_locked_or_unwritable_target_is_a_clear_error(wb, study, tmp_path):
    out = tmp_path / "kapittel.docx"
    (tmp_path / "~$kapittel.docx").write_text("lock")
    with pytest.raises(StcError, match="open in Word"):
        export_docx(wb, "studie.stc", out)
    assert not out.exists()
    with pytest.raises(StcError, match="does not exist"):
        export_docx(wb, "studie.stc", tmp_path / "mangler" / "k.docx")


def test_a_folder_we_may_not_write_in_is_a_clear_error(wb, study, tmp_path):
    locked = tmp_path / "laast"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        (locked / "probe").touch()
    except PermissionError:
        pass
    else:  # root ignores permissions; Windows keeps no read-only flag on folders
        pytest.skip("this user may write in a read-only folder (root, or Windows)")
    try:
        with pytest.raises(StcError, match="cannot write"):
            export_docx(wb, "studie.stc", locked / "k.docx")
    finally:
        locked.chmod(0o700)  # so that pytest can remove it


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_every_part_opens_in_libreoffice(wb, study, tmp_path):
    for part in ("chapter", "codebook", "matrix", "audit"):
        out = tmp_path / f"{part}.docx"
        export_docx(wb, "studie.stc", out, ExportOptions(part=part, full=True))
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), *(str(tmp_path / f"{p}.docx")
                                             for p in ("chapter", "codebook", "matrix", "audit"))],
        capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    for part in ("chapter", "codebook", "matrix", "audit"):
        pdf = tmp_path / f"{part}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "chapter.pdf"), "-"],
                              capture_output=True, text=True).stdout
        assert "Relasjonen til jobbspesialisten" in text and "[teamleder]" in text
        # the rendered tables break no word: every header is whole on its line
        matrix = subprocess.run(["pdftotext", "-layout", str(tmp_path / "matrix.pdf"), "-"],
                                capture_output=True, text=True).stdout
        words = set(matrix.split())
        assert {"Kodegruppe", "Subgruppe", "Sum", "Tause", "informanter"} <= words
        codebook = subprocess.run(["pdftotext", "-layout", str(tmp_path / "codebook.pdf"), "-"],
                                  capture_output=True, text=True).stdout
        assert {"Subgruppe", "Beskrivelse", "Enheter", "Informanter", "Kondensat",
                "Gullsitat"} <= set(codebook.split())
    if shutil.which("pdfinfo"):  # A4: 595 × 842 points, upright chapter, landscape tables
        for part, size in (("chapter", (595, 841)), ("codebook", (841, 595)),
                           ("matrix", (841, 595))):
            info = subprocess.run(["pdfinfo", str(tmp_path / f"{part}.pdf")],
                                  capture_output=True, text=True).stdout
            page = re.search(r"Page size:\s+(\d+)\.\d* x (\d+)\.\d* pts \(A4\)", info)
            assert page and tuple(map(int, page.groups())) == size, (part, info)
            assert "python-docx" not in info  # the author is not the library


def test_cli_md_csv_and_missing_project(wb, study, project_path, tmp_path, capsys):
    md, table = tmp_path / "k.md", tmp_path / "u.csv"
    assert main(["export", "md", str(project_path), "-o", str(md), "--label-style", "role"]) == 0
    assert "(Behandler, i intervju)" in md.read_text(encoding="utf-8")
    assert main(["export", "csv", str(project_path), "-o", str(table), "--part", "codebook"]) == 0
    assert table.read_text(encoding="utf-8-sig").startswith("code_group,subgroup,description")
    capsys.readouterr()
    assert main(["export", "docx", str(tmp_path / "finnes-ikke.stc")]) == 2
    assert capsys.readouterr().err.startswith("stc-bench: error: ")


def test_english_project_gets_english_chapter_words(wb, study, tmp_path):
    wb.edit_project(language="en")
    out = tmp_path / "results.docx"
    result = export_docx(wb, "studie.stc", out)
    document = docx.Document(str(out))
    paras = document.paragraphs
    assert paras[0].text == "1.0 Results"  # no chapter number set: from 1, with a note
    assert any("no chapter number set" in w for w in result.warnings)
    assert document_language(document) == "en-GB"
    assert any(p.text.startswith("[Analytic text missing for") for p in paras)
    assert result.missing
