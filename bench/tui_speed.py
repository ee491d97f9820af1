"""How fast is the TUI on a whole thesis? First frame, key-to-frame times, memory.

    .venv/bin/python bench/tui_speed.py                       # 50 × 10k words, 40k units
    .venv/bin/python bench/tui_speed.py --docs 10 --words 2000 --units 4000   # quick look

A project with ``--docs`` synthetic Norwegian transcripts of ``--words`` words each and
``--units`` meaning units (coded into five code groups) is built in a child process —
transcripts through ``Workbench.import_transcript``, units through the bulk
``Workbench.create_units`` (one event per document and code group), and each code group
gets three subgroups, two of them holding a third of its units each (``assign_units``),
with a condensate and a golden quote. Then, in this
process, the real app is driven with the Pilot (headless, 120×40):

- time (wall clock) to the overview's first frame (``make_app`` → first composed frame) and until the
  overview's background load has filled it in;
- key-to-frame (CPU time of this process) for ``n`` (next unit, step 2), ``pagedown`` (step 2 transcript) and choosing
  another code group in step 3 (``]``/``[`` in place, after the read-ahead of the other
  groups has finished; and through the ``g`` picker → ``enter``): from the key press until the
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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """This process's peak resident memory, MB (``resource`` is Unix-only: NaN elsewhere)."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    add_subgroups(wb, groups)
    wb.close()


def add_subgroups(wb, groups: list[int]) -> None:
    """Three subgroups per code group, two thirds of its units assigned (one event per
    subgroup), a condensate and a golden quote each: a group as step 3 leaves it."""
    for group in groups:
        units = [u.id for u in wb.units_in_group(group)]
        for k, name in enumerate(("Første tiden", "Å bli sett", "Det som skurret")):
            sub = wb.add_subgroup(group, name)
            mine = units[k::3] if k < 2 else []
            if mine:
                wb.assign_units(sub.id, mine)
                wb.set_condensate(sub.id, "Jeg fikk en jobbspesialist som trodde på meg, og "
                                  "det gjorde at jeg turte å prøve igjen.", mine[:5])
                wb.set_golden_quote(sub.id, mine[0])


def build_small(path: Path) -> None:
    from helpers.study import import_interview

    from stc_bench.services import Workbench

    wb = Workbench.create(path, title="Liten", actor="bench")
    doc = import_interview(wb)
    for name in GROUPS:
        group = wb.add_code_group(name)
        wb.create_unit(doc.id, 52 + 3 * len(group.name), 60 + 3 * len(group.name), [group.id])
    add_subgroups(wb, [g.id for g in wb.code_groups()])
    wb.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


async def frame(app, pilot) -> None:
    """Wait until the key is handled and the update rendered, then repaint fully."""
    await pilot.pause()
    update = app.screen._compositor.render_update(full=True)
    update.render_segments(app.console)


class Frames:
    """Records each frame the app hands to the terminal (headless: serialised here to
    terminal segments, as a driver would write them) with the process CPU time it ended."""

    def __init__(self, app):
        self.ends: list[float] = []
        self.wall = self.first_wall = 0.0
        app.bench_frames = self  # one recorder per app (a second would serialise twice)
        display = app._display

        def hook(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                renderable.render_segments(app.console)
                if not self.ends:
                    self.first_wall = time.perf_counter()
                self.ends.append(time.process_time())
                self.wall = time.perf_counter()
        app._display = hook


async def in_app(app, frames: Frames, key: str, character: str | None, presses: int) -> list[float]:
    """CPU time from the terminal driver handing the app ``key`` to the end of the last
    frame it renders for it (no Pilot in between: the process is otherwise idle, so its
    CPU time is the app's work; the app's 60 fps frame pacing is idle time, not counted)."""
    from textual import events

    times = []
    for _ in range(presses):
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.03)  # let the last key's frame and timers settle
        frames.ends.clear()
        start, sent = time.process_time(), time.perf_counter()
        app._driver.send_message(events.Key(key, character))
        # done: a frame came, and none for 40 ms after it (trailing messages redraw too)
        while not frames.ends or time.perf_counter() - frames.wall < 0.04:
            await asyncio.sleep(0.002)
            if not frames.ends and time.perf_counter() - sent > 1:
                break  # nothing to redraw (say, ``n`` on the last unit): not a sample
        if frames.ends:
            times.append(frames.ends[-1] - start)
    return times or [0.0]


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
        frames = Frames(app)
        out["next_unit_in_app"] = await in_app(app, frames, "n", "n", presses)
        await pilot.press("home")
        out["page_down_in_app"] = await in_app(app, frames, "pagedown", None, presses)
        frames.ends.clear()
        t = time.perf_counter()
        await pilot.press("3")
        out["open_step3"] = frames.first_wall - t  # step 3's first frame
        await app.workers.wait_for_complete()  # the other code groups, read ahead in a thread
        await frame(app, pilot)
        out["step3_read_ahead"] = time.perf_counter() - t
        out["switch_group_in_app"] = await in_app(app, frames, "right_square_bracket", "]", presses)
        switches = []
        for i in range(presses):
            switches.append(await timed("right_square_bracket" if i % 7 else "left_square_bracket"))
            await app.workers.wait_for_complete()
        out["switch_group"] = switches
        picks = []
        for i in range(max(5, presses // 10)):
            await pilot.press("g")
            await pilot.pause()
            await pilot.press(*(["down"] * (1 + i % 4)))
            await pilot.pause()
            picks.append(await timed("enter"))
        out["switch_group_picker"] = picks
        out.update(await measure_step4(app, pilot, timed, presses))
        out["rss_before_search"] = peak_rss_mb()
        out.update(await measure_search(app, pilot, timed, presses))
    return out


async def measure_step4(app, pilot, timed, presses: int) -> dict[str, object]:
    """Step 4 on the code group step 3 left open: open it (wall clock), then key-to-frame
    for ``down`` in its units list and ``]`` to the next code group."""
    out: dict[str, object] = {}
    t = time.perf_counter()
    await pilot.press("alt+4")
    await app.workers.wait_for_complete()
    await frame(app, pilot)
    out["open_step4"] = time.perf_counter() - t
    units = app.screen.query_one("#units")
    out["step4_units"] = units.entry_count
    units.focus()
    await pilot.pause()
    out["step4_down"] = [await timed("down") for _ in range(presses)]
    out["step4_next_group"] = [await timed("right_square_bracket")
                               for _ in range(max(5, presses // 10))]
    await app.workers.wait_for_complete()  # the other code groups, read ahead
    out["step4_next_group_in_app"] = await in_app(app, app.bench_frames, "right_square_bracket",
                                                  "]", presses)
    return out


#: A word every synthetic transcript uses often (in all its forms: jobb, jobben, jobbet…).
FREQUENT = "jobbe"


async def measure_search(app, pilot, timed, presses: int) -> dict[str, object]:
    """Search a frequent word: wall clock from Enter until its hits are shown (the search
    runs in a thread; the first one also builds the index, so the second is reported
    too), then key-to-frame for ``down`` in the hits."""
    out: dict[str, object] = {}
    await pilot.press("slash")
    while not app.screen.query("#search-input"):
        await pilot.pause()
    for run in ("search_first", "search_hits_shown"):
        field = app.screen.query_one("#search-input")
        field.value = ""
        field.focus()
        await pilot.press(*FREQUENT)
        t = time.perf_counter()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await frame(app, pilot)
        out[run] = time.perf_counter() - t
    out["search_hits"] = len(app.screen.hits)
    app.screen.query_one("#hits").focus()
    await pilot.pause()
    out["search_down"] = [await timed("down") for _ in range(presses)]
    return out


def report_step4_search(res: dict, base: dict) -> None:
    """Print the step 4 and search figures (after the others)."""
    for key in ("open_step4", "search_first", "search_hits_shown"):
        print(f"{key:<22} {res[key]:.3f} s   (baseline {base[key]:.3f} s)")
    print(f"step 4 lists {res['step4_units']} units of a code group; searching {FREQUENT!r} "
          f"shows {res['search_hits']} hits (baseline {base['search_hits']})")
    for key in ("step4_down", "step4_next_group", "step4_next_group_in_app", "search_down"):
        print(report(key, res[key], base[key]))


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
    rss_before = peak_rss_mb()
    # The thesis first, so that the process's peak memory is the thesis run's own.
    res = asyncio.run(drive(big, args.presses))
    rss_peak = peak_rss_mb()
    base = asyncio.run(drive(small, args.presses))
    print(f"project: {args.docs} transcripts × {args.words} words, {args.units} meaning units")
    print(f"import stc_bench.tui.app {imported:.2f} s (not counted below)")
    for key in ("first_frame", "overview_filled", "open_step2", "open_step3", "step3_read_ahead"):
        print(f"{key:<22} {res[key]:.3f} s   (baseline {base[key]:.3f} s)")
    for key in ("next_unit", "page_down", "switch_group", "switch_group_picker",
                "next_unit_in_app", "page_down_in_app", "switch_group_in_app"):
        print(report(key, res[key], base[key]))
    report_step4_search(res, base)
    print(f"peak RSS of the thesis run {rss_peak:.0f} MB, {res['rss_before_search']:.0f} MB "
          f"before its search screen (before the app: {rss_before:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
