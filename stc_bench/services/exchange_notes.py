"""The notes of a REFI-QDA exchange stored as what they were in STC (their kind set):
condensates, analytic texts, quotes, headings, comments, interview guides, consent and
re-reading records; anything else becomes a memo on what it describes."""

from __future__ import annotations

# ``imp`` below is the running ``exchange._Importer``: its transaction, summary, the GUID →
# row map and the link look-ups.
import json
import re

from ..domain.errors import StcError
from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Comment,
    Condensate,
    CondensateUnit,
    Consent,
    InterviewGuide,
    MeaningUnit,
    Memo,
    Project,
    Quote,
    Subgroup,
    Theme,
    Validation,
)
from ..domain.quotes import compare_display
from ..domain.refi import LINK_CONDENSED, LINK_QUOTED, QUOTE_NAME
from ..domain.settings import LISTS_OF_NAMES, check_setting
from .base import utc_now

_LABEL_FIELDS = {"heading": "heading", "list-label": "list_label",
                 "discussion-heading": "discussion_heading"}


def store_note(imp, note, kind: str, entity: str, row_id):
    """One note as what it was (its kind), or as a memo; returns (entity, id) made."""
    tx, s = imp.tx, imp.s
    if kind == "condensate" and entity == "subgroup":
        cond = tx.insert(Condensate, subgroup_id=row_id, text=note.text)
        for unit_id in imp.linked_units(note.guid, LINK_CONDENSED):
            if tx.count(Assignment, unit_id=unit_id, subgroup_id=row_id):
                tx.insert(CondensateUnit, condensate_id=cond.id, unit_id=unit_id)
        s.add("condensates")
        return "condensate", cond.id
    if kind.startswith("analytic:") and entity in ("subgroup", "code_group"):
        text = tx.insert(AnalyticText, subgroup_id=row_id if entity == "subgroup" else None,
                         code_group_id=row_id if entity == "code_group" else None,
                         part=kind.split(":", 1)[1], text=note.text)
        s.add("analytic texts")
        return "analytic_text", text.id
    if kind == "quote" and entity == "analytic_text":
        return _store_quote(imp, note, row_id)
    if kind in _LABEL_FIELDS and entity in ("subgroup", "code_group") and (entity, row_id) in imp.merged:
        return None  # a merged code keeps its own headings
    if kind in _LABEL_FIELDS and entity in ("subgroup", "code_group"):
        cls = Subgroup if entity == "subgroup" else CodeGroup
        tx.update(tx.get(cls, row_id), **{_LABEL_FIELDS[kind]: note.text})
        return None
    if kind == "guide":
        version = (tx.max_of(InterviewGuide, "version") or 0) + 1
        guide = tx.insert(InterviewGuide, version=version, title=note.name or f"Intervjuguide {version}",
                          text=note.text, note=note.description, created_at=note.created or utc_now())
        s.add("interview guides")
        return "guide", guide.id
    if kind == "settings" and entity in ("", "project"):
        _store_settings(imp, note.text)
        return None
    if kind == "consent":
        informant = imp.linked_informant(note.guid)
        if informant is None or tx.count(Consent, informant_id=informant):
            s.warnings.append(f"consent note {note.guid}: its informant was not imported or has a "
                              "consent record already; left out")
            return None
        tx.insert(Consent, informant_id=informant, status=note.name or "given", date=note.description,
                  note=note.text)
        s.add("consent records")
        return None
    if kind == "validation" and entity == "meaning_unit":
        tx.insert(Validation, unit_id=row_id, by=note.description or imp.users.get(note.user, ""),
                  at=note.created or utc_now(), status=note.name or "confirmed", note=note.text)
        s.add("re-reading records")
        return None
    if kind == "theme-notes" and entity == "theme":
        if (entity, row_id) in imp.merged:
            return None  # a merged theme keeps its own notes
        tx.update(tx.get(Theme, row_id), notes=note.text)
        return None
    if kind == "comment" and entity:
        resolved = note.description.split(" ") if note.description.startswith("resolved ") else []
        c = tx.insert(Comment, entity=entity, entity_id=row_id,
                      author=imp.users.get(note.user) or note.name or "unknown", text=note.text,
                      created_at=note.created or utc_now(),
                      resolved_at=resolved[1] if len(resolved) > 3 else "",
                      resolved_by=" ".join(resolved[3:]) if len(resolved) > 3 else "")
        s.add("comments")
        return "comment", c.id
    memo_kind = kind.split(":", 1)[1] if kind.startswith("memo:") else "note"
    if not note.text.strip() and not note.name:
        s.warnings.append(f"note {note.guid} is empty; left out")
        return None
    memo = tx.insert(Memo, kind=memo_kind, title=note.name if kind else (note.name or "Notat"),
                     text=note.text, entity="" if entity in ("", "project") else entity,
                     entity_id=row_id, created_at=note.created or utc_now())
    s.add("memos")
    return "memo", memo.id


def _store_quote(imp, note, text_id: int):
    """A quote in an analytic text, where its display text is faithful to its unit."""
    units = imp.linked_units(note.guid, LINK_QUOTED)
    if not units:
        imp.s.warnings.append(f"quote note {note.guid}: its meaning unit was not imported; left out")
        return None
    unit = imp.tx.get(MeaningUnit, units[0])
    if compare_display(unit.snippet, note.text)[1] or not note.text.strip():
        imp.s.warnings.append(f"quote of meaning unit {unit.id}: its display text is not faithful "
                              "to the unit's words; left out")
        return None
    place = re.fullmatch(re.escape(QUOTE_NAME) + r" after paragraph (\d+)", note.name or "")
    pos = (imp.tx.max_of(Quote, "position", analytic_text_id=text_id) or 0) + 1
    quote = imp.tx.insert(Quote, analytic_text_id=text_id, unit_id=unit.id, position=pos,
                          lead_in=note.description, display_text=note.text,
                          after_paragraph=int(place.group(1)) if place else None)
    imp.s.add("quotes")
    return "quote", quote.id


def _store_settings(imp, text: str) -> None:
    """The settings of an stc-bench project: each one the project has not set itself, if
    it is valid here (one warning per setting left out)."""
    try:
        given = json.loads(text)
    except ValueError:
        imp.s.warnings.append("the settings note is not JSON; left out")
        return
    project = imp.tx.get(Project, 1)
    settings = dict(project.settings)
    for key, value in (given.items() if isinstance(given, dict) else ()):
        if key in settings or key in LISTS_OF_NAMES:
            continue
        try:
            settings[key] = check_setting(key, value)
        except StcError as exc:
            imp.s.warnings.append(f"setting {key}: {exc}; left out")
            continue
        imp.s.add("settings")
    if settings != project.settings:
        imp.tx.update(project, settings=settings)
