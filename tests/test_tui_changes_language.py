"""The changes screen (R) words each event of the trail in the UI language from its action
and the rows it recorded: on a Norwegian screen no English message of the service layer,
the names the user gave shown as they are, in «»; on an English one the trail's own
message, as `audit log` prints it. The command line keeps its English byte for byte."""

from __future__ import annotations

import json

import pytest
from conftest import INTERVIEW
from helpers.tui import settle
from textual.widgets import OptionList, Static

from stc_bench.cli import main
from stc_bench.services import Workbench
from stc_bench.tui.app import make_app
from stc_bench.tui.i18n import set_language

PASSAGE = "Men Kari, teamlederen min, ringte meg hver uke."
#: what the service layer wrote for the events after the mark (English, for the CLI)
MESSAGES = [
    "Coded meaning unit 1 into 'Å bli trodd på [*]'",
    "Edited subgroup 'Sett av noen og trodd': name",
    "Golden quote of 'Sett av noen og trodd': unit 1",
    "Re-read meaning unit 1 in context: questioned",
    "undo #12 validation.add: Re-read meaning unit 1 in context: questioned",
    "Added theme 'Mestring'",
]


@pytest.fixture
def week(project_path, wb, doc):
    """Before the supervisor's mark: a coded unit in a subgroup. After it: the student codes
    it into a second group (a name with [brackets] — no markup), renames the subgroup,
    makes the unit its golden quote, questions it in context, undoes that and adds a theme."""
    start = INTERVIEW.index(PASSAGE)
    group = wb.add_code_group("Relasjonen")
    unit = wb.create_unit(doc.id, start, start + len(PASSAGE), [group.id])
    sub = wb.add_subgroup(group.id, "Sett av noen")
    wb.assign_unit(unit.id, sub.id)
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        review.mark_reviewed()
    wb.code_unit(unit.id, wb.add_code_group("Å bli trodd på [*]").id)
    wb.rename_subgroup(sub.id, "Sett av noen og trodd")
    wb.set_golden_quote(sub.id, unit.id)
    wb.mark_validated(unit.id, "questioned")
    wb.undo()
    wb.add_theme("Mestring")
    wb.close()
    return unit


def test_each_event_names_what_it_touched_besides_its_object(project_path, week):
    with Workbench.open(project_path, actor="veileder", review=True) as review:
        report = review.review_changes()
    facts = {c.action: c.facts for _step, _obj, c in report.entries()}
    assert [c.message for _s, _o, c in sorted(report.entries(), key=lambda e: e[2].seq)
            if c.action != "code_group.add"] == MESSAGES
    assert facts["coding.add"] == {"code_group": "Å bli trodd på [*]"}
    assert facts["subgroup.edit"] == {}  # a rename records the name only
    assert facts["golden_quote.set"] == {"golden_quote": week.id}
    assert facts["undo"] == {"undoes": "validation.add", "unit": week.id, "status": "questioned"}
    assert facts["theme.add"] == {}


async def _changes(project_path) -> tuple[str, list[str], list[str]]:
    """The changes screen's title, its lines and each line's detail, as shown."""
    app = make_app(project_path, actor="veileder", read_only=True)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        options = app.screen.query_one(OptionList)
        title = str(app.screen.query_one("#changes-title").render())
        lines, details = [], []
        for index in range(options.option_count):
            option = options.get_option_at_index(index)
            if (option.id or "").startswith("step:"):
                continue
            options.highlighted = index
            await pilot.pause()
            lines.append(option.prompt.plain)
            details.append(app.screen.query_one("#change-detail", Static).render().plain)
        return title, lines, details


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_norwegian_changes_screen_words_every_event_in_norwegian(
        project_path, week, monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    try:
        title, lines, details = await _changes(project_path)
    finally:
        set_language("en")
    assert title.startswith("7 endringer siden din siste gjennomgang (veileder)")
    shown = "\n".join(details)
    for message in MESSAGES:
        assert message not in shown
    assert "kodet en meningsbærende enhet: kodegruppe «Å bli trodd på [*]»" in details
    assert "navn: Sett av noen og trodd \nendret en subgruppe" in details  # the word diff
    assert "navn: Å bli trodd på [*]\noverskrift: Å bli trodd på [*]\nlisteetikett: Å bli trodd på [*]" \
        "\nla til en kodegruppe" in details
    assert "valgte et gullsitat: meningsbærende enhet 1" in details
    assert ("leste en enhet på nytt i kontekst: meningsbærende enhet 1, tvilsom" in details)
    assert "Angret: leste en enhet på nytt i kontekst: meningsbærende enhet 1, tvilsom" in details
    assert [line.split(": ", 1)[1] for line in lines] == [
        "la til et tema · tema 1 «Mestring»",  # step 1 first
        "la til en kodegruppe · kodegruppe 2 «Å bli trodd på [*]»",
        f"kodet en meningsbærende enhet · meningsbærende enhet 1 «{PASSAGE}»",
        "endret en subgruppe · subgruppe 1 «Sett av noen og trodd»",
        "valgte et gullsitat · subgruppe 1 «Sett av noen og trodd»",
        "leste en enhet på nytt i kontekst · validering 1",
        "Angret: leste en enhet på nytt i kontekst · validering 1"]
    assert not any(word in shown for word in ("Coded", "Edited", "Golden quote", "undo #"))


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_english_changes_screen_shows_the_trails_own_messages(
        project_path, week, monkeypatch, anyio_backend):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    title, lines, details = await _changes(project_path)
    assert title.startswith("7 changes since your last review mark (veileder)")
    for message in MESSAGES:
        assert any(d.endswith(message) for d in details), message
    assert any("Undid: re-read a unit in context" in line for line in lines)


def test_the_command_line_keeps_the_english_messages_and_its_json_keys(project_path, week, capsys):
    assert main(["audit", "log", str(project_path)]) == 0
    logged = capsys.readouterr().out.splitlines()
    after_mark = logged[next(i for i, line in enumerate(logged) if "review.mark" in line) + 1:]
    assert [line.split(None, 4)[4] for line in after_mark  # event lines, not their details
            if line[:6].strip() and "code_group.add" not in line] == MESSAGES
    assert "        name: 'Sett av noen' → 'Sett av noen og trodd'" in after_mark
    assert main(["--as", "veileder", "audit", "review", str(project_path), "--since-mark",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    changes = [c for step in report["steps"] for obj in step["objects"] for c in obj["changes"]]
    assert {tuple(c) for c in changes} == {
        ("seq", "at_utc", "actor", "action", "message", "boundaries", "fields")}
    assert main(["--as", "veileder", "audit", "review", str(project_path), "--since-mark"]) == 0
    printed = capsys.readouterr().out
    assert all(message in printed for message in MESSAGES)
