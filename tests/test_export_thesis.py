"""What a thesis committee sees: A4 in Norwegian, numbered headings, tables that fit,
placeholders while drafting and a clean --final chapter; golden and long quotes."""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm
from helpers.study import store_setting_unchecked
from test_export_chapter import build_export_study

from stc_bench.cli import main
from stc_bench.domain.errors import StcError
from stc_bench.export.api import ExportOptions, export_docx
from stc_bench.export.chapter import QuoteBlock, build_chapter
from stc_bench.export.docx_layout import column_widths, document_language
from stc_bench.export.snapshot import load_snapshot


@pytest.fixture
def study(wb, doc):
    return build_export_study(wb, doc)


def _export(wb, tmp_path, name="k.docx", **options):
    out = tmp_path / name
    result = export_docx(wb, "studie.stc", out, ExportOptions(force=True, **options))
    return docx.Document(str(out)), result


@pytest.mark.parametrize(("language", "tag"), [("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")])
def test_every_part_is_a4_with_thesis_margins_in_the_project_language(wb, study, tmp_path,
                                                                     language, tag):
    wb.edit_project(language=language)
    for part in ("chapter", "discussion", "codebook", "matrix", "audit"):
        document, _ = _export(wb, tmp_path, f"{part}.docx", part=part)
        section = document.sections[0]
        size = sorted((round(section.page_width.cm, 1), round(section.page_height.cm, 1)))
        assert size == [21.0, 29.7], part
        assert [round(getattr(section, f"{s}_margin").cm, 2)
                for s in ("left", "right", "top", "bottom")] == [2.5] * 4
        assert document_language(document) == tag
        langs = {el.get(qn("w:val")) for el in document.styles.element.iter(qn("w:lang"))}
        assert langs == {tag}, f"{part}: every style that names a language says {tag}"


def test_template_keeps_its_own_page_and_language(wb, study, tmp_path):
    template = tmp_path / "mal.docx"
    t = docx.Document()
    t.sections[0].page_width, t.sections[0].page_height = Cm(17), Cm(24)
    t.save(str(template))
    document, _ = _export(wb, tmp_path, template=template)
    assert round(document.sections[0].page_width.cm) == 17
    assert document_language(document) == "en-US"  # python-docx's template, left alone


def test_numbered_by_default_from_the_project_chapter_number(wb, study, tmp_path):
    wb.set_setting("number_from", 6)
    document, result = _export(wb, tmp_path)
    heads = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:3] == ["6.0 Resultater", "6.1 Relasjonen til jobbspesialisten",
                         "6.1.1 Noen som trodde på meg"]
    assert not result.warnings
    document, _ = _export(wb, tmp_path, numbers=False)
    assert document.paragraphs[0].text == "Resultater"
    document, _ = _export(wb, tmp_path, number_from=5)
    assert document.paragraphs[0].text == "5.0 Resultater"


def test_bad_chapter_number_setting_is_a_user_error(wb, study, tmp_path, project_path, capsys):
    with pytest.raises(StcError, match="setting number_from: must be a whole number"):
        wb.set_setting("number_from", "seks")
    store_setting_unchecked(project_path, "number_from", "seks")  # an old or hand-edited file
    assert main(["export", "docx", str(project_path), "-o", str(tmp_path / "x.docx")]) == 2
    assert "number_from" in capsys.readouterr().err


def test_codebook_and_matrix_are_landscape_with_content_widths_and_repeating_headers(
        wb, study, tmp_path):
    for part in ("codebook", "matrix"):
        document, _ = _export(wb, tmp_path, f"{part}.docx", part=part)
        assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
        for table in document.tables:
            tr_pr = table.rows[0]._tr.trPr
            assert tr_pr.find(qn("w:tblHeader")) is not None
            widths = [c.width for c in table.columns]
            header = [c.text for c in table.rows[0].cells]
            assert sum(widths) <= Cm(29.7 - 5 + 0.01)  # twip rounding
            # names and text wide, counts narrow
            if part == "matrix":
                assert widths[header.index("Subgruppe")] > 2 * widths[header.index("Sum")]
            elif table is document.tables[0]:  # the one with a condensate
                assert widths[header.index("Kondensat")] > 2 * widths[header.index("Enheter")]


def test_no_column_is_narrower_than_its_longest_word():
    header = ["Kodegruppe", "Subgruppe", "JS1", "JS2", "Sum", "Tause informanter"]
    rows = [["Relasjonen", "Arbeidsgiverkontakt", "1/0", "–", "1/0", "JS2"]]
    widths = column_widths(header, rows, int(Cm(24.7)))
    char = Cm(24.7) / 200  # generous: a 9 pt character is far narrower than 1.2 mm
    for width, words in zip(widths, zip(header, *rows, strict=True), strict=True):
        longest = max(len(w) for cell in words for w in cell.split())
        assert width > longest * char * 1.5
    assert sum(widths) <= Cm(24.7)


def test_placeholders_are_highlighted_and_final_refuses_required_gaps(wb, study, tmp_path,
                                                                     project_path, capsys):
    document, result = _export(wb, tmp_path)
    marked = [p.text for p in document.paragraphs
              if any(r.font.highlight_color is not None for r in p.runs)]
    assert marked and all(t.startswith("[") for t in marked)
    assert main(["export", "docx", str(project_path), "-o", str(tmp_path / "f.docx"),
                 "--final"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--final" in err[0]
    assert "Fra begrensninger til muligheter" in err[0] and "Økonomi og trygd" in err[0]
    assert not (tmp_path / "f.docx").exists()
    assert main(["export", "md", str(project_path), "-o", str(tmp_path / "f.md"), "--final"]) == 2
    assert "--final" in capsys.readouterr().err and not (tmp_path / "f.md").exists()


def test_final_leaves_optional_empty_parts_out(wb, study, tmp_path):
    _tro, mulig, _apen = study["subgroups"]
    wb.set_analytic_text("Muligheter åpnet seg.", subgroup_id=mulig.id)
    economy = [g for g in wb.code_groups() if g.name == "økonomi"][0]
    wb.delete_code_group(economy.id)
    document, result = _export(wb, tmp_path, final=True)
    texts = [p.text for p in document.paragraphs]
    assert not any(t.startswith("[") for t in texts)  # no intro, no code-group text: left out
    assert not any(r.font.highlight_color for p in document.paragraphs for r in p.runs)
    assert "Muligheter åpnet seg." in texts and result.missing == []
    wb.add_code_group("tom", heading="Tom kodegruppe")
    with pytest.raises(StcError, match="--final.*Tom kodegruppe.*no subgroups"):
        export_docx(wb, "studie.stc", tmp_path / "ny.docx", ExportOptions(final=True))
    assert not (tmp_path / "ny.docx").exists()


def test_golden_quote_first_none_and_note(wb, study, tmp_path, project_path):
    tro = study["subgroups"][0]
    q1, q2, _ = study["quotes"]

    def quote_order():
        blocks = build_chapter(load_snapshot(wb)).sections[0].subsections[0].blocks
        return [b.quote_id for b in blocks if isinstance(b, QuoteBlock)]

    assert quote_order() == [q1.id, q2.id]  # note (default): the chapter order is kept
    wb.set_setting("golden_quote", "first")
    assert quote_order() == [q2.id, q1.id]  # the golden quote (unit 2) opens the subsection
    document, _ = _export(wb, tmp_path, "kb.docx", part="codebook")
    assert document.tables[0].rows[0].cells[-1].text == "Gullsitat"
    wb.set_setting("golden_quote", "none")
    document, _ = _export(wb, tmp_path, "kb.docx", part="codebook")
    assert "Gullsitat" not in [c.text for c in document.tables[0].rows[0].cells]
    with pytest.raises(StcError, match="golden_quote: must be one of none, first, note"):
        wb.set_setting("golden_quote", "alltid")
    store_setting_unchecked(project_path, "golden_quote", "alltid")
    with pytest.raises(StcError, match="golden_quote"):
        build_chapter(load_snapshot(wb))
    assert tro.id


def test_long_quotes_get_a_warning_with_a_shortened_display_text(wb, study, tmp_path,
                                                                project_path, capsys):
    wb.set_setting("quote_max_words", 10)
    q1 = study["quotes"][0]
    _, result = _export(wb, tmp_path)
    (note,) = [w for w in result.warnings if f"quote {q1.id} " in w]
    assert "over 10" in note and "(…)" in note and "«Jeg var veldig" in note
    assert main(["export", "docx", str(project_path), "-o", str(tmp_path / "w.docx")]) == 0
    assert f"warning: quote {q1.id} " in capsys.readouterr().err
