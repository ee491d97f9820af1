"""SQLAlchemy 2.0 models: one class per entity of design.md §2.

Columns mirror the frozen dataclasses in ``stc_bench.domain.model`` field for field.
Timestamps are ISO-8601 UTC strings, so a row snapshot is plain JSON and hashes the
same on SQLite and PostgreSQL. Foreign keys have no ON DELETE CASCADE on purpose:
every removed row must be removed by the service layer so the trail records it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class StoredJSON(TypeDecorator):
    """JSON that survives a column damaged outside stc-bench.

    A value that no longer decodes is read as ``{"undecodable": raw}`` instead of
    raising, so ``audit verify`` can name the event (its hash no longer matches) rather
    than crash.
    """

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect, coltype):
        decode = super().result_processor(dialect, coltype)
        if decode is None:
            return None

        def process(value):
            try:
                return decode(value)
            except ValueError:
                return {"undecodable": value if isinstance(value, str) else repr(value)}

        return process


def _fk(target: str, nullable: bool = False) -> Any:
    return mapped_column(Integer, ForeignKey(target), nullable=nullable, index=True)


class ProjectRow(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    research_question: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(20), default="nb")
    created_at: Mapped[str] = mapped_column(String(40), default="")
    settings: Mapped[dict] = mapped_column(StoredJSON, default=dict)


class PersonRow(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(40), default="student")


class InformantRow(Base):
    __tablename__ = "informant"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(200), default="")
    attributes: Mapped[dict] = mapped_column(StoredJSON, default=dict)


class InterviewGuideRow(Base):
    __tablename__ = "interview_guide"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40), default="")


class DocumentRow(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    informant_id: Mapped[int | None] = _fk("informant.id", nullable=True)
    title: Mapped[str] = mapped_column(String(500))
    source_name: Mapped[str] = mapped_column(String(1000))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[str] = mapped_column(String(40))
    interview_guide_id: Mapped[int | None] = _fk("interview_guide.id", nullable=True)
    revision_of: Mapped[int | None] = _fk("document.id", nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    # counted at import (migration 0006 counted the older ones): status reads no text
    word_count: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TurnRow(Base):
    __tablename__ = "turn"
    __table_args__ = (UniqueConstraint("document_id", "idx"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("document.id")
    idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(200))
    is_interviewer: Mapped[bool] = mapped_column(Boolean, default=False)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    media_start_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    media_end_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SpeakerInformantRow(Base):
    __tablename__ = "speaker_informant"
    __table_args__ = (UniqueConstraint("document_id", "speaker"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("document.id")
    speaker: Mapped[str] = mapped_column(String(200))
    informant_id: Mapped[int] = _fk("informant.id")


class ThemeRow(Base):
    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    promoted_to: Mapped[str] = mapped_column(String(100), default="")


class CodeGroupRow(Base):
    __tablename__ = "code_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    heading: Mapped[str] = mapped_column(String(500), default="")
    list_label: Mapped[str] = mapped_column(String(500), default="")
    discussion_heading: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    theme_id: Mapped[int | None] = _fk("theme.id", nullable=True)
    origin: Mapped[str | None] = mapped_column(String(20), nullable=True)


class MeaningUnitRow(Base):
    __tablename__ = "meaning_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("document.id")
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    snippet: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="ok")
    created_at: Mapped[str] = mapped_column(String(40), default="")


class SubgroupRow(Base):
    __tablename__ = "subgroup"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_group_id: Mapped[int] = _fk("code_group.id")
    name: Mapped[str] = mapped_column(String(500))
    heading: Mapped[str] = mapped_column(String(500), default="")
    discussion_heading: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    golden_quote_unit_id: Mapped[int | None] = _fk("meaning_unit.id", nullable=True)
    theme_id: Mapped[int | None] = _fk("theme.id", nullable=True)


class CodingRow(Base):
    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("unit_id", "code_group_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = _fk("meaning_unit.id")
    code_group_id: Mapped[int] = _fk("code_group.id")


class AssignmentRow(Base):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("unit_id", "subgroup_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = _fk("meaning_unit.id")
    subgroup_id: Mapped[int] = _fk("subgroup.id")


class CondensateRow(Base):
    __tablename__ = "condensate"
    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int] = mapped_column(ForeignKey("subgroup.id"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")


class CondensateUnitRow(Base):
    __tablename__ = "condensate_unit"
    __table_args__ = (UniqueConstraint("condensate_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    condensate_id: Mapped[int] = _fk("condensate.id")
    unit_id: Mapped[int] = _fk("meaning_unit.id")


class AnalyticTextRow(Base):
    __tablename__ = "analytic_text"
    __table_args__ = (UniqueConstraint("subgroup_id", "code_group_id", "part"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int | None] = _fk("subgroup.id", nullable=True)
    code_group_id: Mapped[int | None] = _fk("code_group.id", nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    part: Mapped[str] = mapped_column(String(20), default="chapter")


class QuoteRow(Base):
    __tablename__ = "quote"
    id: Mapped[int] = mapped_column(primary_key=True)
    analytic_text_id: Mapped[int] = _fk("analytic_text.id")
    unit_id: Mapped[int] = _fk("meaning_unit.id")
    position: Mapped[int] = mapped_column(Integer, default=0)
    lead_in: Mapped[str] = mapped_column(Text, default="")
    display_text: Mapped[str] = mapped_column(Text, default="")
    after_paragraph: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)


class MemoRow(Base):
    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[str] = mapped_column(String(40), default="")


class CommentRow(Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40), default="")
    resolved_at: Mapped[str] = mapped_column(String(40), default="")
    resolved_by: Mapped[str] = mapped_column(String(200), default="")


class ValidationRow(Base):
    __tablename__ = "validation"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = _fk("meaning_unit.id")
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    note: Mapped[str] = mapped_column(Text, default="")


class ReviewMarkRow(Base):
    __tablename__ = "review_mark"
    id: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    head_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class DataManagementRow(Base):
    __tablename__ = "data_management"
    id: Mapped[int] = mapped_column(primary_key=True)
    ethics_ref: Mapped[str] = mapped_column(String(200), default="")
    sikt_ref: Mapped[str] = mapped_column(String(200), default="")
    recordings_location: Mapped[str] = mapped_column(Text, default="")
    key_location: Mapped[str] = mapped_column(Text, default="")
    planned_deletion: Mapped[str] = mapped_column(String(40), default="")
    actual_deletion: Mapped[str] = mapped_column(String(40), default="")
    access: Mapped[list] = mapped_column(StoredJSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")


class ConsentRow(Base):
    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    informant_id: Mapped[int] = mapped_column(ForeignKey("informant.id"), unique=True)
    status: Mapped[str] = mapped_column(String(40), default="given")
    date: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEventRow(Base):
    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at_utc: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    before: Mapped[Any] = mapped_column(StoredJSON, nullable=True)
    after: Mapped[Any] = mapped_column(StoredJSON, nullable=True)
    changes: Mapped[list] = mapped_column(StoredJSON)
    message: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)




class SuggestionRow(Base):
    """A segmentation suggestion for a meaning unit (added by migration 0002)."""

    __tablename__ = "suggestion"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("document.id")
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="open")
    source: Mapped[str] = mapped_column(String(100), default="")


#: ORM class per table name (the trail's entity names).
TABLES: dict[str, type[Base]] = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}
