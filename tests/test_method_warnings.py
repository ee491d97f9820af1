"""The method warnings come from the rules as kinds with what they name: the command line
and ``status --json`` print the English sentences as they always have, and the analytic
text's warning names its subgroup, not its database id."""

from __future__ import annotations

import json

import pytest

from stc_bench.domain import rules

ENGLISH = [
    "code group 'Arbeid [sjefen]' has no subgroups",
    "subgroup 'Noen som har tro på meg' has no condensate",
    "subgroup 'Noen som har tro på meg' has no golden quote",
    "1 coded meaning unit(s) not assigned to any subgroup",
    "analytic text of subgroup 'Noen som har tro på meg' has no illustrating quote",
    "2 coded meaning unit(s) not yet re-read in context (validation)",
]


def build_drifting_study(wb, doc):
    """Midway through a study: a code group without subgroups; a subgroup with analytic
    text but no condensate, golden quote or quote; one coded unit in no subgroup; no unit
    re-read in context. Returns the two code groups."""
    arbeid = wb.add_code_group("Arbeid [sjefen]")
    trodd = wb.add_code_group("Å bli trodd på")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1,
                           [trodd.id])
    wb.create_unit(doc.id, text.index("At noen"), text.index("begrensninger.") + 14, [trodd.id])
    sub = wb.add_subgroup(trodd.id, "Noen som har tro på meg")
    wb.assign_unit(first.id, sub.id)
    wb.set_analytic_text("Informanten beskrev at det betydde mye at noen trodde på henne.",
                         subgroup_id=sub.id)
    return arbeid, trodd


@pytest.fixture
def drifting(wb, doc):
    return build_drifting_study(wb, doc)


def test_status_and_json_keep_the_english_sentences(drifting, wb, project_path, capsys):
    from stc_bench.cli import main

    assert wb.warnings() == ENGLISH
    assert wb.status()["warnings"] == ENGLISH
    wb.close()
    assert main(["status", str(project_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == ENGLISH
    assert main(["status", str(project_path)]) == 0
    printed = capsys.readouterr().out
    assert "Method warnings:\n" + "".join(f"  - {w}\n" for w in ENGLISH) in printed


def test_each_warning_says_what_it_is_about(drifting, wb):
    arbeid, trodd = drifting
    found = wb.method_warnings()
    assert [str(w) for w in found] == [w.text for w in found] == ENGLISH
    assert [(w.kind, w.name, w.count, w.code_group_id) for w in found] == [
        ("group_without_subgroups", "Arbeid [sjefen]", 0, arbeid.id),
        ("subgroup_without_condensate", "Noen som har tro på meg", 0, trodd.id),
        ("subgroup_without_golden_quote", "Noen som har tro på meg", 0, trodd.id),
        ("units_unassigned", "", 1, None),
        ("analytic_text_without_quote", "Noen som har tro på meg", 0, trodd.id),
        ("units_unvalidated", "", 2, None),
    ]
    status, same = wb.status_and_warnings()
    assert same == found and status["warnings"] == ENGLISH


def test_a_name_with_quotes_is_printed_as_before():
    """The English sentences quote a name as Python's repr does (``'…'``, or ``"…"`` when
    it holds an apostrophe), byte for byte as the rules always printed them."""
    warning = rules.MethodWarning("subgroup_without_golden_quote", "Kari's team",
                                  code_group_id=1)
    assert warning.text == "subgroup \"Kari's team\" has no golden quote"
    assert rules.MethodWarning("few_themes", count=1).text == (
        "only 1 preliminary theme(s): STC usually names 4–8 in step 1")
