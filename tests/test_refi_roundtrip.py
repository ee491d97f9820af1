"""Round trip: export → import into a new project → export gives the same XML (GUIDs
and meaningless order aside) and the same STC state; the import is one audited,
undoable operation."""

from __future__ import annotations

import zipfile

import pytest
from refi_canon import canonical

from stc_bench.demo import build_demo
from stc_bench.domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Comment,
    Condensate,
    CondensateUnit,
    Consent,
    Document,
    Informant,
    InterviewGuide,
    MeaningUnit,
    Memo,
    Quote,
    SpeakerInformant,
    Subgroup,
    Theme,
    Validation,
)
from stc_bench.domain.settings import LISTS_OF_NAMES
from stc_bench.export.qdpx import export_qdpx
from stc_bench.ingest.qdpx import read_qdpx
from stc_bench.services import Workbench
from stc_bench.services.copying import copy_project


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.stc"
    build_demo(path).close()
    return path


def stc_state(wb) -> dict:
    """The analysis with ids replaced by what they stand for."""
    docs = {d.id: d for d in wb.list(Document) if not d.superseded}
    units = {u.id: (docs[u.document_id].text_sha256, u.start, u.end, u.snippet)
             for u in wb.list(MeaningUnit) if u.document_id in docs}
    groups = {g.id: g.name for g in wb.list(CodeGroup)}
    subs = {s.id: (groups[s.code_group_id], s.name) for s in wb.list(Subgroup)}
    themes = {t.id: t.name for t in wb.list(Theme)}
    informants = {i.id: i.label for i in wb.list(Informant)}
    conds = {c.id: subs[c.subgroup_id] for c in wb.list(Condensate)}
    texts = {t.id: (subs.get(t.subgroup_id), groups.get(t.code_group_id), t.part)
             for t in wb.list(AnalyticText)}
    comment_of = {c.id: c.text for c in wb.list(Comment)}
    target = {"code_group": groups, "subgroup": subs, "meaning_unit": units, "theme": themes,
              "document": {i: d.title for i, d in docs.items()}, "analytic_text": texts,
              "condensate": conds, "comment": comment_of, "informant": informants,
              "quote": {q.id: (q.display_text, units[q.unit_id]) for q in wb.list(Quote)}}
    guides = {g.id: (g.version, g.title) for g in wb.list(InterviewGuide)}
    return {
        "settings": {k: v for k, v in wb.project().settings.items() if k not in LISTS_OF_NAMES},
        "groups": [(g.name, g.description, g.heading, g.list_label, g.discussion_heading,
                    themes.get(g.theme_id), g.origin) for g in wb.code_groups()],
        "guides": sorted((g.version, g.title, g.text, g.note, g.created_at)
                         for g in wb.list(InterviewGuide)),
        "guide_of": sorted((d.title, guides.get(d.interview_guide_id)) for d in docs.values()),
        "consent": sorted((informants[c.informant_id], c.status, c.date, c.note)
                          for c in wb.list(Consent)),
        "validations": sorted((units[v.unit_id], v.by, v.at, v.status, v.note)
                              for v in wb.list(Validation) if v.unit_id in units),
        "speakers": sorted((docs[m.document_id].title, m.speaker, informants[m.informant_id])
                           for m in wb.list(SpeakerInformant)),
        "subgroups": sorted((subs[s.id], s.description, s.heading, s.discussion_heading, s.position, repr(
                             (themes.get(s.theme_id), units.get(s.golden_quote_unit_id))))
                            for s in wb.list(Subgroup)),
        "themes": [(t.name, t.description, t.notes, bool(t.promoted_to)) for t in wb.themes()],
        "documents": sorted((d.title, d.text, informants.get(d.informant_id)) for d in docs.values()),
        "informants": sorted((i.label, i.role, sorted(i.attributes.items())) for i in wb.list(Informant)),
        "units": sorted(units.values()),
        "codings": sorted((units[c.unit_id], groups[c.code_group_id]) for c in wb.list(Coding)),
        "assignments": sorted((units[a.unit_id], subs[a.subgroup_id]) for a in wb.list(Assignment)),
        "condensates": sorted((conds[c.id], c.text) for c in wb.list(Condensate)),
        "condensate_units": sorted((conds[c.condensate_id], units[c.unit_id])
                                   for c in wb.list(CondensateUnit)),
        "analytic": sorted((repr(texts[t.id]), t.text) for t in wb.list(AnalyticText)),
        "quotes": sorted((repr(texts[q.analytic_text_id]), q.position, units[q.unit_id], q.lead_in,
                          q.display_text, q.after_paragraph or 0) for q in wb.list(Quote)),
        "memos": sorted((m.kind, m.title, m.text, m.entity, str(target.get(m.entity, {}).get(m.entity_id)))
                        for m in wb.list(Memo)),
        "comments": sorted((c.entity, str(target.get(c.entity, {}).get(c.entity_id)), c.author, c.text,
                            c.resolved_at, c.resolved_by) for c in wb.list(Comment)),
    }


def test_round_trip_loses_nothing(demo, backend, another_project, tmp_path):
    """On SQLite and PostgreSQL: the demo copied to the backend (as ``stc-bench copy``
    does), exported, and imported into a second project there."""
    source = backend
    copy_project(demo, source)
    with Workbench.open(source, actor="veileder") as wb:  # what the demo does not have yet
        quote = wb.list(Quote)[0]
        wb.place_quote(quote.id, 2)
        wb.add_comment("quote", quote.id, "Kortere sitat?")
        wb.resolve_comment(wb.add_comment("code_group", wb.code_groups()[0].id, "Godt navn.").id)
        # what only STC has: an a-priori code group, a speaker mapped to an informant
        wb.add_guide_code_groups([("Forventninger", "Hva forventet du av tiltaket?")],
                                 wb.list(InterviewGuide)[0].id)
        wb.map_speakers(1, {"JS1": ("JS1-deltaker", "jobbsøker")}, group="Gruppe A")
        wb.set_setting("number_from", 4)
        wb.set_setting("word_list", ["Kari Nordmann"])  # real names: never in an exchange file
    demo = source
    with Workbench.open(demo, read_only=True) as wb:
        first, _ = export_qdpx(wb, demo, tmp_path / "first.qdpx")
        before = stc_state(wb)
        title = wb.project().title
    copy = another_project("copy")
    with Workbench.create(copy, title=title, actor="demo") as wb:
        summary = wb.import_exchange(read_qdpx(first), source_name=first.name)
        assert not summary.quarantined and not summary.unsupported, summary.lines()
        second, _ = export_qdpx(wb, copy, tmp_path / "second.qdpx")
        after = stc_state(wb)
        events = wb.log()
    for key in before:
        same = after[key] == before[key]
        assert same, key
    a, b = (zipfile.ZipFile(p) for p in (first, second))
    ca, cb = canonical(a.read("project.qde")), canonical(b.read("project.qde"))
    at = next((i for i, (x, y) in enumerate(zip(ca, cb, strict=False)) if x != y), min(len(ca), len(cb)))
    same = ca == cb  # not asserted directly: pytest's diff of two long strings takes minutes
    assert same, f"first difference at {at}: {ca[at - 80:at + 80]!r} vs {cb[at - 80:at + 80]!r}"
    assert sorted(a.read(n) for n in a.namelist()[1:]) == sorted(b.read(n) for n in b.namelist()[1:])
    assert [e.action for e in events] == ["project.create", "exchange.import"]  # one operation
    assert before["speakers"] and before["consent"] and before["validations"] and before["guides"]
    assert before["settings"]["number_from"] == 4 and "word_list" not in after["settings"]
    assert not any(b"Kari Nordmann" in a.read(n) for n in a.namelist())
    assert any(g[-1] == "a-priori" for g in before["groups"])


def test_import_is_undone_as_one(demo, tmp_path, project_path):
    with Workbench.open(demo, read_only=True) as wb:
        first, _ = export_qdpx(wb, demo, tmp_path / "first.qdpx")
    with Workbench.create(project_path, title="Kopi", actor="demo") as wb:
        wb.import_exchange(read_qdpx(first), source_name=first.name)
        assert wb.list(MeaningUnit)
        wb.undo()
        assert not wb.list(MeaningUnit) and not wb.list(Document) and not wb.code_groups()
        assert wb.verify().ok


def test_codes_and_themes_of_the_same_name_are_merged_not_doubled(demo, tmp_path, project_path):
    """A colleague's file with the student's own code groups: one "Arbeid", not two."""
    with Workbench.open(demo, read_only=True) as wb:
        first, _ = export_qdpx(wb, demo, tmp_path / "first.qdpx")
        group = wb.code_groups()[0]
        sub = wb.list(Subgroup, code_group_id=group.id)[0]
        theme = wb.themes()[0]
        n_units = len([c for c in wb.list(Coding) if c.code_group_id == group.id])
    with Workbench.create(project_path, title="Min", actor="student") as wb:
        mine = wb.add_code_group(group.name.upper(), heading="Min egen overskrift")
        own_sub = wb.add_subgroup(mine.id, f" {sub.name} ")
        own_theme = wb.add_theme(theme.name)
        summary = wb.import_exchange(read_qdpx(first), source_name=first.name)
        groups = [g for g in wb.code_groups() if g.name.casefold() == group.name.casefold()]
        assert [g.id for g in groups] == [mine.id]
        assert wb.get(CodeGroup, mine.id).heading == "Min egen overskrift"  # its own labels kept
        assert [s.id for s in wb.list(Subgroup, code_group_id=mine.id)
                if s.name.strip() == sub.name] == [own_sub.id]
        assert len([c for c in wb.list(Coding) if c.code_group_id == mine.id]) == n_units
        assert [t.id for t in wb.themes() if t.name == theme.name] == [own_theme.id]
        said = "\n".join(summary.lines())
        assert f"code {group.name!r}: a code group of that name is already in the project" in said
        assert f"set {theme.name!r}: a theme of that name is already in the project" in said
        wb.undo()  # one operation: the student's own rows are as they were
        assert [g.id for g in wb.code_groups()] == [mine.id] and not wb.list(Coding)
        assert wb.verify().ok
