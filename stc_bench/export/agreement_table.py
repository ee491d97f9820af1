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
        "kappa_sentence": "Cohens kappa per setning", "mean": "{kappa}, snitt av {n} par",
        "pair": "κ {a}–{b}", "sentences": "Setninger talt",
        "note": ("Kodere: {coders}. Dokumenter: {docs}. Segmentsamsvar: en enhet hos én koder "
                 "samsvarer med en enhet hos en annen i samme kodegruppe når overlapp/union er "
                 "minst {t}. {measures} cuα (Krippendorff) er samsvaret i "
                 "kodingen av teksten minst to kodere markerte (kodegruppen per kodegruppe, "
                 "settet av kodegrupper samlet), uten tekst bare én eller ingen markerte."),
        "by_character": ("Kappa og uα (binær per kodegruppe, Krippendorff) er regnet per tegn i "
                         "teksten: {basis}."),
        "by_sentence": ("Kappa er regnet per setning: en koder har kodet en setning med en "
                        "kodegruppe når en av koderens enheter i gruppen overlapper den. uα "
                        "(binær per kodegruppe, Krippendorff) er regnet per tegn. Begge teller "
                        "{basis}."),
        "splitter": "Setningene er delt av {splitter}.", "splitter_column": "Setningsdeler",
        "pairs": "Med flere par av kodere er kappa snittet av parenes kappa, hvert par i egen kolonne.",
        "with": "all tekst i dokumentene, også tekst ingen koder kodet",
        "without": "bare tekst minst én koder kodet i de valgte kodegruppene",
    },
    "en": {
        "title": "Agreement between coders",
        "group": "Code group", "overall": "Overall", "units": "Units ({})",
        "segments": "Segment agreement", "kappa": "Cohen's kappa", "alpha": "Krippendorff's uα",
        "cu_alpha": "Krippendorff's cuα", "chars": "Characters counted",
        "kappa_sentence": "Cohen's kappa per sentence", "mean": "{kappa}, mean of {n} pairs",
        "pair": "κ {a}–{b}", "sentences": "Sentences counted",
        "note": ("Coders: {coders}. Documents: {docs}. Segment agreement: a unit of one coder "
                 "matches a unit of another in the same code group when overlap/union is at "
                 "least {t}. {measures} cuα "
                 "(Krippendorff) is the agreement in coding the text two or more coders "
                 "marked (the code group per code group, the set of code groups overall), "
                 "leaving out text only one or none marked."),
        "by_character": ("Kappa and uα (binary per code group, Krippendorff) are computed per "
                         "character of the text: {basis}."),
        "by_sentence": ("Kappa is computed per sentence: a coder coded a sentence with a code "
                        "group when one of their units of that group overlaps it. uα (binary "
                        "per code group, Krippendorff) is computed per character. Both count "
                        "{basis}."),
        "splitter": "The sentences were split by {splitter}.",
        "splitter_column": "Sentence splitter",
        "pairs": "With several pairs of coders, kappa is the mean of the pairs' kappas, each pair in its own column.",
        "with": "all text of the documents, including text no coder coded",
        "without": "only text at least one coder coded into the chosen code groups",
    },
}


def words_for(language: str) -> dict[str, str]:
    return WORDS["nb" if language_tag(language).startswith(("nb", "nn")) else "en"]


def table(report, language: str, documents: dict[int, str]) -> tuple[list[str], list[list[str]], str]:
    """Header, rows and the note under the table. Kappa is named by what it counts
    (characters or sentences); with several pairs of coders it is their mean, and each
    pair's kappa has a column."""
    w = words_for(language)
    comma = w is WORDS["nb"]  # Norwegian writes 0,62
    sentences = report.unit == "sentence"
    pairs = sorted({p for row in report.rows for p in row.kappa_pairs})
    kappa = w["kappa_sentence"] if sentences else w["kappa"]
    if len(pairs) > 1:
        kappa = w["mean"].format(kappa=kappa, n=len(pairs))
    header = [w["group"], *(w["units"].format(c) for c in report.coders),
              w["segments"], kappa, *(w["pair"].format(a=a, b=b) for a, b in pairs if len(pairs) > 1),
              w["alpha"], w["cu_alpha"], w["chars"], *([w["sentences"]] if sentences else [])]
    rows = []
    for row in report.rows:
        name = w["overall"] if row.code_group_id is None else report.groups[row.code_group_id]
        each = [_num(row.kappa_pairs.get(p), comma) for p in pairs] if len(pairs) > 1 else []
        rows.append([name, *(str(row.units.get(c, 0)) for c in report.coders),
                     _pct(row.segment_agreement), _num(row.kappa, comma), *each,
                     _num(row.alpha, comma), _num(row.cu_alpha, comma), str(row.chars),
                     *([str(row.kappa_units)] if sentences else [])])
    basis = w["with"] if report.count_uncoded else w["without"]
    measures = w["by_sentence" if sentences else "by_character"].format(basis=basis)
    if sentences and report.splitter:  # the figure depends on where it cuts
        measures += " " + w["splitter"].format(splitter=report.splitter)
    if len(pairs) > 1:
        measures += " " + w["pairs"]
    note = w["note"].format(coders=", ".join(report.coders),
                            docs=", ".join(documents[d] for d in report.documents),
                            t=_num(report.threshold, comma), measures=measures)
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
    if report.splitter:  # a csv has no note: the splitter the figures depend on, per row
        header = [*header, words_for(language)["splitter_column"]]
        rows = [[*row, report.splitter] for row in rows]
    text = agreement_csv(header, rows)
    return write_export(target, lambda p: p.write_text(text, encoding="utf-8-sig"), force=force)
