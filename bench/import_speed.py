"""Import throughput: words per second for N synthetic transcripts of W words each.

Usage::

    .venv/bin/python bench/import_speed.py [--files 50] [--words 10000] [--format txt|docx]

Writes the transcripts to a temporary folder, creates a fresh project and runs
``stc-bench import PROJECT FILE...`` in-process (the real command path: read, sniff,
decode, speaker turns, one transaction and audit event per file).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stc_bench.cli import main  # noqa: E402

PHRASES = [
    "jeg var usikker i starten", "jobbspesialisten ringte meg hver uke", "det betydde mye",
    "arbeidsgiveren var åpen om det", "vi snakket om hva jeg ønsket", "[latter]",
    "det gikk bedre enn jeg trodde", "NAV var litt treg", "hun trodde på meg — hele veien",
    "«du klarer dette», sa hun", "jeg fikk praksis på et lager", "angsten kom tilbake av og til",
]
QUESTIONS = ["Hvordan opplevde du det?", "Kan du si mer om det?", "Hva betydde det for deg?"]


def transcript(words: int, rng: random.Random, informant: str) -> list[str]:
    lines, count = [], 0
    while count < words:
        question = rng.choice(QUESTIONS)
        answer = ". ".join(rng.choice(PHRASES).capitalize() for _ in range(rng.randint(3, 9)))
        lines += [f"I: {question}", f"{informant}: {answer}."]
        count += len(question.split()) + len(answer.split()) + 1
    return lines


def write(folder: Path, n: int, words: int, fmt: str) -> list[Path]:
    rng = random.Random(4)
    paths = []
    for i in range(1, n + 1):
        lines = transcript(words, rng, f"JS{i}")
        path = folder / f"JS{i}.{fmt}"
        if fmt == "docx":
            import docx

            document = docx.Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(path)
        else:
            path.write_bytes("\r\n".join(lines).encode("cp1252"))
        paths.append(path)
    return paths


def run(n: int, words: int, fmt: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write(folder, n, words, fmt)
        project = folder / "bench.stc"
        with contextlib.redirect_stdout(io.StringIO()):
            main(["new", str(project), "--title", "bench"])
            start = time.perf_counter()
            code = main(["import", str(project), *map(str, paths)])
            elapsed = time.perf_counter() - start
        from stc_bench.services import Workbench

        with Workbench.open(project) as wb:
            status = wb.status()
    assert code == 0, f"import failed with exit code {code}"
    return {"files": n, "format": fmt, "words": status["words"], "turns": status["turns"],
            "seconds": round(elapsed, 2), "words_per_s": round(status["words"] / elapsed)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--format", choices=["txt", "docx"], default="txt")
    args = parser.parse_args()
    result = run(args.files, args.words, args.format)
    print(" ".join(f"{k}={v}" for k, v in result.items()), file=sys.stdout)
