"""Nothing in a Word or OpenDocument file is dropped silently.

Text in a nested table is read in place; text the body cannot place (text boxes,
footnotes, comments) is named in a warning. A soft line break at the start is fine.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from test_ingest_formats import TURNS, assert_interview

from stc_bench.ingest import read_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ANSWER = "Jeg fikk endelig en jobb som passet meg, og det var jobbspesialisten sin fortjeneste."


def nested_table_docx(path: Path) -> Path:
    document = docx.Document()
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "I", "Hvordan gikk det til slutt?"
    grid.cell(1, 0).text = "JS2"
    inner = grid.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = ANSWER
    document.save(path)
    return path


def test_text_in_a_nested_word_table_is_imported_in_order(tmp_path):
    draft = read_file(nested_table_docx(tmp_path / "JS2.docx")).draft
    turns = [(t.speaker, draft.text[t.start:t.end]) for t in draft.turns]
    assert turns == [("I", "Hvordan gikk det til slutt?"), ("JS2", ANSWER)]


def test_whole_interview_inside_a_layout_table_keeps_its_turns(tmp_path):
    document = docx.Document()
    inner = document.add_table(rows=1, cols=1).cell(0, 0).add_table(rows=len(TURNS), cols=2)
    for i, (label, text) in enumerate(TURNS):
        inner.cell(i, 0).text, inner.cell(i, 1).text = label, text
    path = tmp_path / "JS3.docx"
    document.save(path)
    assert_interview(read_file(path))


def _with_parts(path: Path, parts: dict[str, str]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        for name, xml in parts.items():
            dst.writestr(name, xml)
    path.write_bytes(buf.getvalue())
    return path


def interview_with_a_text_box(path: Path) -> Path:
    """The interview in .docx, with a text box ("Notat i boks: informanten gråt") in its
    second paragraph."""
    document = docx.Document()
    for label, text in TURNS:
        document.add_paragraph(f"{label}: {text}")
    box = (f'<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
           '<w:t>Notat i boks: informanten gråt</w:t></w:r></w:p></w:txbxContent></w:drawing>'
           '</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>'
           '<w:t>Notat i boks: informanten gråt</w:t></w:r></w:p></w:txbxContent></w:pict>'
           '</mc:Fallback></mc:AlternateContent></w:r>')
    document.paragraphs[1]._p.append(parse_xml(box))
    document.save(path)
    return path


def test_text_boxes_footnotes_and_comments_are_named_in_a_warning(tmp_path):
    path = interview_with_a_text_box(tmp_path / "JS3.docx")
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
             '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
             '<w:t>Informanten mente praksisplassen</w:t></w:r></w:p></w:footnote></w:footnotes>')
    comments = (f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="K"><w:p><w:r>'
                '<w:t>Sjekk lydfila her</w:t></w:r></w:p></w:comment></w:comments>')
    _with_parts(path, {"word/footnotes.xml": notes, "word/comments.xml": comments})
    result = read_file(path)
    assert_interview(result)
    warnings = " | ".join(result.warnings)
    assert "1 text boxes not imported (the first: 'Notat i boks: informanten gråt')" in warnings
    assert "1 footnotes not imported (the first: 'Informanten mente praksisplassen')" in warnings
    assert "1 comments not imported (the first: 'Sjekk lydfila her')" in warnings


def test_odt_nested_table_and_footnote(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import Note, NoteBody, NoteCitation, P

    document = OpenDocumentText()
    outer = Table(name="T1")
    outer.addElement(TableColumn(numbercolumnsrepeated=2))
    for label, content in (("I", "Hvordan gikk det til slutt?"), ("JS2", None)):
        row = TableRow()
        first = TableCell()
        first.addElement(P(text=label))
        second = TableCell()
        if content:
            paragraph = P(text=content)
            note = Note(noteclass="footnote", id="n1")
            note.addElement(NoteCitation(text="1"))
            body = NoteBody()
            body.addElement(P(text="Fotnote om intervjuet"))
            note.addElement(body)
            paragraph.addElement(note)
            second.addElement(paragraph)
        else:
            inner = Table(name="T2")
            inner.addElement(TableColumn())
            inner_row, inner_cell = TableRow(), TableCell()
            inner_cell.addElement(P(text=ANSWER))
            inner_row.addElement(inner_cell)
            inner.addElement(inner_row)
            second.addElement(inner)
        row.addElement(first)
        row.addElement(second)
        outer.addElement(row)
    document.text.addElement(outer)
    path = tmp_path / "JS2.odt"
    document.save(str(path))
    result = read_file(path)
    draft = result.draft
    assert [(t.speaker, draft.text[t.start:t.end]) for t in draft.turns] == [
        ("I", "Hvordan gikk det til slutt?"), ("JS2", ANSWER)]
    assert any("1 footnotes not imported" in w for w in result.warnings)


def test_soft_line_break_at_the_start_of_a_docx(tmp_path):
    document = docx.Document()
    for i, (label, text) in enumerate(TURNS):
        paragraph = document.add_paragraph()
        if i == 0:
            paragraph.add_run().add_break()
        paragraph.add_run(f"{label}: {text}")
    document.add_paragraph().add_run().add_break()
    path = tmp_path / "JS3.docx"
    document.save(path)
    assert_interview(read_file(path))
