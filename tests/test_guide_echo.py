"""The interview guide in the project, and the warning when a theme only restates a question."""

from __future__ import annotations

import json

import docx
import pytest
from helpers.tui import screen_text, settle, type_in

from stc_bench.cli import main
from stc_bench.nlp.guide import guide_echoes, guide_questions
from stc_bench.tui.app import make_app

GUIDE = """Intervjuguide — Jobbstøtte og psykisk helse (versjon 2)

Innledning: takk for at du stiller opp.
1. Kan du fortelle om hvordan du kom i kontakt med IPS?
2. Hvordan opplever du samarbeidet med jobbspesialisten?
3. Hva motiverer deg til å jobbe?
   a) Hva betyr lønn for deg?
4. Hvordan har arbeidsgiveren tatt imot deg?
Avslutning: Er det noe du vil legge til?
"""


def test_questions_are_the_lines_that_ask_with_numbering_stripped():
    assert guide_questions(GUIDE) == [
        "Kan du fortelle om hvordan du kom i kontakt med IPS?",
        "Hvordan opplever du samarbeidet med jobbspesialisten?",
        "Hva motiverer deg til å jobbe?",
        "Hva betyr lønn for deg?",
        "Hvordan har arbeidsgiveren tatt imot deg?",
        "Avslutning: Er det noe du vil legge til?",
    ]


@pytest.mark.parametrize(("name", "question"), [
    ("Opplevelse av samarbeidet med jobbspesialisten", 2),  # opplevelse ~ oppleve
    ("Kontakten med IPS", 1),
    ("Motivasjon til å jobbe", 3),  # motivasjon ~ motivere
])
def test_a_name_made_of_a_questions_words_echoes_it(name, question):
    (echo,) = guide_echoes([(7, name)], GUIDE)
    assert (echo.item_id, echo.question_no) == (7, question)
    assert echo.share >= 0.67


@pytest.mark.parametrize("name", [
    "Å bli trodd på",  # what informants said, in their words
    "Usikkerhet før første arbeidsdag",
    "Arbeidsgiverens mottakelse",  # one word of four from question 4: not an echo
    "Lønnens betydning",
])
def test_a_name_in_the_informants_words_does_not_echo(name):
    assert guide_echoes([(1, name)], GUIDE) == []


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(project_path, capsys):
    path = project_path
    assert run(capsys, "--as", "kari", "new", path, "--title", "Jobbstøtte")[0] == 0
    return path


def test_guide_from_a_word_file_then_status_warns_about_an_echoing_theme(project, tmp_path, capsys):
    document = docx.Document()
    for line in GUIDE.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "intervjuguide v2.docx"
    document.save(path)
    code, out, err = run(capsys, "guide", project, "--add", path, "--note", "la til lønn")
    assert code == 0, err
    assert "interview guide version 1 ('intervjuguide v2'), 6 questions" in out
    code, out, _ = run(capsys, "guide", project)
    assert "version 1: intervjuguide v2 — la til lønn" in out
    assert "  2. Hvordan opplever du samarbeidet med jobbspesialisten?" in out
    assert "used by: no interview linked" in out

    from stc_bench.services import Workbench

    with Workbench.open(project, actor="kari") as wb:
        wb.add_theme("Opplevelse av samarbeidet med jobbspesialisten")
        wb.add_theme("Å bli trodd på")
        group = wb.add_code_group("Kontakten med IPS")
        assert group.id
    code, out, _ = run(capsys, "status", project)
    assert code == 0
    assert ("Theme 'Opplevelse av samarbeidet med jobbspesialisten' mostly repeats interview-guide "
            "question 2 («Hvordan opplever du samarbeidet med jobbspesialisten?»)") in out
    assert "Code group 'Kontakten med IPS' mostly repeats interview-guide question 1" in out
    assert "Å bli trodd på" not in out
    warnings = json.loads(run(capsys, "status", project, "--json")[1])["warnings"]
    assert sum("interview-guide" in w for w in warnings) == 2


def test_without_a_guide_there_is_no_echo_warning(project, capsys):
    from stc_bench.services import Workbench

    with Workbench.open(project, actor="kari") as wb:
        wb.add_theme("Hvordan opplever du samarbeidet")
    assert "interview-guide" not in run(capsys, "status", project)[1]


def test_a_bad_guide_file_is_one_line_and_nothing_is_stored(project, tmp_path, capsys):
    before = run(capsys, "audit", "log", project, "--json")[1]
    for path, says in ((tmp_path / "mangler.txt", "no such file"),
                       (tmp_path / "tom.txt", "is empty")):
        if path.name == "tom.txt":
            path.write_text("\n  \n", encoding="utf-8")
        code, out, err = run(capsys, "guide", project, "--add", path)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert str(path) in err and says in err
    code, _, err = run(capsys, "guide", project, "--title", "x")
    assert code == 2 and "--title and --note go with --add FILE" in err
    assert run(capsys, "audit", "log", project, "--json")[1] == before


@pytest.mark.anyio
async def test_step1_marks_an_echoing_theme_and_warns_when_it_is_added(wb, doc, project_path):
    wb.add_interview_guide("Intervjuguide", GUIDE)
    wb.add_theme("Å bli trodd på")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        assert "repeats guide question" not in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await type_in(pilot, "Opplevelse av samarbeidet med jobbspesialisten")
        await pilot.press("enter")
        await settle(app, pilot, pauses=2)
        text = screen_text(app)
        assert "⚠ repeats guide question 2" in text
        notices = [n.message for n in app._notifications]
        assert any("mostly repeats guide question 2" in m and "what they were asked" in m
                   for m in notices), notices


@pytest.fixture
def anyio_backend():
    return "asyncio"


# -- template analysis: code groups a priori from the guide ------------------------------------

def test_main_questions_become_proposals_without_follow_ups_or_the_closing_question():
    from stc_bench.nlp.guide import propose_code_groups

    assert propose_code_groups(GUIDE) == [
        ("Kontakt med IPS", "Kan du fortelle om hvordan du kom i kontakt med IPS?"),
        ("Samarbeidet med jobbspesialisten", "Hvordan opplever du samarbeidet med jobbspesialisten?"),
        ("Jobbe", "Hva motiverer deg til å jobbe?"),
        ("Arbeidsgiveren tatt imot deg", "Hvordan har arbeidsgiveren tatt imot deg?"),
    ]


def test_adopted_proposals_are_a_priori_code_groups_and_the_codebook_says_so(project, tmp_path, capsys):
    import csv

    from stc_bench.domain.model import CodeGroup
    from stc_bench.services import Workbench

    code, _, err = run(capsys, "guide", project, "--propose")
    assert code == 2 and "no interview guide with text in this project" in err
    path = tmp_path / "guide.txt"
    path.write_text(GUIDE, encoding="utf-8")
    assert run(capsys, "guide", project, "--add", path)[0] == 0
    code, out, _ = run(capsys, "guide", project, "--propose")
    assert code == 0
    assert "  2. Samarbeidet med jobbspesialisten  ← «Hvordan opplever du samarbeidet" in out
    before = run(capsys, "audit", "log", project, "--json")[1]
    for bad in ("9", "x=Navn"):
        code, _, err = run(capsys, "guide", project, "--adopt", bad)
        assert code == 2 and "give a proposal number 1–4" in err and err.count("\n") == 1
    assert run(capsys, "audit", "log", project, "--json")[1] == before
    with Workbench.open(project, actor="kari") as wb:
        wb.add_code_group("Å bli trodd på")  # inductive, from the data
    code, out, err = run(capsys, "guide", project, "--adopt", "1", "--adopt",
                         "2=Samarbeid med jobbspesialisten")
    assert code == 0, err
    with Workbench.open(project) as wb:
        groups = {g.name: g for g in wb.list(CodeGroup)}
        assert groups["Kontakt med IPS"].origin == "a-priori"
        assert groups["Samarbeid med jobbspesialisten"].description == (
            "Hvordan opplever du samarbeidet med jobbspesialisten?")
        assert groups["Å bli trodd på"].origin is None
        (event,) = [e for e in wb.log() if e.action == "code_group.from_guide"]
        assert event.after["guide_version"] == 1
        sub = wb.add_subgroup(groups["Kontakt med IPS"].id, "Henvist av NAV")
        assert sub.id
    code, _, err = run(capsys, "guide", project, "--adopt", "1")
    assert code == 2 and "code group 'Kontakt med IPS' already exists" in err
    table = tmp_path / "kodebok.csv"
    assert run(capsys, "export", "csv", project, "--part", "codebook", "-o", table)[0] == 0
    rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["code_group"], r["origin"]) for r in rows] == [("Kontakt med IPS", "a priori")]
    book = tmp_path / "kodebok.docx"
    assert run(capsys, "export", "docx", project, "--part", "codebook", "-o", book)[0] == 0
    text = "\n".join(p.text for p in docx.Document(book).paragraphs)
    assert "Kilde: a priori (fra intervjuguiden)." in text
    assert "Kilde: induktiv (fra dataene)." in text
    assert run(capsys, "audit", "verify", project)[0] == 0


@pytest.mark.anyio
async def test_step1_adopts_checked_and_renamed_proposals_from_the_guide(wb, doc, project_path):
    from stc_bench.domain.model import CodeGroup

    wb.add_interview_guide("Intervjuguide", GUIDE)
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("G")
        await settle(app, pilot)
        assert "Samarbeidet med jobbspesialisten" in screen_text(app)
        await pilot.press("down", "down", "space")  # drop "Jobbe"
        await pilot.press("up", "up", "r")
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        await type_in(pilot, "Veien inn i IPS")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # adopt the checked
        await settle(app, pilot, pauses=2)
        groups = app.wb.list(CodeGroup)
        assert [(g.name, g.origin) for g in groups] == [
            ("Veien inn i IPS", "a-priori"), ("Samarbeidet med jobbspesialisten", "a-priori"),
            ("Arbeidsgiveren tatt imot deg", "a-priori")]
        notices = [n.message for n in app._notifications]
        assert "3 a-priori code groups added from the guide" in notices


def test_a_codebook_csv_makes_a_priori_groups_and_subgroups_in_one_event(project, tmp_path, capsys):
    from stc_bench.domain.model import CodeGroup, Subgroup
    from stc_bench.services import Workbench

    with Workbench.open(project, actor="kari") as wb:
        wb.add_code_group("Arbeidsgiveren")  # already there, inductive: kept as it is
    path = tmp_path / "kodebok.csv"
    path.write_text("Kodegruppe;Subgruppe;Beskrivelse;Kommentar\n"
                    "Veien inn;;Hvordan deltakerne kom til IPS;x\n"
                    "Veien inn;Henvist av NAV;Veilederen foreslo IPS;\n"
                    "Veien inn;Fant det selv;;\n"
                    "arbeidsgiveren;Tilrettelegging;Det arbeidsgiver gjorde;\n", encoding="utf-8")
    code, out, err = run(capsys, "import-codebook", project, path)
    assert code == 0, err
    assert "1 code groups (a priori) and 3 subgroups added; 0 already in the project" in out
    with Workbench.open(project) as wb:
        groups = {g.name: g for g in wb.list(CodeGroup)}
        assert (groups["Veien inn"].origin, groups["Veien inn"].description) == (
            "a-priori", "Hvordan deltakerne kom til IPS")
        assert groups["Arbeidsgiveren"].origin is None
        subs = {(s.code_group_id, s.name, s.description) for s in wb.list(Subgroup)}
        assert subs == {(groups["Veien inn"].id, "Henvist av NAV", "Veilederen foreslo IPS"),
                        (groups["Veien inn"].id, "Fant det selv", ""),
                        (groups["Arbeidsgiveren"].id, "Tilrettelegging", "Det arbeidsgiver gjorde")}
    code, out, _ = run(capsys, "import-codebook", project, path)  # again: nothing new
    assert code == 0 and "0 code groups (a priori) and 0 subgroups added; 4 already" in out
    # that changed nothing, so it wrote no event: one undo takes back the first import
    assert run(capsys, "undo", project)[0] == 0
    with Workbench.open(project) as wb:
        assert [g.name for g in wb.list(CodeGroup)] == ["Arbeidsgiveren"]
        assert wb.list(Subgroup) == []


@pytest.mark.parametrize(("content", "says"), [
    ("navn;beskrivelse\nA;b\n", "has no code group column (a header named code_group or kodegruppe"),
    ("code_group;subgroup\nA;x\n;y\n", "row 3: the code group is empty"),
    ("code_group\n", "has a header but no code groups"),
])
def test_a_bad_codebook_is_one_line_and_nothing_changes(project, tmp_path, capsys, content, says):
    path = tmp_path / "kodebok.csv"
    path.write_text(content, encoding="utf-8")
    before = run(capsys, "audit", "log", project, "--json")[1]
    code, out, err = run(capsys, "import-codebook", project, path)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert str(path) in err and says in err, err
    assert run(capsys, "audit", "log", project, "--json")[1] == before
