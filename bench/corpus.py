"""A seeded synthetic study for the benchmarks: N transcripts × W words, and meaning units
coded, assigned and partly validated, built through the service layer.

    .venv/bin/python -m bench.corpus OUT.stc [--files 50] [--words 10000] [--units 40000]

The text is a fictitious Norwegian study (jobbstøtte), made of the phrases in
``bench/import_speed.py``; the same seed gives the same project.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

from bench.import_speed import transcript
from stc_bench.domain.transcript import TranscriptDraft, TurnDraft


def draft(lines: list[str]) -> TranscriptDraft:
    """Speaker turns from ``LABEL: words`` lines."""
    turns, pos = [], 0
    for line in lines:
        label = line.split(":", 1)[0]
        turns.append(TurnDraft(label, pos, pos + len(line), is_interviewer=label == "I"))
        pos += len(line) + 1
    return TranscriptDraft("\n".join(lines), tuple(turns), "txt")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each ". "-separated sentence of the informants' turns, as (start, end)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if not line.startswith("I:"):
            body = line.index(":") + 2
            start = pos + body
            for part in line[body:].split(". "):
                if part.strip():
                    spans.append((start, start + len(part)))
                start += len(part) + 2
        pos += len(line) + 1
    return spans


def build(path: Path, *, files: int = 50, words: int = 10_000, units: int = 40_000,
          seed: int = 4):
    """Create the study at ``path`` and return the open Workbench."""
    from stc_bench.services import Workbench

    rng = random.Random(seed)
    wb = Workbench.create(path, title="Jobbstøtte (syntetisk)", question="Hva hjelper?",
                          actor="bench")
    docs = []
    for i in range(1, files + 1):
        d = draft(transcript(words, rng, f"JS{i}"))
        docs.append(wb.import_transcript(d, source_name=f"JS{i}.txt", informant=f"JS{i}",
                                         source_sha256=hashlib.sha256(d.text.encode()).hexdigest()))
    for name in ("Rask start", "Åpenhet", "Støtte", "Tvil", "Hverdagen"):
        wb.add_theme(name)
    groups = [wb.promote_theme(t.id, to="code_group") for t in wb.themes()[:3]]
    subs = [wb.add_subgroup(g.id, f"{g.name} – del {k}") for g in groups for k in (1, 2)]
    per_doc = max(1, units // files)
    for n, doc in enumerate(docs):
        spans = sentence_spans(doc.text)[:per_doc]
        group = groups[n % len(groups)]
        made = wb.create_units(doc.id, spans, code_group_ids=[group.id])
        sub = subs[(n % len(groups)) * 2]
        wb.assign_units(sub.id, [u.id for u in made[: len(made) // 2]])
    return wb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40_000)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    with build(args.out, files=args.files, words=args.words, units=args.units) as wb:
        s = wb.status()
    print(f"{args.out}: {s['documents']} documents, {s['words']} words, {s['meaning_units']} "
          f"units, {s['audit_events']} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
