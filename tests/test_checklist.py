"""The supervisor's checklist on a small fictitious study with the gaps a supervisor looks
for: a subgroup without condensate, a shortened and an edited quote, a silent informant,
one informant quoted so often that readers could recognise her, interviewer text inside a
unit, renamed and merged code groups, missing and withdrawn consent, a deletion date that
has passed."""

from __future__ import annotations

import pytest
from helpers.study import import_interview, labelled_draft

from stc_bench.domain.model import Informant

INTERVIEW_JS3 = (
    "I: Hva tenker du om jobben nå?\n"
    "JS3: Jeg liker kollegaene mine. Vi spiser lunsj sammen hver dag.\n"
)


@pytest.fixture
def study(wb, doc):
    js2 = import_interview(wb)
    js3 = wb.import_transcript(labelled_draft(INTERVIEW_JS3), source_name="JS3.txt",
                               source_sha256="3" * 64, informant="JS3")

    def unit(document, words, end_words=None, text=None):
        text = text or document.text
        start = text.index(words)
        end = text.index(end_words) + len(end_words) if end_words else start + len(words)
        return wb.create_unit(document.id, start, end, [group.id])

    theme = wb.add_theme("Å bli trodd på")
    group = wb.promote_theme(theme.id, to="code_group")
    wb.rename_code_group(group.id, "Relasjonen")
    other = wb.add_code_group("Tempo")
    wb.merge_code_groups(other.id, group.id)
    u1 = unit(doc, "Men Kari, teamlederen min, ringte meg hver uke.")
    u2 = unit(doc, "At noen trodde på meg.")
    u3 = unit(doc, "Nå var det plutselig noen", "kunne få til.")
    # a unit that starts in the interviewer's question
    u4 = unit(doc, "Hva betydde det?", "At noen trodde på meg.")
    u5 = unit(js2, "Vi gikk rett ut", "uke to.")
    trodd = wb.add_subgroup(group.id, "Noen som tror på meg")
    fort = wb.add_subgroup(group.id, "Det gikk fort")
    for u in (u1, u2, u3, u4):
        wb.assign_unit(u.id, trodd.id)
    wb.assign_unit(u5.id, fort.id)
    wb.set_condensate(trodd.id, "Jeg ble trodd på av noen som ringte meg.", [u1.id, u2.id])
    wb.set_golden_quote(trodd.id, u2.id)
    wb.set_analytic_text("Informantene beskrev at noen trodde på dem.", subgroup_id=trodd.id)
    wb.add_quote(u1.id, subgroup_id=trodd.id,
                 display_text="Men [teamlederen] ringte meg hver uke.")  # marked: fine
    wb.add_quote(u2.id, subgroup_id=trodd.id)
    wb.add_quote(u3.id, subgroup_id=trodd.id)
    wb.set_analytic_text("Det gikk raskt.", subgroup_id=fort.id)
    wb.add_quote(u5.id, subgroup_id=fort.id)
    wb.mark_validated(u1.id)
    wb.mark_validated(u2.id, "questioned")
    labels = {i.label: i.id for i in wb.list(Informant)}
    wb.set_consent(labels["JS1"], "given", "2025-02-10")
    wb.set_consent(labels["JS2"], "withdrawn", "2025-05-01")
    wb.set_data_management(planned_deletion="2026-06-30", sikt_ref="Sikt 123456")
    return {"trodd": trodd, "fort": fort, "group": group, "other": other, "theme": theme,
            "units": (u1, u2, u3, u4, u5), "js2": js2, "js3": js3}


def test_per_subgroup_condensate_golden_quote_text_and_validation(wb, study):
    check = wb.checklist(today="2026-12-01")
    trodd, fort = check.subgroups
    assert (trodd.subgroup, trodd.units, trodd.condensate_units, trodd.quotes) == (
        "Noen som tror på meg", 4, 2, 3)
    assert (trodd.golden_quote, trodd.validated, trodd.questioned) == ("At noen trodde på meg.", 1, 1)
    assert trodd.gaps() == ("units not re-read in context",)
    assert fort.gaps() == ("no condensate", "no golden quote", "units not re-read in context")
    assert fort.analytic_words == 3


def test_quotes_that_differ_from_the_transcript_with_the_difference(wb, study):
    [marked] = wb.checklist().quotes  # the others are the transcript's words
    assert marked.informant == "JS1" and marked.problems == ()
    assert marked.words == (("=", "Men"), ("-", "Kari, teamlederen min,"), ("+", "[teamlederen]"),
                            ("=", "ringte meg hver uke."))
    assert marked.subgroup == "Å bli trodd på › Noen som tror på meg"  # the chapter headings


def test_coverage_finds_silent_and_recognisable_informants(wb, study):
    coverage = wb.checklist().coverage
    assert coverage.informants == ("JS1", "JS2", "JS3")
    assert coverage.silent == {study["trodd"].id: ("JS2", "JS3"), study["fort"].id: ("JS1", "JS3")}
    assert coverage.cells[("JS1", study["trodd"].id)] == 4
    assert coverage.quotes == (("JS1", 3), ("JS2", 1))
    assert coverage.recognisable == (("JS1", 3, 0.75),)


def test_coded_share_and_interviewer_text_in_units(wb, study, doc):
    shares = {t.informant: t for t in wb.checklist().transcripts}
    assert shares["JS3"].coded_share == 0 and shares["JS3"].units_with_interviewer_text == 0
    js1 = shares["JS1"]
    assert js1.units_with_interviewer_text == 1
    assert js1.interviewer_words_coded == len("Hva betydde det?".split())  # the label is no word of it
    assert 0 < js1.coded_share < 1


def test_theme_history_with_renames_and_merges(wb, study):
    [from_theme, *rest] = wb.checklist().themes
    assert from_theme.theme.names == ("Å bli trodd på",)
    [(group, subgroups)] = from_theme.code_groups
    assert group.names == ("Å bli trodd på", "Relasjonen") and not group.gone
    assert [s.names for s in subgroups] == [("Noen som tror på meg",), ("Det gikk fort",)]
    [no_theme] = rest
    [(merged, _subs)] = no_theme.code_groups
    assert (merged.names, merged.gone, merged.merged_into) == (("Tempo",), True, "Relasjonen")


def test_data_management_missing_consent_and_a_passed_deletion_date(wb, study):
    data = wb.checklist(today="2026-12-01").data
    assert (data.missing_consent, data.withdrawn, data.deletion_passed) == (("JS3",), ("JS2",), True)
    assert data.record.sikt_ref == "Sikt 123456"
    assert not wb.checklist(today="2026-06-30").data.deletion_passed
    wb.set_data_management(actual_deletion="2026-07-01")
    assert not wb.checklist(today="2026-12-01").data.deletion_passed


def test_the_checklist_reads_in_review_mode_and_writes_nothing(project_path, wb, study):
    from stc_bench.services import Workbench

    before = wb.last_seq()
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        assert review.checklist().seq == before
    assert wb.last_seq() == before


def test_an_empty_project_has_an_empty_checklist(wb):
    check = wb.checklist()
    assert (check.subgroups, check.quotes, check.transcripts, check.themes) == ((), (), (), ())
    assert check.data.missing_consent == () and not check.data.deletion_passed





@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_the_checklist_screen_in_review_mode(project_path, wb, study):
    from helpers.tui import screen_text, settle

    from stc_bench.tui.app import make_app
    from stc_bench.tui.checklist import ChecklistScreen, render

    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("C")
        await settle(app, pilot, 3)
        assert isinstance(app.screen, ChecklistScreen)
        text = render(app.screen.check).plain
        assert "✗ condensate (0 units)" in text and "silent: JS2, JS3" in text
        assert "JS1 is quoted 3 times (75% of the quotes)" in text
        assert "Theme: Å bli trodd på" in text and "code group: Tempo (merged into Relasjonen)" in text
        assert "No consent recorded: JS3" in text and "Consent withdrawn: JS2" in text
        assert "Subgroups: condensate, golden quote" in screen_text(app)
        before = app.wb.last_seq()
        wb.add_theme("Mestring")  # the student, meanwhile
        app._watch_trail()
        await settle(app, pilot, 3)
        assert "Theme: Mestring" in render(app.screen.check).plain and app.wb.last_seq() == before + 1
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChecklistScreen)
        await pilot.press("ctrl+q")


def test_the_audit_appendix_has_the_checklist(wb, study, tmp_path):
    import docx

    from stc_bench.export.api import ExportOptions, export_docx, export_md

    out = tmp_path / "spor.docx"
    export_docx(wb, "studie.stc", out, ExportOptions(part="audit"))
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Veilederens sjekkliste" in text and "Samtykke mangler: JS3." in text
    assert "JS1 siteres 3 ganger (75 % av sitatene)" in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    subgroups = next(t for t in tables if t[0][:2] == ["Kodegruppe", "Subgruppe"])
    assert subgroups[1] == ["Relasjonen", "Noen som tror på meg", "4", "ja", "ja", "7 ord", "3",
                            "2/4 (1 tvilsomme)"]
    assert subgroups[2][3:5] == ["MANGLER", "MANGLER"]
    quotes = next(t for t in tables if t[0][0] == "Sitat")
    assert quotes[1][3] == "Men [-Kari, teamlederen min,-] {+[teamlederen]+} ringte meg hver uke."
    history = next(t for t in tables if t[0] == ["Tema", "Kodegruppe", "Subgruppe"])
    assert ["(ikke fra et tema)", "Tempo (slått sammen med Relasjonen)", "–"] in history
    md = tmp_path / "spor.md"
    export_md(wb, "studie.stc", md, ExportOptions(part="audit"))
    assert "## Veilederens sjekkliste" in md.read_text(encoding="utf-8")
