"""STC method warnings (design.md §1): the tool warns, it never blocks."""

from __future__ import annotations

from dataclasses import dataclass

from .model import AnalyticText, CodeGroup, Condensate, Quote, Subgroup, Theme

MAX_THEMES = 8
MIN_THEMES = 4


@dataclass(frozen=True)
class MethodState:
    """What the rules look at, gathered once by the service layer."""

    themes: tuple[Theme, ...]
    code_groups: tuple[CodeGroup, ...]
    subgroups: tuple[Subgroup, ...]
    condensates: tuple[Condensate, ...]
    condensate_unit_ids: frozenset[int]  # condensate ids that have at least one unit
    analytic_texts: tuple[AnalyticText, ...]
    quotes: tuple[Quote, ...]
    # Per-unit facts arrive as counts (the store counts them): a thesis project has tens of
    # thousands of units, and listing them all made ``status`` grow with the corpus.
    unassigned_units: int = 0  # coded into a group that has subgroups, in none of them
    unvalidated_units: int = 0  # coded, not yet re-read in context


#: Each kind of warning and its English sentence (the CLI's ``status``, exports' ``warning:``
#: lines and ``--json`` print exactly these); the TUI words the kinds in its own language.
ENGLISH: dict[str, str] = {
    "too_many_themes": "{count} preliminary themes: STC usually keeps 4–8 in step 1",
    "few_themes": "only {count} preliminary theme(s): STC usually names 4–8 in step 1",
    "group_without_subgroups": "code group {name!r} has no subgroups",
    "subgroup_without_condensate": "subgroup {name!r} has no condensate",
    "condensate_without_units": "the condensate of {name!r} names no meaning units",
    "subgroup_without_golden_quote": "subgroup {name!r} has no golden quote",
    "units_unassigned": "{count} coded meaning unit(s) not assigned to any subgroup",
    "analytic_text_without_quote": "analytic text of subgroup {name!r} has no illustrating quote",
    "subgroup_without_analytic_text": "subgroup {name!r} has no analytic text yet",
    "units_unvalidated": "{count} coded meaning unit(s) not yet re-read in context (validation)",
}


@dataclass(frozen=True)
class MethodWarning:
    """One warning about method drift: its kind (a key of :data:`ENGLISH`) and what it
    names, so each interface can word it in its own language."""

    kind: str
    name: str = ""  # the code group's or subgroup's name: the user's own text
    count: int = 0  # themes or meaning units
    code_group_id: int | None = None  # the code group it concerns (a subgroup's group)

    @property
    def text(self) -> str:
        """The warning in English, as the command line prints it."""
        return ENGLISH[self.kind].format(name=self.name, count=self.count)

    def __str__(self) -> str:
        return self.text


def method_warnings(s: MethodState) -> list[MethodWarning]:
    """Warnings about method drift, most structural first."""
    out: list[MethodWarning] = []
    n = len(s.themes)
    if n > MAX_THEMES:
        out.append(MethodWarning("too_many_themes", count=n))
    elif 0 < n < MIN_THEMES and not s.code_groups:
        out.append(MethodWarning("few_themes", count=n))
    subs_by_group: dict[int, list[Subgroup]] = {}
    for sub in s.subgroups:
        subs_by_group.setdefault(sub.code_group_id, []).append(sub)
    for group in s.code_groups:
        if not subs_by_group.get(group.id):
            out.append(MethodWarning("group_without_subgroups", group.name, code_group_id=group.id))

    def about(kind: str, sub: Subgroup) -> MethodWarning:
        return MethodWarning(kind, sub.name, code_group_id=sub.code_group_id)

    condensed = {c.subgroup_id: c for c in s.condensates}
    for sub in s.subgroups:
        cond = condensed.get(sub.id)
        if cond is None or not cond.text.strip():
            out.append(about("subgroup_without_condensate", sub))
        elif cond.id not in s.condensate_unit_ids:
            out.append(about("condensate_without_units", sub))
        if sub.golden_quote_unit_id is None:
            out.append(about("subgroup_without_golden_quote", sub))
    if s.unassigned_units:
        out.append(MethodWarning("units_unassigned", count=s.unassigned_units))
    quoted = {q.analytic_text_id for q in s.quotes}
    subgroups = {sub.id: sub for sub in s.subgroups}
    for text in s.analytic_texts:
        if (text.subgroup_id in subgroups and text.text.strip() and text.id not in quoted):
            out.append(about("analytic_text_without_quote", subgroups[text.subgroup_id]))
    if any(t.text.strip() for t in s.analytic_texts):
        written = {t.subgroup_id for t in s.analytic_texts if t.part == "chapter" and t.text.strip()}
        for sub in s.subgroups:
            if sub.id not in written:
                out.append(about("subgroup_without_analytic_text", sub))
        if s.unvalidated_units:
            out.append(MethodWarning("units_unvalidated", count=s.unvalidated_units))
    return out
