"""import-survey: a questionnaire's free-text answers as one-respondent documents."""

from __future__ import annotations

from pathlib import Path

from .common import add_project_arg, open_project


def register(sub) -> None:
    p = sub.add_parser(
        "import-survey", help="import free-text survey answers (.csv or .xlsx)",
        description="Each non-empty answer in a --text column becomes a short document of its "
                    "respondent (an informant named by the --id column, with the --attr columns "
                    "as attributes), coded with the same four steps as an interview. Empty "
                    "answers are skipped and counted. All answers import in one transaction, "
                    "or none.")
    add_project_arg(p)
    p.add_argument("file", metavar="FILE", help="the survey export, .csv (comma, semicolon or "
                                                "tab) or .xlsx, with a header row")
    p.add_argument("--id", dest="id_column", required=True, metavar="COL",
                   help="the column with the respondent's id (a pseudonym, never a name)")
    p.add_argument("--text", dest="text_columns", action="append", required=True, metavar="COL",
                   help="a column of free-text answers (repeat for several questions)")
    p.add_argument("--attr", dest="attribute_columns", action="append", default=[], metavar="COL",
                   help="a column to keep as an informant attribute (repeat), e.g. sektor")
    p.add_argument("--sheet", default=None, metavar="NAME", help=".xlsx: the sheet (default: the first)")
    p.set_defaults(run=cmd_import_survey)


def cmd_import_survey(args) -> int:
    from ..ingest.survey import read_survey

    survey = read_survey(Path(args.file), id_column=args.id_column, text_columns=args.text_columns,
                         attribute_columns=args.attribute_columns, sheet=args.sheet)
    with open_project(args) as wb:
        docs = wb.import_survey(survey)
    print(f"{args.file}: imported {len(docs)} answers from {survey.respondents} respondents as "
          f"documents {docs[0].id}–{docs[-1].id}; {survey.skipped_empty} empty answers skipped")
    return 0
