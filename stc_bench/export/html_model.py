"""The browser report as a pure model: the chapter, a card per quote (its unit, subgroup,
condensate, golden quote and the unit in context), a card per subgroup (condensate with
its units, golden quote, which informants speak in it), the transcripts and the trail.

Everything here is built from one read of the project (``ReportInput``) and holds plain
text; the template escapes every piece of it. With ``transcripts=False`` no transcript
and no unit text is carried except the quoted units and the golden quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..domain.model import MeaningUnit, ReviewMark, Turn, Validation
from ..domain.quotes import Piece, compare_display
from .chapter import ChapterModel, QuoteBlock, build_chapter
from .html_trail import Trail, build_trail
from .html_transcripts import Context, DocumentView, document_view, unit_context
from .html_words import html_lang, html_words
from .snapshot import ProjectSnapshot


@dataclass(frozen=True)
class ReportInput:
    """What the report reads from the project, in one read transaction."""

    snapshot: ProjectSnapshot
    turns: tuple[Turn, ...]
    validations: tuple[Validation, ...]
    events: tuple  # AuditEvent, oldest first
    verified: bool
    problem: str
    marks: tuple[ReviewMark, ...]
    since_mark: tuple  # the events after the latest review mark


@dataclass(frozen=True)
class UnitView:
    id: int
    informant: str
    document_id: int
    document: str
    text: str | None    # None: left out (--no-transcripts)
    status: str         # ok / flagged / detached
    validated_by: str   # who re-read it in context last ("" if nobody), and the date
    validated_at: str
    in_transcript: bool  # the page has its #u-<id> anchor


@dataclass(frozen=True)
class SubgroupRef:
    """A subgroup as the quote card shows it."""

    id: int
    heading: str
    group: str
    condensate: str
    golden: UnitView | None


@dataclass(frozen=True)
class QuoteCard:
    n: int
    block: QuoteBlock
    unit: UnitView | None  # None: the quoted unit is no longer in the project
    pieces: tuple[Piece, ...]
    problems: tuple[str, ...]
    subgroups: tuple[SubgroupRef, ...]
    context: Context | None


@dataclass(frozen=True)
class CoverageRow:
    label: str
    units: tuple[UnitView, ...]
    quotes: int


@dataclass(frozen=True)
class SubgroupCard:
    id: int
    number: str
    heading: str
    description: str
    group: str
    condensate: str
    condensate_units: tuple[UnitView, ...]
    golden: UnitView | None
    coverage: tuple[CoverageRow, ...]
    silent: tuple[str, ...]
    units: int


@dataclass(frozen=True)
class GroupCard:
    id: int
    number: str
    heading: str
    description: str
    subgroups: tuple[SubgroupCard, ...]
    units: int


@dataclass(frozen=True)
class Report:
    title: str
    question: str
    lang: str
    words: dict
    generated_at: str
    transcripts: bool
    chapter: ChapterModel
    quotes: tuple[QuoteCard, ...]
    groups: tuple[GroupCard, ...]
    documents: tuple[DocumentView, ...]
    trail: Trail
    counts: dict[str, int]
    informants: tuple[str, ...]
    words_total: int
    unit_texts: int  # how many unit texts the file carries outside the transcripts
    #: the supervisor's checklist (services/checklist.py) as export.checklist_section lays it
    #: out for the audit appendix: headed tables and the warnings under them
    checklist: tuple = ()


def build_report(data: ReportInput, *, part: str = "chapter", label_style: str | None = None,
                 number_from: int | None = None, numbers: bool = True,
                 transcripts: bool = True, generated_at: str = "") -> Report:
    """The report from one read: the chapter (``part``, numbered and labelled as the Word
    export would), its quotes as cards, the code groups and subgroups, the transcripts
    (none when ``transcripts`` is false) and the trail."""
    snap = data.snapshot
    words = html_words(snap.project.language)
    chapter = build_chapter(snap, part=part, label_style=label_style, number_from=number_from,
                            numbers=numbers)
    blocks = [b for b in _chapter_blocks(chapter) if isinstance(b, QuoteBlock)]
    labels = {i.id: i.label for i in snap.informants}
    turns = defaultdict(list)
    for t in data.turns:
        turns[t.document_id].append(t)
    units_of_doc = defaultdict(list)
    for u in snap.units.values():
        units_of_doc[u.document_id].append(u)
    docs = tuple(document_view(d, turns[d.id], units_of_doc[d.id], _label(d, labels, words))
                 for d in sorted(snap.documents.values(), key=lambda d: (d.title, d.id))
                 if transcripts)
    views = {v.id: v for v in docs}
    golden_ids = {s.golden_quote_unit_id for s in snap.subgroups if s.golden_quote_unit_id}
    shown = None if transcripts else {b.unit_id for b in blocks} | golden_ids
    unit = _UnitMaker(snap, data.validations, labels, words, shown, transcripts)
    refs = _subgroup_refs(snap, unit)
    subgroups_of_unit = defaultdict(list)
    for a in snap.assignments:
        if a.subgroup_id in refs:
            subgroups_of_unit[a.unit_id].append(refs[a.subgroup_id])
    cards = tuple(_quote_card(n, b, unit, subgroups_of_unit[b.unit_id],
                              views if transcripts else None)
                  for n, b in enumerate(blocks, 1))
    groups = _group_cards(snap, chapter, unit, part)
    trail = build_trail(list(data.events), data.verified, data.problem, list(data.marks),
                        list(data.since_mark))
    counts = {"groups": len(snap.code_groups), "subgroups": len(snap.subgroups),
              "units": len(snap.units), "quotes": len(blocks), "events": trail.head_seq,
              "documents": sum(1 for d in snap.documents.values() if not d.superseded)}
    return Report(
        title=snap.project.title, question=snap.project.research_question,
        lang=html_lang(snap.project.language), words=words, generated_at=generated_at,
        transcripts=transcripts, chapter=chapter, quotes=cards, groups=groups,
        documents=docs, trail=trail, counts=counts,
        informants=tuple(i.label for i in snap.informants),
        words_total=sum(d.words for d in docs if not d.superseded),
        unit_texts=len(snap.units) if shown is None else len(shown & set(snap.units)))


def _chapter_blocks(chapter: ChapterModel):
    for section in chapter.sections:
        yield from section.blocks
        for sub in section.subsections:
            yield from sub.blocks


def _label(doc, labels: dict[int, str], words: dict) -> str:
    return labels.get(doc.informant_id, "") if doc.informant_id else words["no_informant"]


class _UnitMaker:
    """UnitViews, made once per unit: its informant, words, status and validation."""

    def __init__(self, snap: ProjectSnapshot, validations, labels, words, shown, transcripts):
        self.snap, self.labels, self.words = snap, labels, words
        self.shown, self.transcripts = shown, transcripts
        self.validated = {v.unit_id: (v.by, v.at[:10]) for v in
                          sorted(validations, key=lambda v: v.at)}
        self._made: dict[int, UnitView] = {}

    def __call__(self, unit_id: int) -> UnitView | None:
        if unit_id in self._made:
            return self._made[unit_id]
        u: MeaningUnit | None = self.snap.units.get(unit_id)
        if u is None:
            return None
        doc = self.snap.documents.get(u.document_id)
        text = doc.text[u.start:u.end] if doc and u.status != "detached" else u.snippet
        view = UnitView(u.id, _label(doc, self.labels, self.words) if doc else "", u.document_id,
                        doc.title if doc else "",
                        text if self.shown is None or u.id in self.shown else None,
                        u.status, *self.validated.get(u.id, ("", "")), self.transcripts)
        self._made[unit_id] = view
        return view


def _subgroup_refs(snap: ProjectSnapshot, unit: _UnitMaker) -> dict[int, SubgroupRef]:
    groups = {g.id: g for g in snap.code_groups}
    refs = {}
    for sub in snap.subgroups:
        group = groups.get(sub.code_group_id)
        condensate = snap.condensates.get(sub.id)
        refs[sub.id] = SubgroupRef(
            sub.id, (sub.heading or sub.name).strip(),
            (group.heading or group.name).strip() if group else "",
            condensate.text if condensate else "",
            unit(sub.golden_quote_unit_id) if sub.golden_quote_unit_id else None)
    return refs


def _quote_card(n: int, block: QuoteBlock, unit: _UnitMaker, subgroups: list[SubgroupRef],
                views: dict[int, DocumentView] | None) -> QuoteCard:
    view = unit(block.unit_id)
    pieces, problems = compare_display(view.text or "", block.display_text) if view else ((), ())
    context = None
    if views is not None and view is not None and view.document_id in views:
        context = unit_context(views[view.document_id], view.id)
    return QuoteCard(n, block, view, tuple(pieces), tuple(p.text for p in problems), tuple(subgroups), context)


def _group_cards(snap: ProjectSnapshot, chapter: ChapterModel, unit: _UnitMaker,
                 part: str) -> tuple[GroupCard, ...]:
    numbers = {s.code_group_id: s.number for s in chapter.sections}
    sub_numbers = {ss.subgroup_id: ss.number for s in chapter.sections for ss in s.subsections}
    texts = {t.id: t.subgroup_id for t in snap.analytic_texts if t.part == part}
    quotes: Counter[tuple[int | None, int]] = Counter()
    for q in snap.quotes:
        if texts.get(q.analytic_text_id) is not None:
            quotes[(texts[q.analytic_text_id], q.unit_id)] += 1
    coded = Counter(c.code_group_id for c in snap.codings)
    members = defaultdict(list)
    for c in snap.condensate_units:
        members[c.condensate_id].append(c.unit_id)
    cards = []
    for group in snap.code_groups:
        subs = []
        for sub in snap.subgroups_of(group.id):
            units = [v for u in snap.units_of_subgroup(sub.id) if (v := unit(u.id)) is not None]
            by_label = defaultdict(list)
            for u in units:
                by_label[u.informant].append(u)
            coverage = tuple(CoverageRow(label, tuple(us),
                                         sum(quotes[(sub.id, u.id)] for u in us))
                             for label, us in sorted(by_label.items()))
            condensate = snap.condensates.get(sub.id)
            in_it = tuple(unit(i) for i in members[condensate.id]) if condensate else ()
            subs.append(SubgroupCard(
                sub.id, sub_numbers.get(sub.id, ""), (sub.heading or sub.name).strip(),
                sub.description, (group.heading or group.name).strip(),
                condensate.text if condensate else "", tuple(u for u in in_it if u),
                unit(sub.golden_quote_unit_id) if sub.golden_quote_unit_id else None,
                coverage, tuple(i.label for i in snap.informants if i.label not in by_label),
                len(units)))
        cards.append(GroupCard(group.id, numbers.get(group.id, ""),
                               (group.heading or group.name).strip(), group.description,
                               tuple(subs), coded[group.id]))
    return tuple(cards)
