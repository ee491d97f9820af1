"""The browser report exercised in headless Chromium: follow a quote to its unit and the
transcript and back, filter the trail, read it with JavaScript off — and nothing is ever
requested from outside the file (the browser's own network log)."""

from __future__ import annotations

import json
import shutil

import pytest
from test_export_chapter import build_export_study

from stc_bench.export.html_report import HtmlOptions, export_html
from stc_bench.services import Workbench

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait
except ImportError:  # the dev extra installs it; without it the tests are skipped below
    webdriver = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER and webdriver),
    reason="browser tests need Chromium: apt-get install chromium chromium-driver (and selenium)")


def _browser(javascript: bool = True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-default-apps"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(options=options, service=Service(DRIVER))


@pytest.fixture
def report(wb, doc, tmp_path, project_path):
    study = build_export_study(wb, doc)
    with Workbench.open(project_path, actor="veileder") as sup:
        sup.mark_reviewed()
    wb.set_condensate(study["subgroups"][0].id, "Jeg møtte noen som trodde på meg, og det ga mot.")
    out = tmp_path / "rapport.html"
    export_html(wb, project_path, out, HtmlOptions())
    return out, study


@pytest.fixture
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def _wait(driver, condition):
    return WebDriverWait(driver, 10).until(lambda d: condition(d))


def _requests(driver) -> set[str]:
    """What the page asked for, from the browser's network log (``data:`` URLs — the date
    field's own calendar icon — are no request to anywhere)."""
    urls = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return {u for u in urls if not u.startswith("data:")}


def test_follow_a_quote_to_the_transcript_and_back(browser, report, wb):
    path, study = report
    quote = study["quotes"][0]
    unit = next(u for u in study["units"] if u.id == quote.unit_id)
    browser.get(path.as_uri())
    about = browser.find_element(By.ID, "about")
    assert about.is_displayed() and "intervjudata" in about.text  # the first screen
    link = browser.find_element(By.CSS_SELECTOR, f'#cq-{quote.id} a')
    link.send_keys(Keys.RETURN)  # the keyboard follows it as a click would
    card = browser.find_element(By.ID, f"q-{quote.id}")
    _wait(browser, lambda d: card.is_displayed())
    assert not about.is_displayed()
    assert "Noen som trodde på meg" in card.text and "Kondensat" in card.text
    assert "current" in browser.find_element(By.ID, f"cq-{quote.id}").get_attribute("class")
    assert browser.switch_to.active_element == card  # focus follows for keyboard users

    card.find_element(By.CSS_SELECTOR, f'a[href="#u-{unit.id}"]').click()
    marks = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "mark.current"))
    assert marks[0].is_displayed()
    assert not card.is_displayed()
    doc_text = next(d.text for d in wb.documents() if d.id == unit.document_id)
    assert "".join(m.get_attribute("textContent") for m in marks) == doc_text[unit.start:unit.end]
    transcript = browser.find_element(By.ID, f"d-{unit.document_id}")
    assert transcript.is_displayed()
    assert not browser.find_element(By.ID, f"d-{study['other'].id}").is_displayed()
    asked = browser.find_element(By.CSS_SELECTOR, ".turn.asked")
    assert "Kan du fortelle om den første tiden" in asked.text  # the question before it
    in_view = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;", marks[0])
    assert in_view

    browser.back()
    _wait(browser, lambda d: card.is_displayed())
    assert not browser.find_elements(By.CSS_SELECTOR, "mark.current")
    browser.back()
    _wait(browser, lambda d: about.is_displayed())
    assert _requests(browser) == {path.as_uri()}
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_subgroup_and_condensate_lead_to_their_units(browser, report):
    path, study = report
    tro = study["subgroups"][0]
    u1, u2 = study["units"][:2]
    browser.get(path.as_uri())
    browser.find_element(By.CSS_SELECTOR, f'#chapter a[href="#s-{tro.id}"]').click()
    card = browser.find_element(By.ID, f"s-{tro.id}")
    _wait(browser, lambda d: card.is_displayed())
    condensate = card.find_element(By.ID, f"c-{tro.id}")
    assert "det ga mot" in condensate.text
    assert [a.get_attribute("hash") for a in condensate.find_elements(By.TAG_NAME, "a")] == [
        f"#u-{u1.id}", f"#u-{u2.id}"]
    assert "JS1" in card.find_element(By.TAG_NAME, "table").text
    assert "Stille i denne subgruppen: B2." in card.text
    condensate.find_elements(By.TAG_NAME, "a")[1].click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "mark.current"))
    assert browser.find_element(By.CSS_SELECTOR, "mark.current").text.startswith("At noen trodde")
    assert _requests(browser) == {path.as_uri()}


def test_filter_the_trail_by_actor_step_date_and_review_mark(browser, report, wb):
    path, _study = report
    events = wb.log()
    browser.get(path.as_uri() + "#trail")
    rows = browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")
    _wait(browser, lambda d: rows[0].is_displayed())
    out = browser.find_element(By.CSS_SELECTOR, "#trail-filter output")

    def shown():
        return [int(r.find_element(By.TAG_NAME, "td").get_attribute("textContent"))
                for r in rows if r.is_displayed()]

    assert len(shown()) == len(events) and out.text == f"{len(events)} av {len(events)} hendelser vises."
    Select(browser.find_element(By.NAME, "actor")).select_by_value("veileder")
    assert shown() == [e.seq for e in events if e.actor == "veileder"]
    Select(browser.find_element(By.NAME, "actor")).select_by_value("")
    Select(browser.find_element(By.NAME, "step")).select_by_value("4 Syntese")
    synthesis = shown()
    assert synthesis and all(e.action.split(".")[0] in ("quote", "analytic_text")
                             for e in events if e.seq in synthesis)
    Select(browser.find_element(By.NAME, "step")).select_by_value("")
    browser.find_element(By.NAME, "since").click()
    assert shown() == [events[-1].seq] and out.text == f"1 av {len(events)} hendelser vises."
    browser.find_element(By.NAME, "since").click()
    browser.execute_script("const f = document.getElementsByName('from')[0]; f.value = '2000-01-01';"
                           "f.dispatchEvent(new Event('input', {bubbles: true}));")
    assert len(shown()) == len(events)
    browser.execute_script("const f = document.getElementsByName('to')[0]; f.value = '2000-01-02';"
                           "f.dispatchEvent(new Event('input', {bubbles: true}));")
    assert shown() == []
    assert _requests(browser) == {path.as_uri()}


def test_without_javascript_everything_reads_in_order(report):
    path, study = report
    driver = _browser(javascript=False)
    try:
        driver.get(path.as_uri())
        order = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "main > *")]
        assert order == ["about", "chapter", "quotes", "analysis", "transcripts", "trail", "checklist"]
        for quote in study["quotes"]:
            assert driver.find_element(By.ID, f"q-{quote.id}").is_displayed()
        assert driver.find_element(By.ID, f"d-{study['other'].id}").is_displayed()
        assert not driver.find_element(By.ID, "trail-filter").is_displayed()  # needs script
        driver.find_element(By.CSS_SELECTOR, f'#cq-{study["quotes"][0].id} a').click()
        _wait(driver, lambda d: d.execute_script("return location.hash") == f"#q-{study['quotes'][0].id}")
        assert _requests(driver) == {path.as_uri()}
    finally:
        driver.quit()
