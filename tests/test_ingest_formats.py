"""Import every format students have: the turns, speakers and text come out right.

The files are generated here from one fictitious interview about job support (IPS).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from helpers.study import store_setting_unchecked

from stc_bench.domain.errors import StcError
from stc_bench.ingest import IngestError, import_file, read_file

#: (label, utterance) — the interviewer asks, the informant answers.
TURNS = [
    ("I", "Kan du fortelle om den første samtalen med jobbspesialisten?"),
    ("JS3", "Ja — hun kom hjem til meg, faktisk [latter]. Jeg var «helt sikker» på at "
            "det ikke ville gå, men hun spurte hva jeg drømte om. Æ, ø og å 😀."),
    ("I", "Hva svarte du da?"),
    ("JS3", "At jeg ville jobbe med dyr. To uker senere hadde jeg praksis på en gård."),
]


def labelled_lines(turns=TURNS, sep=": ") -> list[str]:
    return [f"{label}{sep}{text}" for label, text in turns]


def make_docx(path: Path, *, bold: bool = False, table: bool = False) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Topptekst: KONFIDENSIELT utkast"
    document.sections[0].footer.paragraphs[0].text = "Bunntekst: side 1"
    if table:
        grid = document.add_table(rows=len(TURNS) + 1, cols=2)
        grid.cell(0, 0).text, grid.cell(0, 1).text = "Taler", "Tekst"
        for i, (label, text) in enumerate(TURNS, start=1):
            grid.cell(i, 0).text, grid.cell(i, 1).text = label, text
    else:
        for label, text in TURNS:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}:" if not bold else label).bold = bold
            paragraph.add_run(f" {text}")
    document.save(path)
    return path


def make_odt(path: Path, lines: list[str]) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for line in lines:
        document.text.addElement(P(text=line))
    document.save(str(path))
    return path


def rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif code < 128:
            out.append(ch)
        elif code < 65536:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        else:  # outside the BMP: a UTF-16 surrogate pair
            hi, lo = divmod(code - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + hi - 65536}?\\u{0xDC00 + lo - 65536}?")
    return "".join(out)


def make_rtf(path: Path, lines: list[str]) -> Path:
    body = "\\par\n".join(rtf_escape(line) for line in lines)
    path.write_text("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0 "
                    + body + "\\par\n}", encoding="ascii")
    return path


def make_vtt(path: Path) -> Path:
    cues = ["WEBVTT", ""]
    for i, (label, text) in enumerate(TURNS):
        first, _, second = text.partition(". ")
        for j, part in enumerate(p for p in (first, second) if p):
            t = i * 10 + j * 4
            cues += [f"00:00:{t:02d}.250 --> 00:00:{t + 3:02d}.500", f"<v {label}>{part}</v>", ""]
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def make_srt(path: Path) -> Path:
    cues, n = [], 0
    for i, (label, text) in enumerate(TURNS):
        speaker = "SPEAKER_00" if label == "I" else "SPEAKER_01"
        n += 1
        cues += [str(n), f"00:01:{i * 5:02d},000 --> 00:01:{i * 5 + 4:02d},000",
                 f"[{speaker}]: {text}", ""]
    path.write_text("\r\n".join(cues), encoding="utf-8")
    return path


def assert_interview(result, *, interviewer: str = "I") -> None:
    draft = result.draft
    assert [t.speaker for t in draft.turns] == [label if label != "I" else interviewer
                                                for label, _ in TURNS]
    assert [draft.text[t.start:t.end] for t in draft.turns] == [text for _, text in TURNS]
    assert [t.is_interviewer for t in draft.turns] == [True, False, True, False]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_txt_in_any_common_encoding_and_line_ending(tmp_path, encoding, newline):
    turns = TURNS if encoding in ("utf-8", "utf-8-sig", "utf-16") else [
        (label, text.replace(" 😀", "").replace("—", "-" if encoding == "latin-1" else "—"))
        for label, text in TURNS]
    path = tmp_path / "JS3.txt"
    path.write_bytes(newline.join(labelled_lines(turns)).encode(encoding))
    result = read_file(path)
    assert result.informant == "JS3" and result.draft.format == "txt"
    assert [result.draft.text[t.start:t.end] for t in result.draft.turns] == [t for _, t in turns]
    assert "\r" not in result.draft.text and "\ufeff" not in result.draft.text


def test_docx_with_typed_labels_ignores_header_and_footer(tmp_path):
    result = read_file(make_docx(tmp_path / "JS3.docx"))
    assert_interview(result)
    assert "Topptekst" not in result.draft.text and "Bunntekst" not in result.draft.text


def test_docx_with_bold_labels_without_colon(tmp_path):
    assert_interview(read_file(make_docx(tmp_path / "JS3.docx", bold=True)))


def test_docx_two_column_table_skips_its_header_row(tmp_path):
    result = read_file(make_docx(tmp_path / "JS3.docx", table=True))
    assert_interview(result)
    assert "Taler" not in result.draft.text


def test_odt_rtf_and_markdown(tmp_path):
    assert_interview(read_file(make_odt(tmp_path / "JS3.odt", labelled_lines())))
    assert_interview(read_file(make_rtf(tmp_path / "JS3.rtf", labelled_lines())))
    md = tmp_path / "JS3.md"
    md.write_text("# Intervju JS3\n\n" + "\n\n".join(
        f"**{label}:** {text}" for label, text in TURNS), encoding="utf-8")
    result = read_file(md)
    assert result.draft.format == "md"
    assert [t.speaker for t in result.draft.turns][1:] == [label for label, _ in TURNS]
    assert [result.draft.text[t.start:t.end] for t in result.draft.turns][1:] == [
        text for _, text in TURNS]


def test_vtt_voice_tags_merge_cues_into_turns_with_media_times(tmp_path):
    result = read_file(make_vtt(tmp_path / "JS3.vtt"))
    turns = result.draft.turns
    assert [t.speaker for t in turns] == [label for label, _ in TURNS]
    assert [t.is_interviewer for t in turns] == [True, False, True, False]
    assert (turns[1].media_start_ms, turns[1].media_end_ms) == (10_250, 17_500)
    assert result.draft.text[turns[1].start:turns[1].end].startswith("Ja — hun kom hjem")


def test_srt_diarisation_labels_pick_the_asker_as_interviewer(tmp_path):
    result = read_file(make_srt(tmp_path / "JS3.srt"))
    turns = result.draft.turns
    assert [t.speaker for t in turns] == ["SPEAKER_00", "SPEAKER_01"] * 2
    assert [t.is_interviewer for t in turns] == [True, False, True, False]
    assert turns[2].media_start_ms == 70_000


def test_format_is_sniffed_from_content_not_suffix(tmp_path):
    docx_as_txt = make_docx(tmp_path / "x.docx").rename(tmp_path / "JS3.txt")
    assert read_file(docx_as_txt).draft.format == "docx"
    vtt_as_txt = make_vtt(tmp_path / "y.vtt").rename(tmp_path / "JS3-intervju.txt")
    result = read_file(vtt_as_txt)
    assert result.draft.format == "vtt" and result.informant == "JS3"


@pytest.mark.parametrize("line, speaker, text", [
    ("Int: Hvordan var det?", "Int", "Hvordan var det?"),
    ("Intervjuer: Hvordan var det?", "Intervjuer", "Hvordan var det?"),
    ("Forsker: Hvordan var det?", "Forsker", "Hvordan var det?"),
    ("Moderator: Hvordan var det?", "Moderator", "Hvordan var det?"),
    ("Informant 3: Det var fint.", "Informant 3", "Det var fint."),
    ("IP: Det var fint.", "IP", "Det var fint."),
    ("P2: Det var fint.", "P2", "Det var fint."),
    ("[00:01:23] Informant: Det var fint.", "Informant", "Det var fint."),
    ("(00:01:23) JS1: Det var fint.", "JS1", "Det var fint."),
])
def test_speaker_labels_students_use(tmp_path, line, speaker, text):
    path = tmp_path / "a.txt"
    path.write_text(f"{line}\nI: Og så?\n", encoding="utf-8")
    turn = read_file(path).draft.turns[0]
    assert turn.speaker == speaker
    assert read_file(path).draft.text[turn.start:turn.end] == text


def test_timestamp_sets_media_start(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("[00:01:23] I: Hei?\n[00:01:30] Kari: Hei.\n[00:02:00] Kari: Ja.\n")
    turns = read_file(path).draft.turns
    assert [t.media_start_ms for t in turns] == [83_000, 90_000, 120_000]


def test_names_count_only_when_they_recur(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kari: Hvordan går det?\nOla: Bra.\nKari: Og jobben?\nOla: Fin.\n"
                    "Altså: det var slik.\n")
    draft = read_file(path).draft
    assert [t.speaker for t in draft.turns] == ["Kari", "Ola", "Kari", "Ola"]
    assert draft.text[draft.turns[-1].start:draft.turns[-1].end] == "Fin.\nAltså: det var slik."
    assert [t.is_interviewer for t in draft.turns] == [True, False, True, False]


def test_no_labels_is_one_turn_per_paragraph_with_a_warning(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Første avsnitt om jobb.\n\nAndre avsnitt om støtte.\n")
    result = read_file(path)
    assert [result.draft.text[t.start:t.end] for t in result.draft.turns] == [
        "Første avsnitt om jobb.", "Andre avsnitt om støtte."]
    assert any("no speaker labels" in w for w in result.warnings)


def test_project_setting_overrides_label_patterns(wb, tmp_path, project_path):
    path = tmp_path / "Leder 1.txt"
    path.write_text("Veileder: Hva tenker du?\nLeder 1: At det fungerer.\n"
                    "Veileder: Hvorfor?\nLeder 1: Fordi vi snakker sammen.\n")
    wb.set_setting("speaker_patterns", {"interviewer": ["Veileder"], "speakers": [r"Leder \d+"]})
    doc = import_file(wb, path)
    turns = wb.turns(doc.id)
    assert [(t.speaker, t.is_interviewer) for t in turns] == [
        ("Veileder", True), ("Leder 1", False)] * 2
    assert wb.get(type(doc), doc.id).informant_id is not None
    with pytest.raises(StcError, match=r"setting speaker_patterns.interviewer: '\(' is not a valid"):
        wb.set_setting("speaker_patterns", {"interviewer": ["("]})
    store_setting_unchecked(project_path, "speaker_patterns", {"interviewer": ["("]})
    with pytest.raises(IngestError, match="speaker_patterns.interviewer"):
        read_file(path, settings=wb.project().settings)


def test_replacement_characters_are_counted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("I: Hei\ufffd\ufffd?\nJS1: Ja\ufffd.\n", encoding="utf-8")
    assert "3 replacement characters" in read_file(path).warnings


def test_import_file_stores_document_turns_and_source_hash(wb, tmp_path):
    path = make_docx(tmp_path / "JS3.docx")
    doc = import_file(wb, path)
    assert doc.source_name == "JS3.docx" and doc.format == "docx"
    assert len(doc.source_sha256) == 64 and doc.source_sha256 == read_file(path).source_sha256
    turns = wb.turns(doc.id)
    assert [doc.text[t.start:t.end] for t in turns] == [text for _, text in TURNS]
    event = wb.log()[-1]
    assert event.action == "document.import" and doc.source_sha256 in event.message + str(
        event.after)


def zip_with(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_labels_bold_through_a_character_style(tmp_path):
    # Templates often format speaker labels with the "Strong" character style, not direct bold.
    document = docx.Document()
    for label, text in TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(label, style="Strong")
        paragraph.add_run(f" {text}")
    path = tmp_path / "JS3.docx"
    document.save(path)
    assert_interview(read_file(path))
