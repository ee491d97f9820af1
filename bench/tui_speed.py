"""How fast is the TUI on a whole thesis? First frame, key-to-frame times, memory.

    .venv/bin/python bench/tui_speed.py                       # 50 × 10k words, 40k units
    .venv/bin/python bench/tui_speed.py --docs 10 --words 2000 --units 4000   # quick look

A project with ``--docs`` synthetic Norwegian transcripts of ``--words`` words each and
``--units`` meaning units (coded into five code groups) is built in a child process —
transcripts through ``Workbench.import_transcript``, units through the bulk
``Workbench.create_units`` (one event per document and code group). Then, in this
process, the real app is driven with the Pilot (headless, 120×40):

- time (wall clock) to the overview's first frame (``make_app`` → first composed frame) and until the
  overview's background load has filled it in;
- key-to-frame (CPU time of this process) for ``n`` (next unit, step 2), ``pagedown`` (step 2 transcript) and choosing
  another code group in step 3 (``g`` picker → ``enter``): from the key press until the
  app is idle, the screen's compositor has rendered the update, *plus* a full repaint of
  the screen rendered to terminal segments (a conservative "frame"). The app runs on one
  event loop, so the CPU it spends between a key and its frame is the latency a user
  sees; wall-clock time under the Pilot is dominated by its idle detection (it sleeps in
  20 ms steps until the process is idle), which the baseline shows;
- peak resident memory (``ru_maxrss``) of this process.

Every key figure is set against a baseline: the same Pilot loop on a project with one
short transcript, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

VOCABULARY = (
    "jeg du vi de hun han det som og men så når fordi ikke bare veldig litt mye mer "
    "jobb jobben jobbe jobbet jobbspesialisten arbeidsgiveren sjefen kollegaene lønn "
    "arbeidsplassen praksis møte møtet samtale samtalene behandleren NAV DPS helse "
    "psykisk angst depresjon søvn dager uker måneder tid tidlig sent hjemme ute "
    "trygg usikker redd glad stolt sliten lettet tro trodde tillit støtte hjelp "
    "ringte snakket fortalte spurte visste fikk kunne skulle ville måtte prøvde begynte "
    "første andre siste gang hver nesten aldri alltid ofte egentlig altså liksom jo da"
).split()
QUESTIONS = ("Kan du fortelle mer om det?", "Hvordan opplevde du det?", "Hva skjedde så?",
             "Hva betydde det for deg?", "Hvordan var det med jobbspesialisten?")
GROUPS = ("Å bli trodd på", "Arbeidsgiveren", "Usikkerhet", "Tempo", "Åpenhet")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(6, 14))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def transcript(rng: random.Random, label: str, words: int) -> tuple[str, list[tuple[int, int]]]:
    """A labelled interview of about ``words`` words, and its informant sentences' spans."""
    lines, spans, pos, count = [], [], 0, 0
    while count < words:
        question = "I: " + rng.choice(QUESTIONS)
        lines.append(question)
        pos += len(question) + 1
        line = label + ":"
        for _ in range(rng.randint(3, 8)):
            text = sentence(rng)
            spans.append((pos + len(line) + 1, pos + len(line) + 1 + len(text)))
            line += " " + text
            count += len(text.split())
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines), spans


def build(path: Path, docs: int, words: int, units: int) -> None:
    """The big project (run in a child process so its memory is not counted)."""
    from helpers.study import labelled_draft

    from stc_bench.services import Workbench

    rng = random.Random(6)
    wb = Workbench.create(path, title="Jobbstøtte i femti intervjuer",
                          question="Hvordan opplever deltakere IPS?", actor="bench")
    groups = [wb.add_code_group(name).id for name in GROUPS]
    per_doc = units // docs
    for n in range(1, docs + 1):
        label = f"INF{n}"
        text, spans = transcript(rng, label, words)
        doc = wb.import_transcript(labelled_draft(text), source_name=f"{label}.txt",
                                   source_sha256=hashlib.sha256(text.encode()).hexdigest(),
                                   informant=label)
        step = max(1, len(spans) // per_doc)
        chosen = spans[::step][:per_doc]
        for g, group in enumerate(groups):
            wb.create_units(doc.id, chosen[g::len(groups)], [group])
    wb.close()


def build_small(path: Path) -> None:
    from helpers.study import import_interview

    from stc_bench.services import Workbench

    wb = Workbench.create(path, title="Liten", actor="bench")
    doc = import_interview(wb)
    for name in GROUPS:
        group = wb.add_code_group(name)
        wb.create_unit(doc.id, 52 + 3 * len(group.name), 60 + 3 * len(group.name), [group.id])
    wb.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


async def frame(app, pilot) -> None:
    """Wait until the key is handled and the update rendered, then repaint fully."""
    await pilot.pause()
    update = app.screen._compositor.render_update(full=True)
    update.render_segments(app.console)


async def drive(path: Path, presses: int) -> dict[str, object]:
    from stc_bench.tui.app import make_app

    out: dict[str, object] = {}
    t0 = time.perf_counter()
    app = make_app(path, actor="bench")
    shown: list[float] = []
    display = app._display

    def first_display(screen, renderable) -> None:  # the compositor hands over a frame
        if renderable is not None and not shown:
            shown.append(time.perf_counter())
        display(screen, renderable)

    app._display = first_display
    async with app.run_test(size=(120, 40)) as pilot:
        await frame(app, pilot)
        out["first_frame"] = shown[0] - t0
        await app.workers.wait_for_complete()
        await frame(app, pilot)
        out["overview_filled"] = time.perf_counter() - t0

        async def timed(*keys: str) -> float:
            start = time.process_time()
            await pilot.press(*keys)
            await frame(app, pilot)
            return time.process_time() - start

        t = time.perf_counter()
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await frame(app, pilot)
        out["open_step2"] = time.perf_counter() - t
        out["next_unit"] = [await timed("n") for _ in range(presses)]
        await pilot.press("home")
        out["page_down"] = [await timed("pagedown") for _ in range(presses)]
        t = time.perf_counter()
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await frame(app, pilot)
        out["open_step3"] = time.perf_counter() - t
        switches = []
        for i in range(max(5, presses // 10)):
            await pilot.press("g")
            await pilot.pause()
            await pilot.press(*(["down"] * (1 + i % 4)))
            await pilot.pause()
            switches.append(await timed("enter"))
        out["switch_group"] = switches
    return out


def report(name: str, big: list[float], small: list[float]) -> str:
    return (f"{name:<22} p50 {statistics.median(big) * 1000:7.1f} ms  p95 {p95(big) * 1000:7.1f} ms"
            f"   (baseline p95 {p95(small) * 1000:6.1f} ms, n={len(big)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40_000)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.docs, args.words, args.units)
        return 0
    folder = args.dir or Path(tempfile.mkdtemp(prefix="tui-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    big, small = folder / "thesis.stc", folder / "small.stc"
    if not big.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(big), "--docs", str(args.docs),
                        "--words", str(args.words), "--units", str(args.units)], check=True)
        print(f"built {big} ({big.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    if not small.exists():
        build_small(small)
    t = time.perf_counter()
    import stc_bench.tui.app  # noqa: F401 - import time is part of opening a project

    imported = time.perf_counter() - t
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base = asyncio.run(drive(small, args.presses))
    rss_small = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res = asyncio.run(drive(big, args.presses))
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"project: {args.docs} transcripts × {args.words} words, {args.units} meaning units")
    print(f"import stc_bench.tui.app {imported:.2f} s (not counted below)")
    for key in ("first_frame", "overview_filled", "open_step2", "open_step3"):
        print(f"{key:<22} {res[key]:.3f} s   (baseline {base[key]:.3f} s)")
    for key in ("next_unit", "page_down", "switch_group"):
        print(report(key, res[key], base[key]))
    print(f"peak RSS {rss_peak:.0f} MB (before the app: {rss_before:.0f} MB; "
          f"after the small project: {rss_small:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
