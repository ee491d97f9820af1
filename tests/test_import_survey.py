"""`stc-bench import-survey`: a questionnaire's free text as one-respondent documents."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook as XlsxBook

from stc_bench.cli import main
from stc_bench.domain.model import Document, Informant
from stc_bench.nlp import suggest_units
from stc_bench.services import Workbench

#: A fictitious evaluation survey: semicolons (as Norwegian Excel writes csv), a multi-line
#: answer, an empty one, and two respondents who answered the same words.
CSV = (
    "Respondent;Sektor;Hva har hjulpet deg mest?;Hva kunne vært bedre?\n"
    "R01;privat;\"Jobbspesialisten ringte meg hver uke.\nDet gjorde at jeg turte å fortsette.\";"
    "Mer tid med veilederen\n"
    "R02;offentlig;;Ingen kommentar\n"
    "R03;privat;Ingen kommentar;Ingen kommentar\n"
)


@pytest.fixture
def project(project_path):
    path = project_path
    assert main(["--as", "kari", "new", str(path), "--title", "Evaluering av IPS"]) == 0
    return path


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def trail(capsys, project):
    return run(capsys, "audit", "log", project, "--json")[1]


def test_each_answer_is_a_document_of_its_respondent(project, tmp_path, capsys):
    path = tmp_path / "skjema.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, err = run(capsys, "import-survey", project, path, "--id", "respondent",
                         "--text", "Hva har hjulpet deg mest?", "--text", "Hva kunne vært bedre?",
                         "--attr", "Sektor")
    assert code == 0, err
    assert "imported 5 answers from 3 respondents" in out and "1 empty answers skipped" in out
    with Workbench.open(project) as wb:
        docs = wb.list(Document)
        informants = {i.id: i for i in wb.list(Informant)}
        assert [(informants[d.informant_id].label, d.title.split(" · ")[1][:12], d.text[:26])
                for d in docs] == [
            ("R01", "Hva har hjul", "Jobbspesialisten ringte me"),
            ("R01", "Hva kunne væ", "Mer tid med veilederen"),
            ("R02", "Hva kunne væ", "Ingen kommentar"),
            ("R03", "Hva har hjul", "Ingen kommentar"),  # the same words as R02: both kept
            ("R03", "Hva kunne væ", "Ingen kommentar"),
        ]
        assert docs[0].text == ("Jobbspesialisten ringte meg hver uke.\n"
                                "Det gjorde at jeg turte å fortsette.")
        assert {i.label: (i.role, i.attributes) for i in informants.values()} == {
            "R01": ("respondent", {"sektor": "privat"}), "R02": ("respondent", {"sektor": "offentlig"}),
            "R03": ("respondent", {"sektor": "privat"})}
        turns = wb.turns(docs[0].id)
        assert [(t.speaker, t.start, t.end, t.is_interviewer) for t in turns] == [
            ("R01", 0, len(docs[0].text), False)]
        # coded like an interview: the answer is suggested and becomes a meaning unit
        suggest_units(wb)
        (first,) = [s for s in wb.suggestions(docs[0].id)][:1]
        unit = wb.accept_suggestion(first.id)
        assert unit.snippet.startswith("Jobbspesialisten ringte meg")
    (event,) = [e for e in json.loads(trail(capsys, project)) if e["action"] == "survey.import"]
    assert event["after"]["answers"] == 5 and event["after"]["skipped_empty"] == 1
    assert run(capsys, "audit", "verify", project)[0] == 0


def test_one_text_column_titles_documents_by_respondent_and_xlsx_reads_the_same(project, tmp_path,
                                                                              capsys):
    book = XlsxBook()
    sheet = book.active
    sheet.title = "Svar"
    sheet.append(["id", "alder", "kommentar"])
    sheet.append([17, "30-39", "Jeg fikk jobb etter tre måneder.\nDet hadde jeg ikke trodd."])
    sheet.append([18, "50-59", None])
    sheet.append([19, None, "  Lite oppfølging i starten.  "])
    path = tmp_path / "skjema.xlsx"
    book.save(path)
    code, out, err = run(capsys, "import-survey", project, path, "--id", "id", "--text", "kommentar",
                         "--attr", "alder", "--sheet", "Svar")
    assert code == 0, err
    assert "imported 2 answers from 2 respondents" in out and "1 empty answers skipped" in out
    with Workbench.open(project) as wb:
        docs = wb.list(Document)
        assert [(d.title, d.text) for d in docs] == [
            ("17", "Jeg fikk jobb etter tre måneder.\nDet hadde jeg ikke trodd."),
            ("19", "Lite oppfølging i starten.")]
        labels = {i.label: i.attributes for i in wb.list(Informant)}
        assert labels == {"17": {"alder": "30-39"}, "18": {"alder": "50-59"}, "19": {}}


@pytest.mark.parametrize(("content", "args", "says"), [
    (CSV, ("--id", "nr", "--text", "Hva kunne vært bedre?"),
     "has no column 'nr' (the header row has: 'Respondent', 'Sektor'"),
    (CSV.replace("R02;", "R01;"), ("--id", "Respondent", "--text", "Hva kunne vært bedre?"),
     "row 3: respondent 'R01' appears twice"),
    (CSV.replace("R03;", ";"), ("--id", "Respondent", "--text", "Hva kunne vært bedre?"),
     "row 4: the id column 'Respondent' is empty"),
    ("id;svar\nR1;\nR2; \n", ("--id", "id", "--text", "svar"), "has no answers in 'svar'"),
    ("", ("--id", "id", "--text", "svar"), "is empty"),
    ("Respondent;Navn;svar\nR1;Kari;Bra\n", ("--id", "Respondent", "--text", "svar", "--attr", "Navn"),
     "informant 'R1': navn would identify the person"),
    (CSV, ("--id", "Respondent", "--text", "Sektor", "--sheet", "Ark1"), "--sheet is for .xlsx"),
])
def test_a_bad_survey_is_one_line_naming_the_file_and_nothing_is_written(project, tmp_path, capsys,
                                                                        content, args, says):
    path = tmp_path / "skjema.csv"
    path.write_text(content, encoding="utf-8")
    before = trail(capsys, project)
    code, out, err = run(capsys, "import-survey", project, path, *args)
    assert code == 2 and out == ""
    assert err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
    assert says in err, err
    if "informant" not in says:
        assert str(path) in err
    assert trail(capsys, project) == before


def test_the_same_survey_twice_is_refused_and_a_conflicting_attribute_too(project, tmp_path, capsys):
    path = tmp_path / "skjema.csv"
    path.write_text(CSV, encoding="utf-8")
    args = ("--id", "Respondent", "--text", "Hva kunne vært bedre?", "--attr", "Sektor")
    assert run(capsys, "import-survey", project, path, *args)[0] == 0
    before = trail(capsys, project)
    code, _, err = run(capsys, "import-survey", project, path, *args)
    assert code == 2 and "skjema.csv: already in the project" in err
    other = tmp_path / "skjema2.csv"
    other.write_text(CSV.replace("R01;privat", "R01;offentlig").replace("veilederen", "veileder"),
                     encoding="utf-8")
    code, _, err = run(capsys, "import-survey", project, other, *args)
    assert code == 2 and "respondent 'R01' is an informant whose sektor differs" in err
    assert trail(capsys, project) == before


def test_a_survey_import_is_undone_as_one(project, tmp_path, capsys):
    path = tmp_path / "skjema.csv"
    path.write_text(CSV, encoding="utf-8")
    assert run(capsys, "import-survey", project, path, "--id", "Respondent",
               "--text", "Hva kunne vært bedre?")[0] == 0
    assert run(capsys, "undo", project)[0] == 0
    with Workbench.open(project) as wb:
        assert wb.list(Document) == [] and wb.list(Informant) == []
    assert run(capsys, "redo", project)[0] == 0
    with Workbench.open(project) as wb:
        assert len(wb.list(Document)) == 3
    assert run(capsys, "audit", "verify", project)[0] == 0
