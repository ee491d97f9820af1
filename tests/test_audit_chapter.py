"""audit chapter: a supervisor checks a chapter the student has edited in Word.

Each test exports the worked study's chapter, edits it the way Word would (python-docx
on the saved file), saves it and asks ``stc-bench audit chapter`` what changed.
"""

from __future__ import annotations

import copy
import json

import docx
import pytest
from docx.oxml.ns import qn
from test_export_chapter import build_export_study

from stc_bench.cli import main
from stc_bench.export.api import ExportOptions, export_docx
from stc_bench.export.chapter_audit import audit_chapter, word_diff


@pytest.fixture
def chapter(wb, doc, tmp_path):
    study = build_export_study(wb, doc)
    wb.set_setting("number_from", 6)
    out = tmp_path / "kapittel.docx"
    export_docx(wb, "studie.stc", out, ExportOptions())
    return study, out


def _edit(path, change) -> None:
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))


def _para(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _kinds(wb, path) -> list[str]:
    return [f.kind for f in audit_chapter(wb, path).findings]


def _cli(project_path, path, capsys, *extra) -> tuple[int, str]:
    code = main(["audit", "chapter", str(project_path), str(path), *extra])
    return code, capsys.readouterr().out


def test_an_untouched_chapter_is_faithful(wb, chapter, project_path, capsys):
    _study, path = chapter
    code, out = _cli(project_path, path, capsys)
    assert code == 0 and "faithful" in out
    code, out = _cli(project_path, path, capsys, "--json")
    report = json.loads(out)
    assert code == 0 and report["faithful"] and report["findings"] == []
    assert report["export_seq"] == wb.last_seq() and report["tags"] > 10


def test_an_edited_quote_word_is_found_with_a_word_diff(wb, chapter, project_path, capsys):
    study, path = chapter

    def edit(document):
        para = _para(document, "«Mange arbeidsgivere")
        para.runs[0].text = para.runs[0].text.replace("mer åpne", "mye mer åpne")
    _edit(path, edit)
    (finding,) = audit_chapter(wb, path).findings
    assert finding.kind == "quote_edited" and finding.quote_id == study["quotes"][2].id
    assert "{+mye+}" in finding.diff
    code, out = _cli(project_path, path, capsys)
    assert code == 1 and "quote_edited" in out and "{+mye+}" in out
    code, out = _cli(project_path, path, capsys, "--json")
    report = json.loads(out)
    assert code == 1 and not report["faithful"]
    assert [(f["kind"], f["quote_id"]) for f in report["findings"]] == [
        ("quote_edited", study["quotes"][2].id)]


def test_a_deleted_quote_and_an_invented_one(wb, chapter):
    study, path = chapter

    def edit(document):
        para = _para(document, "«At noen trodde")
        para._p.getparent().remove(para._p)
        invented = _para(document, "Arbeidsgiverne var mer åpne").insert_paragraph_before(
            "«Jeg fikk jobb med en gang, det var helt fantastisk.» (JS1)", style="Quote")
        assert invented.text
    _edit(path, edit)
    findings = audit_chapter(wb, path).findings
    assert sorted(f.kind for f in findings) == ["quote_deleted", "quote_invented"]
    deleted = next(f for f in findings if f.kind == "quote_deleted")
    assert deleted.quote_id == study["quotes"][1].id


def test_a_quote_moved_to_another_subgroup(wb, chapter):
    study, path = chapter

    def edit(document):
        quote = _para(document, "«Mange arbeidsgivere")._p
        quote.getparent().remove(quote)
        _para(document, "Flere deltakere var usikre")._p.addnext(quote)
    _edit(path, edit)
    (finding,) = audit_chapter(wb, path).findings
    assert finding.kind == "quote_moved" and finding.quote_id == study["quotes"][2].id
    assert "'Åpne arbeidsgivere' to 'Noen som trodde på meg'" in finding.message


def test_an_edited_analytic_paragraph_gives_a_word_diff(wb, chapter):
    _study, path = chapter
    _edit(path, lambda d: setattr(_para(d, "Flere deltakere").runs[0], "text",
                                  "Nesten alle deltakerne var usikre i starten."))
    (finding,) = audit_chapter(wb, path).findings
    assert finding.kind == "paragraph_edited" and "Noen som trodde på meg" in finding.message
    assert finding.diff == "[-Flere deltakere-] {+Nesten alle deltakerne+} var usikre i starten."


def test_a_shortened_quote_is_faithful_only_once_the_project_records_it(wb, chapter):
    study, path = chapter
    shorter = "Mange arbeidsgivere er mer åpne enn vi tror. (…)"
    _edit(path, lambda d: setattr(_para(d, "«Mange arbeidsgivere").runs[0], "text",
                                  f"«{shorter}» (B2)"))
    (finding,) = audit_chapter(wb, path).findings
    assert finding.kind == "quote_unrecorded"
    wb.edit_quote(study["quotes"][2].id, display_text=shorter)
    report = audit_chapter(wb, path)
    assert report.faithful
    assert report.events_after[-1]["action"] == "quote.edit"
    assert any("since the export" in n for n in report.notes)


def test_stripped_tags_are_matched_by_text_and_said_so(wb, chapter, project_path, capsys):
    _study, path = chapter

    def strip(document):
        body = document.element.body
        for mark in [*body.iter(qn("w:bookmarkStart")), *body.iter(qn("w:bookmarkEnd"))]:
            mark.getparent().remove(mark)
    _edit(path, strip)
    report = audit_chapter(wb, path)
    assert report.tags == 0 and report.faithful
    assert any("lost their tag" in n and "matched by their text" in n for n in report.notes)
    _edit(path, lambda d: setattr(_para(d, "«Mange arbeidsgivere").runs[0], "text",
                                  "«Mange arbeidsgivere er helt åpne.» (B2)"))
    assert _kinds(wb, path) == ["quote_edited"]
    code, out = _cli(project_path, path, capsys)
    assert code == 1 and "matched by their text" in out


def test_a_split_paragraph_and_styles_changed_stay_faithful(wb, chapter):
    _study, path = chapter

    def edit(document):
        para = _para(document, "Relasjonen beskrives")
        para.runs[0].text = "Relasjonen beskrives som"
        second = copy.deepcopy(para._p)
        for el in second.findall(qn("w:bookmarkStart")) + para._p.findall(qn("w:bookmarkEnd")):
            el.getparent().remove(el)
        second.find(qn("w:r")).find(qn("w:t")).text = "selve grunnlaget for støtten."
        para._p.addnext(second)
        _para(document, "Arbeidsgiverne var").style = document.styles["Body Text"]
    _edit(path, edit)
    assert audit_chapter(wb, path).faithful


def test_bad_input_is_exit_2(wb, chapter, project_path, tmp_path, capsys):
    _study, path = chapter
    text = tmp_path / "notat.docx"
    text.write_text("ikke en docx")
    for bad in (text, tmp_path / "finnes-ikke.docx"):
        assert main(["audit", "chapter", str(project_path), str(bad)]) == 2
        assert capsys.readouterr().err.startswith("stc-bench: error: ")
    codebook = tmp_path / "kodebok.docx"
    export_docx(wb, "studie.stc", codebook, ExportOptions(part="codebook"))
    assert main(["audit", "chapter", str(project_path), str(codebook)]) == 2
    assert "no stc-bench provenance" in capsys.readouterr().err


def test_word_diff_keeps_a_little_context():
    old = "en to tre fire fem seks sju åtte ni ti elleve tolv"
    new = "en to tre fire fem seks SJU åtte ni ti elleve tolv"
    assert word_diff(old, new) == "… tre fire fem seks [-sju-] {+SJU+} åtte ni ti elleve …"


def _tracked(document, para, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a paragraph as a tracked change (w:del + w:ins)."""
    from docx.oxml import OxmlElement

    run = next(r for r in para.runs if old in r.text)
    before, after = run.text.split(old, 1)
    run.text = before
    deleted, inserted = OxmlElement("w:del"), OxmlElement("w:ins")
    for change, tag, text in ((deleted, "w:delText", old), (inserted, "w:t", new)):
        change.set(qn("w:id"), "900" if change is deleted else "901")
        change.set(qn("w:author"), "Student")
        r, t = OxmlElement("w:r"), OxmlElement(tag)
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
        change.append(r)
    tail = copy.deepcopy(run._r)
    tail.find(qn("w:t")).text = after
    run._r.addnext(deleted)
    deleted.addnext(inserted)
    inserted.addnext(tail)


def test_tracked_changes_count_as_accepted(wb, chapter):
    _study, path = chapter
    _edit(path, lambda d: _tracked(d, _para(d, "«Mange arbeidsgivere"), "mer", "litt"))
    (finding,) = audit_chapter(wb, path).findings
    assert finding.kind == "quote_edited" and "[-mer-] {+litt+}" in finding.diff


def test_joined_paragraphs_keep_their_own_tags(wb, doc, tmp_path):
    study = build_export_study(wb, doc)
    emp = study["groups"][1]
    wb.set_analytic_text("Arbeidsgiverne ble viktige.\nDe fleste var positive.",
                         code_group_id=emp.id)
    path = tmp_path / "k.docx"
    export_docx(wb, "studie.stc", path, ExportOptions())

    def join(document):
        first, second = _para(document, "Arbeidsgiverne ble"), _para(document, "De fleste")
        for child in list(second._p):
            if child.tag != qn("w:pPr"):
                first._p.append(child)
        second._p.getparent().remove(second._p)
    _edit(path, join)
    assert _para(docx.Document(str(path)), "Arbeidsgiverne ble").text == \
        "Arbeidsgiverne ble viktige.De fleste var positive."
    assert audit_chapter(wb, path).faithful


def test_an_edited_introduction_is_an_edited_paragraph(wb, doc, tmp_path):
    build_export_study(wb, doc)
    wb.set_setting("chapter_intro", "Her presenteres funnene fra to intervjuer.")
    path = tmp_path / "k.docx"
    export_docx(wb, "studie.stc", path, ExportOptions())
    assert audit_chapter(wb, path).faithful
    _edit(path, lambda d: setattr(_para(d, "Her presenteres").runs[0], "text",
                                  "Her presenteres funnene fra tre intervjuer."))
    (finding,) = audit_chapter(wb, path).findings
    assert finding.kind == "paragraph_edited" and "the introduction" in finding.message
    assert "[-to-] {+tre+}" in finding.diff


def test_a_chapter_built_on_a_template_with_its_own_bookmarks_and_properties(wb, doc, tmp_path):
    from stc_bench.export.provenance import read_properties, write_properties

    build_export_study(wb, doc)
    template = tmp_path / "mal.docx"
    t = docx.Document()
    t.add_paragraph("Forside")
    write_properties(t, {"Institutt": "Helsefag"})
    t.save(str(template))
    path = tmp_path / "k.docx"
    export_docx(wb, "studie.stc", path, ExportOptions(template=template, part="discussion"))
    props = read_properties(docx.Document(str(path)))
    assert props["Institutt"] == "Helsefag" and props["stc-bench part"] == "discussion"
    report = audit_chapter(wb, path)
    assert report.faithful and report.part == "discussion" and report.tags > 3


def test_a_chapter_of_another_project_is_refused(wb, chapter, tmp_path, capsys):
    from stc_bench.services import Workbench

    _study, path = chapter
    other = tmp_path / "annen.stc"
    Workbench.create(other, title="Et annet prosjekt", actor="kari").close()
    assert main(["audit", "chapter", str(other), str(path)]) == 2
    assert "another project" in capsys.readouterr().err


def test_a_display_text_changed_in_the_project_after_export_is_a_note(wb, chapter):
    study, path = chapter
    wb.edit_quote(study["quotes"][2].id, display_text="Mange arbeidsgivere er mer åpne enn vi "
                                                      "tror. (…)")
    report = audit_chapter(wb, path)
    assert report.faithful
    assert any(f"quote {study['quotes'][2].id}: its display text was changed in the project" in n
               for n in report.notes)
