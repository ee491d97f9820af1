"""REFI-QDA export: schema-valid .qdpx and .qdc, stable GUIDs, the same bytes twice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from stc_bench.cli import main
from stc_bench.demo import build_demo
from stc_bench.domain.model import Document, InterviewGuide, MeaningUnit, Subgroup
from stc_bench.export.qdpx import export_qdc, export_qdpx
from stc_bench.services import Workbench

SHARED = Path(__file__).resolve().parents[2] / "shared" / "refi"
NS = {"q": "urn:QDA-XML:project:1.0"}


def _schema(name: str) -> etree.XMLSchema:
    # the copy in ../shared/refi when there is one (the reference), else the packaged copy
    path = SHARED / f"{name}.xsd"
    if not path.exists():
        path = Path(__file__).resolve().parents[1] / "stc_bench" / "data" / "refi" / f"{name}.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.stc"
    build_demo(path).close()
    return path


def test_demo_exports_schema_valid_qdpx_with_sources(demo, tmp_path):
    with Workbench.open(demo, read_only=True) as wb:
        path, _warnings = export_qdpx(wb, demo, tmp_path / "demo.qdpx")
        docs = [d for d in wb.list(Document) if not d.superseded]
        units = wb.list(MeaningUnit)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        qde = etree.fromstring(zf.read("project.qde"))
        _schema("Project").assertValid(qde)
        sources = qde.findall(".//q:TextSource", NS)
        assert len(sources) == len(docs) and names[0] == "project.qde"
        texts = {d.text for d in docs}
        for src in sources:
            guid = src.get("guid")
            assert src.get("plainTextPath") == f"internal://{guid}.txt"
            text = zf.read(f"sources/{guid}.txt").decode("utf-8")
            assert text in texts and not text.startswith("\ufeff")
            for sel in src.findall("q:PlainTextSelection", NS):  # code points, end exclusive
                span = text[int(sel.get("startPosition")):int(sel.get("endPosition"))]
                assert sel.get("name").rstrip("…") == span[:len(sel.get("name").rstrip("…"))]
    assert len(qde.findall(".//q:PlainTextSelection", NS)) == len(units)
    # kinds recorded as sets; golden quotes as links from the subgroup's code
    set_names = {s.get("name") for s in qde.findall(".//q:Set", NS)}
    assert {"stc-bench: condensate", "stc-bench: analytic:chapter"} <= set_names
    assert qde.findall(".//q:Link[@name='golden quote']", NS)


def test_same_bytes_twice_and_guids_survive_an_edit(demo, tmp_path):
    with Workbench.open(demo, read_only=True) as wb:
        a, _ = export_qdpx(wb, demo, tmp_path / "a.qdpx")
        b, _ = export_qdpx(wb, demo, tmp_path / "b.qdpx")
    assert a.read_bytes() == b.read_bytes()
    copy = tmp_path / "copy.stc"
    copy.write_bytes(demo.read_bytes())
    with Workbench.open(copy, actor="kari") as wb:
        group = wb.code_groups()[0]
        wb.rename_code_group(group.id, "Nytt navn")
        c, _ = export_qdpx(wb, copy, tmp_path / "c.qdpx")
    old = etree.fromstring(zipfile.ZipFile(a).read("project.qde"))
    new = etree.fromstring(zipfile.ZipFile(c).read("project.qde"))
    first_old = old.find(".//q:Code", NS)
    first_new = new.find(".//q:Code", NS)
    assert first_new.get("name") == "Nytt navn"
    assert first_new.get("guid") == first_old.get("guid")  # renamed, same object, same GUID
    guids = lambda root: sorted(e.get("guid") for e in root.iter() if e.get("guid"))  # noqa: E731
    assert guids(old) == guids(new)


def test_codebook_is_schema_valid(demo, tmp_path):
    with Workbench.open(demo, read_only=True) as wb:
        path, _ = export_qdc(wb, demo, tmp_path / "kodebok.qdc")
        groups = wb.code_groups()
    root = etree.parse(str(path)).getroot()
    _schema("Codebook").assertValid(root)
    top = root.findall("{urn:QDA-XML:codebook:1.0}Codes/{urn:QDA-XML:codebook:1.0}Code")
    assert [c.get("name") for c in top] == [g.name for g in groups]


def test_cli_export_refuses_overwrite_and_empty_codebook(demo, tmp_path, capsys, wb, project_path):
    target = tmp_path / "x.qdpx"
    assert main(["export", "qdpx", str(demo), "-o", str(target)]) == 0
    assert main(["export", "qdpx", str(demo), "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["export", "qdc", str(project_path), "-o", str(tmp_path / "k.qdc")]) == 2
    assert "no code groups" in capsys.readouterr().err
    assert not (tmp_path / "k.qdc").exists()


def test_codebook_round_trip_into_a_new_project(demo, tmp_path, project_path, capsys):
    with Workbench.open(demo, read_only=True) as wb:
        path, _ = export_qdc(wb, demo, tmp_path / "kodebok.qdc")
        want = ([(g.name, g.description) for g in wb.code_groups()],
                [(s.name, s.description) for s in wb.list(Subgroup, ("code_group_id", "position"))],
                [(t.name, t.description) for t in wb.themes()])
    target = project_path
    Workbench.create(target, title="Ny", actor="kari").close()
    assert main(["import-qdc", str(path), str(target)]) == 0
    assert "3 code groups" in capsys.readouterr().out
    with Workbench.open(target, read_only=True) as wb:
        got = ([(g.name, g.description) for g in wb.code_groups()],
               [(s.name, s.description) for s in wb.list(Subgroup, ("code_group_id", "position"))],
               [(t.name, t.description) for t in wb.themes()])
        assert [e.action for e in wb.log()] == ["project.create", "exchange.import"]
    assert got == want


def test_codebook_says_which_code_groups_are_a_priori(demo, tmp_path, project_path, capsys):
    """Template analysis: code groups taken from the interview guide stay marked a-priori
    through a .qdc (the set ``stc-bench: a-priori``), the inductive ones stay unmarked."""
    source = tmp_path / "mal.stc"
    source.write_bytes(demo.read_bytes())
    with Workbench.open(source, actor="kari") as wb:
        guide = wb.list(InterviewGuide)[0]
        wb.add_guide_code_groups([("Forventninger", "Hva forventet du?")], guide.id)
        path, _ = export_qdc(wb, source, tmp_path / "kodebok.qdc")
        want = [(g.name, g.origin) for g in wb.code_groups()]
    assert b"stc-bench: a-priori" in path.read_bytes()
    target = project_path
    Workbench.create(target, title="Ny", actor="kari").close()
    assert main(["import-qdc", str(path), str(target)]) == 0
    capsys.readouterr()
    with Workbench.open(target, read_only=True) as wb:
        assert [(g.name, g.origin) for g in wb.code_groups()] == want
        assert "stc-bench: a-priori" not in [t.name for t in wb.themes()]
