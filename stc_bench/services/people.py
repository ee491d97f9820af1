"""The project record, people, informants, consent, data management, interview guides."""

from __future__ import annotations

import re
from typing import Any

from ..domain.errors import MethodError, StcError
from ..domain.model import (
    Consent,
    DataManagement,
    Document,
    Informant,
    InterviewGuide,
    Person,
    Project,
    SpeakerInformant,
)
from ..domain.settings import LISTS_OF_NAMES, check_setting, spec_for
from .base import ServiceBase, utc_now

#: Attributes the model suggests for informants (all non-identifying).
SUGGESTED_ATTRIBUTES = ("sector", "education", "interview_mode", "duration_min", "site_code",
                        "role", "gender", "age_band", "experience_years")
#: Attribute names that would identify a person; refused so they never enter a project.
IDENTIFYING = frozenset({"name", "full_name", "navn", "email", "e-post", "epost", "phone",
                         "telefon", "address", "adresse", "birth_date", "fødselsdato",
                         "fodselsnummer", "fødselsnummer", "personnummer", "ssn"})
PERSON_ROLES = ("student", "supervisor", "coder")
DATA_MANAGEMENT_FIELDS = ("ethics_ref", "sikt_ref", "recordings_location", "key_location",
                          "planned_deletion", "actual_deletion", "access", "notes")


class PeopleOps(ServiceBase):
    # -- project -------------------------------------------------------------------------

    def edit_project(self, *, title: str | None = None, research_question: str | None = None,
                     language: str | None = None) -> Project:
        """Change the project's title, research question or language."""
        with self._op("project.edit", "project", 1) as op:
            project = op.tx.get(Project, 1)
            values = {k: v for k, v in (("title", title), ("research_question", research_question),
                                        ("language", language)) if v is not None}
            if "title" in values and not values["title"].strip():
                raise StcError("project: title cannot be empty")
            project = op.tx.update(project, **values)
            op.message = f"Edited project: {', '.join(values)}"
        return project

    def set_setting(self, key: str, value: Any) -> Project:
        """Set one project setting (label patterns, segmentation limits, label style …);
        ``None`` removes it so its default applies again."""
        if not key.strip():
            raise StcError("setting: the name cannot be empty")
        if value is not None:
            value = check_setting(key, value)
        with self._op("project.setting", "project", 1) as op:
            project = op.tx.get(Project, 1)
            if value is None and key not in project.settings:
                spec_for(key)  # unsetting a name that is neither known nor stored: say so
            settings = {k: v for k, v in project.settings.items() if k != key}
            if value is not None:
                settings[key] = value
            project = op.tx.update(project, settings=settings)
            op.message = (f"Setting {key} removed" if value is None else
                          # the word list names whom the study must not name: a trail
                          # message goes into the audit appendix, so it gives only a count
                          f"Setting {key}: {len(value)} entries" if key in LISTS_OF_NAMES
                          else f"Setting {key} = {value!r}")
        return project

    def add_person(self, name: str, role: str = "student") -> Person:
        """Register someone who acts in the project (student, supervisor, coder)."""
        if role not in PERSON_ROLES:
            raise StcError(f"person {name!r}: role must be one of {', '.join(PERSON_ROLES)}")
        with self._op("person.add", "person") as op:
            if op.tx.list(Person, name=name):
                raise StcError(f"person {name!r} is already registered")
            person = op.tx.insert(Person, name=name, role=role)
            op.entity_id = person.id
            op.message = f"Added {role} {name!r}"
        return person

    # -- informants ------------------------------------------------------------------------

    def add_informant(self, label: str, role: str = "", **attributes: Any) -> Informant:
        """Add an informant by pseudonym label (``JS1``, ``Informant 3``)."""
        label = label.strip()
        if not label:
            raise StcError("informant: the label cannot be empty")
        _check_attributes(label, attributes)
        with self._op("informant.add", "informant") as op:
            if op.tx.list(Informant, label=label):
                raise StcError(f"informant {label!r} already exists")
            informant = op.tx.insert(Informant, label=label, role=role, attributes=attributes)
            op.entity_id = informant.id
            op.message = f"Added informant {label!r}"
        return informant

    def edit_informant(self, informant_id: int, *, label: str | None = None,
                       role: str | None = None) -> Informant:
        """Rename an informant's label or change their role description."""
        with self._op("informant.edit", "informant", informant_id) as op:
            informant = op.tx.get(Informant, informant_id)
            values: dict[str, Any] = {}
            if label is not None:
                label = label.strip()
                if not label:
                    raise StcError("informant: the label cannot be empty")
                clash = [i for i in op.tx.list(Informant, label=label) if i.id != informant_id]
                if clash:
                    raise StcError(f"informant {label!r} already exists")
                values["label"] = label
                if label != informant.label:
                    _retitle_documents(op, informant, label)
            if role is not None:
                values["role"] = role
            informant = op.tx.update(informant, **values)
            op.message = f"Edited informant {informant.label!r}"
        return informant

    def set_informant_attributes(self, informant_id: int, **attributes: Any) -> Informant:
        """Set (or with None, remove) non-identifying attributes of an informant."""
        with self._op("informant.attributes", "informant", informant_id) as op:
            informant = op.tx.get(Informant, informant_id)
            _check_attributes(informant.label, attributes)
            merged = {**informant.attributes, **attributes}
            merged = {k: v for k, v in merged.items() if v is not None}
            informant = op.tx.update(informant, attributes=merged)
            op.message = f"Attributes of {informant.label!r}: {', '.join(attributes)}"
        return informant

    def delete_informant(self, informant_id: int) -> None:
        """Delete an informant who has no documents."""
        with self._op("informant.delete", "informant", informant_id) as op:
            informant = op.tx.get(Informant, informant_id)
            if op.tx.count(Document, informant_id=informant_id):
                raise MethodError(f"informant {informant.label!r} has documents; "
                                  "move or delete them first")
            if op.tx.count(SpeakerInformant, informant_id=informant_id):
                raise MethodError(f"informant {informant.label!r} speaks in a focus group; "
                                  "map that speaker to someone else first (stc-bench speakers)")
            for consent in op.tx.list(Consent, informant_id=informant_id):
                op.tx.delete(consent)
            op.tx.delete(informant)
            op.message = f"Deleted informant {informant.label!r}"

    def set_consent(self, informant_id: int, status: str = "given", date: str = "",
                    note: str = "") -> Consent:
        """Record an informant's consent (given, withdrawn, pending)."""
        if status not in ("given", "withdrawn", "pending"):
            raise StcError(f"consent status must be given, withdrawn or pending, not {status!r}")
        with self._op("consent.set", "consent") as op:
            informant = op.tx.get(Informant, informant_id)
            found = op.tx.list(Consent, informant_id=informant_id)
            consent = (op.tx.update(found[0], status=status, date=date, note=note) if found else
                       op.tx.insert(Consent, informant_id=informant_id, status=status, date=date,
                                    note=note))
            op.entity_id = consent.id
            op.message = f"Consent of {informant.label!r}: {status}"
        return consent

    # -- data management and interview guides ------------------------------------------------

    def set_data_management(self, **fields: Any) -> DataManagement:
        """Update the data-management record: ethics_ref, sikt_ref, recordings_location,
        key_location, planned_deletion, actual_deletion, access (list of names), notes."""
        unknown = sorted(set(fields) - set(DATA_MANAGEMENT_FIELDS))
        if unknown:
            raise StcError(f"data management: unknown field(s) {', '.join(unknown)}; "
                           f"known: {', '.join(DATA_MANAGEMENT_FIELDS)}")
        with self._op("data_management.set", "data_management", 1) as op:
            record = op.tx.find(DataManagement, 1) or op.tx.insert(DataManagement, id=1)
            record = op.tx.update(record, **fields)
            op.message = f"Data management: {', '.join(fields)}"
        return record

    def data_management(self) -> DataManagement:
        with self._read() as tx:
            return tx.find(DataManagement, 1) or DataManagement(id=1)

    def add_interview_guide(self, title: str, text: str = "", note: str = "") -> InterviewGuide:
        """Add the next version of the interview guide."""
        with self._op("interview_guide.add", "interview_guide") as op:
            version = (op.tx.max_of(InterviewGuide, "version") or 0) + 1
            guide = op.tx.insert(InterviewGuide, version=version, title=title, text=text,
                                 note=note, created_at=utc_now())
            op.entity_id = guide.id
            op.message = f"Interview guide version {version}: {title!r}"
        return guide

    def link_interview_guide(self, document_id: int, guide_id: int | None) -> Document:
        """Record which guide version an interview used."""
        with self._op("document.guide", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            if guide_id is not None:
                op.tx.get(InterviewGuide, guide_id)
            doc = op.tx.update(doc, interview_guide_id=guide_id)
            op.message = f"Document {doc.title!r} used interview guide {guide_id}"
        return doc


def _check_attributes(label: str, attributes: dict[str, Any]) -> None:
    bad = sorted(k for k in attributes if k.casefold() in IDENTIFYING)
    if bad:
        raise StcError(f"informant {label!r}: {', '.join(bad)} would identify the person; "
                       "keep only non-identifying attributes (sector, education, site code …)")


def _retitle_documents(op, informant: Informant, label: str) -> None:
    """A label taken from a file name (``Kari Nordmann intervju.txt``) is also in the
    titles and file names of the informant's documents: rename it there too, in the same
    event, so one undo restores all of it."""
    old = re.compile(rf"(?<!\w){re.escape(informant.label)}(?!\w)")  # JS1, not JS12
    for doc in op.tx.list(Document, informant_id=informant.id):
        values = {field: old.sub(lambda _m: label, getattr(doc, field))
                  for field in ("title", "source_name") if old.search(getattr(doc, field))}
        if values:
            op.tx.update(doc, **values)
