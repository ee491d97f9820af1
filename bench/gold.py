"""How well suggested meaning units match gold units (issue 11): edges hit, exact units.

    .venv/bin/python -m bench.gold --transcripts ../shared/data/units_dev/Fokusgruppe_A.docx \\
        ../shared/data/units_dev/Fokusgruppe_B.srt --units ../shared/data/units_dev/units.jsonl [--json]

The transcripts are imported into a temporary project through the real import path (as
``stc-bench import`` does) and the real ``suggest_units`` runs on them. For each gold unit
(JSON lines: ``file``, ``text``, ``code_group``, optionally ``subgroup``, ``speaker``) its
span is located in the imported text; an edge (start or end) is hit when a suggestion edge
on the same side lies within 2 characters of it with only whitespace or punctuation
between; a unit is "exactly one suggestion" when a suggestion has its span.
``bench.effort`` imports :func:`load_units`, :func:`locate` and :func:`edge_hit`.

    .venv/bin/python -m bench.gold --transcripts stc_bench/data/demo/*.txt --join-answers 3

checks long turns without gold units (:func:`joined_answers`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: How far (code points) a suggestion edge may lie from a gold edge and still hit it.
EDGE_SLACK = 2


def load_units(path) -> list[dict]:
    """The gold units of a JSON-lines file, in file order (blank lines skipped)."""
    units = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        unit = json.loads(line)
        missing = [k for k in ("file", "text", "code_group") if k not in unit]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        units.append(unit)
    return units


def locate(doc_text: str, unit_text: str) -> tuple[int, int]:
    """Code-point span ``(start, end)`` of ``unit_text`` in ``doc_text``.

    Both are compared with every run of whitespace read as one space; the span is trimmed
    of whitespace. ``ValueError`` when the unit is not in the document.
    """
    squeezed, where = [], []  # the document with whitespace runs as one space; their offsets
    in_space = False
    for i, ch in enumerate(doc_text):
        if ch.isspace():
            if in_space:
                continue
            squeezed.append(" ")
            in_space = True
        else:
            squeezed.append(ch)
            in_space = False
        where.append(i)
    needle = " ".join(unit_text.split())
    if not needle:
        raise ValueError("empty unit text")
    k = "".join(squeezed).find(needle)
    if k < 0:
        raise ValueError(f"unit not found in the document: {needle[:60]!r}")
    return where[k], where[k + len(needle) - 1] + 1


def _quiet(text: str, a: int, b: int) -> bool:
    """Only whitespace or punctuation in ``text[a:b]``."""
    return all(ch.isspace() or not ch.isalnum() for ch in text[a:b])


def edge_hit(text: str, gold_edge: int, side: str, suggestion_edges: Iterable[int]) -> bool:
    """Whether a suggestion edge on the same ``side`` ("start"/"end") hits ``gold_edge``."""
    if side not in ("start", "end"):
        raise ValueError(f"side must be 'start' or 'end', not {side!r}")
    for edge in suggestion_edges:
        if abs(edge - gold_edge) <= EDGE_SLACK and _quiet(text, min(edge, gold_edge),
                                                           max(edge, gold_edge)):
            return True
    return False


def grain_report(transcripts: list[Path], units_path: Path) -> dict:
    """Import ``transcripts`` into a temporary project, suggest, and score the gold units."""
    from stc_bench.ingest.batch import import_one
    from stc_bench.nlp import suggest_units
    from stc_bench.services import Workbench

    units = load_units(units_path)
    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbench.create(Path(tmp) / "gold.stc", title="gold units")
        try:
            docs = {}
            for path in transcripts:
                doc = import_one(wb, Path(path)).document
                docs[Path(path).name] = doc
            suggest_units(wb)
            spans = {name: [(s.start, s.end) for s in wb.suggestions(doc.id)]
                     for name, doc in docs.items()}
        finally:
            wb.close()
    return score(units, {name: doc.text for name, doc in docs.items()}, spans)


def score(units: list[dict], texts: dict[str, str], spans: dict[str, list[tuple[int, int]]]) -> dict:
    """The report for gold ``units`` against suggested ``spans`` per file name."""
    details, files = [], {}
    for unit in units:
        name = unit["file"]
        if name not in texts:
            raise ValueError(f"gold unit names {name!r}, which is not among the transcripts")
        text, suggested = texts[name], spans[name]
        start, end = locate(text, unit["text"])
        starts, ends = {a for a, _b in suggested}, {b for _a, b in suggested}
        row = {"file": name, "start": start, "end": end, "words": len(text[start:end].split()),
               "start_hit": edge_hit(text, start, "start", starts),
               "end_hit": edge_hit(text, end, "end", ends),
               "exact": (start, end) in set(suggested),
               "overlapping": sum(a < end and start < b for a, b in suggested)}
        details.append(row)
        f = files.setdefault(name, {"units": 0, "edges_hit": 0, "exact_one_suggestion": 0,
                                    "suggestions": len(suggested)})
        f["units"] += 1
        f["edges_hit"] += row["start_hit"] + row["end_hit"]
        f["exact_one_suggestion"] += row["exact"]
    return {"units": len(details), "edges": 2 * len(details),
            "edges_hit": sum(r["start_hit"] + r["end_hit"] for r in details),
            "exact_one_suggestion": sum(r["exact"] for r in details),
            "suggestions": sum(len(v) for v in spans.values()),
            "files": files, "details": details}


def joined_answers(transcripts: list[Path], per_turn: int = 3) -> dict:
    """A check without gold units: join every ``per_turn`` consecutive informant answers
    of labelled ``.txt`` transcripts (``JS1: …`` lines) into one long turn, suggest, and
    count the answer boundaries that a suggestion starts at and the answers that are
    exactly one suggestion. An answer to a new question is a new point, so this tells how
    well long turns are split, on text the grouping was not tuned on."""
    from stc_bench.nlp.suggest import segment_turns
    from stc_bench.services.suggestions import SEGMENT_DEFAULTS

    hit = boundaries = exact = answers = suggestions = 0
    for path in transcripts:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        said = [line.split(": ", 1)[1] for line in lines
                if ": " in line and not line.startswith(("I:", "Intervjuer:"))]
        for k in range(0, len(said) - per_turn + 1, per_turn):
            parts = said[k:k + per_turn]
            text = " ".join(parts)
            spans = segment_turns(text, [(0, len(text))],
                                  min_words=SEGMENT_DEFAULTS["segment_min_words"],
                                  max_words=SEGMENT_DEFAULTS["segment_max_words"])
            suggestions += len(spans)
            pos = 0
            for n, part in enumerate(parts):
                answers += 1
                exact += (pos, pos + len(part)) in spans
                if n:
                    boundaries += 1
                    hit += any(a == pos for a, _b in spans)
                pos += len(part) + 1
    return {"answers": answers, "boundaries": boundaries, "boundaries_hit": hit,
            "exact_one_suggestion": exact, "suggestions": suggestions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", nargs="+", type=Path, required=True, metavar="FILE")
    parser.add_argument("--units", type=Path, metavar="UNITS.jsonl")
    parser.add_argument("--join-answers", type=int, default=0, metavar="N",
                        help="instead of gold units: join every N informant answers of "
                             "labelled .txt transcripts into one turn (see joined_answers)")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = parser.parse_args(argv)
    if args.join_answers:
        report = joined_answers(args.transcripts, args.join_answers)
        print(json.dumps(report, indent=1))
        return 0
    if args.units is None:
        parser.error("--units is required (or --join-answers N)")
    report = grain_report(args.transcripts, args.units)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    n, e = report["units"], report["edges"]
    print(f"gold units {n}, suggestions {report['suggestions']}")
    print(f"edges hit  {report['edges_hit']}/{e} ({report['edges_hit'] / e:.1%})")
    print(f"exactly one suggestion  {report['exact_one_suggestion']}/{n} "
          f"({report['exact_one_suggestion'] / n:.1%})")
    for name, f in report["files"].items():
        print(f"  {name}: {f['units']} units, {f['suggestions']} suggestions, edges hit "
              f"{f['edges_hit']}/{2 * f['units']}, exact {f['exact_one_suggestion']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
