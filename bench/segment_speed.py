"""`stc-bench segment`, and import + segment, against bare spaCy on the same text (issues 11, 13).

    .venv/bin/python -m bench.segment_speed [--words 500000] [--samples 20] [--json]

Every time is the wall clock of a fresh process (interpreter start included), samples
interleaved with the baselines', p50 and p95, no sample dropped:

- **segment**: ``stc-bench segment PROJECT`` on a project holding one transcript of
  ``--words`` words (suggestions read, parsed, grouped and stored);
- **import + segment** (txt, docx): ``stc-bench import`` of that transcript into an empty
  project, then ``stc-bench segment`` — both commands' wall clocks added;
- **baseline** (:data:`BARE`): a script that imports spaCy, builds the same pipeline
  components the suggestions need (``spacy.blank("nb")`` + stc-bench's sentence rules,
  ``stc_bench/nlp/sentences.py`` loaded from its file so none of stc-bench's other modules
  is imported), reads the text of the informant turns (speaker label cut off) with
  stdlib ``sqlite3`` and runs ``nlp.pipe`` over it — one Doc per turn (``turns``: the plain
  way, how ``segment`` parses, and the figure's baseline) and, for reference, the same
  turns joined by line breaks in pieces of 200,000 characters (``joined``: in a fresh
  process spaCy is ~2.5× slower on large Docs, which is why ``segment`` parses per turn).

``--before TREE`` adds the same two figures for another checkout of stc-bench (e.g. main
exported with ``git archive``), run as ``python -m stc_bench`` from that folder with this
venv, each sample next to this tree's and the baseline's: a before/after in one run.

The transcript: UD Bokmål dev sentences as informant turns of 2–13 sentences after
one-sentence questions (``bench/segmentation.py``) when ``../shared/data/ud_nb`` is
there, else ``bench/import_speed.py``'s phrases (a fresh checkout), seeded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.suite import Figure, as_json, p, stc_bench, wall

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
TARGET = 1.15

#: The baseline: bare ``nlp.pipe`` over the informant turns' text. argv: project, mode.
BARE = r'''
import importlib.util, sqlite3, sys
import spacy
spec = importlib.util.spec_from_file_location("stc_sentences_rules", sys.argv[3])
rules = importlib.util.module_from_spec(spec); spec.loader.exec_module(rules)
nlp = spacy.blank("nb"); nlp.max_length = 400_000; rules.add_to(nlp)
con = sqlite3.connect(sys.argv[1])
texts = []
for doc_id, text in con.execute("SELECT id, text FROM document WHERE NOT superseded"):
    turns = con.execute("SELECT speaker, is_interviewer, start, end FROM turn "
                        "WHERE document_id = ? ORDER BY idx", (doc_id,)).fetchall()
    first = next((k for k, t in enumerate(turns) if t[0]), 0)
    for speaker, interviewer, a, b in turns[first:]:
        if interviewer:
            continue
        if speaker and text.startswith(speaker, a) and text[a + len(speaker):][:1] in (":", "."):
            a += len(speaker) + 1
        body = text[a:b].strip()
        if body:
            texts.append(body)
if sys.argv[2] == "joined":
    joined, texts = "\n".join(texts), []
    while joined:
        cut = joined.rfind("\n", 0, 200_000) + 1 if len(joined) > 200_000 else len(joined)
        texts.append(joined[:cut or 200_000]); joined = joined[cut or 200_000:]
docs = list(nlp.pipe(texts))
print(sum(len(d) for d in docs))
'''


def transcript(words: int, seed: int = 11) -> str:
    """A seeded interview of about ``words`` words (see the module doc); each seed its own."""
    if (DATA / "ud_nb" / "no_bokmaal-ud-dev.conllu").exists():
        from bench.segmentation import synthetic_transcript

        return synthetic_transcript(DATA, words, start=seed * 7)
    from bench.import_speed import PHRASES, QUESTIONS

    rng, lines, count = random.Random(seed), [], 0
    while count < words:
        answer = ". ".join(rng.choice(PHRASES).capitalize() for _ in range(rng.randint(6, 40)))
        lines += [f"I: {rng.choice(QUESTIONS)}", f"JS1: {answer}."]
        count += len(lines[-2].split()) + len(lines[-1].split())
    return "\n".join(lines)


def write_sources(folder: Path, words: int, files: int) -> dict[str, list[Path]]:
    """``files`` transcripts of ``words`` words each, as .txt and as .docx."""
    import docx

    out: dict[str, list[Path]] = {"txt": [], "docx": []}
    for n in range(1, files + 1):
        text = transcript(words, seed=10 + n)
        txt = folder / f"JS{n}.txt"
        txt.write_text(text, encoding="utf-8")
        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        document.save(folder / f"JS{n}.docx")
        out["txt"].append(txt)
        out["docx"].append(folder / f"JS{n}.docx")
    return out


def load_average() -> float:
    """The 1-minute load average (NaN where the system has none, e.g. Windows)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def timed(argv: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall clock and CPU time (user + system) of one run of ``argv`` in a fresh process
    (from ``cwd``: ``python -m stc_bench`` runs the stc-bench found there)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(work: Path, *, words: int, samples: int, import_samples: int, files: int = 1,
            before: Path | None = None, joined: bool = True) -> list:
    """The figures (``bench.suite.Figure``): segment, import + segment txt and docx, on
    ``files`` transcripts of ``words`` words each (and ``before``'s, see the module doc).
    ``joined=False`` leaves out the second, informative baseline (the quick suite: a
    quarter of its spaCy processes)."""
    cli = stc_bench()
    old = [sys.executable, "-m", "stc_bench"]
    rules = str(ROOT / "stc_bench" / "nlp" / "sentences.py")
    sources = write_sources(work, words, files)
    words *= files
    empty = work / "empty.stc"
    wall(cli + ["new", str(empty), "--title", "segment"])
    project = work / "segment.stc"
    shutil.copy(empty, project)
    wall(cli + ["import", str(project), *map(str, sources["txt"])])
    bare = {mode: [sys.executable, "-c", BARE, str(project), mode, rules] for mode in ("turns", "joined")}
    segment = cli + ["segment", str(project)]
    project_before = work / "segment-before.stc"
    shutil.copy(project, project_before)
    segment_before = old + ["segment", str(project_before)]

    def fresh(fmt: str, command: list[str] = cli, cwd: Path = ROOT) -> tuple[float, float]:
        target = work / f"fresh-{fmt}.stc"
        for stale in work.glob(target.name + "*"):
            stale.unlink()
        shutil.copy(empty, target)
        done = timed(command + ["import", str(target), *map(str, sources[fmt])], cwd)
        more = timed(command + ["segment", str(target)], cwd)
        return done[0] + more[0], done[1] + more[1]

    runs: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("segment", "turns", "joined", "txt", "docx",
                        "before segment", "before txt", "before docx")}
    for argv in (segment, bare["turns"], *([bare["joined"]] if joined else [])):
        wall(argv)  # one unrecorded warm-up of each
    if before is not None:
        timed(segment_before, before)
    load = [load_average()]
    for k in range(samples):  # interleaved, so load on the machine hits all alike
        if before is not None:
            runs["before segment"].append(timed(segment_before, before))
        runs["turns"].append(timed(bare["turns"]))
        runs["segment"].append(timed(segment))
        if joined:
            runs["joined"].append(timed(bare["joined"]))
        if k < import_samples:
            for fmt in ("txt", "docx"):
                if before is not None:
                    runs[f"before {fmt}"].append(fresh(fmt, old, before))
                runs[fmt].append(fresh(fmt))
        load.append(load_average())
    walls = {k: [w for w, _c in v] for k, v in runs.items()}
    cpus = {k: [c for _w, c in v] for k, v in runs.items()}
    base, base95 = p(walls["turns"], 50), p(walls["turns"], 95)
    joined_s = p(walls["joined"], 50) if joined else None
    joined_cpu = p(cpus["joined"], 50) if joined else None
    figures = []
    rows = [(f"segment {words:,} words", "segment", " ".join(segment)),
            (f"import + segment txt {words:,} words", "txt", "stc-bench import P JS*.txt; stc-bench segment P"),
            (f"import + segment docx {words:,} words", "docx", "stc-bench import P JS*.docx; stc-bench segment P")]
    if before is not None:
        rows += [(f"before: {name}", f"before {key}", f"(in {before}) {command}")
                 for name, key, command in rows]
    for name, key, command in rows:
        value = p(walls[key], 50)
        figures.append(Figure(name, value, base, value / base, f"<= {TARGET}x", value / base <= TARGET,
                              command, p95=p(walls[key], 95), baseline_p95=base95,
                              notes={"samples": len(runs[key]), "words": words,
                                     "baseline": "bare nlp.pipe, one Doc per informant turn",
                                     "joined_baseline": joined_s,
                                     "ratio_to_joined": value / joined_s if joined_s else None,
                                     "cpu": p(cpus[key], 50), "baseline_cpu": p(cpus["turns"], 50),
                                     "load": (min(load), max(load)),
                                     "joined_cpu": joined_cpu}))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.segment_speed",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=500_000, help="words per transcript")
    parser.add_argument("--files", type=int, default=1, help="transcripts")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--import-samples", type=int, default=None,
                        help="samples of import + segment (default: a quarter of --samples)")
    parser.add_argument("--before", type=Path, default=None, metavar="TREE",
                        help="also time another checkout's stc-bench, interleaved (see above)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stc-bench-segment-") as tmp:
        figures = measure(Path(tmp), words=args.words, samples=args.samples, files=args.files,
                          import_samples=args.import_samples or max(1, args.samples // 4),
                          before=args.before)
    if args.json:
        print(json.dumps(as_json(figures), indent=2, ensure_ascii=False))
        return 0
    for f in figures:
        print(f.row())
        n = f.notes
        print(f"{'':<28} vs the joined baseline {n['joined_baseline']:.3g}s: ratio "
              f"{n['ratio_to_joined']:.2f}; CPU p50 {n['cpu']:.3g}s vs {n['baseline_cpu']:.3g}s "
              f"(joined {n['joined_cpu']:.3g}s) = {n['cpu'] / n['baseline_cpu']:.2f} / "
              f"{n['cpu'] / n['joined_cpu']:.2f}  ({n['samples']} samples, load "
              f"{n['load'][0]:.1f}-{n['load'][1]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
