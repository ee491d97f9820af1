"""The results chapter (and the discussion skeleton) as a pure model.

``build_chapter`` turns a :class:`ProjectSnapshot` into ordered sections — code groups
→ subgroups → analytic paragraphs and quotes — that the docx and Markdown writers
render and the TUI can preview. Empty parts become visible placeholders and are listed
in ``ChapterModel.missing`` so the export can warn about them; a final chapter leaves
them out and refuses when a required one is empty.

Quotes are placed after the first analytic paragraph unless the text places them
itself: a paragraph that is only ``{sitat 2}`` (or ``{quote 2}``) puts the text's
second quote there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..domain.errors import StcError
from ..domain.model import GROUP_ATTRIBUTE, AnalyticText, Informant, Quote
from ..domain.settings import SPECS, setting
from .snapshot import ProjectSnapshot

PARTS = ("chapter", "discussion")
LABEL_STYLES = SPECS["label_style"].choices
INTRO_TEXT_ID = 0  # the introduction (a project setting) in place of an analytic text id
_PLACE = re.compile(r"^\{\s*(?:sitat|quote)\s+(\d+)\s*\}$", re.IGNORECASE)

#: Words the chapter needs, by project language (``nb``/``nn`` Norwegian, else English).
WORDS = {
    "nb": {"chapter": "Resultater", "discussion": "Diskusjon",
           "categories": "Analysen resulterte i disse kategoriene:",
           "interview": "i intervju", "focus_group": "fokusgruppe", "unknown": "ukjent informant",
           "no_text": "[Analytisk tekst mangler for «{what}»]",
           "no_intro": "[Skriv en innledning til kapitlet her]",
           "no_subgroups": "[Ingen subgrupper ennå i «{what}»]",
           "no_groups": "[Ingen kodegrupper ennå]"},
    "en": {"chapter": "Results", "discussion": "Discussion",
           "categories": "The analysis resulted in these categories:",
           "interview": "in interview", "focus_group": "focus group", "unknown": "unknown informant",
           "no_text": "[Analytic text missing for “{what}”]",
           "no_intro": "[Write an introduction to the chapter here]",
           "no_subgroups": "[No subgroups yet in “{what}”]",
           "no_groups": "[No code groups yet]"},
}


def words_for(language: str) -> dict[str, str]:
    return WORDS["nb"] if language in ("nb", "nn", "no") else WORDS["en"]


@dataclass(frozen=True)
class QuoteBlock:
    """One illustrating quote as printed: lead-in, display text and informant label."""

    quote_id: int
    unit_id: int
    lead_in: str
    display_text: str
    label: str  # "" when the label style is none
    is_golden: bool = False

    def quoted(self) -> str:
        """«display text» (label) — the quote paragraph's text."""
        text = f"«{unquote(self.display_text)}»"
        return f"{text} ({self.label})" if self.label else text


@dataclass(frozen=True)
class Paragraph:
    """Analytic body text; ``placeholder`` marks text the researcher has yet to write."""

    text: str
    placeholder: bool = False
    text_id: int | None = None  # the analytic text it comes from (None: intro, placeholder)
    index: int = 0              # its place among that text's paragraphs


Block = Paragraph | QuoteBlock


@dataclass(frozen=True)
class SubsectionModel:
    subgroup_id: int
    number: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class SectionModel:
    code_group_id: int
    number: str
    heading: str
    list_label: str
    blocks: tuple[Block, ...]
    subsections: tuple[SubsectionModel, ...]


@dataclass(frozen=True)
class ChapterModel:
    part: str
    number: str
    title: str
    intro: tuple[Paragraph, ...]
    categories_lead_in: str
    categories: tuple[str, ...]
    sections: tuple[SectionModel, ...]
    label_style: str
    missing: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)  # numbering default, long quotes

    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


def resolve_label_style(snapshot: ProjectSnapshot, requested: str | None) -> str:
    """``--label-style`` if given, else the project's ``label_style`` setting, else pseudonym."""
    style = requested or setting(snapshot.project.settings, "label_style")
    if style not in LABEL_STYLES:
        raise StcError(f"label style {style!r} is not one of {', '.join(LABEL_STYLES)} "
                       "(set it with --label-style or the project setting label_style)")
    return style


def informant_label(informant: Informant | None, style: str, words: dict[str, str],
                    fallback: str = "") -> str:
    """The label printed after a quote: ``JS2``, ``Behandler, i intervju`` or nothing."""
    if style == "none":
        return ""
    if informant is None:
        return fallback or words["unknown"]
    if style == "role" and informant.role.strip():
        setting = words["focus_group"] if informant.attributes.get(GROUP_ATTRIBUTE) else words["interview"]
        return f"{informant.role.strip()}, {setting}"
    return informant.label


def chapter_number(settings: dict, part: str, override: int | None,
                   notes: list[str]) -> int:
    """The part's own chapter number: ``--number-from``, else the project setting
    (``number_from`` for the results chapter; ``discussion_number``, else the next
    number, for the discussion), else 1 with a note saying how to set it."""
    if override is not None:
        return override
    key = "number_from" if part == "chapter" else "discussion_number"
    value = setting(settings, key)
    if part == "discussion" and value is None and setting(settings, "number_from") is not None:
        return setting(settings, "number_from") + 1
    if value is None:
        notes.append(f"no chapter number set: headings numbered from 1 (set it with "
                     f"`stc-bench settings PROJECT {key} N`, or export with --no-numbers)")
        return 1 if part == "chapter" else 2
    return value


def build_chapter(snapshot: ProjectSnapshot, *, part: str = "chapter",
                  label_style: str | None = None, number_from: int | None = None,
                  numbers: bool = True, final: bool = False) -> ChapterModel:
    """Assemble the results chapter (``part="chapter"``) or the discussion skeleton.

    Headings are numbered N.0, N.1, N.1.1 from the part's chapter number unless
    ``numbers`` is false. With ``final`` empty parts are left out instead of shown as
    placeholders, and :class:`IncompleteChapter` is raised when a required one (a
    subgroup's analytic text, a code group's subgroups) is empty."""
    if part not in PARTS:
        raise StcError(f"chapter part must be one of {', '.join(PARTS)}, not {part!r}")
    settings = snapshot.project.settings
    words = words_for(snapshot.project.language)
    style = resolve_label_style(snapshot, label_style)
    notes: list[str] = []
    start = chapter_number(settings, part, number_from, notes) if numbers else None
    golden_mark = golden_quote_mark(settings)
    gaps = _Gaps(final)
    title = setting(settings, f"{part}_title") or words[part]
    intro = _paragraphs(setting(settings, f"{part}_intro") or "", INTRO_TEXT_ID)
    if not intro and part == "chapter":
        intro = gaps.placeholder(words["no_intro"],
                                 "the chapter introduction (project setting chapter_intro)")
    sections = []
    for g_index, group in enumerate(snapshot.code_groups, 1):
        heading = _heading_of(group, part)
        what = f"code group {heading!r}"
        text = snapshot.text_for(part=part, code_group_id=group.id)
        blocks = _blocks(snapshot, text, style, words, (what, heading), gaps, golden=None,
                         required=False)
        subs = []
        for s_index, sub in enumerate(snapshot.subgroups_of(group.id), 1):
            sub_heading = _heading_of(sub, part)
            sub_what = f"subgroup {sub_heading!r} in {heading!r}"
            sub_text = snapshot.text_for(part=part, subgroup_id=sub.id)
            golden = sub.golden_quote_unit_id if golden_mark != "none" else None
            subs.append(SubsectionModel(
                sub.id, _number(start, g_index, s_index), sub_heading,
                _blocks(snapshot, sub_text, style, words, (sub_what, sub_heading), gaps,
                        golden=golden, required=part == "chapter",
                        golden_first=golden_mark == "first")))
        if not subs:
            blocks += gaps.placeholder(_prompt(words["no_subgroups"], heading),
                                       f"{what}: no subgroups", required=True)
        sections.append(SectionModel(group.id, _number(start, g_index), heading,
                                     _list_label(group, heading), blocks, tuple(subs)))
    if not sections:
        intro += gaps.placeholder(words["no_groups"], "no code groups in the project",
                                  required=True)
    gaps.check(part)
    categories = tuple(s.list_label for s in sections) if part == "chapter" else ()
    chapter = ChapterModel(
        part=part, number=_number(start), title=title, intro=intro,
        categories_lead_in=setting(settings, "categories_lead_in") or words["categories"],
        categories=categories, sections=tuple(sections), label_style=style,
        missing=tuple(gaps.missing), notes=tuple(notes))
    return replace(chapter, notes=chapter.notes + tuple(long_quote_notes(chapter, settings)))


class IncompleteChapter(StcError):
    """``--final`` with required parts still empty."""


class _Gaps:
    """Empty parts: a highlighted placeholder while drafting; left out when final."""

    def __init__(self, final: bool):
        self.final = final
        self.missing: list[str] = []
        self.required: list[str] = []

    def placeholder(self, text: str, what: str, required: bool = False) -> tuple[Paragraph, ...]:
        self.missing.append(what)
        if required:
            self.required.append(what)
        return () if self.final else (Paragraph(text, placeholder=True),)

    def check(self, part: str) -> None:
        if self.final and self.required:
            raise IncompleteChapter(f"export --final: the {part} has empty required parts: "
                                    f"{'; '.join(self.required)}")


def golden_quote_mark(settings: dict) -> str:
    """How the golden quote is marked (project setting ``golden_quote``): ``none``,
    ``first`` (it opens its subsection in the chapter) or ``note`` (the codebook names
    it; the default)."""
    return setting(settings, "golden_quote")


def long_quote_notes(chapter: ChapterModel, settings: dict) -> list[str]:
    """A note for each quote longer than ``quote_max_words`` (default 80) words, with a
    display text shortened by a marked cut to suggest."""
    limit = setting(settings, "quote_max_words")
    notes = []
    for section in chapter.sections:
        for sub in section.subsections:
            for block in sub.blocks:
                if not isinstance(block, QuoteBlock):
                    continue
                words = unquote(block.display_text).split()
                if len(words) > limit:
                    keep = max(5, limit // 4)
                    notes.append(
                        f"quote {block.quote_id} in {sub.heading!r} has {len(words)} words (over "
                        f"{limit}); shorten its display text with (…), e.g. "
                        f"«{' '.join(words[:keep])} (…) {' '.join(words[-keep:])}»")
    return notes


def _prompt(template: str, heading: str) -> str:
    """A placeholder naming a heading, without doubling guillemets the heading has."""
    if heading.startswith(("«", "“")):
        template = template.replace("«{what}»", "{what}").replace("“{what}”", "{what}")
    return template.format(what=heading)


def _heading_of(item, part: str) -> str:
    if part == "discussion" and item.discussion_heading.strip():
        return item.discussion_heading.strip()
    return (item.heading or item.name).strip()


def _list_label(group, heading: str) -> str:
    """The list label, unless it is still just the internal name (its default) while the
    heading has been written: then the heading reads better in the category list."""
    label = (group.list_label or "").strip()
    return label if label and label != group.name else heading


def _number(start: int | None, *parts: int) -> str:
    """Typed heading numbers: 6.0 for the chapter, 6.1 for a section, 6.1.1 below (typed
    rather than Word list numbering, so they read the same in every program and in
    Markdown; ``--no-numbers`` leaves them to a template that numbers headings)."""
    if start is None:
        return ""
    if not parts:
        return f"{start}.0"
    return ".".join(str(n) for n in (start, *parts))


def _paragraphs(text: str, text_id: int | None = None) -> tuple[Paragraph, ...]:
    """Split analytic text into paragraphs at blank lines (single newlines too, since a
    text typed in a terminal field rarely has blank lines); each remembers its analytic
    text and its index there, which the chapter's provenance tags record."""
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text.strip()) if p.strip()]
    return tuple(Paragraph(p, text_id=text_id, index=i) for i, p in enumerate(parts))


def _blocks(snapshot: ProjectSnapshot, text: AnalyticText | None, style: str,
            words: dict[str, str], what: tuple[str, str], gaps: _Gaps,
            golden: int | None, required: bool, golden_first: bool = False) -> tuple[Block, ...]:
    paragraphs = _paragraphs(text.text, text.id) if text else ()
    rows = snapshot.quotes_of(text.id) if text else []
    quotes = [_quote_block(snapshot, q, style, words, golden) for q in rows]
    places = {n: q.after_paragraph for n, q in enumerate(rows, 1) if q.after_paragraph}
    if not paragraphs:
        paragraphs = gaps.placeholder(_prompt(words["no_text"], what[1]),
                                      f"{what[0]}: no analytic text", required=required)
    placed: set[int] = set()
    out: list[Block] = []
    prose = 0  # paragraphs of analytic text so far (a {sitat N} line is none)
    for para in paragraphs:
        match = _PLACE.match(para.text)
        if match:
            n = int(match.group(1))
            if 1 <= n <= len(quotes) and n not in placed:
                placed.add(n)
                out.append(quotes[n - 1])
            continue
        out.append(para)
        if isinstance(para, Paragraph) and not para.placeholder:
            prose += 1
            for n, after in places.items():  # quotes placed after this paragraph (step 4)
                if after == prose and n not in placed:
                    placed.add(n)
                    out.append(quotes[n - 1])
    last = [n for n, after in places.items() if n not in placed and after > prose]
    placed.update(last)  # placed after a paragraph the text no longer has: at its end
    tail = [quotes[n - 1] for n in last]
    rest = [q for n, q in enumerate(quotes, 1) if n not in placed]
    if golden_first:  # the golden quote opens the subsection's quotes
        rest.sort(key=lambda q: not q.is_golden)
    first = next((i for i, b in enumerate(out) if isinstance(b, Paragraph)), -1)
    return (*out[:first + 1], *rest, *out[first + 1:], *tail)


def _quote_block(snapshot: ProjectSnapshot, quote: Quote, style: str, words: dict[str, str],
                 golden: int | None) -> QuoteBlock:
    unit = snapshot.units.get(quote.unit_id)
    doc = snapshot.documents.get(unit.document_id) if unit else None
    label = informant_label(snapshot.informant_of_unit(quote.unit_id), style, words,
                            fallback=doc.title if doc else "")
    display = quote.display_text or (unit.snippet.strip() if unit else "")
    return QuoteBlock(quote.id, quote.unit_id, quote.lead_in.strip(), display, label,
                      is_golden=golden is not None and quote.unit_id == golden)


def unquote(text: str) -> str:
    """Drop quotation marks the researcher typed around the display text (we add «»)."""
    text = text.strip()
    for left, right in (("«", "»"), ('"', '"'), ("“", "”")):
        if len(text) > 1 and text.startswith(left) and text.endswith(right):
            return text[1:-1].strip()
    return text
