"""Storing a REFI-QDA exchange (.qdpx/.qdc, read by ``ingest.qdpx``) in one operation:
one transaction, one audit event, undone as one. What cannot be stored is in the
summary, never dropped silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.errors import StcError
from ..domain.model import (
    Assignment,
    CodeGroup,
    Coding,
    Document,
    Informant,
    MeaningUnit,
    Memo,
    Person,
    Project,
    SpeakerInformant,
    Subgroup,
    Theme,
)
from ..domain.offsets import check_span, text_sha256, word_count
from ..domain.refi import (
    A_PRIORI_KIND,
    KIND_SET_PREFIX,
    LINK_CONSENT,
    LINK_GOLDEN,
    LINK_GUIDE,
    LINK_SPEAKER,
    Exchange,
    XCode,
    is_own_link,
)
from .base import Operation, ServiceBase, utc_now
from .documents import insert_turns
from .exchange_notes import store_note
from .people import IDENTIFYING

_LABEL_FIELDS = {"heading": "heading", "list-label": "list_label",
                 "discussion-heading": "discussion_heading"}


@dataclass
class ExchangeSummary:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        if n:
            self.counts[what] = self.counts.get(what, 0) + n

    def lines(self) -> list[str]:
        out = ["imported: " + (", ".join(f"{n} {k}" for k, n in self.counts.items()) or "nothing")]
        for title, items in (("not imported (not supported)", self.unsupported),
                             ("quarantined selections (positions do not line up; not stored)",
                              self.quarantined), ("warnings", self.warnings)):
            if items:
                out.append(f"{title}: {len(items)}")
                out += [f"  - {item}" for item in items]
        return out


class ExchangeOps(ServiceBase):
    def import_exchange(self, ex: Exchange, *, source_name: str) -> ExchangeSummary:
        """Add everything in ``ex`` to the project in one operation."""
        summary = ExchangeSummary(warnings=list(ex.warnings), unsupported=list(ex.unsupported),
                                  quarantined=[f"{q.source}: selection {q.selection}: {q.why}"
                                               for q in ex.quarantined])
        with self._op("exchange.import", "project", 1) as op:
            _Importer(op, ex, summary, self.actor).run()
            op.extra = {"file": source_name, "counts": summary.counts,
                        "quarantined": len(summary.quarantined), "unsupported": len(summary.unsupported)}
            op.message = (f"Imported REFI-QDA {source_name} ({ex.origin or 'unknown tool'}): "
                          + ", ".join(f"{n} {k}" for k, n in summary.counts.items()))
        return summary


class _Importer:
    def __init__(self, op: Operation, ex: Exchange, summary: ExchangeSummary, actor: str):
        self.op, self.tx, self.ex, self.s = op, op.tx, ex, summary
        self.obj: dict[str, tuple[str, int]] = {}  # GUID → (entity, new id)
        self.group_of: dict[int, int] = {}         # subgroup id → code group id
        self.kinds = ex.note_kinds()
        self.users = {u.guid: u.name for u in ex.users}
        self.ours = ex.origin.startswith("stc-bench")
        self.used_links: set[str] = set()  # links that placed an annotation
        # What the project had before this import: codes and themes of the same name are
        # merged into these (importing a colleague's file must not give two "Arbeid").
        self.existing_groups = {g.name.strip().casefold(): g for g in self.tx.list(CodeGroup)}
        self.existing_themes = {t.name.strip().casefold(): t for t in self.tx.list(Theme)}
        self.merged: set[tuple[str, int]] = set()  # rows this import did not make
        self.made: set[tuple[str, int]] = set()    # subgroups this import made

    def run(self) -> None:
        project = self.tx.get(Project, 1)
        if self.ex.description and not project.research_question:
            self.tx.update(project, research_question=self.ex.description)
        self._users()
        self._codes()
        self._themes()
        informant_of = self._cases()
        self._sources(informant_of)
        self._links()
        self._notes()
        self._stc_links()
        others = [link for link in self.ex.links if link.guid not in self.used_links
                  and not is_own_link(link.name)]
        if others:
            self.s.unsupported.append(f"{len(others)} link(s) between objects: stc-bench has no "
                                      "links; left out")

    # -- people and codes ---------------------------------------------------------------

    def _users(self) -> None:
        known = {p.name for p in self.tx.list(Person)}
        for user in self.ex.users:
            if user.name and user.name not in known:
                self.tx.insert(Person, name=user.name, role="coder")
                known.add(user.name)
                self.s.add("users")

    def _same_name(self, entity: str, existing: dict, name: str, said: str):
        """The row of the project's own that ``name`` merges into (the summary says so)."""
        row = existing.get(name.strip().casefold())
        if row is not None:
            self.merged.add((entity, row.id))
            self.s.warnings.append(said)
        return row

    def _codes(self) -> None:
        for code in self.ex.codes:
            group = self._same_name("code_group", self.existing_groups, code.name,
                                    f"code {code.name!r}: a code group of that name is already in "
                                    "the project; its codings are merged into it")
            if group is None:
                pos = (self.tx.max_of(CodeGroup, "position") or 0) + 1
                group = self.tx.insert(CodeGroup, name=code.name, description=code.description,
                                       heading=code.name, list_label=code.name, position=pos)
                self.s.add("code groups")
            self.obj[code.guid] = ("code_group", group.id)
            for child in code.children:
                self._subgroups(group.id, child, [])

    def _subgroups(self, group_id: int, code: XCode, path: list[str]) -> None:
        name = " / ".join([*path, code.name])
        if path:
            self.s.warnings.append(f"code {name!r} is deeper than code group → subgroup; kept as "
                                   "subgroup with its path in the name")
        same = [sub for sub in self.tx.list(Subgroup, code_group_id=group_id)
                if ("code_group", group_id) in self.merged and sub.name.strip().casefold()
                == name.strip().casefold() and ("subgroup", sub.id) not in self.made]
        if same:
            sub = same[0]
            self.merged.add(("subgroup", sub.id))
        else:
            pos = (self.tx.max_of(Subgroup, "position", code_group_id=group_id) or 0) + 1
            sub = self.tx.insert(Subgroup, code_group_id=group_id, name=name, heading=name,
                                 description=code.description, position=pos)
            self.made.add(("subgroup", sub.id))
            self.s.add("subgroups")
        self.obj[code.guid] = ("subgroup", sub.id)
        self.group_of[sub.id] = group_id
        for child in code.children:
            self._subgroups(group_id, child, [*path, code.name])

    def _themes(self) -> None:
        for s in self.ex.sets:
            if s.name == KIND_SET_PREFIX + A_PRIORI_KIND:  # code groups from the guide
                for entity, row_id in (self.obj[c] for c in s.codes if c in self.obj):
                    if entity == "code_group" and (entity, row_id) not in self.merged:
                        self.tx.update(self.tx.get(CodeGroup, row_id), origin=A_PRIORI_KIND)
                continue
            if s.name.startswith(KIND_SET_PREFIX):
                continue
            members = [self.obj[c] for c in s.codes if c in self.obj]
            if not members and s.sources:
                self.s.unsupported.append(f"set {s.name!r}: holds no codes (sets of sources or "
                                          "notes are not stored); left out")
                continue
            theme = self._same_name("theme", self.existing_themes, s.name,
                                    f"set {s.name!r}: a theme of that name is already in the "
                                    "project; its codes are added to it")
            if theme is None:
                pos = (self.tx.max_of(Theme, "position") or 0) + 1
                promoted = f"{members[0][0]}:{members[0][1]}" if self.ours and len(members) == 1 else ""
                theme = self.tx.insert(Theme, name=s.name, description=s.description, position=pos,
                                       promoted_to=promoted)
                self.s.add("themes")
            self.obj[s.guid] = ("theme", theme.id)
            for entity, row_id in members:
                if (entity, row_id) in self.merged:
                    continue  # a merged code group keeps the theme it has
                cls = CodeGroup if entity == "code_group" else Subgroup
                self.tx.update(self.tx.get(cls, row_id), theme_id=theme.id)

    # -- cases, sources, selections ------------------------------------------------------

    def _cases(self) -> dict[str, int]:
        names = {v.guid: v.name for v in self.ex.variables}
        informant_of: dict[str, int] = {}
        # a participant of a group transcript refers to it, but the transcript is the group's
        speaking = {(link.origin, link.target) for link in self.ex.links
                    if link.name.startswith(LINK_SPEAKER)}
        source_names = {src.guid: src.name for src in self.ex.sources}
        for n, case in enumerate(self.ex.cases, 1):
            # MAXQDA and Quirkos write nameless one-source cases just to carry document variables
            label = (case.name.strip() or (source_names.get(case.sources[0], "") if len(case.sources) == 1
                                           else "") or f"Case {n}")
            attributes = {}
            for guid, value in case.values:
                key = names.get(guid, guid)
                if key.casefold() in IDENTIFYING:
                    self.s.warnings.append(f"case {label!r}: variable {key!r} would identify the "
                                           "person; not stored")
                    continue
                attributes[key] = value
            found = self.tx.list(Informant, label=label)
            if found:
                informant = found[0]
                self.s.warnings.append(f"case {label!r}: informant already in the project; its "
                                       "transcripts are attributed to it, its attributes kept")
            else:
                informant = self.tx.insert(Informant, label=label, role=case.description,
                                           attributes=attributes)
                self.s.add("informants")
            self.obj[case.guid] = ("informant", informant.id)
            for src in case.sources:
                if (src, case.guid) not in speaking:
                    informant_of.setdefault(src, informant.id)
        return informant_of

    def _sources(self, informant_of: dict[str, int]) -> None:
        for src in self.ex.sources:
            draft = src.draft
            draft.check(src.name)
            digest = text_sha256(draft.text)
            for doc in self.tx.list(Document, text_sha256=digest):
                raise StcError(f"source {src.name!r}: its text is already in the project as "
                               f"document {doc.id} ({doc.title!r}); nothing imported")
            doc = self.tx.insert(Document, informant_id=informant_of.get(src.guid), title=src.name,
                                 source_name=src.name, source_sha256=digest, text=draft.text,
                                 text_sha256=digest, format="qdpx", imported_at=utc_now(),
                                 word_count=word_count(draft.text))
            insert_turns(self.tx, doc.id, draft.turns)
            self.obj[src.guid] = ("document", doc.id)
            self.s.add("transcripts")
            self._units(doc, src)

    def _units(self, doc: Document, src) -> None:
        """Meaning units, codings and assignments of one source, each in one statement
        (a project of 3,000 units imports in seconds, not minutes)."""
        spans: dict[tuple[int, int], list] = {}
        for sel in src.selections:  # NVivo and QualCoder repeat a span once per coding
            spans.setdefault((sel.start, sel.end), []).append(sel)
        where = f"source {src.name!r}"
        units = self.tx.insert_many(MeaningUnit, [
            {"document_id": doc.id, "start": a, "end": b, "created_at": sels[0].created or utc_now(),
             "snippet": check_span(doc.text, a, b, where=where)} for (a, b), sels in spans.items()])
        self.s.add("meaning units", len(units))
        codings: dict[tuple[int, int], None] = {}
        assignments: dict[tuple[int, int], None] = {}
        for unit, sels in zip(units, spans.values(), strict=True):
            for sel in sels:
                self.obj[sel.guid] = ("meaning_unit", unit.id)
                for coding in sel.codings:
                    target = self._target(coding.code, src.name)
                    if target is not None:
                        codings[(unit.id, target[0])] = None
                        if target[1] is not None:
                            assignments[(unit.id, target[1])] = None
                if sel.description:  # a coding memo or an annotation (MAXQDA)
                    self.tx.insert(Memo, kind="note", title="", text=sel.description,
                                   entity="meaning_unit", entity_id=unit.id, created_at=utc_now())
                    self.s.add("memos")
        self.tx.insert_many(Coding, [{"unit_id": u, "code_group_id": g} for u, g in codings])
        self.tx.insert_many(Assignment, [{"unit_id": u, "subgroup_id": g} for u, g in assignments])
        self.s.add("codings", len(codings))
        self.s.add("subgroup assignments", len(assignments))

    def _target(self, code_guid: str, where: str) -> tuple[int, int | None] | None:
        """(code group, subgroup or None) a coding stands for."""
        target = self.obj.get(code_guid)
        if target is None or target[0] not in ("code_group", "subgroup"):
            self.s.warnings.append(f"{where}: a coding points at code {code_guid}, which is not in "
                                   "the codebook; left out")
            return None
        if target[0] == "code_group":
            return target[1], None
        return self.group_of[target[1]], target[1]

    def _links(self) -> None:
        for link in self.ex.links:
            if link.name != LINK_GOLDEN:
                continue
            sub, unit = self.obj.get(link.origin), self.obj.get(link.target)
            if not (sub and unit and sub[0] == "subgroup" and unit[0] == "meaning_unit"
                    and self.tx.count(Assignment, unit_id=unit[1], subgroup_id=sub[1])):
                self.s.warnings.append(f"golden quote link {link.guid}: its subgroup or unit was not "
                                       "imported; left out")
                continue
            self.tx.update(self.tx.get(Subgroup, sub[1]), golden_quote_unit_id=unit[1])
            self.s.add("golden quotes")

    # -- notes ----------------------------------------------------------------------------

    def _holders(self) -> dict[str, list[str]]:
        """Note GUID → the GUIDs of what refers to it (NoteRef, or a theme set's MemberNote)."""
        held: dict[str, list[str]] = {}

        def walk(codes):
            for c in codes:
                for n in c.notes:
                    held.setdefault(n, []).append(c.guid)
                walk(c.children)
        walk(self.ex.codes)
        for src in self.ex.sources:
            for n in src.notes:
                held.setdefault(n, []).append(src.guid)
            for sel in src.selections:
                for n in sel.notes:
                    held.setdefault(n, []).append(sel.guid)
        for note in self.ex.notes:
            for n in note.notes:
                held.setdefault(n, []).append(note.guid)
        for s in self.ex.sets:
            if not s.name.startswith(KIND_SET_PREFIX):
                for n in s.notes:
                    held.setdefault(n, []).append(s.guid)
        return held

    def _notes(self) -> None:
        held = self._holders()
        for note in self.ex.notes:
            kind = self.kinds.get(note.guid, "")
            owner = next((self.obj[h] for h in held.get(note.guid, []) if h in self.obj), None)
            if owner is None:
                owner = self._linked_owner(note.guid)
            entity, row_id = owner if owner else ("", None)
            made = store_note(self, note, kind, entity, row_id)
            if made:
                self.obj[note.guid] = made

    def _stc_links(self) -> None:
        """Links only stc-bench writes: a transcript's interview guide and the informant
        behind each speaker label of a group transcript (the notes exist by now)."""
        for link in self.ex.links:
            origin, target = self.obj.get(link.origin), self.obj.get(link.target)
            if link.name == LINK_GUIDE:
                if origin and target and origin[0] == "document" and target[0] == "guide":
                    self.tx.update(self.tx.get(Document, origin[1]), interview_guide_id=target[1])
                    self.used_links.add(link.guid)
            elif link.name.startswith(LINK_SPEAKER):
                speaker = link.name[len(LINK_SPEAKER):]
                if not (origin and target and origin[0] == "document" and target[0] == "informant"):
                    self.s.warnings.append(f"speaker {speaker!r}: its transcript or case was not "
                                           "imported; left out")
                    continue
                self.tx.insert(SpeakerInformant, document_id=origin[1], speaker=speaker,
                               informant_id=target[1])
                self.s.add("speakers mapped")

    def linked_informant(self, note_guid: str) -> int | None:
        for link in self.ex.links:
            if link.name == LINK_CONSENT and link.origin == note_guid:
                target = self.obj.get(link.target)
                if target and target[0] == "informant":
                    return target[1]
        return None

    def _linked_owner(self, note_guid: str):
        """What an annotation is about when it is tied by a Link, not a NoteRef (NVivo)."""
        for link in self.ex.links:
            if is_own_link(link.name):
                continue
            other = (link.target if link.origin == note_guid else
                     link.origin if link.target == note_guid else None)
            if other in self.obj:
                self.used_links.add(link.guid)
                return self.obj[other]
        return None

    def linked_units(self, note_guid: str, name: str) -> list[int]:
        return [self.obj[link.target][1] for link in self.ex.links
                if link.name == name and link.origin == note_guid
                and self.obj.get(link.target, ("",))[0] == "meaning_unit"]
