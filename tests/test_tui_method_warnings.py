"""The method warnings on the overview and in step 4 are in the UI language: a Norwegian
screen words them as a Norwegian supervisor would (singular and plural by count, names in
«»), an English one shows the command line's sentences."""

from __future__ import annotations

import pytest
from helpers.tui import screen_text, settle, until
from test_method_warnings import ENGLISH, build_drifting_study
from textual.widgets import Static

from stc_bench.domain import rules
from stc_bench.tui.app import make_app
from stc_bench.tui.catalogue import WARNINGS_NB
from stc_bench.tui.i18n import plural, set_language, warning_text

NORWEGIAN = [
    "kodegruppen «Arbeid [sjefen]» har ingen subgrupper",
    "subgruppen «Noen som har tro på meg» har ikke noe kondensat",
    "subgruppen «Noen som har tro på meg» har ikke noe gullsitat",
    "1 kodet meningsbærende enhet er ikke plassert i noen subgruppe",
    "den analytiske teksten til subgruppen «Noen som har tro på meg» har ikke noe illustrerende sitat",
    "2 kodede meningsbærende enheter er ennå ikke lest på nytt i kontekst (validering)",
]


@pytest.fixture
def drifting(wb, doc):
    """Warnings of every sort that names a code group or subgroup, and counts 1 and 2."""
    return build_drifting_study(wb, doc)


@pytest.fixture
def norwegian():
    set_language("nb")
    yield
    set_language("en")


def test_every_kind_of_warning_has_its_norwegian_wording_with_the_same_fields():
    assert WARNINGS_NB.keys() == rules.ENGLISH.keys()
    for kind, english in rules.ENGLISH.items():
        fields = {part.split("}")[0].removesuffix("!r") for part in english.split("{")[1:]}
        for form in WARNINGS_NB[kind]:
            assert {part.split("}")[0] for part in form.split("{")[1:]} == fields, form
            assert ("«{name}»" in form) == ("name" in fields), form  # user text in «»


@pytest.mark.parametrize(("kind", "count", "expected"), [
    ("units_unassigned", 1, "1 kodet meningsbærende enhet er ikke plassert i noen subgruppe"),
    ("units_unassigned", 12, "12 kodede meningsbærende enheter er ikke plassert i noen subgruppe"),
    ("units_unvalidated", 1,
     "1 kodet meningsbærende enhet er ennå ikke lest på nytt i kontekst (validering)"),
    ("units_unvalidated", 2,
     "2 kodede meningsbærende enheter er ennå ikke lest på nytt i kontekst (validering)"),
    ("few_themes", 1, "bare 1 foreløpig tema: i STC er det vanlig å navngi 4–8 i trinn 1"),
    ("few_themes", 3, "bare 3 foreløpige temaer: i STC er det vanlig å navngi 4–8 i trinn 1"),
    ("too_many_themes", 9, "9 foreløpige temaer: i STC er det vanlig med 4–8 i trinn 1"),
])
def test_norwegian_takes_the_singular_for_one_and_the_plural_otherwise(norwegian, kind, count,
                                                                       expected):
    warning = rules.MethodWarning(kind, count=count)
    assert warning_text(warning) == expected
    set_language("en")
    assert warning_text(warning) == warning.text  # English: the command line's sentence


def test_plural_picks_the_form_by_count():
    assert [plural(n, "enhet", "enheter") for n in (0, 1, 2, 21)] == [
        "enheter", "enhet", "enheter", "enheter"]


def test_a_name_is_the_users_text_verbatim_in_guillemets(norwegian):
    warning = rules.MethodWarning("group_without_subgroups", "Kari's {team} [b]", code_group_id=1)
    assert warning_text(warning) == "kodegruppen «Kari's {team} [b]» har ingen subgrupper"


def _group_warnings(app) -> list[str]:
    return str(app.screen.query_one("#group-warnings", Static).render()).splitlines()


async def _show(project_path):
    """The overview's text, then step 4's warnings for the first and the second code group."""
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: "⚠" in screen_text(app), "the overview's warnings")
        overview = screen_text(app)
        await pilot.press("alt+4")
        await settle(app, pilot)
        await until(pilot, lambda: _group_warnings(app), "step 4's warnings")
        first = _group_warnings(app)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await until(pilot, lambda: _group_warnings(app) != first, "the next group's warnings")
        return overview, first, _group_warnings(app)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_norwegian_screen_words_every_warning_in_norwegian(drifting, project_path,
                                                                   monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    try:
        overview, arbeid, trodd = await _show(project_path)
    finally:
        set_language("en")
    for sentence in NORWEGIAN:
        assert "⚠ " + sentence in overview
    for sentence in ENGLISH:
        assert sentence not in overview
    assert not any(word in overview for word in ("(s)", "(er)", "has no", "coded meaning unit"))
    # step 4: the code group's own warning and its subgroups' analytic texts and quotes;
    # step 3's gaps (condensate, golden quote) and the counts are the overview's
    assert arbeid == ["⚠ " + NORWEGIAN[0]]
    assert trodd == ["⚠ " + NORWEGIAN[4]]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_english_screen_shows_the_command_lines_sentences(drifting, project_path,
                                                                   monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    overview, arbeid, trodd = await _show(project_path)
    for sentence in ENGLISH:
        assert "⚠ " + sentence in overview
    assert not any(sentence in overview for sentence in NORWEGIAN)
    assert arbeid == ["⚠ " + ENGLISH[0]]
    assert trodd == ["⚠ " + ENGLISH[4]]


def test_the_readers_plain_import_warnings_are_in_the_catalogue():
    from stc_bench.ingest import turns
    from stc_bench.tui.catalogue import NB

    assert turns.NO_SPEAKER_LABELS in NB and turns.NO_INTERVIEWER_LABEL in NB


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_transcript_without_speaker_labels_is_reported_in_norwegian(
        wb, project_path, tmp_path, monkeypatch, anyio_backend):
    from test_tui_import import import_through_dialog, notices

    source = tmp_path / "notat.txt"
    source.write_text("Jeg gruet meg, men hun ble med meg første dagen.\n\n"
                      "Det ble lettere å si ifra når det ble for mye.\n", encoding="utf-8")
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    app = make_app(project_path, actor="kari")
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(app, pilot)
            await import_through_dialog(app, pilot, str(source))
            warned = [n for n in app._notifications if n.title == "Importert med advarsler"]
            assert [n.message for n in warned] == [
                "notat.txt: fant ingen taleretiketter (én tur per avsnitt)"]
            assert not any("speaker labels" in text for text in notices(app))
    finally:
        set_language("en")


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_f2_rewords_step_4s_warnings(drifting, project_path, monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    app = make_app(project_path, actor="kari")
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(app, pilot)
            await pilot.press("alt+4")
            await settle(app, pilot)
            await until(pilot, lambda: _group_warnings(app) == ["⚠ " + NORWEGIAN[0]],
                        "step 4's warning in Norwegian")
            await pilot.press("f2")
            await settle(app, pilot, 2)
            await until(pilot, lambda: _group_warnings(app) == ["⚠ " + ENGLISH[0]],
                        "step 4's warning in English")
    finally:
        set_language("en")


def test_a_quotes_unmarked_edits_are_worded_in_the_ui_language(norwegian):
    from stc_bench.domain.quotes import PROBLEMS, QuoteProblem, compare_display
    from stc_bench.tui.catalogue import QUOTE_PROBLEMS_NB
    from stc_bench.tui.i18n import problem_text
    from stc_bench.tui.quote_editor import difference

    exact = "Jeg var usikker i starten. Men Kari ringte meg hver uke."
    display = "Jeg var usikker (…) Kari, ringte meg hver uke."
    problems = compare_display(exact, display)[1]
    assert problems == [QuoteProblem("not_in_transcript", "Kari, ringte meg hver uke.")]
    # the English sentence the service's refusal and the exports print, as before
    assert str(problems[0]) == "not in the transcript as written: 'Kari, ringte meg hver uke.'"
    assert QUOTE_PROBLEMS_NB.keys() == PROBLEMS.keys()
    shown = difference(exact, display).plain
    assert "⚠ står ikke slik i transkripsjonen: «Kari, ringte meg hver uke.»" in shown
    assert "transcript" not in shown
    cut = QuoteProblem("unmarked_cut", "Men")
    assert problem_text(cut) == "ord utelatt uten (…)-markering: «Men»"
    set_language("en")
    assert problem_text(cut) == "words left out without a (…) mark: 'Men'"
    assert "⚠ not in the transcript as written: 'Kari," in difference(exact, display).plain
