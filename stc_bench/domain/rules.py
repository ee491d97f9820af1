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


def method_warnings(s: MethodState) -> list[str]:
    """Plain-language warnings about method drift, most structural first."""
    out: list[str] = []
    n = len(s.themes)
    if n > MAX_THEMES:
        out.append(f"{n} preliminary themes: STC usually keeps 4–8 in step 1")
    elif 0 < n < MIN_THEMES and not s.code_groups:
        out.append(f"only {n} preliminary theme(s): STC usually names 4–8 in step 1")
    subs_by_group: dict[int, list[Subgroup]] = {}
    for sub in s.subgroups:
        subs_by_group.setdefault(sub.code_group_id, []).append(sub)
    for group in s.code_groups:
        if not subs_by_group.get(group.id):
            out.append(f"code group {group.name!r} has no subgroups")
    condensed = {c.subgroup_id: c for c in s.condensates}
    for sub in s.subgroups:
        cond = condensed.get(sub.id)
        if cond is None or not cond.text.strip():
            out.append(f"subgroup {sub.name!r} has no condensate")
        elif cond.id not in s.condensate_unit_ids:
            out.append(f"the condensate of {sub.name!r} names no meaning units")
        if sub.golden_quote_unit_id is None:
            out.append(f"subgroup {sub.name!r} has no golden quote")
    if s.unassigned_units:
        out.append(f"{s.unassigned_units} coded meaning unit(s) not assigned to any subgroup")
    quoted = {q.analytic_text_id for q in s.quotes}
    for text in s.analytic_texts:
        if text.subgroup_id is not None and text.text.strip() and text.id not in quoted:
            out.append(f"analytic text of subgroup {text.subgroup_id} has no illustrating quote")
    if any(t.text.strip() for t in s.analytic_texts):
        written = {t.subgroup_id for t in s.analytic_texts if t.part == "chapter" and t.text.strip()}
        for sub in s.subgroups:
            if sub.id not in written:
                out.append(f"subgroup {sub.name!r} has no analytic text yet")
        if s.unvalidated_units:
            out.append(f"{s.unvalidated_units} coded meaning unit(s) not yet re-read in context "
                       "(validation)")
    return out
