"""The key-count harness on its small fixture (what CI runs): every gold unit is planned
with step 2's real keys, and the plan, pressed in the real app, makes each unit exactly."""

from __future__ import annotations

from bench.effort import QUICK, edge_hit, locate, main, measure


def test_quick_fixture_is_planned_and_replayed_unit_by_unit(capsys):
    result = measure(sorted(QUICK.glob("*.txt")), QUICK / "units.jsonl")
    assert result["units"] == 7
    assert result["planned"] == result["replayed_ok"] == 7
    assert all(step["replayed_ok"] for step in result["details"])
    # a unit costs at least a move and a code key; the fixture is coded in far fewer than Word's ~15
    assert 2 <= result["keys_per_unit"] <= 6
    assert result["keys"] == sum(len(step["keys"]) for step in result["details"])


def test_gold_units_are_found_across_line_breaks_and_edges_count_with_punctuation_between():
    text = "JS1: Det var tungt.\nJS1: Jeg sov dårlig  og var redd."
    assert locate(text, "Jeg sov dårlig og var redd.") == (text.index("Jeg"), len(text))
    assert edge_hit(text, text.index("Jeg"), "start", [text.index("Jeg") - 1])
    assert not edge_hit(text, text.index("sov"), "start", [text.index("Jeg")])


def test_a_gold_unit_missing_from_its_transcript_is_named_and_exits_2(tmp_path, capsys):
    units = tmp_path / "units.jsonl"
    units.write_text('{"file": "IP1.txt", "text": "Dette står ikke i intervjuet", "code_group": "X"}\n',
                     encoding="utf-8")
    assert main(["--transcripts", str(QUICK / "IP1.txt"), "--units", str(units)]) == 2
    assert "IP1.txt: unit not found in the document: 'Dette står ikke" in capsys.readouterr().err
