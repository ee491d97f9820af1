"""A project as a REFI-QDA :class:`~stc_bench.domain.refi.Exchange` (the mapping in
``domain/refi.py``), read in one read transaction."""

from __future__ import annotations

from .. import __version__
from ..domain.audit import canonical_json
from ..domain.model import (
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
    Person,
    Quote,
    SpeakerInformant,
    Subgroup,
    Validation,
)
from ..domain.refi import (
    A_PRIORI_KIND,
    KIND_SET_PREFIX,
    LINK_CONDENSED,
    LINK_CONSENT,
    LINK_GOLDEN,
    LINK_GUIDE,
    LINK_QUOTED,
    LINK_SPEAKER,
    QUOTE_NAME,
    Exchange,
    XCase,
    XCode,
    XCoding,
    XLink,
    XNote,
    XSelection,
    XSet,
    XSource,
    XUser,
    XVariable,
    object_guid,
    project_namespace,
)
from ..domain.settings import LISTS_OF_NAMES
from .provenance import project_id

#: Longest excerpt written in a selection's ``name`` (other tools show it as the label).
EXCERPT_CHARS = 200


class _Guids:
    def __init__(self, project):
        self.ns = project_namespace(project_id(project))

    def __call__(self, kind: str, row_id) -> str:
        return object_guid(self.ns, kind, row_id)


def build_exchange(wb) -> Exchange:
    """Everything the exchange carries, in a stable order (ids, positions)."""
    with wb.one_read():
        return _build(wb)


def _build(wb) -> Exchange:
    project = wb.project()
    g = _Guids(project)
    ex = Exchange(name=project.title, origin=f"stc-bench {__version__}",
                  created=project.created_at, description=project.research_question)
    users = {p.name: g("person", p.id) for p in wb.list(Person)}
    ex.users = [XUser(guid, name) for name, guid in users.items()]
    kinds: dict[str, list[str]] = {}

    def note(kind: str, key, name: str, text: str, **extra) -> XNote:
        n = XNote(g(f"note-{kind}", key), name, text, **extra)
        ex.notes.append(n)
        kinds.setdefault(kind, []).append(n.guid)
        return n

    # codes -----------------------------------------------------------------------------
    code_by = {}
    subgroups = wb.list(Subgroup, ("code_group_id", "position", "id"))
    for group in wb.code_groups():
        code = XCode(g("code_group", group.id), group.name, True, group.description)
        code_by[("code_group", group.id)] = code
        ex.codes.append(code)
        _labels(note, code, "code_group", group)
    for sub in subgroups:
        parent = code_by[("code_group", sub.code_group_id)]
        code = XCode(g("subgroup", sub.id), sub.name, True, sub.description)
        code_by[("subgroup", sub.id)] = code
        parent.children.append(code)
        _labels(note, code, "subgroup", sub)

    # sources and selections ----------------------------------------------------------------
    # the project's coding: a coder's own units (independent coding) stay in the project
    units = [u for u in wb.list(MeaningUnit, ("document_id", "start", "end", "id")) if u.coder is None]
    codings: dict[int, list[tuple[str, int, int]]] = {}
    for c in wb.list(Coding):
        codings.setdefault(c.unit_id, []).append(("code_group", c.code_group_id, c.id))
    for a in wb.list(Assignment):
        codings.setdefault(a.unit_id, []).append(("subgroup", a.subgroup_id, a.id))
    source_by: dict[int, XSource] = {}
    selection_by: dict[int, XSelection] = {}
    for doc in wb.list(Document):
        if doc.superseded:
            continue
        src = XSource(g("document", doc.id), doc.title, doc.text)
        source_by[doc.id] = src
        ex.sources.append(src)
    for unit in units:
        source = source_by.get(unit.document_id)
        if source is None:
            ex.warnings.append(f"meaning unit {unit.id} is on a superseded transcript; left out")
            continue
        sel = XSelection(g("meaning_unit", unit.id), unit.start, unit.end,
                         name=_excerpt(unit.snippet), created=unit.created_at)
        for kind, target, row in sorted(codings.get(unit.id, [])):
            sel.codings.append(XCoding(g(f"{kind}-coding", row),
                                       code_by[(kind, target)].guid))
        selection_by[unit.id] = sel
        source.selections.append(sel)

    # cases and variables ---------------------------------------------------------------------
    variables: dict[str, XVariable] = {}
    speakers = wb.list(SpeakerInformant, ("document_id", "speaker", "id"))
    for informant in wb.list(Informant, ("label", "id")):
        case = XCase(g("informant", informant.id), informant.label, informant.role)
        for key in sorted(informant.attributes):
            value = informant.attributes[key]
            if value is None:
                continue
            var = variables.setdefault(key, XVariable(g("variable", key), key, _var_type(value)))
            if var.type != _var_type(value):
                var.type = "Text"
            case.values.append((var.guid, value))
        spoken = {m.document_id for m in speakers if m.informant_id == informant.id}
        case.sources = [source_by[d.id].guid for d in wb.list(Document, ("id",))
                        if d.id in source_by and (d.informant_id == informant.id or d.id in spoken)]
        ex.cases.append(case)
    ex.variables = sorted(variables.values(), key=lambda v: v.name)
    for case in ex.cases:  # a variable seen with mixed types is written as text everywhere
        case.values = [(v, str(x) if _type_of(ex, v) == "Text" and not isinstance(x, str) else x)
                       for v, x in case.values]

    # themes as sets (before the notes that may sit on them) ------------------------------------
    for theme in wb.themes():
        members = [code_by[(k, r.id)].guid for k, cls in (("code_group", CodeGroup), ("subgroup", Subgroup))
                   for r in wb.list(cls, theme_id=theme.id)]
        s = XSet(g("theme", theme.id), theme.name, theme.description, codes=members)
        if theme.notes:
            s.notes.append(note("theme-notes", theme.id, theme.name, theme.notes).guid)
        ex.sets.append(s)
    # texts of the analysis ------------------------------------------------------------------
    targets = _Targets(g, code_by, source_by, selection_by, ex)
    for cond in wb.list(Condensate):
        n = note("condensate", cond.id, "Kondensat", cond.text)
        targets.notes[("condensate", cond.id)] = n
        targets.attach(n.guid, "subgroup", cond.subgroup_id)
        for link in wb.list(CondensateUnit, condensate_id=cond.id):
            if link.unit_id in selection_by:
                ex.links.append(XLink(g("condensate_unit", link.id), LINK_CONDENSED, n.guid,
                                      selection_by[link.unit_id].guid))
    for text in wb.list(AnalyticText):
        n = note(f"analytic:{text.part}", text.id, "Analytisk tekst", text.text)
        targets.notes[("analytic_text", text.id)] = n
        if text.subgroup_id is not None:
            targets.attach(n.guid, "subgroup", text.subgroup_id)
        else:
            targets.attach(n.guid, "code_group", text.code_group_id)
    for quote in wb.list(Quote, ("analytic_text_id", "position", "id")):
        if quote.unit_id not in selection_by:
            continue
        place = f" after paragraph {quote.after_paragraph}" if quote.after_paragraph else ""
        n = note("quote", quote.id, QUOTE_NAME + place, quote.display_text, description=quote.lead_in)
        targets.notes[("quote", quote.id)] = n
        targets.attach(n.guid, "analytic_text", quote.analytic_text_id)
        ex.links.append(XLink(g("quoted_unit", quote.id), LINK_QUOTED, n.guid,
                              selection_by[quote.unit_id].guid))
    for sub in subgroups:
        if sub.golden_quote_unit_id in selection_by:
            ex.links.append(XLink(g("golden_quote", sub.id), LINK_GOLDEN, code_by[("subgroup", sub.id)].guid,
                                  selection_by[sub.golden_quote_unit_id].guid))
    for memo in wb.list(Memo):
        n = note(f"memo:{memo.kind}", memo.id, memo.title, memo.text,
                 created=memo.created_at)
        targets.attach(n.guid, memo.entity or "project", memo.entity_id)
    comment_notes = {}
    for c in wb.list(Comment):
        n = note("comment", c.id, c.author, c.text, user=users.get(c.author, ""),
                 created=c.created_at,
                 description=f"resolved {c.resolved_at} by {c.resolved_by}" if c.resolved_at else "")
        comment_notes[c.id] = n
        if c.entity == "comment" and c.entity_id in comment_notes:
            comment_notes[c.entity_id].notes.append(n.guid)
        else:
            targets.attach(n.guid, c.entity, c.entity_id)

    _only_stc(wb, g, note, targets, ex, source_by, users)
    kept = {k: v for k, v in sorted(project.settings.items()) if k not in LISTS_OF_NAMES}
    if kept:  # the chapter number, label style … so the exchanged project exports the same
        targets.attach(note("settings", 1, "stc-bench settings", canonical_json(kept)).guid,
                       "project", None)
    for kind in sorted(kinds):
        ex.sets.append(XSet(g("kind-set", kind), KIND_SET_PREFIX + kind,
                            f"stc-bench reads these notes back as: {kind}", notes=kinds[kind]))
    ex.warnings += targets.lost
    if any(d.superseded for d in wb.list(Document)):  # REFI has no revisions (spec §7)
        ex.warnings.append("earlier revisions of transcripts are not in the .qdpx (only the "
                           "current text of each)")
    names = sorted(k for k in project.settings if k in LISTS_OF_NAMES)
    if names:
        ex.warnings.append(f"{', '.join(names)} not in the .qdpx: they name real people")
    return ex


def _only_stc(wb, g, note, targets: _Targets, ex: Exchange, source_by, users) -> None:
    """What only STC has, in standard REFI elements stc-bench reads back: interview guides,
    consent and re-reading records as notes of their kind, tied by Links to the transcripts
    and cases they belong to (a Case has no NoteRef); the speaker → informant mapping of a
    group transcript as a Link ``speaker: <label>`` from the source to the case; a-priori
    code groups as members of the set ``stc-bench: a-priori``."""
    for guide in wb.list(InterviewGuide, ("version", "id")):
        n = note("guide", guide.id, guide.title, guide.text, description=guide.note,
                 created=guide.created_at)
        targets.attach(n.guid, "project", None)
        for doc in wb.list(Document, ("id",), interview_guide_id=guide.id):
            if doc.id in source_by:
                ex.links.append(XLink(g("document_guide", doc.id), LINK_GUIDE,
                                      source_by[doc.id].guid, n.guid))
    for consent in wb.list(Consent, ("informant_id",)):
        n = note("consent", consent.id, consent.status, consent.note, description=consent.date)
        targets.attach(n.guid, "project", None)
        ex.links.append(XLink(g("consent_of", consent.id), LINK_CONSENT, n.guid,
                              g("informant", consent.informant_id)))
    for v in wb.list(Validation, ("unit_id", "id")):
        if v.unit_id in targets.selection_by:
            n = note("validation", v.id, v.status, v.note, description=v.by,
                     user=users.get(v.by, ""), created=v.at)
            targets.attach(n.guid, "meaning_unit", v.unit_id)
    for m in wb.list(SpeakerInformant, ("document_id", "speaker", "id")):
        if m.document_id in source_by:
            ex.links.append(XLink(g("speaker_informant", m.id), LINK_SPEAKER + m.speaker,
                                  source_by[m.document_id].guid, g("informant", m.informant_id)))
    a_priori = [g("code_group", c.id) for c in wb.code_groups() if c.origin == A_PRIORI_KIND]
    if a_priori:
        ex.sets.append(XSet(g("kind-set", A_PRIORI_KIND), KIND_SET_PREFIX + A_PRIORI_KIND,
                            "Code groups taken from the interview guide (template analysis)",
                            codes=a_priori))


def _labels(note, code: XCode, kind: str, row) -> None:
    """Headings and list labels that differ from the name, as notes on the code."""
    for field_name, note_kind in (("heading", "heading"), ("list_label", "list-label"),
                                  ("discussion_heading", "discussion-heading")):
        value = getattr(row, field_name, "")
        if value and (value != row.name or field_name == "discussion_heading"):
            code.notes.append(note(note_kind, f"{kind}:{row.id}", field_name, value).guid)


class _Targets:
    """Attach a note (NoteRef) to the exported element that stands for an STC row."""

    def __init__(self, g, code_by, source_by, selection_by, ex: Exchange):
        self.g, self.ex = g, ex
        self.lost: list[str] = []
        self.by = code_by
        self.source_by, self.selection_by = source_by, selection_by
        self.notes: dict[tuple[str, int], object] = {}  # condensates, analytic texts, quotes

    def attach(self, note_guid: str, entity: str, entity_id) -> None:
        if entity == "project":
            self.ex.project_notes.append(note_guid)
            return
        holder = None
        if entity in ("code_group", "subgroup"):
            holder = self.by.get((entity, entity_id))
        elif entity == "document":
            holder = self.source_by.get(entity_id)
        elif entity == "meaning_unit":
            holder = self.selection_by.get(entity_id)
        elif entity in ("condensate", "analytic_text", "quote"):
            holder = self.notes.get((entity, entity_id))
        elif entity == "theme":
            for s in self.ex.sets:
                if s.guid == self.g("theme", entity_id):
                    s.notes.append(note_guid)
                    return
        if holder is None:  # a Case (informant) has no NoteRef in REFI, nor has a quote
            self.lost.append(f"a note on {entity} {entity_id} is attached to the project instead")
            self.ex.project_notes.append(note_guid)
            return
        holder.notes.append(note_guid)


def _excerpt(snippet: str) -> str:
    return snippet if len(snippet) <= EXCERPT_CHARS else snippet[:EXCERPT_CHARS - 1] + "…"


def _var_type(value) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    return "Text"


def _type_of(ex: Exchange, guid: str) -> str:
    return next(v.type for v in ex.variables if v.guid == guid)
