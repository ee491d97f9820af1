"""bench/gold.py: locating gold units, edge hits and the grain report (issue 11)."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gold import edge_hit, grain_report, load_units, locate, main  # noqa: E402

DOC = "I: Hva skjedde?\nJS1: Jeg  begynte på lageret.\nDet gikk bra,\n  tror jeg. «Ja!» Så fikk jeg fast jobb."


def test_locate_normalises_whitespace_and_trims():
    start, end = locate(DOC, "  Jeg begynte på lageret. Det gikk bra, tror jeg. ")
    assert DOC[start:end] == "Jeg  begynte på lageret.\nDet gikk bra,\n  tror jeg."
    with pytest.raises(ValueError, match="not found"):
        locate(DOC, "Dette står ikke der.")
    with pytest.raises(ValueError, match="empty"):
        locate(DOC, "   ")


def test_an_edge_is_hit_within_two_characters_of_only_space_or_punctuation():
    text = "Det gikk bra. «Ja!» Så fikk jeg jobb."
    gold_start = text.index("Ja!")
    assert edge_hit(text, gold_start, "start", [text.index("«")])          # «: punctuation
    assert edge_hit(text, gold_start, "start", [gold_start])
    assert not edge_hit(text, gold_start, "start", [gold_start + 1])       # "a" lies between
    assert not edge_hit(text, gold_start, "start", [gold_start - 3])       # too far
    gold_end = text.index(" Så")
    assert edge_hit(text, gold_end, "end", [gold_end - 2])                 # "!»" only
    assert not edge_hit(text, gold_end, "end", [])
    with pytest.raises(ValueError, match="side"):
        edge_hit(text, gold_end, "middle", [gold_end])


def test_load_units_names_a_line_without_the_fields(tmp_path):
    good = tmp_path / "units.jsonl"
    good.write_text(json.dumps({"file": "a.txt", "text": "x", "code_group": "G"}) + "\n\n",
                    encoding="utf-8")
    assert load_units(good) == [{"file": "a.txt", "text": "x", "code_group": "G"}]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"file": "a.txt", "text": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1: missing code_group"):
        load_units(bad)


def test_grain_report_imports_suggests_and_scores(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STC_PIPELINE", "default")
    transcript = tmp_path / "JS7.txt"
    transcript.write_text(
        "Intervju med JS7\n\n"
        "I: Hvordan var starten?\n\n"
        "JS7: Starten var tung. Jeg hadde ikke jobbet på fire år, og jeg var redd for å "
        "ikke klare det.\n\n"
        "I: Og nå?\n\n"
        "JS7: Nå jobber jeg tre dager i uka på et bakeri, og sjefen er fornøyd med meg.\n",
        encoding="utf-8")
    units = tmp_path / "units.jsonl"
    rows = [{"file": "JS7.txt", "text": "Starten var tung. Jeg hadde ikke jobbet på fire år, og "
             "jeg var redd for å ikke klare det.", "code_group": "Starten"},
            {"file": "JS7.txt", "text": "Nå jobber jeg tre dager i uka på et bakeri,",
             "code_group": "Jobben"}]
    units.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = grain_report([transcript], units)
    assert (report["units"], report["edges"], report["suggestions"]) == (2, 4, 2)
    assert report["exact_one_suggestion"] == 1 and report["edges_hit"] == 3
    assert report["files"]["JS7.txt"]["suggestions"] == 2
    assert [d["exact"] for d in report["details"]] == [True, False]
    assert main(["--transcripts", str(transcript), "--units", str(units), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["edges_hit"] == 3
    rows[0]["file"] = "JS8.txt"
    units.write_text(json.dumps(rows[0]), encoding="utf-8")
    with pytest.raises(ValueError, match="JS8.txt"):
        grain_report([transcript], units)


def test_joined_answers_counts_answer_boundaries_and_needs_units_otherwise(tmp_path, monkeypatch,
                                                                          capsys):
    monkeypatch.setenv("STC_PIPELINE", "default")
    from bench.gold import joined_answers

    path = tmp_path / "JS9.txt"
    path.write_text("I: Første spørsmål?\nJS9: Et kort svar om lageret.\n"
                    "I: Andre spørsmål?\nJS9: Et annet kort svar om bussen.\n", encoding="utf-8")
    report = joined_answers([path], per_turn=2)
    # 12 words: a short turn, one suggestion, so the one boundary is not hit
    assert report == {"answers": 2, "boundaries": 1, "boundaries_hit": 0,
                      "exact_one_suggestion": 0, "suggestions": 1}
    with pytest.raises(SystemExit):
        main(["--transcripts", str(path)])
    assert "--units is required" in capsys.readouterr().err
