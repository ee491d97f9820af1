"""``status``: counts per step and the method warnings, from one read transaction.

Apart from the Workbench so that ``stc-bench status`` can run it on the standard
library's ``sqlite3`` (``storage/quick.py``) without importing SQLAlchemy: ``tx`` is a
``repository.ReadTx`` or a ``quick.QuickRead``, which answer the same reads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain import audit, rules
from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Condensate,
    CondensateUnit,
    Document,
    Informant,
    MeaningUnit,
    Person,
    Project,
    Quote,
    Subgroup,
    Theme,
    Turn,
    Validation,
)
from ..domain.offsets import word_count
from ..storage import quick


def project_status(tx) -> dict[str, Any]:
    """Counts per step and the method warnings in English (the keys of ``status --json``)."""
    return status_and_warnings(tx)[0]


def status_and_warnings(tx) -> tuple[dict[str, Any], list[rules.MethodWarning]]:
    """:func:`project_status`, and the same warnings as they came from the method rules
    (kind and names: the TUI words them in its own language), from the one reading.

    Counted in SQL: only the small structural tables (themes, groups, subgroups, texts)
    are listed, so the time grows with the transcripts' text (words are counted as
    students count them, by splitting) and not with every unit, coding and event.
    """
    own = tx.coder_unit_counts()  # the coders' own units: not the project's coding
    gaps = tx.coding_gaps(own)  # read once, for the gaps and the counts below
    state = method_state(tx, gaps)
    project = tx.get(Project, 1)
    units = tx.list_in(MeaningUnit, "status", ["flagged", "detached"])
    titles = dict(tx.values(Document, "id", "title")) if units else {}
    review = [{"id": u.id, "status": u.status, "document_id": u.document_id,
               "document": titles.get(u.document_id, ""), "start": u.start,
               "end": u.end, "snippet": u.snippet} for u in units]
    last = tx.head()
    warnings = rules.method_warnings(state)
    return {
        "title": project.title,
        "research_question": project.research_question,
        "documents": tx.count(Document),
        "turns": tx.count(Turn),
        "words": _words(tx),
        "informants": tx.count(Informant),
        "themes": len(state.themes),
        "code_groups": len(state.code_groups),
        "meaning_units": tx.count(MeaningUnit) - own["units"],
        "uncoded_units": gaps["uncoded"],
        "codings": tx.count(Coding) - own["codings"],
        "subgroups": len(state.subgroups),
        "assignments": tx.count(Assignment),
        "condensates": sum(1 for c in state.condensates if c.text.strip()),
        "golden_quotes": sum(1 for s in state.subgroups if s.golden_quote_unit_id),
        "analytic_texts": sum(1 for t in state.analytic_texts if t.text.strip()),
        "quotes": len(state.quotes),
        "validations": tx.count_distinct(Validation, "unit_id"),
        "audit_events": last[0] if last else 0,
        "head_hash": last[1] if last else audit.GENESIS,
        "flagged_units": sum(1 for u in review if u["status"] == "flagged"),
        "detached_units": sum(1 for u in review if u["status"] == "detached"),
        "units_to_review": review,
        "warnings": [w.text for w in warnings],
    }, warnings


def _words(tx) -> int:
    """The transcripts' words: stored per document at import; counted from the text only
    for a document restored by undo/redo from a trail older than that column."""
    stored = tx.sum_of(Document, "word_count")
    return stored + sum(word_count(text) for text, in tx.values(Document, "text", word_count=None))


def method_state(tx, gaps: dict[str, int]) -> rules.MethodState:
    """What the method rules look at: the structural rows, and the per-unit gaps as counts."""
    return rules.MethodState(
        themes=tuple(tx.list(Theme)), code_groups=tuple(tx.list(CodeGroup, "position")),
        subgroups=tuple(tx.list(Subgroup, ("code_group_id", "position"))),
        condensates=tuple(tx.list(Condensate)),
        condensate_unit_ids=frozenset(c for c, in tx.values(CondensateUnit, "condensate_id")),
        analytic_texts=tuple(tx.list(AnalyticText)), quotes=tuple(tx.list(Quote)),
        unassigned_units=gaps["unassigned"], unvalidated_units=gaps["unvalidated"])


def quick_status(target: str | Path,
                 more_warnings: Callable[[Any], list[str]] = lambda tx: []) -> dict[str, Any] | None:
    """``status`` of the project file ``target`` read with ``sqlite3`` alone, plus
    ``more_warnings(tx)`` from the same read; None when that cannot be done (a database
    URL, a file to migrate, an unreadable one): then open a Workbench."""
    try:
        with quick.open_current(target) as tx:
            if tx is None:
                return None
            found = project_status(tx)
            found["warnings"] = [*found["warnings"], *more_warnings(tx)]
            return found
    except quick.QuickReadFailed:
        return None


def first_look(target: str | Path) -> tuple[Project, list[Person]] | None:
    """The project record and who is registered, read with ``sqlite3`` alone: what the
    TUI's first frame shows (title, language, who acts) before the Workbench opens. None
    when the quick path cannot read the file (then open the Workbench first)."""
    try:
        with quick.open_current(target) as tx:
            return None if tx is None else (tx.get(Project, 1), tx.list(Person))
    except quick.QuickReadFailed:
        return None
