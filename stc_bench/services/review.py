"""What changed since a reviewer's last look: the events after their latest review mark,
grouped by STC step and then by object, each with what it changed — a word diff for
texts, names and quotes, the boundaries before and after for a meaning unit.

One read model for the TUI's changes screen and ``audit review --since-mark``, so both
show the same grouping and the same diffs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.audit import CHECKPOINT, row_changes
from ..domain.diff import WordRun, word_ops
from ..domain.model import (
    AnalyticText,
    AuditEvent,
    CodeGroup,
    Comment,
    Condensate,
    Document,
    MeaningUnit,
    Memo,
    Quote,
    ReviewMark,
    Subgroup,
    Theme,
)
from .base import ServiceBase

#: The step of the method an action belongs to, by the action's first word (an
#: assignment's event names its unit, but assigning is step 3's work).
STEP_OF_ACTION = {
    "theme": "Step 1", "memo": "Step 1",
    "unit": "Step 2", "suggestion": "Step 2", "coding": "Step 2", "code_group": "Step 2",
    "document": "Step 2",
    "subgroup": "Step 3", "assignment": "Step 3", "condensate": "Step 3", "golden_quote": "Step 3",
    "analytic_text": "Step 4", "quote": "Step 4", "validation": "Step 4",
    "comment": "Comments",
}
STEPS = ("Step 1", "Step 2", "Step 3", "Step 4", "Comments", "Project")
#: Fields whose change is shown as a word diff, in this order.
TEXT_FIELDS = ("name", "heading", "list_label", "description", "title", "text", "lead_in",
               "display_text", "snippet")
_UNDO_REDO = ("undo", "redo")


@dataclass(frozen=True)
class FieldChange:
    """One text field of an object: its value before and after (None: not there) and
    the word runs between them (empty when one side is missing)."""

    field: str
    before: str | None
    after: str | None
    words: tuple[WordRun, ...] = ()


@dataclass(frozen=True)
class Change:
    """One event as it touched one object."""

    seq: int
    at_utc: str
    actor: str
    action: str
    message: str
    #: a meaning unit's (start, end) before and after the event (None: not there)
    boundaries: tuple[tuple[int, int] | None, tuple[int, int] | None] | None
    fields: tuple[FieldChange, ...]
    #: what the event names besides its object, from its recorded rows (``event_facts``),
    #: so a screen can word it in its own language instead of printing ``message``
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangedObject:
    entity: str
    entity_id: int | None
    label: str  # what it is called now ("" when it is gone)
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class StepChanges:
    step: str
    objects: tuple[ChangedObject, ...]


@dataclass(frozen=True)
class ChangesReport:
    """The changes after ``person``'s mark at ``since_seq`` (None: never marked) up to
    ``head_seq``, by step (in the method's order) and object (first changed first)."""

    person: str
    since_seq: int | None
    head_seq: int
    steps: tuple[StepChanges, ...]

    @property
    def count(self) -> int:
        """How many events (one event may touch only one object here)."""
        return sum(len(o.changes) for s in self.steps for o in s.objects)

    def entries(self) -> Iterable[tuple[str, ChangedObject, Change]]:
        """Every change in the order shown: (step, object, change)."""
        for s in self.steps:
            for o in s.objects:
                for c in o.changes:
                    yield s.step, o, c


class ReviewOps(ServiceBase):
    def review_changes(self, person: str | None = None) -> ChangesReport:
        """The events after ``person``'s (default: the acting person's) latest review mark,
        leaving out review marks, grouped by step and object with word diffs and unit
        boundaries — read in one transaction, so the diffs match the events."""
        person = person or self.actor
        with self.one_read(), self._read() as tx:
            marks = tx.list(ReviewMark, "seq", person=person)
            since = marks[-1].seq if marks else None
            events = [e for e in tx.events(since=since)
                      if e.action not in ("review.mark", CHECKPOINT)]
            targets: dict[int | None, AuditEvent] = {
                e.entity_id: tx.event(e.entity_id) for e in events
                if e.action in _UNDO_REDO and e.entity_id}
            units = _unit_spans_before_and_after(tx, events)
            head = tx.event_count()
            grouped: dict[str, dict[tuple[str, int | None], list[Change]]] = {}
            names: dict[tuple[str, int], str] = {}  # each transcript / group named once
            for e in events:
                target = targets.get(e.entity_id) if e.action in _UNDO_REDO else None
                entity, entity_id, before, after = _main_object(e)
                action = target.action if target is not None else e.action
                step = STEP_OF_ACTION.get(action.split(".")[0], "Project")
                change = Change(e.seq, e.at_utc, e.actor, e.action, e.message,
                                units.get((e.seq, entity_id)) if entity == "meaning_unit" else None,
                                _field_changes(before, after),
                                event_facts(tx, e, entity, target.action if target else None,
                                            names))
                grouped.setdefault(step, {}).setdefault((entity, entity_id), []).append(change)
            labels = _labels(tx, {key for objs in grouped.values() for key in objs})
        steps = tuple(StepChanges(step, tuple(
            ChangedObject(entity, entity_id, labels.get((entity, entity_id), ""), tuple(changes))
            for (entity, entity_id), changes in grouped[step].items()))
            for step in STEPS if step in grouped)
        return ChangesReport(person, since, head, steps)


def _main_object(e: AuditEvent) -> tuple[str, int | None, dict, dict]:
    """The object an event is about and its fields before and after. An undo or redo
    (its own entity is the trail) is about the first row it changed."""
    if e.entity != "audit_event" or not e.changes:
        return e.entity, e.entity_id, e.before or {}, e.after or {}
    table, id_, before, after = next(row_changes(e.changes))
    return table, id_, before or {}, after or {}


#: Ids an event's rows may hold, the object each names and the fact it becomes.
_NAMED_IDS = (("document_id", Document.TABLE, "document"), ("code_group_id", CodeGroup.TABLE,
              "code_group"), ("subgroup_id", Subgroup.TABLE, "subgroup"))


def event_facts(tx, e: AuditEvent, entity: str, undoes: str | None = None,
                names: dict[tuple[str, int], str] | None = None) -> dict[str, Any]:
    """What an event names besides its object ``entity``, read from the rows it recorded:
    the transcript, code group and subgroup by their names now, a unit by id, a
    validation's status, a golden quote's unit, how many rows a bulk event inserted, and
    the action an undo or redo reversed. Values are the user's text or plain figures.
    ``names`` keeps the names read so far across the events of one report (one read each)."""
    facts: dict[str, Any] = {"undoes": undoes} if undoes else {}
    rows = list(row_changes(e.changes or []))
    for table, _id, before, after in rows:
        values = {**(before or {}), **(after or {})}
        for key, named, fact in _NAMED_IDS:
            if fact not in facts and table != named and values.get(key) is not None:
                known = names if names is not None else {}
                if (named, values[key]) not in known:
                    known[named, values[key]] = _label(tx, named, values[key]) or f"#{values[key]}"
                facts[fact] = known[named, values[key]]
        if "unit" not in facts and table != MeaningUnit.TABLE and values.get("unit_id"):
            facts["unit"] = values["unit_id"]
        if table == "validation" and "status" in values:
            facts["status"] = values["status"]
        if "golden_quote_unit_id" in values and after is not None:
            facts["golden_quote"] = after.get("golden_quote_unit_id")
    inserted = [table for table, _id, before, _after in rows if before is None]
    if e.action.endswith("_many") and inserted:
        facts["count"] = inserted.count(inserted[0])
    # the object itself: its own line names it already
    facts.pop("unit" if entity == MeaningUnit.TABLE else entity, None)
    return facts


def _field_changes(before: dict, after: dict) -> tuple[FieldChange, ...]:
    out = []
    for name in TEXT_FIELDS:
        old, new = before.get(name), after.get(name)
        old = old if isinstance(old, str) else None
        new = new if isinstance(new, str) else None
        if old == new or not (old or "").strip() and not (new or "").strip():
            continue
        words = word_ops(old, new) if old is not None and new is not None else ()
        out.append(FieldChange(name, old, new, words))
    return tuple(out)


def _unit_spans_before_and_after(tx, events: list[AuditEvent]
                                 ) -> dict[tuple[int, int | None], tuple[Any, Any]]:
    """Each event's meaning units as (start, end) before and after it, by (seq, unit id).

    An update records only the fields it changed, so a resize of one edge does not say
    where the other edge was; walking back from the units as they are now (read in the
    same transaction as the events) through each change's before-values recovers both.
    """
    touched = {c[1] for e in events for c in row_changes(e.changes or [])
               if c[0] == MeaningUnit.TABLE}
    if not touched:
        return {}
    state: dict[int, dict | None] = {u.id: {"start": u.start, "end": u.end}
                                     for u in tx.list_in(MeaningUnit, "id", sorted(touched))}
    out: dict[tuple[int, int | None], tuple[Any, Any]] = {}
    for e in reversed(events):
        spans: dict[int, list[Any]] = {}
        for table, id_, before, _after in reversed(list(row_changes(e.changes or []))):
            if table != MeaningUnit.TABLE:
                continue
            now = state.get(id_)
            was = None if before is None else {**(now or {}), **before}
            spans.setdefault(id_, [None, _span(now)])[0] = _span(was)
            state[id_] = was
        for id_, (was, now) in spans.items():
            out[(e.seq, id_)] = (was, now)
    return out


def _span(row: dict | None) -> tuple[int, int] | None:
    return None if row is None else (row["start"], row["end"])


def _labels(tx, keys: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], str]:
    """What each object is called now, in words a reader recognises."""
    out: dict[tuple[str, int | None], str] = {}
    for entity, id_ in keys:
        label = _label(tx, entity, id_) if id_ is not None else ""
        if label:
            out[(entity, id_)] = " ".join(label.split())[:80]
    return out


def _label(tx, entity: str, id_: int) -> str:
    named = {Theme.TABLE: Theme, CodeGroup.TABLE: CodeGroup, Subgroup.TABLE: Subgroup}
    if entity in named:
        row = tx.find(named[entity], id_)
        return row.name if row else ""
    if entity == MeaningUnit.TABLE:
        unit = tx.find(MeaningUnit, id_)
        return unit.snippet if unit else ""
    if entity == Document.TABLE:
        doc = tx.find(Document, id_)
        return doc.title if doc else ""
    if entity == Condensate.TABLE:
        cond = tx.find(Condensate, id_)
        return _label(tx, Subgroup.TABLE, cond.subgroup_id) if cond else ""
    if entity == AnalyticText.TABLE:
        text = tx.find(AnalyticText, id_)
        if text is None:
            return ""
        return (_label(tx, Subgroup.TABLE, text.subgroup_id) if text.subgroup_id is not None
                else _label(tx, CodeGroup.TABLE, text.code_group_id))
    if entity == Quote.TABLE:
        quote = tx.find(Quote, id_)
        return (quote.display_text or _label(tx, MeaningUnit.TABLE, quote.unit_id)) if quote else ""
    if entity in (Comment.TABLE, Memo.TABLE):
        row = tx.find(Comment if entity == Comment.TABLE else Memo, id_)
        return row.text if row else ""
    return ""
