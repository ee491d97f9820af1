"""The bundled demo project: a fictitious interview study, worked through STC's four steps.

The study «Jobbstøtte og psykisk helse» (five synthetic interviews about individual
placement and support, IPS) lives in ``stc_bench/data/demo/``: the transcripts as ``.txt``
files and the analysis as ``analyse.json``. :func:`build_demo` replays that analysis through
the service layer, step by step, the way a student would do it — so every row has its event
in the coding trail and the TUI, ``status`` and the Word export have real work to show.

Meaning units are written down as the words they start and end with; their offsets are
found in the stored document text, never typed in. A few things are left unfinished on
purpose so that the method warnings have something to say (see the data folder's README).

Example::

    from stc_bench.demo import build_demo

    with build_demo(Path("projects/demo.stc"), actor="kari") as wb:
        print(wb.status()["meaning_units"])
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .domain.errors import StcError
from .domain.model import Document
from .ingest import import_file
from .services import Workbench

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
#: The interviews, by informant label, in the order they were conducted.
INTERVIEWS = ("JS1", "D1", "JS2", "D2", "D3")


def load_plan() -> dict[str, Any]:
    """The demo study's analysis (``analyse.json``) as a fresh dict."""
    return json.loads((DEMO_DIR / "analyse.json").read_text(encoding="utf-8"))


DEMO_TITLE: str = load_plan()["title"]
DEMO_QUESTION: str = load_plan()["question"]


def build_demo(path: Path, actor: str = "demo", passphrase: str | None = None) -> Workbench:
    """Create the demo project at ``path``, work it through STC, and return it open;
    encrypted with ``passphrase`` when one is given.

    Refuses to overwrite an existing file (like :meth:`Workbench.create`).
    """
    plan = load_plan()
    wb = Workbench.create(path, title=plan["title"], question=plan["question"], actor=actor,
                          passphrase=passphrase)
    try:
        _DemoBuild(wb, plan).run()
    except BaseException:
        wb.close()
        raise
    return wb


def locate(text: str, first: str, last: str, *, where: str = "transcript") -> tuple[int, int]:
    """The span ``[start, end)`` from the passage beginning ``first`` to the end of ``last``.

    ``first`` must occur exactly once in ``text``; ``last`` is the next occurrence after it.
    """
    count = text.count(first)
    if count != 1:
        raise StcError(f"{where}: {first!r} occurs {count} times; a meaning unit must start "
                       "at words that occur once")
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return start, end


@dataclass
class _DemoBuild:
    """One run of the demo analysis; keys in ``analyse.json`` map to the ids made here."""

    wb: Workbench
    plan: dict[str, Any]
    docs: dict[str, Document] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    subgroups: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)

    def run(self) -> None:
        self.set_up_study()
        self.import_interviews()
        self.total_impression()
        self.code_groups()
        self.meaning_units()
        self.condensation()
        self.synthesis()
        self.validation()
        self.supervision()

    # -- before the analysis ------------------------------------------------------------

    def set_up_study(self) -> None:
        """Export settings, data management, the supervisor, informants with consent,
        interview guides."""
        wb, plan = self.wb, self.plan
        for key, value in plan.get("settings", {}).items():
            wb.set_setting(key, value)
        wb.set_data_management(**plan["data_management"])
        wb.add_person(plan["supervisor"], role="supervisor")
        for person in plan["informants"]:
            informant = wb.add_informant(person["label"], person["role"], **person["attributes"])
            wb.set_consent(informant.id, **person["consent"])

    def import_interviews(self) -> None:
        """Import the transcripts and record which guide version each interview used."""
        for label in INTERVIEWS:
            self.docs[label] = import_file(self.wb, DEMO_DIR / f"{label}.txt")
        for guide in self.plan["interview_guides"]:
            made = self.wb.add_interview_guide(guide["title"], guide["text"], guide["note"])
            for label in guide["documents"]:
                self.wb.link_interview_guide(self.docs[label].id, made.id)

    # -- step 1 and 2 -----------------------------------------------------------------------

    def total_impression(self) -> None:
        self.wb.set_impression(self.plan["impression"])
        for theme in self.plan["themes"]:
            made = self.wb.add_theme(theme["name"], theme["description"], theme["notes"])
            self.themes[theme["key"]] = made.id

    def code_groups(self) -> None:
        """Promote themes to code groups (or add new ones), then give them their
        chapter headings and list labels, which differ from the internal names."""
        wb = self.wb
        for group in self.plan["code_groups"]:
            if group["from_theme"]:
                made = wb.promote_theme(self.themes[group["from_theme"]], to="code_group")
                wb.edit_code_group(made.id, name=group["renamed"])
            else:
                made = wb.add_code_group(group["name"], group["description"])
            wb.edit_code_group(made.id, heading=group["heading"], list_label=group["list_label"],
                               description=group["description"])
            self.groups[group["key"]] = made.id

    def meaning_units(self) -> None:
        """Mark each unit where its words are in the stored text, coding it as we go."""
        for unit in self.plan["units"]:
            doc = self.docs[unit["doc"]]
            start, end = locate(doc.text, unit["from"], unit["to"], where=doc.source_name)
            made = self.wb.create_unit(doc.id, start, end, [self.groups[g] for g in unit["codes"]])
            self.units[unit["key"]] = made.id

    # -- step 3 --------------------------------------------------------------------------------

    def condensation(self) -> None:
        """Subgroups, assignments, condensates and golden quotes."""
        wb = self.wb
        for sub in self.plan["subgroups"]:
            group_id = self.groups[sub["group"]]
            if sub["from_theme"]:
                made = wb.promote_theme(self.themes[sub["from_theme"]], to="subgroup",
                                        code_group_id=group_id)
                wb.edit_subgroup(made.id, name=sub["name"], heading=sub["heading"])
            else:
                made = wb.add_subgroup(group_id, sub["name"], heading=sub["heading"])
            self.subgroups[sub["key"]] = made.id
        for unit in self.plan["units"]:
            for key in unit["subgroups"]:
                wb.assign_unit(self.units[unit["key"]], self.subgroups[key])
        for sub in self.plan["subgroups"]:
            sub_id = self.subgroups[sub["key"]]
            members = [self.units[u["key"]] for u in self.plan["units"] if sub["key"] in u["subgroups"]]
            wb.set_condensate(sub_id, sub["condensate"], members)
            if sub["golden"]:
                wb.set_golden_quote(sub_id, self.units[sub["golden"]])

    # -- step 4 --------------------------------------------------------------------------------

    def synthesis(self) -> None:
        """Analytic texts per code group and subgroup, with their illustrating quotes."""
        wb = self.wb
        for group in self.plan["code_groups"]:
            wb.set_analytic_text(group["analytic_text"], code_group_id=self.groups[group["key"]])
        for sub in self.plan["subgroups"]:
            if not sub["analytic_text"]:
                continue
            sub_id = self.subgroups[sub["key"]]
            wb.set_analytic_text(sub["analytic_text"], subgroup_id=sub_id)
            for quote in sub["quotes"]:
                wb.add_quote(self.units[quote["unit"]], subgroup_id=sub_id,
                             lead_in=quote["lead_in"], display_text=quote["display"])

    def validation(self) -> None:
        """Re-read units in context; the rest are left for later (a method warning)."""
        for unit in self.plan["units"]:
            if unit["validated"] is True:
                self.wb.mark_validated(self.units[unit["key"]])
            elif unit["validated"] == "questioned":
                self.wb.mark_validated(self.units[unit["key"]], "questioned",
                                       unit.get("validation_note", ""))
        for memo in self.plan["memos"]:
            self.wb.add_memo(memo["kind"], memo["text"], title=memo["title"])

    def supervision(self) -> None:
        """The supervisor comments and marks the review; the student answers one comment,
        revises the text it was about and resolves it; the others stay open."""
        review = self.plan["review"]
        supervisor = Workbench(self.wb.store, actor=self.plan["supervisor"])
        targets = {"code_group": self.groups, "subgroup": self.subgroups,
                   "meaning_unit": self.units}
        made = []
        for comment in review["comments"]:
            entity_id = targets[comment["on"]][comment["ref"]]
            made.append((comment, supervisor.add_comment(comment["on"], entity_id, comment["text"])))
        supervisor.mark_reviewed()
        for comment, row in made:
            if comment["reply"]:
                self.wb.add_comment(row.entity, row.entity_id, comment["reply"])
        revised = review["revised_group_text"]
        self.wb.set_analytic_text(revised["text"], code_group_id=self.groups[revised["ref"]])
        for comment, row in made:
            if comment["resolved"]:
                self.wb.resolve_comment(row.id)
