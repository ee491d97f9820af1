"""stc-bench search: inflected forms, phrases, prefixes, æøå, filters, and the index."""

from __future__ import annotations

import json

import pytest
from conftest import draft_from_labelled

from stc_bench.cli import main
from stc_bench.nlp import search
from stc_bench.services import Workbench

JS4 = (
    "I: Hva gjorde jobbspesialisten?\n"
    "JS4: Hun hjalp meg å søke jobb. Jeg jobbet først på et bakeri, og jobben passet meg.\n"
    "I: Og nå?\n"
    "JS4: Nå jobber jeg fast. Søknadene mine ble bedre med hennes hjelp.\n"
)
JS5 = (
    "I: Fortell om arbeidsgiveren.\n"
    "JS5: Arbeidsgiveren var skeptisk, men jobbspesialisten snakket med ham. Å få jobb var målet.\n"
)


@pytest.fixture
def study(wb):
    a = wb.import_transcript(draft_from_labelled(JS4), source_name="JS4.txt",
                             source_sha256="4" * 64, informant="JS4")
    b = wb.import_transcript(draft_from_labelled(JS5), source_name="JS5.txt",
                             source_sha256="5" * 64, informant="JS5")
    return a, b


def matches(hits):
    return [(h.informant, h.match) for h in hits]


def test_a_word_finds_every_inflected_form_across_documents(wb, study):
    assert matches(search(wb, "jobbe")) == [
        ("JS4", "jobb"), ("JS4", "jobbet"), ("JS4", "jobben"), ("JS4", "jobber"), ("JS5", "jobb")]


def test_exact_form_prefix_and_phrase(wb, study):
    assert matches(search(wb, "=jobben")) == [("JS4", "jobben")]
    assert [h.match for h in search(wb, "jobbspes*")] == ["jobbspesialisten"] * 2
    assert matches(search(wb, '"få jobb"')) == [("JS5", "få jobb")]


def test_letters_aeoeaa_and_informant_filter(wb, study):
    hits = search(wb, "søknad")
    assert matches(hits) == [("JS4", "Søknadene")]
    assert hits[0].left.endswith("fast. ") and hits[0].right.startswith(" mine")
    assert matches(search(wb, "jobb", informant="JS5")) == [("JS5", "jobb")]


def test_hits_say_whether_they_are_inside_a_coded_meaning_unit(wb, study):
    doc = study[0]
    group = wb.add_code_group("Å komme i arbeid")
    start = doc.text.index("Jeg jobbet")
    unit = wb.create_unit(doc.id, start, doc.text.index("meg.", start) + 4, [group.id])
    hits = search(wb, "jobbe")
    inside = [h for h in hits if h.in_unit]
    assert [(h.match, h.unit_ids, h.code_groups) for h in inside] == [
        ("jobbet", (unit.id,), ("Å komme i arbeid",)), ("jobben", (unit.id,), ("Å komme i arbeid",))]
    assert [h.match for h in search(wb, "jobbe", code_group="å komme i arbeid")] == ["jobbet", "jobben"]


def test_index_is_derived_data_and_follows_new_documents(wb, study):
    events = wb.status()["audit_events"]
    assert len(search(wb, "arbeidsgiver")) == 2
    assert wb.status()["audit_events"] == events
    assert wb.verify().ok
    wb.import_transcript(draft_from_labelled("JS6: Arbeidsgiverne mine var greie.\n"),
                         source_name="JS6.txt", source_sha256="6" * 64, informant="JS6")
    assert [h.match for h in search(wb, "arbeidsgiver")][-1] == "Arbeidsgiverne"


def test_read_only_review_searches_without_writing(project_path, wb, study):
    wb.close()
    with Workbench.open(project_path, read_only=True) as review:
        assert len(search(review, "jobbe")) == 5


def test_cli_search_json_and_text(project_path, wb, study, capsys):
    wb.close()
    assert main(["search", str(project_path), "jobbe", "--informant", "JS5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["match"], d["speaker"], d["in_unit"]) for d in data] == [("jobb", "JS5", False)]
    assert main(["search", str(project_path), "søke"]) == 0
    out = capsys.readouterr().out
    assert "[søke]" in out and "1 hit(s)" in out
