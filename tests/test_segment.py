"""stc-bench segment: suggested meaning units inside informant turns, outside the trail.

Suggestions are groups of sentences of meaning-unit size (issue 11); the stories here have
short turns, so each informant turn is one suggestion.
"""

from __future__ import annotations

import pytest
from conftest import draft_from_labelled
from helpers.study import store_setting_unchecked

from stc_bench.cli import main
from stc_bench.domain.errors import ReadOnlyProject, StcError
from stc_bench.domain.model import Turn
from stc_bench.nlp import suggest_units
from stc_bench.nlp.suggest import cut_long
from stc_bench.services import Workbench

STORY = (
    "I: Hvordan kom du i gang med jobbstøtten?\n"
    "JS3: Ja. Mm. Jeg hadde vært sykmeldt lenge, altså, i nesten to år. "
    "Så ringte NAV og spurte om jeg ville prøve IPS. Jeg sa ja med en gang.\n"
    "I: Mm.\n"
    "JS3: Eh. Jobbspesialisten sa: «Vi finner noe som passer deg.» Det trodde jeg ikke på.\n"
)


@pytest.fixture
def story(wb):
    return wb.import_transcript(draft_from_labelled(STORY), source_name="JS3.txt",
                                source_sha256="3" * 64, informant="JS3")


def texts(wb, doc):
    return [doc.text[s.start:s.end] for s in wb.suggestions(doc.id)]


def test_a_short_informant_turn_is_one_suggestion_and_interviewer_turns_none(wb, story):
    counts = suggest_units(wb)
    assert counts == {story.id: 2}
    assert texts(wb, story) == [
        "Ja. Mm. Jeg hadde vært sykmeldt lenge, altså, i nesten to år. "
        "Så ringte NAV og spurte om jeg ville prøve IPS. Jeg sa ja med en gang.",
        "Eh. Jobbspesialisten sa: «Vi finner noe som passer deg.» Det trodde jeg ikke på.",
    ]
    turns = [t for t in wb.turns(story.id) if not t.is_interviewer]
    for s in wb.suggestions(story.id):
        assert any(t.start <= s.start and s.end <= t.end for t in turns)


def test_suggestions_are_not_in_the_trail_and_rerunning_replaces_them(wb, story):
    events = wb.status()["audit_events"]
    suggest_units(wb, story.id)
    first = wb.suggestions(story.id)
    unit = wb.accept_suggestion(first[1].id)
    after_accept = wb.status()["audit_events"]
    assert after_accept == events + 1  # only the researcher's decision is recorded
    suggest_units(wb, story.id)
    again = wb.suggestions(story.id)
    assert len(again) == len(first) - 1  # the accepted one is not suggested again
    assert wb.units(story.id) == [unit]
    assert wb.status()["audit_events"] == after_accept
    assert wb.verify().ok


def test_interviewer_turns_can_be_included_by_setting(wb, story):
    wb.set_setting("segment_interviewer_turns", True)
    suggest_units(wb, story.id)
    assert "I: Hvordan" not in " ".join(texts(wb, story))
    assert "Hvordan kom du i gang med jobbstøtten?" in texts(wb, story)


def test_a_very_long_run_on_is_cut_at_a_discourse_marker():
    text = ("jeg begynte på lageret og det var tungt i starten " * 4 + "men etter hvert ble det "
            "lettere fordi jobbspesialisten kom innom og vi snakket om hva som var vanskelig " * 3)
    text = text.strip()
    parts = cut_long(text, 0, len(text), max_words=40)
    assert len(parts) > 1
    assert all(text[a:b].split() for a, b in parts)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(b <= c for (_a, b), (c, _d) in zip(parts, parts[1:], strict=False))


def test_read_only_review_cannot_store_suggestions(project_path, wb, story):
    wb.close()
    with Workbench.open(project_path, read_only=True) as review, pytest.raises(ReadOnlyProject):
        suggest_units(review)


def test_cli_segment_reports_counts(project_path, wb, story, capsys):
    wb.close()
    assert main(["segment", str(project_path), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"1": 2' in out
    assert main(["segment", str(project_path), "--document", "99"]) == 2
    assert "document 99" in capsys.readouterr().err


def test_turn_offsets_are_the_hard_boundary(wb, story):
    suggest_units(wb)
    bounds = {(t.start, t.end) for t in wb.list(Turn, document_id=story.id)}
    for s in wb.suggestions(story.id):
        assert sum(a <= s.start and s.end <= b for a, b in bounds) == 1


@pytest.mark.parametrize(("key", "value"), [("segment_max_words", 0), ("segment_max_words", "90"),
                                            ("segment_min_words", True)])
def test_a_bad_word_limit_is_a_user_error_and_stores_nothing(project_path, wb, story, capsys,
                                                              key, value):
    if value == "90":  # set_setting stores the number a quoted number means
        assert wb.set_setting(key, value).settings[key] == 90
    else:
        with pytest.raises(StcError, match=f"setting {key}: must be a whole number"):
            wb.set_setting(key, value)
    store_setting_unchecked(project_path, key, value)  # as an older version could have stored it
    wb.close()
    assert main(["segment", str(project_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"stc-bench: error: project setting {key}: must be a whole number")
    assert err.count("\n") == 1
    with Workbench.open(project_path) as again:
        assert again.suggestions() == []


def test_sentences_read_from_the_token_arrays_are_those_of_each_turn_parsed_alone():
    """The token arrays of all turns are read at once with numpy: each turn's sentences,
    edges and word counts (``str.split``'s) are those of the turn's own Doc read sentence
    by sentence — also with no-break spaces, tabs, runs of spaces, a line break inside a
    turn, a missing full stop and a turn of only punctuation."""
    from stc_bench.nlp.pipeline import load_pipeline
    from stc_bench.nlp.suggest import sentences_by_turn

    turns = ["Ja. Jeg   begynte der i fjor\u00a0høst, altså etter Nav. Det var fint Det er alltid sånn.",
             "Mm.", "Hun sa: «Du må prøve.» Og\tda prøvde jeg … men bl.a. kl. 8 gikk det!",
             "Første linje her.\nAndre linje , med mellomrom . Hva ?", "…", "Så det er bra"]
    text, bodies = "", []
    for body in turns:
        text += "I: Hvordan?\nJS3: "
        bodies.append((len(text), len(text) + len(body)))
        text += body + "\n"
    expected = []
    for a, b in bodies:
        own = []
        for sent in load_pipeline()(text[a:b]).sents:
            stripped = sent.text.strip()
            if stripped:
                start = a + sent.start_char + len(sent.text) - len(sent.text.lstrip())
                own.append((start, start + len(stripped), len(stripped.split())))
        expected.append(own)
    assert sentences_by_turn(text, bodies) == expected
    assert [text[s:e] for s, e, _n in expected[0]] == [
        "Ja.", "Jeg   begynte der i fjor\u00a0høst, altså etter Nav.", "Det var fint",
        "Det er alltid sånn."]
    assert [n for _s, _e, n in expected[0]] == [1, 9, 3, 4]
