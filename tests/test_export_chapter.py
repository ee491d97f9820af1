"""The results chapter as a student would paste it into a thesis: export a worked
analysis to .docx and read it back with python-docx."""

from __future__ import annotations

import docx
import pytest
from conftest import draft_from_labelled

from stc_bench.cli import main
from stc_bench.domain.model import Informant
from stc_bench.export.api import ExportOptions, export_docx, export_md
from stc_bench.export.chapter import Paragraph, QuoteBlock, build_chapter
from stc_bench.export.snapshot import load_snapshot

BEHANDLER = (
    "I: Hvordan samarbeider du med jobbspesialistene?\n"
    "B2: Vi møtes hver tirsdag og går gjennom alle deltakerne sammen. Det gjør at jeg vet hva "
    "som skjer ute på arbeidsplassen.\n"
    "I: Og arbeidsgiverne?\n"
    "B2: Mange arbeidsgivere er mer åpne enn vi tror. De vil bare vite hvem de kan ringe hvis "
    "noe skjer.\n"
)


def _unit(wb, doc, first: str, last: str, *groups: int):
    start = doc.text.index(first)
    end = doc.text.index(last) + len(last)
    return wb.create_unit(doc.id, start, end, code_group_ids=list(groups))


def build_export_study(wb, doc) -> dict:
    """Two interviews, three code groups, golden quotes, analytic texts and quotes with
    cuts "(…)" and a "[teamleder]" replacement — plus deliberately empty parts."""
    other = wb.import_transcript(draft_from_labelled(BEHANDLER), source_name="B2.txt",
                                 source_sha256="2" * 64, informant="B2")
    for inf in wb.list(Informant):
        wb.edit_informant(inf.id, role="Deltaker" if inf.label == "JS1" else "Behandler")
    rel = wb.add_code_group("relasjon", heading="Relasjonen til jobbspesialisten",
                            list_label="Relasjonen")
    wb.edit_code_group(rel.id, discussion_heading="Tillit som arbeidsform")
    emp = wb.add_code_group("arbeidsgiver", heading="Møtet med arbeidsgiveren")
    wb.add_code_group("økonomi", heading="Økonomi og trygd")
    tro = wb.add_subgroup(rel.id, "tro", heading="Noen som trodde på meg")
    mulig = wb.add_subgroup(rel.id, "muligheter", heading="Fra begrensninger til muligheter")
    apen = wb.add_subgroup(emp.id, "åpenhet", heading="Åpne arbeidsgivere")
    u1 = _unit(wb, doc, "Jeg var veldig usikker", "Det betydde mye for meg.", rel.id)
    u2 = _unit(wb, doc, "At noen trodde på meg.", "går fint.", rel.id)
    u3 = _unit(wb, other, "Mange arbeidsgivere", "noe skjer.", emp.id)
    u4 = _unit(wb, other, "Vi møtes hver tirsdag", "ute på arbeidsplassen.", rel.id)
    for unit, sub in ((u1, tro), (u2, tro), (u4, mulig), (u3, apen)):
        wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(tro.id, "Jeg møtte noen som trodde på meg, og det betydde mye.", [u1.id, u2.id])
    wb.set_golden_quote(tro.id, u2.id)
    wb.set_analytic_text("Relasjonen beskrives som selve grunnlaget for støtten.",
                         code_group_id=rel.id)
    wb.set_analytic_text("Flere deltakere var usikre i starten.\n\nAt noen trodde på dem, "
                         "beskrives som et vendepunkt.", subgroup_id=tro.id)
    q1 = wb.add_quote(u1.id, subgroup_id=tro.id, lead_in="En deltaker beskrev starten slik:",
                      display_text="Jeg var veldig usikker i starten, altså [latter], jeg visste "
                                   "ikke hva jeg gikk til. Men [teamleder] ringte meg hver uke. (…)")
    q2 = wb.add_quote(u2.id, subgroup_id=tro.id, lead_in="Den samme deltakeren la til:",
                      display_text="At noen trodde på meg. (…) Æ, ø og å 😀 går fint.")
    wb.set_analytic_text("Arbeidsgiverne var mer åpne enn behandlerne hadde ventet.",
                         subgroup_id=apen.id)
    q3 = wb.add_quote(u3.id, subgroup_id=apen.id, lead_in="En behandler sa det slik:")
    wb.set_analytic_text("Tilliten må drøftes mot litteraturen.", subgroup_id=tro.id,
                         part="discussion")
    return {"groups": (rel, emp), "subgroups": (tro, mulig, apen), "units": (u1, u2, u3, u4),
            "quotes": (q1, q2, q3), "other": other}


@pytest.fixture
def study(wb, doc):
    return build_export_study(wb, doc)


def _paras(path):
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def test_chapter_headings_quotes_and_labels(wb, study, tmp_path):
    out = tmp_path / "kapittel.docx"
    result = export_docx(wb, "studie.stc", out, ExportOptions(number_from=6))
    paras = _paras(out)
    headings = [(s, t) for s, t in paras if s.startswith("Heading")]
    assert headings == [
        ("Heading 1", "6.0 Resultater"),
        ("Heading 2", "6.1 Relasjonen til jobbspesialisten"),
        ("Heading 3", "6.1.1 Noen som trodde på meg"),
        ("Heading 3", "6.1.2 Fra begrensninger til muligheter"),
        ("Heading 2", "6.2 Møtet med arbeidsgiveren"),
        ("Heading 3", "6.2.1 Åpne arbeidsgivere"),
        ("Heading 2", "6.3 Økonomi og trygd"),
    ]
    assert [t for s, t in paras if s == "List Number"] == [
        "Relasjonen", "Møtet med arbeidsgiveren", "Økonomi og trygd"]
    quotes = [t for s, t in paras if s == "Quote"]
    assert quotes == [
        "«Jeg var veldig usikker i starten, altså [latter], jeg visste ikke hva jeg gikk til. "
        "Men [teamleder] ringte meg hver uke. (…)» (JS1)",
        "«At noen trodde på meg. (…) Æ, ø og å 😀 går fint.» (JS1)",
        "«Mange arbeidsgivere er mer åpne enn vi tror. De vil bare vite hvem de kan ringe hvis "
        "noe skjer.» (B2)",
    ]
    texts = [t for _s, t in paras]
    # analytic paragraph → lead-in → quote → lead-in → quote → interpretation
    i = texts.index("Flere deltakere var usikre i starten.")
    assert texts[i + 1] == "En deltaker beskrev starten slik:"
    assert texts[i + 2] == quotes[0]
    assert texts[i + 3] == "Den samme deltakeren la til:"
    assert texts[i + 5] == "At noen trodde på dem, beskrives som et vendepunkt."
    assert not any("relasjon" == t for t in texts)  # internal names stay internal
    # empty parts: visible placeholders, listed for the warning
    assert any("Fra begrensninger til muligheter" in t and t.startswith("[") for t in texts)
    assert any(t.startswith("[Ingen subgrupper") for t in texts)
    assert any("Fra begrensninger" in m for m in result.missing)
    assert any("Økonomi og trygd" in m and "no subgroups" in m for m in result.missing)


@pytest.mark.parametrize(("style", "suffix"), [("role", " (Deltaker, i intervju)"), ("none", "")])
def test_label_styles(wb, study, tmp_path, style, suffix):
    out = tmp_path / f"{style}.docx"
    export_docx(wb, "studie.stc", out, ExportOptions(label_style=style))
    quotes = [t for s, t in _paras(out) if s == "Quote"]
    assert quotes[1] == f"«At noen trodde på meg. (…) Æ, ø og å 😀 går fint.»{suffix}"


def test_project_setting_label_style_and_chapter_texts(wb, study, tmp_path):
    wb.set_setting("label_style", "none")
    wb.set_setting("chapter_intro", "Her presenteres funnene fra åtte intervjuer.")
    wb.set_setting("chapter_title", "Funn")
    wb.set_setting("number_from", 4)
    out = tmp_path / "funn.docx"
    result = export_docx(wb, "studie.stc", out)
    paras = _paras(out)
    assert paras[0] == ("Heading 1", "4.0 Funn")
    assert not result.warnings  # the chapter number is set: no numbering note
    assert paras[1] == ("Normal", "Her presenteres funnene fra åtte intervjuer.")
    assert all(t.endswith("»") for s, t in paras if s == "Quote")
    assert not any("introduction" in m for m in result.missing)


def test_quote_placed_by_marker_and_golden_flag(wb, study):
    tro = study["subgroups"][0]
    wb.set_analytic_text("Innledning.\n{sitat 2}\nTolkning.\n{sitat 1}", subgroup_id=tro.id)
    chapter = build_chapter(load_snapshot(wb))
    blocks = chapter.sections[0].subsections[0].blocks
    kinds = [b.text if isinstance(b, Paragraph) else b.quote_id for b in blocks]
    q1, q2, _ = study["quotes"]
    assert kinds == ["Innledning.", q2.id, "Tolkning.", q1.id]
    assert [b.is_golden for b in blocks if isinstance(b, QuoteBlock)] == [True, False]


def test_discussion_skeleton_uses_discussion_titles_and_the_next_number(wb, study, tmp_path):
    wb.set_setting("number_from", 6)
    out = tmp_path / "diskusjon.docx"
    result = export_docx(wb, "studie.stc", out, ExportOptions(part="discussion"))
    headings = [t for s, t in _paras(out) if s.startswith("Heading")]
    assert headings[:3] == ["7.0 Diskusjon", "7.1 Tillit som arbeidsform",
                            "7.1.1 Noen som trodde på meg"]
    wb.set_setting("discussion_number", 8)
    export_docx(wb, "studie.stc", out, ExportOptions(part="discussion", force=True))
    assert _paras(out)[0] == ("Heading 1", "8.0 Diskusjon")
    export_docx(wb, "studie.stc", out, ExportOptions(part="discussion", force=True, numbers=False))
    headings = [t for s, t in _paras(out) if s.startswith("Heading")]
    assert headings[:3] == ["Diskusjon", "Tillit som arbeidsform", "Noen som trodde på meg"]
    assert "Tilliten må drøftes mot litteraturen." in [t for _s, t in _paras(out)]
    assert any("Tillit som arbeidsform" in m for m in result.missing)


def test_markdown_chapter(wb, study, tmp_path):
    out = tmp_path / "kapittel.md"
    export_md(wb, "studie.stc", out, ExportOptions(number_from=4))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 4.0 Resultater\n")
    assert "## 4.1 Relasjonen til jobbspesialisten" in text
    assert "### 4.2.1 Åpne arbeidsgivere" in text
    assert "> «At noen trodde på meg. (…) Æ, ø og å 😀 går fint.» (JS1)" in text
    assert "1. Relasjonen\n2. Møtet med arbeidsgiveren" in text


def test_cli_export_is_read_only_and_warns(wb, study, project_path, tmp_path, capsys):
    events = wb.status()["audit_events"]
    out = tmp_path / "cli.docx"
    assert main(["export", "docx", str(project_path), "-o", str(out), "--number-from", "6"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "empty part(s) shown as placeholders" in captured.err
    assert "Fra begrensninger til muligheter" in captured.err
    assert wb.status()["audit_events"] == events
    # a second export without --force is refused with one line, exit 2
    assert main(["export", "docx", str(project_path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already exists" in err[0] and "--force" in err[0]
    assert main(["export", "docx", str(project_path), "-o", str(out), "--force"]) == 0


def test_default_target_in_exports_folder(wb, study, project_path, capsys):
    """Named after the project file, or the database of a URL (not the socket folder of
    its ``?host=``, which named every export of a team project after /run/postgresql)."""
    from helpers.pg import database_name

    from stc_bench.export.files import default_target
    from stc_bench.paths import exports_dir

    assert main(["export", "docx", str(project_path), "--part", "codebook"]) == 0
    path = capsys.readouterr().out.strip()
    assert path.startswith(str(exports_dir()))
    name = "studie" if "://" not in str(project_path) else database_name(str(project_path))
    assert f"{name}-codebook-" in path and path.endswith(".docx")
    assert default_target("postgresql://kari@db.uni.no/jobbstotte?host=/run/postgresql",
                          "chapter", "docx").name.startswith("jobbstotte-chapter-")
