"""The supervisor's browser report read back with an HTML parser: every quote leads to its
unit and every unit to its place in a transcript, project text is escaped, nothing is
loaded from outside the file, and --no-transcripts carries only the quoted units."""

from __future__ import annotations

import base64
import hashlib
import re

import lxml.html
import pytest
from conftest import draft_from_labelled
from helpers.pg import database_name
from test_export_chapter import build_export_study

from stc_bench.cli import main
from stc_bench.domain.model import MeaningUnit
from stc_bench.export.html_report import HtmlOptions, export_html
from stc_bench.services import Workbench

PLANTED = '<script>alert("stc")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def study(wb, doc):
    return build_export_study(wb, doc)


def _export(wb, tmp_path, name="rapport.html", **options):
    out = tmp_path / name
    result = export_html(wb, "studie.stc", out, HtmlOptions(**options))
    raw = out.read_text(encoding="utf-8")
    assert result.size == len(raw.encode("utf-8"))
    return raw, lxml.html.document_fromstring(raw)


def _ids(page) -> list[str]:
    return [e.get("id") for e in page.iter() if isinstance(e.tag, str) and e.get("id")]


def test_every_link_resolves_and_ids_are_unique(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    ids = _ids(page)
    assert len(ids) == len(set(ids))
    hrefs = [a.get("href") for a in page.iter("a")]
    assert hrefs and all(h.startswith("#") for h in hrefs)  # nothing outside the file
    assert {h[1:] for h in hrefs} <= set(ids)


def test_each_quote_leads_to_its_unit_and_the_unit_to_its_transcript(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    quotes = study["quotes"]
    chapter_links = page.xpath('//article[@id="chapter"]//blockquote/p/a/@href')
    assert chapter_links == [f"#q-{q.id}" for q in quotes]
    for quote in quotes:
        card = page.get_element_by_id(f"q-{quote.id}")
        unit = wb.get(MeaningUnit, quote.unit_id)
        doc_text = next(d.text for d in wb.documents() if d.id == unit.document_id)
        shown = card.xpath('.//blockquote[@class="unit-text"]')[0].text_content()
        assert shown == doc_text[unit.start:unit.end]
        assert card.xpath(f'.//a[@href="#u-{unit.id}"]')
        assert card.xpath(f'.//a[@href="#cq-{quote.id}"]')  # and back to the chapter
        anchor = page.get_element_by_id(f"u-{unit.id}")
        transcript = anchor.xpath('ancestor::article[contains(@class, "doc")]')[0]
        assert transcript.get("id") == f"d-{unit.document_id}"
        # the marked text of the unit, in one or more segments, is exactly its words
        marks = transcript.xpath(f'.//mark[contains(concat(" ", @data-u, " "), " {unit.id} ")]')
        assert "".join(m.text_content() for m in marks) == doc_text[unit.start:unit.end]


def test_every_unit_has_exactly_one_transcript_anchor(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    anchors = [i for i in _ids(page) if i.startswith("u-")]
    assert sorted(anchors) == sorted(f"u-{u.id}" for u in wb.list(MeaningUnit))


def test_quote_card_shows_subgroup_condensate_golden_quote_and_context(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    tro = study["subgroups"][0]
    q1, q2 = study["quotes"][:2]
    card = page.get_element_by_id(f"q-{q1.id}")
    text = card.text_content()
    assert "Noen som trodde på meg" in text
    assert "Jeg møtte noen som trodde på meg, og det betydde mye." in text  # the condensate
    assert card.xpath(f'.//a[@href="#s-{tro.id}"]') and card.xpath(f'.//a[@href="#c-{tro.id}"]')
    golden = card.xpath('.//blockquote[a[@class="to-unit"]]')[0]  # the golden quote is unit 2
    assert golden.xpath(f'.//a[@href="#u-{q2.unit_id}"]')
    # the unit in context: the interviewer's question before it, the unit marked
    context = card.xpath('.//div[@class="context"]')[0]
    turns = context.xpath('./p[contains(@class, "turn")]')
    assert "iv" in turns[0].get("class")
    assert "Kan du fortelle om den første tiden" in turns[0].text_content()
    current = context.xpath('.//mark[@class="focus"]')
    assert current[0].text_content().startswith("Jeg var veldig usikker")
    # the display text's cut and replacement are shown against the transcript
    replaced = [d.text_content() for d in card.xpath('.//span[@class="replaced"]/del')]
    assert "Kari, teamlederen min," in replaced
    assert card.xpath('.//span[@class="cut"]/del')


def test_subgroup_lists_its_condensate_units_and_who_speaks(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    tro, mulig, _apen = study["subgroups"]
    u1, u2 = study["units"][:2]
    card = page.get_element_by_id(f"s-{tro.id}")
    condensate = page.get_element_by_id(f"c-{tro.id}")
    assert condensate in card.iter()
    assert [a.get("href") for a in condensate.xpath('.//a')] == [f"#u-{u1.id}", f"#u-{u2.id}"]
    rows = [[c.text_content() for c in tr] for tr in card.xpath(".//tbody/tr")]
    assert rows == [["JS1", "2", "2"]]
    assert "B2" in card.xpath('.//p[@class="note"]')[-1].text_content()  # silent here
    assert page.get_element_by_id(f"s-{mulig.id}").xpath(".//tbody/tr")[0][0].text == "B2"


def test_project_text_is_escaped_everywhere(wb, study, tmp_path):
    tro = study["subgroups"][0]
    wb.set_condensate(tro.id, f"Kondensat {PLANTED}")
    wb.edit_subgroup(tro.id, heading=f"Tro {PLANTED}")
    wb.set_analytic_text(f"Analyse {PLANTED}", code_group_id=study["groups"][1].id)
    hostile = wb.import_transcript(
        draft_from_labelled(f"I: Og så?\nJS3: Hun sa {PLANTED} & gikk.\n"),
        source_name="JS3.txt", source_sha256="3" * 64, informant=f"JS3 {PLANTED}")
    start = hostile.text.index("Hun sa")
    unit = wb.create_unit(hostile.id, start, hostile.text.index("gikk.") + 5,
                          code_group_ids=[study["groups"][0].id])
    wb.assign_unit(unit.id, tro.id)
    raw, page = _export(wb, tmp_path)
    scripts = page.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text
    assert not page.xpath("//img") and not page.xpath("//*[@onerror]")
    assert raw.count("&lt;script&gt;alert(&#34;stc&#34;)&lt;/script&gt;") >= 4
    assert f"Kondensat {PLANTED}" in page.get_element_by_id(f"c-{tro.id}").text_content()
    marked = page.xpath(f'//mark[@data-u="{unit.id}"]')[0]  # in the transcript, as text
    assert marked.text_content() == f"Hun sa {PLANTED} & gikk."
    assert raw.count("&lt;script&gt;alert(&#34;stc&#34;)&lt;/script&gt;") + raw.count(
        "&lt;script&gt;alert(&quot;stc&quot;)&lt;/script&gt;") >= 7


def test_self_contained_with_a_policy_that_allows_only_its_own_style_and_script(wb, study, tmp_path):
    raw, page = _export(wb, tmp_path)
    assert not page.xpath("//link | //img | //iframe | //*[@src]")
    assert "http://" not in raw and "https://" not in raw
    policy = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]

    def digest(text):
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert "default-src 'none'" in policy
    assert f"script-src '{digest(page.xpath('//script')[0].text)}'" in policy
    assert f"style-src '{digest(page.xpath('//style')[0].text)}'" in policy


def test_first_screen_says_it_carries_transcripts(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    assert page.get("lang") == "nb-NO"
    about = page.get_element_by_id("about")
    assert about.getparent().tag == "main" and about is page.xpath("//main/*")[0]
    notice = about.xpath('.//p[@class="notice"]')[0].text_content()
    assert "intervjudata" in notice and "2 transkripsjoner" in notice and "B2, JS1" in notice


def test_no_transcripts_keeps_only_the_quoted_units(wb, study, tmp_path):
    raw, page = _export(wb, tmp_path, transcripts=False)
    assert not page.xpath('//*[contains(@class, "doc")]') and not page.xpath('//a[starts-with(@href, "#u-")]')
    assert "Vi møtes hver tirsdag" not in raw  # unit 4: assigned, never quoted
    assert "Hva betydde det?" not in raw       # interviewer text: no transcript
    for quote in study["quotes"]:
        card = page.get_element_by_id(f"q-{quote.id}")
        assert card.xpath('.//blockquote[@class="unit-text"]')[0].text_content().strip()
        assert not card.xpath('.//div[@class="context"]')
    notice = page.get_element_by_id("about").xpath('.//p[@class="notice"]')[0].text_content()
    assert "--no-transcripts" in notice
    hrefs = {a.get("href")[1:] for a in page.iter("a")}
    assert hrefs <= set(_ids(page))


def test_english_project_gets_english_words(tmp_path, project_path):
    path = project_path
    with Workbench.create(path, title="Job support", language="en", actor="kim") as wb:
        out = tmp_path / "en.html"
        export_html(wb, path, out)
    page = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert page.get("lang") == "en-GB"
    assert page.get_element_by_id("about-h").text == "What this file contains"
    assert page.get_element_by_id("chapter-h").text.endswith("Results")


def test_trail_rows_head_and_changes_since_the_review_mark(wb, study, tmp_path, project_path):
    tro = study["subgroups"][0]
    with Workbench.open(project_path, actor="veileder") as sup:
        mark = sup.mark_reviewed()
    wb.set_condensate(tro.id, "Jeg møtte noen som trodde på meg, og det ga meg mot.")
    _raw, page = _export(wb, tmp_path)
    rows = page.xpath('//table[@id="events"]/tbody/tr')
    events = wb.log()
    assert [int(r[0].text) for r in rows] == [e.seq for e in events]
    # after the mark: its own event (not a change) and the student's edit
    assert [e.action for e in events[mark.seq:]] == ["review.mark", "condensate.set"]
    assert [r.get("data-since") for r in rows] == ["0"] * (len(rows) - 1) + ["1"]
    assert rows[-1].get("data-step") == "3 Kondensering" and rows[-1].get("data-actor") == "kari"
    assert events[-1].hash in page.get_element_by_id("trail").text_content()
    since = page.get_element_by_id("since")
    assert "veileder" in since.xpath("./h3")[0].text_content()
    assert [d.text for d in since.xpath(".//del")] == ["betydde mye."]
    assert [i.text for i in since.xpath(".//ins")] == ["ga meg mot."]
    assert "Kjeden er kontrollert" in page.get_element_by_id("trail").text_content()


def test_cli_writes_the_report_and_refuses_to_overwrite(wb, study, tmp_path, project_path, capsys):
    out = tmp_path / "r.html"
    wb.close()
    assert main(["export", "html", str(project_path), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["export", "html", str(project_path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and re.match(r"stc-bench: error: .*r\.html: already exists", err[0])
    assert main(["export", "html", str(tmp_path / "nope.stc"), "-o", str(tmp_path / "x.html")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(SystemExit) as exit_:
        main(["export", "html", str(project_path), "--part", "codebook"])
    assert exit_.value.code == 2


def test_default_target_is_in_exports(wb, study, project_path, capsys):
    wb.close()
    assert main(["export", "html", str(project_path), "--no-transcripts"]) == 0
    path = capsys.readouterr().out.strip()
    name = "studie" if "://" not in str(project_path) else database_name(str(project_path))
    assert re.search(rf"exports/{name}-report-\d{{4}}-\d\d-\d\d\.html$", path)


def test_the_checklist_is_a_view_with_the_audit_appendixs_tables(wb, study, tmp_path):
    _raw, page = _export(wb, tmp_path)
    assert page.xpath('//nav//a[@href="#checklist"]')
    view = page.get_element_by_id("checklist")
    headings = [h.text_content() for h in view.xpath(".//h3")]
    assert headings[0] == "Subgrupper: kondensat, gullsitat, analytisk tekst, validering"
    assert "Informanter × subgrupper" in headings and "Temahistorikk" in " ".join(headings)
    tro, mulig, _apen = study["subgroups"]
    first = view.xpath(".//section")[0]
    rows = {tr[1].text_content(): [td.text_content() for td in tr] for tr in first.xpath(".//tbody/tr")}
    assert set(rows) >= {tro.name, mulig.name}
    missing = [td for td in first.xpath(".//td[@class='warning']")]
    assert all(td.text_content() == "MANGLER" for td in missing)
    assert wb.checklist().subgroups[0].subgroup == tro.name
