"""import-qdpx of files in the style of other tools (hand-written, a fictitious study):
positions counted their way, CRLF, BOM, folder and file names, nested codes, notes,
what is not supported, and quarantined selections."""

from __future__ import annotations

import zipfile

import pytest

from stc_bench.cli import main
from stc_bench.domain.model import Assignment, Coding, Document, Informant, MeaningUnit, Memo, Subgroup
from stc_bench.ingest.qdpx import read_qdpx
from stc_bench.services import Workbench

G = "{:08x}-0000-4000-8000-000000000000".format  # readable GUIDs for hand-written files
TEXT = ("I: Hvordan var den første uka på lageret? 😀\n"
        "JS7: Jeg var spent, men sjefen tok imot meg med kaffe.\n"
        "I: Og kollegene?\n"
        "JS7: De spurte ikke om noe, og det var deilig å slippe.\n")
PHRASE = "sjefen tok imot meg med kaffe"
SECOND = "det var deilig å slippe"


def qde(origin: str, source: str, selections: str, extra: str = "", codes: str = "") -> str:
    codes = codes or (f'<Code guid="{G(1)}" name="Arbeidsplassen" isCodable="true">'
                      f'<Code guid="{G(2)}" name="Mottakelse" isCodable="true"/></Code>')
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
            f'name="Lagerstudien" origin="{origin}"><CodeBook><Codes>{codes}</Codes></CodeBook>'
            f'<Sources><TextSource guid="{G(10)}" name="JS7" {source}>{selections}</TextSource>'
            f'</Sources>{extra}</Project>')


def sel(guid: int, start: int, end: int, name: str = "", code: int = 2) -> str:
    return (f'<PlainTextSelection guid="{G(guid)}" name="{name}" startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="{G(guid + 1000)}"><CodeRef targetGUID="{G(code)}"/>'
            '</Coding></PlainTextSelection>')


def write(path, entries: dict[str, bytes | str]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def target(project_path):
    path = project_path
    Workbench.create(path, title="Mål", actor="kari").close()
    return path


def _import(path, target):
    with Workbench.open(target, actor="kari") as wb:
        summary = wb.import_exchange(read_qdpx(path), source_name=path.name)
        units = sorted(wb.list(MeaningUnit), key=lambda u: u.start)
        return summary, [u.snippet for u in units]


def test_nvivo_utf16_units_crlf_two_bom_not_counted(tmp_path, target):
    crlf = TEXT.replace("\n", "\r\n")

    def pos(i: int) -> int:  # NVivo: UTF-16 code units, CRLF counted as 2, BOM not counted
        return len(crlf[:i].encode("utf-16-le")) // 2

    a, b = crlf.index(PHRASE), crlf.index(SECOND)
    selections = (sel(20, pos(a), pos(a + len(PHRASE))) + sel(21, pos(b), pos(b + len(SECOND)))
                  + sel(22, pos(b), pos(b + len(SECOND)), code=1))  # the span repeated per coding
    path = write(tmp_path / "nvivo.qdpx", {
        "project.qde": qde("NVivo 14", f'plainTextPath="internal://{G(10).upper()}.txt"', selections),
        f"Sources/{G(10).upper()}.txt": "\ufeff".encode() + crlf.encode("utf-8")})
    summary, snippets = _import(path, target)
    assert snippets == [PHRASE, SECOND]  # one unit for the repeated span
    assert not summary.quarantined
    with Workbench.open(target, read_only=True) as wb:
        assert wb.list(Document)[0].text == TEXT.rstrip("\n")
        unit = [u for u in wb.list(MeaningUnit) if u.snippet == SECOND][0]
        assert len(wb.list(Coding, unit_id=unit.id)) == 1  # Mottakelse lies inside Arbeidsplassen
        assert len(wb.list(Assignment, unit_id=unit.id)) == 1


def test_maxqda_crlf_counted_once(tmp_path, target):
    a = TEXT.index(PHRASE)  # positions of the LF text; the .txt has CRLF
    path = write(tmp_path / "maxqda.qdpx", {
        "project.qde": qde("MAXQDA 2022", 'plainTextPath="internal://js7.txt"', sel(20, a, a + len(PHRASE), PHRASE)),
        "sources/js7.txt": TEXT.replace("\n", "\r\n")})
    summary, snippets = _import(path, target)
    assert snippets == [PHRASE] and not summary.quarantined


def test_atlas_named_qde_cut_excerpt_and_a_selection_that_does_not_line_up(tmp_path, target):
    a = TEXT.index(PHRASE)
    cut = PHRASE[:8] + "…" + PHRASE[-5:]
    wrong = TEXT.index(SECOND)
    path = write(tmp_path / "atlas.qdpx", {
        "Lagerstudien.qde": qde("ATLAS.ti 23.2", 'plainTextPath="internal://js7.txt"',
                                sel(20, a, a + len(PHRASE), cut) + sel(21, wrong + 3, wrong + 20, SECOND)),
        "sources/js7.txt": TEXT.replace("\n", "\r\n")})
    summary, snippets = _import(path, target)
    assert snippets == [PHRASE]
    assert len(summary.quarantined) == 1 and G(21) in summary.quarantined[0]


def test_qualcoder_bom_nested_codes_notes_cases_and_unsupported(tmp_path, target):
    a = TEXT.index(PHRASE)
    codes = (f'<Code guid="{G(1)}" name="Arbeidsplassen" isCodable="false">'
             f'<Code guid="{G(2)}" name="Mottakelse" isCodable="true"><NoteRef targetGUID="{G(40)}"/>'
             f'<Code guid="{G(3)}" name="Kaffe" isCodable="true"/></Code></Code>')
    extra = (f'<Notes><Note guid="{G(40)}" name="Om koden"><PlainTextContent>Første møte med sjefen.'
             '</PlainTextContent></Note></Notes>'
             f'<Graphs><Graph guid="{G(50)}" name="Kart"/></Graphs>')
    cases = (f'<Variables><Variable guid="{G(60)}" name="sektor" typeOfVariable="Text"/>'
             f'<Variable guid="{G(61)}" name="navn" typeOfVariable="Text"/></Variables>'
             f'<Cases><Case guid="{G(70)}" name="JS7"><VariableValue><VariableRef targetGUID="{G(60)}"/>'
             f'<TextValue>privat</TextValue></VariableValue><VariableValue><VariableRef targetGUID="{G(61)}"/>'
             f'<TextValue>Ola</TextValue></VariableValue><SourceRef targetGUID="{G(10)}"/></Case></Cases>')
    xml = qde("QualCoder 3.5", 'plainTextPath="internal://js7.txt"', sel(20, a, a + len(PHRASE), PHRASE, code=3),
              extra, codes).replace("<Sources>", cases + "<Sources>").replace(
        "</TextSource>", f'</TextSource><PictureSource guid="{G(80)}" name="kart.png" path="internal://x.png"/>')
    path = write(tmp_path / "qualcoder.qdpx", {"project.qde": xml, "sources/js7.txt": "\ufeff" + TEXT})
    summary, snippets = _import(path, target)
    assert snippets == [PHRASE]
    with Workbench.open(target, read_only=True) as wb:
        assert [s.name for s in wb.list(Subgroup)] == ["Mottakelse", "Mottakelse / Kaffe"]
        memo = wb.list(Memo)[0]
        assert (memo.text, memo.entity) == ("Første møte med sjefen.", "subgroup")
        informant = wb.list(Informant)[0]
        assert informant.attributes == {"sektor": "privat"}  # 'navn' would identify: refused
        assert wb.list(Document)[0].informant_id == informant.id
    text = "\n".join(summary.lines())
    assert "PictureSource 'kart.png'" in text and "1 graph(s)" in text
    assert "deeper than code group" in text and "'navn' would identify" in text


def test_qc_bare_path_no_source_name_and_inline_text(tmp_path, target):
    a = TEXT.index(SECOND)
    xml = qde("qc 1.3.2", 'plainTextPath="board.txt"', sel(20, a, a + len(SECOND), "line:4")).replace(
        ' name="JS7"', "")
    inline = qde("", "", sel(30, a, a + len(SECOND))).replace(
        'name="JS7" >', f'name="JS8"><PlainTextContent>{TEXT.replace("JS7", "JS8")}</PlainTextContent>')
    write(tmp_path / "qc.qdpx", {"project.qde": xml, "sources/board.txt": TEXT})
    write(tmp_path / "inline.qdpx", {"project.qde": inline})
    summary, snippets = _import(tmp_path / "qc.qdpx", target)
    assert snippets == [SECOND] and not summary.quarantined
    summary, snippets = _import(tmp_path / "inline.qdpx", target)
    assert snippets == [SECOND, SECOND]
    with Workbench.open(target, read_only=True) as wb:
        assert sorted(d.title for d in wb.list(Document)) == ["JS8", "board.txt"]


def test_missing_text_is_reported_and_cli_prints_the_summary(tmp_path, target, capsys):
    path = write(tmp_path / "tom.qdpx", {
        "project.qde": qde("NVivo 12", 'plainTextPath="internal://mangler.txt"', sel(20, 0, 5))})
    assert main(["import-qdpx", str(path), str(target)]) == 0
    out = capsys.readouterr().out
    assert "mangler.txt is not in the archive" in out and "1 selection(s) left out" in out


def test_nvivo_annotation_tied_by_a_link_becomes_a_memo_on_the_unit(tmp_path, target):
    a = TEXT.index(PHRASE)
    extra = (f'<Notes><Note guid="{G(40)}" name="Annotasjon"><PlainTextContent>Kaffe som velkomst.'
             f'</PlainTextContent></Note></Notes><Links><Link guid="{G(41)}" originGUID="{G(40)}" '
             f'targetGUID="{G(20)}"/><Link guid="{G(42)}" originGUID="{G(1)}" targetGUID="{G(2)}"/></Links>')
    path = write(tmp_path / "nvivo.qdpx", {
        "project.qde": qde("NVivo 14", 'plainTextPath="internal://js7.txt"', sel(20, a, a + len(PHRASE)), extra),
        "sources/js7.txt": TEXT})
    summary, snippets = _import(path, target)
    with Workbench.open(target, read_only=True) as wb:
        memo = wb.list(Memo)[0]
        unit = wb.list(MeaningUnit)[0]
    assert (memo.text, memo.entity, memo.entity_id) == ("Kaffe som velkomst.", "meaning_unit", unit.id)
    assert summary.unsupported == ["1 link(s) between objects: stc-bench has no links; left out"]


def test_codebook_of_an_older_namespace_with_a_set(tmp_path, target, capsys):
    qdc = (f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="ATLAS.ti 9">'
           f'<Codes><Code guid="{{{G(1).upper()}}}" name="Arbeid" isCodable="false" color="#ff0000">'
           f'<Description>Alt om jobben.</Description><Code guid="{G(2)}" name="Sjefen" isCodable="true"/>'
           f'</Code></Codes><Sets><Set guid="{G(3)}" name="Relasjoner"><MemberCode guid="{G(2)}"/></Set>'
           '</Sets></CodeBook>')
    (tmp_path / "atlas.qdc").write_text(qdc, encoding="utf-8")
    assert main(["import-qdc", str(tmp_path / "atlas.qdc"), str(target)]) == 0
    assert "1 code groups, 1 subgroups, 1 themes" in capsys.readouterr().out
    with Workbench.open(target, read_only=True) as wb:
        group, sub, theme = wb.code_groups()[0], wb.list(Subgroup)[0], wb.themes()[0]
    assert (group.name, group.description, sub.name, theme.name) == ("Arbeid", "Alt om jobben.", "Sjefen",
                                                                     "Relasjoner")
    assert sub.theme_id == theme.id
