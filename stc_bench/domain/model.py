"""The STC data model as frozen dataclasses (design.md §2).

Each class mirrors one table row field for field; the repository converts ORM rows to
these once, at its boundary. ``TABLE`` names the table, which is also the ``entity``
name used in the coding trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol


class Entity(Protocol):
    """What every class below has: the table it mirrors and the row's id (for typing the
    repository's generic reads and writes)."""

    TABLE: ClassVar[str]

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class Project:
    TABLE: ClassVar[str] = "project"
    id: int
    title: str
    research_question: str = ""
    language: str = "nb"
    created_at: str = ""
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    """Someone who acts in the project: a student, supervisor or co-coder."""

    TABLE: ClassVar[str] = "person"
    id: int
    name: str
    role: str = "student"


@dataclass(frozen=True)
class Informant:
    """A pseudonymised informant. ``attributes`` are non-identifying only."""

    TABLE: ClassVar[str] = "informant"
    id: int
    label: str
    role: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InterviewGuide:
    """One version of the interview guide; documents link to the version they used."""

    TABLE: ClassVar[str] = "interview_guide"
    id: int
    version: int
    title: str
    text: str = ""
    note: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class Document:
    """One transcript. ``text`` is immutable and the reference for all offsets."""

    TABLE: ClassVar[str] = "document"
    id: int
    informant_id: int | None
    title: str
    source_name: str
    source_sha256: str
    text: str
    text_sha256: str
    format: str
    imported_at: str
    interview_guide_id: int | None = None
    revision_of: int | None = None
    revision: int = 1
    superseded: bool = False
    #: ``offsets.word_count(text)``, stored at import so ``status`` need not read the text
    #: (None only for a row restored from a trail written before it was stored).
    word_count: int | None = None


@dataclass(frozen=True)
class Turn:
    TABLE: ClassVar[str] = "turn"
    id: int
    document_id: int
    idx: int
    speaker: str
    is_interviewer: bool
    start: int
    end: int
    media_start_ms: int | None = None
    media_end_ms: int | None = None


#: The informant attribute naming the focus group a participant spoke in.
GROUP_ATTRIBUTE = "gruppe"


@dataclass(frozen=True)
class SpeakerInformant:
    """In a group transcript (a focus group), the informant behind one speaker label: units
    in that speaker's turns are that informant's, not the document's."""

    TABLE: ClassVar[str] = "speaker_informant"
    id: int
    document_id: int
    speaker: str
    informant_id: int


@dataclass(frozen=True)
class Theme:
    """A preliminary theme from step 1 (total impression)."""

    TABLE: ClassVar[str] = "theme"
    id: int
    name: str
    description: str = ""
    notes: str = ""
    position: int = 0
    promoted_to: str = ""


@dataclass(frozen=True)
class CodeGroup:
    """A code group (kodegruppe). Internal ``name``; ``heading`` is the chapter heading;
    ``list_label`` the label in the introduction's list of categories."""

    TABLE: ClassVar[str] = "code_group"
    id: int
    name: str
    heading: str = ""
    list_label: str = ""
    discussion_heading: str = ""
    description: str = ""
    position: int = 0
    theme_id: int | None = None
    #: ``"a-priori"``: taken from the interview guide (template analysis); None: inductive,
    #: found in the data (every code group made before this column existed).
    origin: str | None = None


@dataclass(frozen=True)
class Subgroup:
    TABLE: ClassVar[str] = "subgroup"
    id: int
    code_group_id: int
    name: str
    heading: str = ""
    discussion_heading: str = ""
    description: str = ""
    position: int = 0
    golden_quote_unit_id: int | None = None
    theme_id: int | None = None


@dataclass(frozen=True)
class MeaningUnit:
    """A meaning-bearing passage: ``[start, end)`` code points into its document's text.

    ``snippet`` is the exact text at creation. ``status`` is ``ok``, ``flagged`` (text
    changed in a revision) or ``detached`` (could not be re-anchored; snippet kept).
    """

    TABLE: ClassVar[str] = "meaning_unit"
    id: int
    document_id: int
    start: int
    end: int
    snippet: str
    status: str = "ok"
    created_at: str = ""
    #: ``None``: the project's coding (the consensus). A name: that coder's private unit,
    #: made while its document was in independent coding (see :class:`IndependentCoder`).
    coder: str | None = None


@dataclass(frozen=True)
class IndependentCoder:
    """One named coder of a document in independent coding: while a document has rows
    with no ``released_at``, each of those coders marks and codes it alone (their units
    carry their name). Releasing sets ``released_at``; the rows stay as the record of who
    coded which document (agreement reads the coders' units after release too)."""

    TABLE: ClassVar[str] = "independent_coder"
    id: int
    document_id: int
    coder: str
    started_at: str = ""
    released_at: str | None = None


@dataclass(frozen=True)
class ConsensusDecision:
    """How the team settled one difference between two coders of a document: ``decision``
    is take_a, take_b, merge or reject; ``unit_id`` the consensus unit it wrote (none for
    reject). The coders' unit ids are plain numbers, not references: a coder's unit may
    later go while the decision stays on record."""

    TABLE: ClassVar[str] = "consensus_decision"
    id: int
    document_id: int
    unit_a: int | None
    unit_b: int | None
    decision: str
    unit_id: int | None = None
    decided_at: str = ""


@dataclass(frozen=True)
class Coding:
    TABLE: ClassVar[str] = "coding"
    id: int
    unit_id: int
    code_group_id: int


@dataclass(frozen=True)
class Assignment:
    TABLE: ClassVar[str] = "assignment"
    id: int
    unit_id: int
    subgroup_id: int


@dataclass(frozen=True)
class Condensate:
    """The 'artificial quotation' of a subgroup, in first person."""

    TABLE: ClassVar[str] = "condensate"
    id: int
    subgroup_id: int
    text: str = ""


@dataclass(frozen=True)
class CondensateUnit:
    TABLE: ClassVar[str] = "condensate_unit"
    id: int
    condensate_id: int
    unit_id: int


@dataclass(frozen=True)
class AnalyticText:
    """Step 4 text for one subgroup or one code group, per part (chapter/discussion)."""

    TABLE: ClassVar[str] = "analytic_text"
    id: int
    subgroup_id: int | None
    code_group_id: int | None
    text: str = ""
    part: str = "chapter"


@dataclass(frozen=True)
class Quote:
    """A unit illustrating analytic text, with the researcher's display text and lead-in."""

    TABLE: ClassVar[str] = "quote"
    id: int
    analytic_text_id: int
    unit_id: int
    position: int = 0
    lead_in: str = ""
    display_text: str = ""
    #: the quote stands after this paragraph (1 = the first) of its analytic text; None:
    #: where a ``{sitat N}`` line puts it, else after the first paragraph
    after_paragraph: int | None = None


@dataclass(frozen=True)
class Memo:
    TABLE: ClassVar[str] = "memo"
    id: int
    kind: str
    title: str = ""
    text: str = ""
    entity: str = ""
    entity_id: int | None = None
    created_at: str = ""


@dataclass(frozen=True)
class Comment:
    """Supervisor ↔ student comment on any entity; resolvable."""

    TABLE: ClassVar[str] = "comment"
    id: int
    entity: str
    entity_id: int
    author: str
    text: str
    created_at: str = ""
    resolved_at: str = ""
    resolved_by: str = ""


@dataclass(frozen=True)
class Validation:
    """A record that a unit was re-read in its original context (step 4)."""

    TABLE: ClassVar[str] = "validation"
    id: int
    unit_id: int
    by: str
    at: str
    status: str = "confirmed"
    note: str = ""


@dataclass(frozen=True)
class ReviewMark:
    TABLE: ClassVar[str] = "review_mark"
    id: int
    person: str
    seq: int
    at: str
    head_hash: str = ""  # the hash of event ``seq``: the anchor ``audit verify`` checks


@dataclass(frozen=True)
class DataManagement:
    """The project's data-management record (one row)."""

    TABLE: ClassVar[str] = "data_management"
    id: int
    ethics_ref: str = ""
    sikt_ref: str = ""
    recordings_location: str = ""
    key_location: str = ""
    planned_deletion: str = ""
    actual_deletion: str = ""
    access: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class Consent:
    TABLE: ClassVar[str] = "consent"
    id: int
    informant_id: int
    status: str = "given"
    date: str = ""
    note: str = ""


@dataclass(frozen=True)
class AuditEvent:
    TABLE: ClassVar[str] = "audit_event"
    seq: int
    at_utc: str
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: Any
    after: Any
    changes: list
    message: str
    prev_hash: str
    hash: str


#: Every entity the trail can change, by table name.
ENTITIES: dict[str, type[Entity]] = {
    cls.TABLE: cls
    for cls in (
        Project, Person, Informant, InterviewGuide, Document, Turn, SpeakerInformant, Theme, CodeGroup,
        Subgroup, MeaningUnit, IndependentCoder, ConsensusDecision, Coding, Assignment, Condensate, CondensateUnit,
        AnalyticText, Quote, Memo, Comment, Validation, ReviewMark, DataManagement, Consent,
    )
}


@dataclass(frozen=True)
class Suggestion:
    """A suggested meaning unit from segmentation; accepting it creates a MeaningUnit."""

    TABLE: ClassVar[str] = "suggestion"
    id: int
    document_id: int
    start: int
    end: int
    status: str = "open"
    source: str = ""


ENTITIES[Suggestion.TABLE] = Suggestion

#: Derived tables that are not the researcher's decisions: written without audit events
#: (re-running segmentation replaces them) and skipped by ``audit verify``.
UNTRACKED_TABLES = frozenset({Suggestion.TABLE})
