"""What changed since the supervisor's last look, after a scripted week of the student's
work: the same events, grouping and word diffs from the service, `audit review
--since-mark` and its --json."""

from __future__ import annotations

import json

import pytest
from conftest import INTERVIEW

from stc_bench.cli import main
from stc_bench.services import Workbench

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."


@pytest.fixture
def week(project_path, wb, doc):
    """Before the mark: a coded unit, a subgroup and its condensate. After it: the student
    renames the subgroup, rewrites the condensate, shortens the unit, undoes that, adds a
    theme and answers nothing."""
    start = INTERVIEW.index(PASSAGE)
    group = wb.add_code_group("Relasjonen")
    unit = wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])
    sub = wb.add_subgroup(group.id, "Å bli trodd på")
    wb.assign_unit(unit.id, sub.id)
    wb.set_condensate(sub.id, "Jeg ble sett av noen.", [unit.id])
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        mark = review.mark_reviewed()
    wb.rename_subgroup(sub.id, "Å bli sett og trodd på")
    wb.set_condensate(sub.id, "Jeg ble endelig sett av noen som trodde på meg.", [unit.id])
    wb.resize_unit(unit.id, start, start + len(PASSAGE) - len(" hver uke."))
    wb.undo()
    wb.add_theme("Mestring")
    return {"mark": mark, "unit": unit, "sub": sub, "start": start, "group": group}


def test_the_changes_by_step_and_object_with_word_diffs_and_edges(project_path, week):
    start, end = week["start"], week["start"] + len(PASSAGE)
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        report = review.review_changes()
    assert (report.person, report.since_seq, report.count) == ("veileder", week["mark"].seq, 5)
    assert report.head_seq == week["mark"].seq + 1 + 5  # the mark's own event is left out
    shape = [(s.step, [(o.entity, o.entity_id, [c.action for c in o.changes]) for o in s.objects])
             for s in report.steps]
    condensate_id = report.steps[2].objects[1].entity_id
    assert shape == [
        ("Step 1", [("theme", 1, ["theme.add"])]),
        ("Step 2", [("meaning_unit", week["unit"].id, ["unit.resize", "undo"])]),
        ("Step 3", [("subgroup", week["sub"].id, ["subgroup.edit"]),
                    ("condensate", condensate_id, ["condensate.set"])]),
    ]
    resize, undo = report.steps[1].objects[0].changes
    assert resize.boundaries == ((start, end), (start, end - len(" hver uke.")))
    assert undo.boundaries == ((start, end - len(" hver uke.")), (start, end))
    assert [(f.field, f.words) for f in resize.fields] == [
        ("snippet", (("=", "Men Kari, teamlederen min, ringte meg"), ("-", "hver uke.")))]
    [rename] = report.steps[2].objects[0].changes[0].fields
    assert (rename.field, rename.words) == ("name", (("=", "Å bli"), ("+", "sett og"),
                                                     ("=", "trodd på")))
    assert report.steps[2].objects[0].label == "Å bli sett og trodd på"
    [text] = report.steps[2].objects[1].changes[0].fields
    assert text.words == (("=", "Jeg ble"), ("+", "endelig"), ("=", "sett av"), ("-", "noen."),
                          ("+", "noen som trodde på meg."))
    [theme] = report.steps[0].objects[0].changes[0].fields
    assert (theme.field, theme.before, theme.after, theme.words) == ("name", None, "Mestring", ())


def test_without_a_mark_everything_is_a_change_and_a_new_mark_leaves_nothing(project_path, week):
    with Workbench.open(project_path, actor="sensor", review=True) as other:
        report = other.review_changes()
        assert report.since_seq is None and report.count == report.head_seq - 1  # all but the mark
        other.mark_reviewed(report.head_seq)
        assert other.review_changes().count == 0


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_review_since_mark_prints_the_same_grouping_and_diffs(project_path, week, capsys):
    code, out, _ = run(capsys, "--as", "veileder", "audit", "review", str(project_path),
                       "--since-mark")
    assert code == 0
    assert out.startswith(f"5 change(s) since veileder's last review mark (event "
                          f"{week['mark'].seq}), up to event {week['mark'].seq + 6}\n")
    assert out.index("Step 1") < out.index("Step 2") < out.index("Step 3")
    assert "  subgroup 1 «Å bli sett og trodd på»\n" in out
    assert "        name: Å bli {+sett og+} trodd på\n" in out
    assert "        text: Jeg ble {+endelig+} sett av [-noen.-] {+noen som trodde på meg.+}\n" in out
    start, end = week["start"], week["start"] + len(PASSAGE)
    assert f"        boundaries {start}–{end} → {start}–{end - 10}\n" in out
    assert f"        boundaries {start}–{end - 10} → {start}–{end}\n" in out

    code, out, _ = run(capsys, "--as", "veileder", "audit", "review", str(project_path),
                       "--since-mark", "--json")
    data = json.loads(out)
    assert code == 0 and data["count"] == 5 and data["since_seq"] == week["mark"].seq
    assert [s["step"] for s in data["steps"]] == ["Step 1", "Step 2", "Step 3"]
    unit = data["steps"][1]["objects"][0]
    assert unit["changes"][0]["boundaries"] == [[start, end], [start, end - 10]]
    assert unit["changes"][0]["fields"][0]["words"] == [["=", "Men Kari, teamlederen min, ringte meg"],
                                                        ["-", "hver uke."]]


def test_since_mark_with_mark_marks_what_was_shown(project_path, week, capsys):
    code, out, err = run(capsys, "--as", "veileder", "audit", "review", str(project_path),
                         "--since-mark", "--json", "--mark")
    assert code == 0 and json.loads(out)["count"] == 5
    assert f"reviewed up to event {week['mark'].seq + 6}" in err  # JSON stays one object
    code, out, _ = run(capsys, "--as", "veileder", "audit", "review", str(project_path),
                       "--since-mark")
    assert out.startswith("0 change(s) since veileder's last review mark")
    assert run(capsys, "audit", "verify", str(project_path))[0] == 0


def test_since_mark_on_a_missing_project_is_one_line_exit_2(tmp_path, capsys):
    code, out, err = run(capsys, "audit", "review", str(tmp_path / "nope.stc"), "--since-mark")
    assert code == 2 and out == "" and err.startswith("stc-bench: error: ") and err.count("\n") == 1


def test_an_assignment_is_step_3_work_on_its_unit(project_path, week, wb):
    sub = wb.add_subgroup(week["group"].id, "Tvil")
    wb.assign_unit(week["unit"].id, sub.id)
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        step3 = next(s for s in review.review_changes().steps if s.step == "Step 3")
    unit = next(o for o in step3.objects if o.entity == "meaning_unit")
    assert (unit.entity_id, [c.action for c in unit.changes]) == (week["unit"].id, ["assignment.add"])
