"""Regenerate the screenshots of the browser report in this folder from the demo project.

    .venv/bin/python docs/report/make_shots.py

Builds the demo (``stc_bench.demo.build_demo``) in a temporary folder, writes
``stc-bench export html`` of it (``demo-report.html`` here, the file a supervisor gets)
and photographs each view in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium): the first screen, a quote traced to its unit,
the unit in its transcript, a subgroup with its condensate and who speaks in it, the trail
with the changes since the review mark, the supervisor's checklist, and the narrow (phone)
layout.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from stc_bench.demo import build_demo
    from stc_bench.domain.model import Quote
    from stc_bench.export.html_report import HtmlOptions, export_html

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("needs chromium and chromium-driver (apt-get install chromium chromium-driver)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo.stc"
        with build_demo(project, actor="demo") as wb:
            report = HERE / "demo-report.html"
            export_html(wb, project, report, HtmlOptions(force=True))
            quote = wb.list(Quote, ("analytic_text_id", "position"))[0]
            sub = next(s for s in wb.subgroups() if s.golden_quote_unit_id)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    shots = [("about", "", (1400, 900)), ("quote", f"#q-{quote.id}", (1400, 900)),
             ("transcript", f"#u-{quote.unit_id}", (1400, 900)), ("subgroup", f"#s-{sub.id}", (1400, 900)),
             ("trail", "#since", (1400, 900)), ("checklist", "#checklist", (1400, 900)),
             ("phone", f"#q-{quote.id}", (420, 860))]
    try:
        for name, where, (width, height) in shots:
            driver.set_window_size(width, height)
            driver.get("about:blank")  # a fresh page: a new #hash alone would keep the last view
            driver.get(report.as_uri() + where)
            driver.find_element(By.TAG_NAME, "main")
            time.sleep(0.3)  # a still picture after the scroll
            driver.save_screenshot(str(HERE / f"{name}.png"))
            print(HERE / f"{name}.png")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
