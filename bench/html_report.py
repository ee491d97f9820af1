"""How big is the browser report of a thesis-sized project, how long does the export take,
and how fast does it open and jump in a browser?

    .venv/bin/python -m bench.html_report                    # the bench corpus (50 × 10,000 words)
    .venv/bin/python -m bench.html_report --project P.stc    # an existing project
    .venv/bin/python -m bench.html_report --files 5 --words 2000 --units 2000 --samples 1  # quick

Builds the seeded corpus of ``bench/corpus.py`` in a temporary folder (or takes
``--project``), then times ``stc-bench export html`` as a command (interpreter start
included), with and without ``--no-transcripts``, and reports the file sizes. With
Chromium and chromium-driver installed it opens the full report headless and reports the
page's own timing: DOMContentLoaded and load, and the time from following a unit link in
the last transcript until its marks are set (the browser lays the page out before it
answers, so layout is included).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STC = [sys.executable, "-m", "stc_bench"]


def _export(project: Path, out: Path, *extra: str) -> float:
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run([*STC, "export", "html", str(project), "-o", str(out), *extra], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _browser_timing(report: Path) -> dict | None:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        driver.get(report.as_uri())
        nav = driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0];"
            "return [n.domContentLoadedEventEnd, n.loadEventEnd];")
        jump = driver.execute_script(
            "const a = document.querySelectorAll('.doc .anchor'); const u = a[a.length - 1].id;"
            "const t0 = performance.now(); location.hash = u;"
            "window.dispatchEvent(new HashChangeEvent('hashchange'));"
            "document.querySelector('mark.current').getBoundingClientRect();"
            "return [u, performance.now() - t0];")
        return {"dom_content_loaded_ms": round(nav[0]), "load_ms": round(nav[1]),
                "jump_to": jump[0], "jump_ms": round(jump[1])}
    finally:
        driver.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.html_report",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40_000)
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = args.project
        if project is None:
            from bench.corpus import build

            project = folder / "corpus.stc"
            build(project, files=args.files, words=args.words, units=args.units).close()
        full, quoted = folder / "report.html", folder / "quoted.html"
        times = {"full": [], "no_transcripts": []}
        for _ in range(args.samples):  # interleaved, so load on the machine hits both alike
            times["full"].append(_export(project, full))
            times["no_transcripts"].append(_export(project, quoted, "--no-transcripts"))
        result = {
            "project": str(args.project or f"bench.corpus {args.files}×{args.words} words, "
                                             f"{args.units} units"),
            "export_s_median": {k: round(statistics.median(v), 2) for k, v in times.items()},
            "export_s_all": {k: [round(x, 2) for x in v] for k, v in times.items()},
            "bytes": {"full": full.stat().st_size, "no_transcripts": quoted.stat().st_size},
            "browser": _browser_timing(full),
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
