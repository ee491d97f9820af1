"""Before anything leaves, every export scans the text it writes for the project's word
list and identifiers (and names, when the name model is installed): findings are listed
on stderr with where and the words around them; --strict refuses, exit 2, nothing
written. A chapter whose quotes come mostly from one informant is warned about."""

from __future__ import annotations

from dataclasses import replace

import docx
import pytest
from helpers.study import import_interview, span_of, store_setting_unchecked

from stc_bench.cli import main
from stc_bench.domain.errors import StcError
from stc_bench.domain.model import Document, Quote, Subgroup
from stc_bench.domain.privacy import Finding
from stc_bench.export.api import ExportOptions, export_md
from stc_bench.nlp import anonymity
from stc_bench.nlp.anonymity import Scanner, allow_list
from stc_bench.services import Workbench

FNR = "15038512363"
TEXT = ("I: Hvem hjalp deg?\n"
        f"JS5: Det var Stine på Rema som hjalp meg. Hun ringte fra 923 45 678 hver uke.\n"
        f"I: Og papirene?\n"
        f"JS5: Jeg måtte oppgi fødselsnummeret, {FNR}, og det var skummelt.\n")


@pytest.fixture
def leaky(wb, project_path):
    """A chapter quoting a name, a workplace, a phone number and a fødselsnummer."""
    doc = import_interview(wb, TEXT, "JS5")
    group = wb.add_code_group("Hjelp på veien")
    sub = wb.add_subgroup(group.id, "Noen som ringer")
    units = [wb.create_unit(doc.id, *span_of(doc.text, words), code_group_ids=[group.id])
             for words in ("Det var Stine på Rema som hjalp meg.", "Hun ringte fra 923 45 678 hver uke.",
                           f"Jeg måtte oppgi fødselsnummeret, {FNR}, og det var skummelt.")]
    for unit in units:
        wb.assign_unit(unit.id, sub.id)
    wb.set_analytic_text("Flere fortalte om en fast kontakt.", subgroup_id=sub.id)
    wb.set_condensate(sub.id, "Stine ringte meg hver uke, og det hjalp.", [units[0].id])
    for unit in units:
        wb.add_quote(unit.id, subgroup_id=sub.id)
    wb.set_setting("word_list", {"Stine": "navn", "Rema": "arbeidsplass"})
    wb.close()
    return project_path


def test_a_markdown_chapter_lists_what_it_holds_and_where(leaky, tmp_path, capsys):
    out = tmp_path / "kapittel.md"
    assert main(["export", "md", str(leaky), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "4 possible identifier(s) in the chapter" in err
    lines = [line for line in err.splitlines() if line.startswith("  - line ")]
    assert [line.split(": ", 2)[1] for line in lines] == [
        "word list 'Stine'", "word list 'Rema'", "phone number '923 45 678'", f"fødselsnummer '{FNR}'"]
    assert "Rema som hjalp meg" in lines[1]
    assert ", names)" in err  # the bundled name model is part of the check
    assert out.exists()


@pytest.mark.parametrize("fmt,part", [("md", "chapter"), ("docx", "chapter"), ("csv", "units"),
                                      ("md", "codebook")])
def test_strict_refuses_and_writes_nothing(leaky, tmp_path, capsys, fmt, part):
    out = tmp_path / f"ut.{fmt}"
    assert main(["export", fmt, str(leaky), "-o", str(out), "--part", part, "--strict"]) == 2
    err = capsys.readouterr().err
    assert "possible identifier(s)" in err and "word list 'Stine'" in err
    assert err.strip().splitlines()[-1].startswith(f"stc-bench: error: {out}: not written: ")
    assert not out.exists() and not list(tmp_path.glob(".stc-export-*"))


def test_a_docx_chapter_is_scanned_paragraph_by_paragraph(leaky, tmp_path, capsys):
    out = tmp_path / "kapittel.docx"
    assert main(["export", "docx", str(leaky), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    stine = next(i for i, text in enumerate(paragraphs, 1) if "Stine på Rema" in text)
    assert f"  - paragraph {stine}: word list 'Stine': ««Det var Stine på Rema" in err
    assert any(FNR in text for text in paragraphs)  # a warning, not a refusal


def test_the_audit_appendix_is_checked_too(leaky, tmp_path, capsys):
    """The trail's messages hold what the researcher typed (a theme's name), but not the
    word list itself, which would otherwise print every name it protects."""
    out = tmp_path / "spor.md"
    assert main(["export", "md", str(leaky), "-o", str(out), "--part", "audit", "--full"]) == 0
    assert "nothing found in the audit" in capsys.readouterr().err
    assert "Setting word_list: 2 entries" in out.read_text(encoding="utf-8")
    with Workbench.open(leaky) as wb:
        wb.add_theme("Stines telefoner")
    assert main(["export", "md", str(leaky), "-o", str(tmp_path / "spor2.md"), "--part", "audit",
                 "--full", "--strict"]) == 2
    err = capsys.readouterr().err
    assert "word list 'Stines'" in err and not (tmp_path / "spor2.md").exists()
    assert "dates" not in err.split("\n")[0]  # the trail's own dates are not reported


def test_a_clean_export_says_what_it_checked(wb, doc, tmp_path, capsys, project_path):
    wb.set_setting("word_list", ["Ola Nordmann"])
    wb.close()
    assert main(["export", "csv", str(project_path), "-o", str(tmp_path / "u.csv"), "--strict"]) == 0
    err = capsys.readouterr().err
    assert "anonymity check (word list (1 entries)" in err and "nothing found in the units" in err


def test_a_bad_word_list_setting_is_a_one_line_error(wb, doc, tmp_path, capsys, project_path):
    with pytest.raises(StcError, match="category must be navn, sted or arbeidsplass, not 'by'"):
        wb.set_setting("word_list", {"Tromsø": "by"})  # refused when set …
    store_setting_unchecked(project_path, "word_list", {"Tromsø": "by"})  # … or left by hand
    wb.close()
    assert main(["export", "md", str(project_path), "-o", str(tmp_path / "k.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "category must be navn, sted or arbeidsplass" in err[0]
    assert not (tmp_path / "k.md").exists()


def test_without_a_scan_an_export_is_not_checked(leaky, tmp_path):
    """The export layer checks only what the caller hands it (the CLI always does)."""
    with Workbench.open(leaky, read_only=True) as wb:
        result = export_md(wb, leaky, tmp_path / "k.md", ExportOptions(strict=True))
    assert result.findings == [] and (tmp_path / "k.md").exists()


def test_one_informant_supplying_most_quotes_is_warned_about(leaky, tmp_path, capsys):
    assert main(["export", "md", str(leaky), "-o", str(tmp_path / "k.md")]) == 0
    assert "recognisable" not in capsys.readouterr().err  # 3 quotes: below the 4 it needs
    with Workbench.open(leaky) as wb:
        doc, sub = wb.list(Document)[0], wb.list(Subgroup)[0]
        unit = wb.create_unit(doc.id, *span_of(doc.text, "og det var skummelt"),
                              code_group_ids=[sub.code_group_id])
        wb.assign_unit(unit.id, sub.id)
        wb.add_quote(unit.id, subgroup_id=sub.id)
    assert main(["export", "md", str(leaky), "-o", str(tmp_path / "k2.md")]) == 0
    assert ("code group 'Hjelp på veien': 4 of 4 quotes (100%) are from JS5; one informant's "
            "quotes together may make them recognisable") in capsys.readouterr().err
    with Workbench.open(leaky) as wb:  # two informants, half each: no warning
        other = import_interview(wb, "I: Og du?\nJS6: Jeg fikk hjelp av naboen min hver dag.\n", "JS6")
        for words in ("Jeg fikk hjelp", "av naboen min hver dag."):
            unit = wb.create_unit(other.id, *span_of(other.text, words),
                                  code_group_ids=[sub.code_group_id])
            wb.assign_unit(unit.id, sub.id)
            wb.add_quote(unit.id, subgroup_id=sub.id)
        for quote in wb.list(Quote)[:2]:
            wb.remove_quote(quote.id)
    assert main(["export", "md", str(leaky), "-o", str(tmp_path / "k3.md")]) == 0
    assert "recognisable" not in capsys.readouterr().err


def test_names_are_checked_when_the_name_model_is_there_and_allowed_names_pass():
    """The name switch: the bundled name model is the finder; given one, PER spans not on
    the allow list are reported and other labels are not."""
    assert anonymity.entity_finder() is not None

    text = "Malterud og Per Olsen i Bodø."

    def finder(value):  # what stc_bench.nlp.entities returns: NorNE-labelled spans
        assert value == text
        return [(0, 8, "PER"), (12, 21, "PER"), (24, 28, "GPE_LOC")]

    scanner = Scanner(words=Scanner.for_settings({}).words, allowed=allow_list(["malterud"]),
                      names=finder)
    assert [(f.kind, f.found) for f in scanner.scan([("line 1", text)])] == [("PER", "Per Olsen")]
    assert "names" in scanner.describe() and "not checked" not in scanner.describe()
    assert Finding("line 1", "PER", "Per Olsen", "…").line() == "line 1: name 'Per Olsen': «…»"


def test_allow_list_setting_errors():
    assert allow_list(None) == frozenset() and allow_list("Malterud") == {"malterud"}
    with pytest.raises(StcError, match="name_allow_list"):
        allow_list({"a": 1})


def test_the_html_report_is_checked_too_and_strict_writes_nothing(leaky, tmp_path, capsys):
    out = tmp_path / "rapport.html"
    assert main(["export", "html", str(leaky), "-o", str(out), "--strict"]) == 2
    err = capsys.readouterr().err
    assert not out.exists()
    assert "possible identifier(s) in the report" in err and f"fødselsnummer '{FNR}'" in err
    assert "word list 'Stine'" in err
    assert main(["export", "html", str(leaky), "-o", str(out), "--no-transcripts"]) == 0
    err = capsys.readouterr().err
    assert out.exists() and "in the report" in err  # the quotes still carry them: told, written


def test_the_name_model_finds_a_name_off_the_word_list_but_not_a_sentence_opener():
    scanner = Scanner.for_settings({"name_allow_list": ["Malterud"]})
    text = ("Kategorien omfatter tre undergrupper. Oppfølgingen var tett. Etter Malterud "
            "analyserte vi det Sigrid Haugen fortalte.")
    found = [(f.kind, f.found) for f in scanner.scan([("paragraph 1", text)])]
    assert found == [("PER", "Sigrid Haugen")]
    assert "names not checked" not in scanner.describe()


def test_the_check_reports_a_name_only_one_member_of_the_detector_finds():
    # the vote (entities) drops it; what leaves is checked against every member's names
    from stc_bench.nlp.entities import entities

    text = "jeg ringte halvard etterpå og hun var helt enig"
    start = text.index("halvard")
    assert (start, start + 7, "PER") not in entities(text)
    found = [(f.kind, f.found) for f in Scanner.for_settings({}).scan([("line 3", text)])]
    assert found == [("PER", "halvard")]


def test_a_question_word_opening_a_heading_is_no_name():
    # one member took «Hvem» in a chapter's numbered heading for a name (the demo's Markdown
    # export reported it); simplemma's dictionary knows it as a word, as it knows «hvorfor»
    def finder(value):
        return [(0, 11, "PER")]

    scanner = Scanner(words=Scanner.for_settings({}).words, names=finder,
                      entity_labels=frozenset({"PER"}))
    for text in ("## 6.2 Hvem skal vite hva?", "## 6.2 Hvorfor spør du?"):
        assert scanner.scan([("line 63", text)]) == []
    text = "Ingrid Haugen sa det."  # a name the same way is still reported
    scanner = replace(scanner, names=lambda value: [(0, 13, "PER")])
    assert [f.found for f in scanner.scan([("line 2", text)])] == ["Ingrid Haugen"]
    # a long compound opening a sentence, which one member took for a person; a short one
    # may be a first name (Halvard), and inside a sentence a capital is a name's
    text = "De fikk vite. Jobbspesialistene gikk gjennom dette."
    start = text.index("Jobb")
    scanner = replace(scanner, names=lambda value: [(start, start + 17, "PER")])
    assert scanner.scan([("line 69", text)]) == []
    text = "De fikk vite. Halvard gikk gjennom dette."
    scanner = replace(scanner, names=lambda value: [(start, start + 7, "PER")])
    assert [f.found for f in scanner.scan([("line 70", text)])] == ["Halvard"]
    text = "Saken gikk til Kategorien i går."
    start = text.index("Kategorien")
    scanner = replace(scanner, entity_labels=frozenset({"ORG"}),
                      names=lambda value: [(start, start + 10, "ORG")])
    assert [f.found for f in scanner.scan([("line 71", text)])] == ["Kategorien"]


def test_a_workplace_typed_in_lower_case_is_reported_though_it_is_also_a_word():
    # «Nav» capitalised alone could be a sentence opener; typed in lower case, the detector
    # took it for a name from its place in the sentence
    text = "Informant: så ringte jeg til nav i går"
    start = text.index("nav")

    scanner = Scanner(words=Scanner.for_settings({}).words, entity_labels=frozenset({"ORG"}),
                      names=lambda value: [(start, start + 3, "ORG")])
    assert [(f.kind, f.found) for f in scanner.scan([("line 4", text)])] == [("ORG", "nav")]
    text = "Nav var med."
    scanner = replace(scanner, names=lambda value: [(0, 3, "ORG")])
    assert scanner.scan([("line 5", text)]) == []


def test_a_role_label_is_no_finding_but_a_label_that_is_a_name_is():
    # the import writes «Informant 2: …»; a member of the detector may take the label for a
    # workplace or a person. A label that is a name («Kari N.:») may leave: it is checked.
    text = "Informant 2: ja\nKari N.: nei\nKari sa: kanskje"
    spans = [(0, 11, "PER"), (16, 23, "PER"), (29, 33, "PER")]
    scanner = Scanner(words=Scanner.for_settings({}).words, names=lambda value: spans)
    assert [f.found for f in scanner.scan([("line 1", text)])] == ["Kari N.", "Kari"]


def test_on_lines_typed_without_capitals_every_name_found_is_reported_whatever_its_type():
    # a model reading lower case finds «ketil» but may type it a product: the check, which
    # reports persons, reports it there; in text with capitals a product stays unreported
    text = "Informant 2: vi hadde et møte med ketil i forrige uke\nVi leste Bibelen."
    ketil, bible = text.index("ketil"), text.index("Bibelen")
    scanner = Scanner(words=Scanner.for_settings({}).words,
                      names=lambda value: [(0, 11, "ORG"), (ketil, ketil + 5, "PROD"),
                                           (bible, bible + 7, "PROD")])
    assert [(f.line().split(":")[0:2]) for f in scanner.scan([("line 2", text)])] == [
        ["line 2", " name 'ketil'"]]


def test_the_word_list_wins_over_a_name_that_adds_only_ordinary_words_to_it():
    # one member of the detector takes «Sjefen på Rema» for a workplace; the researcher's
    # entry is «Rema». A name that adds a name to an entry («Kari» → «Kari Fjeldstad») stays.
    text = "Sjefen på Rema het Kari Fjeldstad."

    def finder(value):
        return [(0, 14, "ORG"), (19, 33, "PER")]

    scanner = Scanner(words=Scanner.for_settings({"word_list": ["Rema", "Kari"]}).words,
                      names=finder, entity_labels=frozenset({"PER", "ORG"}))
    assert [(text[s:e], label) for s, e, label in scanner.spans(text)] == [
        ("Rema", "WORD"), ("Kari Fjeldstad", "PER")]
    text = "Han het Kari Nordmann."  # «nordmann» is a word too, but capitalised inside a name
    scanner = replace(scanner, names=lambda value: [(8, 21, "PER")])
    assert [(text[s:e], label) for s, e, label in scanner.spans(text)] == [("Kari Nordmann", "PER")]
