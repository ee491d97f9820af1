"""The agreement table for the methods chapter (csv or docx), in the project's language."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .files import write_export
from .language import language_tag

WORDS = {
    "nb": {
        "title": "Samsvar mellom kodere",
        "group": "Kodegruppe", "overall": "Samlet", "units": "Enheter ({})",
        "segments": "Segmentsamsvar", "kappa": "Cohens kappa", "alpha": "Krippendorffs uα",
        "cu_alpha": "Krippendorffs cuα", "chars": "Tegn talt",
        "note": ("Kodere: {coders}. Dokumenter: {docs}. Segmentsamsvar: en enhet hos én koder "
                 "samsvarer med en enhet hos en annen i samme kodegruppe når overlapp/union er "
                 "minst {t}. Kappa (to kodere) og uα (binær per kodegruppe, Krippendorff) "
                 "er regnet per tegn i teksten: {basis}. cuα (Krippendorff) er samsvaret i "
                 "kodingen av teksten minst to kodere markerte (kodegruppen per kodegruppe, "
                 "settet av kodegrupper samlet), uten tekst bare én eller ingen markerte."),
        "with": "all tekst i dokumentene, også tekst ingen koder kodet",
        "without": "bare tekst minst én koder kodet i de valgte kodegruppene",
    },
    "en": {
        "title": "Agreement between coders",
        "group": "Code group", "overall": "Overall", "units": "Units ({})",
        "segments": "Segment agreement", "kappa": "Cohen's kappa", "alpha": "Krippendorff's uα",
        "cu_alpha": "Krippendorff's cuα", "chars": "Characters counted",
        "note": ("Coders: {coders}. Documents: {docs}. Segment agreement: a unit of one coder "
                 "matches a unit of another in the same code group when overlap/union is at "
                 "least {t}. Kappa (two coders) and uα (binary per code group, "
                 "Krippendorff) are computed per character of the text: {basis}. cuα "
                 "(Krippendorff) is the agreement in coding the text two or more coders "
                 "marked (the code group per code group, the set of code groups overall), "
                 "leaving out text only one or none marked."),
        "with": "all text of the documents, including text no coder coded",
        "without": "only text at least one coder coded into the chosen code groups",
    },
}


def words_for(language: str) -> dict[str, str]:
    return WORDS["nb" if language_tag(language).startswith(("nb", "nn")) else "en"]


def table(report, language: str, documents: dict[int, str]) -> tuple[list[str], list[list[str]], str]:
    """Header, rows and the note under the table."""
    w = words_for(language)
    comma = w is WORDS["nb"]  # Norwegian writes 0,62
    header = [w["group"], *(w["units"].format(c) for c in report.coders),
              w["segments"], w["kappa"], w["alpha"], w["cu_alpha"], w["chars"]]
    rows = []
    for row in report.rows:
        name = w["overall"] if row.code_group_id is None else report.groups[row.code_group_id]
        rows.append([name, *(str(row.units.get(c, 0)) for c in report.coders),
                     _pct(row.segment_agreement), _num(row.kappa, comma), _num(row.alpha, comma),
                     _num(row.cu_alpha, comma), str(row.chars)])
    note = w["note"].format(coders=", ".join(report.coders),
                            docs=", ".join(documents[d] for d in report.documents),
                            t=_num(report.threshold, comma),
                            basis=w["with"] if report.count_uncoded else w["without"])
    return header, rows, note


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f} %"


def _num(x: float | None, comma: bool) -> str:
    if x is None:
        return "–"
    text = f"{x:.2f}"
    return text.replace(".", ",") if comma else text


def agreement_parts(wb, language: str) -> tuple[list[str], list[list[str]], str, str]:
    """Header, rows, note and title of the table with the default measures (overlap 0.5,
    only coded text): what ``export docx|csv --part agreement`` writes."""
    report = wb.agreement()
    titles = {d: wb.document(d).title for d in report.documents}
    return (*table(report, language, titles), words_for(language)["title"])


def agreement_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def render_agreement(b, header: list[str], rows: list[list[str]], note: str, title: str) -> None:
    """The table into a :class:`~.docx_writer.DocxBuilder` (the thesis styles)."""
    b.heading(title, 2)
    b.table(header, rows)
    b.paragraph(note)


def write_agreement(target: Path, report, language: str, documents: dict[int, str], *,
                    force: bool = False) -> Path:
    """Write the table as .csv or .docx (by the suffix)."""
    header, rows, note = table(report, language, documents)
    if Path(target).suffix.lower() == ".docx":
        from .docx_writer import DocxBuilder  # local: python-docx is only needed here

        builder = DocxBuilder(None, language)
        render_agreement(builder, header, rows, note, words_for(language)["title"])
        return write_export(target, builder.save, force=force)
    text = agreement_csv(header, rows)
    return write_export(target, lambda p: p.write_text(text, encoding="utf-8-sig"), force=force)
