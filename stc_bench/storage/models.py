"""The tables, in SQLAlchemy Core: one ``Table`` per entity of design.md §2.

Columns mirror the frozen dataclasses in ``stc_bench.domain.model`` field for field.
Timestamps are ISO-8601 UTC strings, so a row snapshot is plain JSON and hashes the
same on SQLite and PostgreSQL. Foreign keys have no ON DELETE CASCADE on purpose:
every removed row must be removed by the service layer so the trail records it.

Core, not ORM classes: the repository reads rows positionally into dataclasses and
never uses a Session, and importing ``sqlalchemy.orm`` and mapping 25 classes was about
half of every command's start-up (bench/README.md, branch ``startup``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

#: Every table; Alembic's env compares migrations against it.
metadata = MetaData()


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


def _fk(name: str, target: str, nullable: bool = False, index: bool = True) -> Column[Any]:
    """A foreign key column, indexed unless a unique constraint already begins with it
    (``index=False``): that constraint's index serves the same lookups, and a second one
    only costs every insert (migration 0011)."""
    return Column(name, Integer, ForeignKey(target), nullable=nullable, index=index)


project_table = Table(
    "project", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(500), nullable=False),
    Column("research_question", Text, default="", nullable=False),
    Column("language", String(20), default="nb", nullable=False),
    Column("created_at", String(40), default="", nullable=False),
    Column("settings", StoredJSON, default=dict, nullable=False),
)

person_table = Table(
    "person", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), unique=True, nullable=False),
    Column("role", String(40), default="student", nullable=False),
)

informant_table = Table(
    "informant", metadata,
    Column("id", Integer, primary_key=True),
    Column("label", String(200), unique=True, nullable=False),
    Column("role", String(200), default="", nullable=False),
    Column("attributes", StoredJSON, default=dict, nullable=False),
)

interview_guide_table = Table(
    "interview_guide", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, unique=True, nullable=False),
    Column("title", String(500), nullable=False),
    Column("text", Text, default="", nullable=False),
    Column("note", Text, default="", nullable=False),
    Column("created_at", String(40), default="", nullable=False),
)

document_table = Table(
    "document", metadata,
    Column("id", Integer, primary_key=True),
    _fk("informant_id", "informant.id", nullable=True),
    Column("title", String(500), nullable=False),
    Column("source_name", String(1000), nullable=False),
    Column("source_sha256", String(64), index=True, nullable=False),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), index=True, nullable=False),
    Column("format", String(20), nullable=False),
    Column("imported_at", String(40), nullable=False),
    _fk("interview_guide_id", "interview_guide.id", nullable=True),
    _fk("revision_of", "document.id", nullable=True),
    Column("revision", Integer, default=1, nullable=False),
    Column("superseded", Boolean, default=False, nullable=False),
    # counted at import (migration 0006 counted the older ones): status reads no text
    Column("word_count", Integer, nullable=True),
)

turn_table = Table(
    "turn", metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "document.id", index=False),
    Column("idx", Integer, nullable=False),
    Column("speaker", String(200), nullable=False),
    Column("is_interviewer", Boolean, default=False, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("media_start_ms", Integer, nullable=True),
    Column("media_end_ms", Integer, nullable=True),
    UniqueConstraint("document_id", "idx"),
)

speaker_informant_table = Table(
    "speaker_informant", metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "document.id", index=False),
    Column("speaker", String(200), nullable=False),
    _fk("informant_id", "informant.id"),
    UniqueConstraint("document_id", "speaker"),
)

theme_table = Table(
    "theme", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(500), nullable=False),
    Column("description", Text, default="", nullable=False),
    Column("notes", Text, default="", nullable=False),
    Column("position", Integer, default=0, nullable=False),
    Column("promoted_to", String(100), default="", nullable=False),
)

code_group_table = Table(
    "code_group", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(500), nullable=False),
    Column("heading", String(500), default="", nullable=False),
    Column("list_label", String(500), default="", nullable=False),
    Column("discussion_heading", String(500), default="", nullable=False),
    Column("description", Text, default="", nullable=False),
    Column("position", Integer, default=0, nullable=False),
    _fk("theme_id", "theme.id", nullable=True),
    Column("origin", String(20), nullable=True),
)

meaning_unit_table = Table(
    "meaning_unit", metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "document.id"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("snippet", Text, nullable=False),
    Column("status", String(20), default="ok", nullable=False),
    Column("created_at", String(40), default="", nullable=False),
    Column("coder", String(200), nullable=True),
)

independent_coder_table = Table(
    "independent_coder", metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "document.id"),
    Column("coder", String(200), nullable=False),
    Column("started_at", String(40), default="", nullable=False),
    Column("released_at", String(40), nullable=True),
)

consensus_decision_table = Table(
    "consensus_decision", metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "document.id"),
    Column("unit_a", Integer, nullable=True),
    Column("unit_b", Integer, nullable=True),
    Column("decision", String(20), nullable=False),
    Column("unit_id", Integer, nullable=True),
    Column("decided_at", String(40), default="", nullable=False),
)

subgroup_table = Table(
    "subgroup", metadata,
    Column("id", Integer, primary_key=True),
    _fk("code_group_id", "code_group.id"),
    Column("name", String(500), nullable=False),
    Column("heading", String(500), default="", nullable=False),
    Column("discussion_heading", String(500), default="", nullable=False),
    Column("description", Text, default="", nullable=False),
    Column("position", Integer, default=0, nullable=False),
    _fk("golden_quote_unit_id", "meaning_unit.id", nullable=True),
    _fk("theme_id", "theme.id", nullable=True),
)

coding_table = Table(
    "coding", metadata,
    Column("id", Integer, primary_key=True),
    _fk("unit_id", "meaning_unit.id", index=False),
    _fk("code_group_id", "code_group.id"),
    UniqueConstraint("unit_id", "code_group_id"),
)

assignment_table = Table(
    "assignment", metadata,
    Column("id", Integer, primary_key=True),
    _fk("unit_id", "meaning_unit.id", index=False),
    _fk("subgroup_id", "subgroup.id"),
    UniqueConstraint("unit_id", "subgroup_id"),
)

condensate_table = Table(
    "condensate", metadata,
    Column("id", Integer, primary_key=True),
    Column("subgroup_id", ForeignKey("subgroup.id"), unique=True, nullable=False),
    Column("text", Text, default="", nullable=False),
)

condensate_unit_table = Table(
    "condensate_unit", metadata,
    Column("id", Integer, primary_key=True),
    _fk("condensate_id", "condensate.id", index=False),
    _fk("unit_id", "meaning_unit.id"),
    UniqueConstraint("condensate_id", "unit_id"),
)

analytic_text_table = Table(
    "analytic_text", metadata,
    Column("id", Integer, primary_key=True),
    _fk("subgroup_id", "subgroup.id", nullable=True, index=False),
    _fk("code_group_id", "code_group.id", nullable=True),
    Column("text", Text, default="", nullable=False),
    Column("part", String(20), default="chapter", nullable=False),
    UniqueConstraint("subgroup_id", "code_group_id", "part"),
)

quote_table = Table(
    "quote", metadata,
    Column("id", Integer, primary_key=True),
    _fk("analytic_text_id", "analytic_text.id"),
    _fk("unit_id", "meaning_unit.id"),
    Column("position", Integer, default=0, nullable=False),
    Column("lead_in", Text, default="", nullable=False),
    Column("display_text", Text, default="", nullable=False),
    Column("after_paragraph", Integer, nullable=True, default=None),
)

memo_table = Table(
    "memo", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("title", String(500), default="", nullable=False),
    Column("text", Text, default="", nullable=False),
    Column("entity", String(40), default="", nullable=False),
    Column("entity_id", Integer, nullable=True),
    Column("created_at", String(40), default="", nullable=False),
)

comment_table = Table(
    "comment", metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(40), default="", nullable=False),
    Column("resolved_at", String(40), default="", nullable=False),
    Column("resolved_by", String(200), default="", nullable=False),
)

validation_table = Table(
    "validation", metadata,
    Column("id", Integer, primary_key=True),
    _fk("unit_id", "meaning_unit.id"),
    Column("by", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("status", String(20), default="confirmed", nullable=False),
    Column("note", Text, default="", nullable=False),
)

review_mark_table = Table(
    "review_mark", metadata,
    Column("id", Integer, primary_key=True),
    Column("person", String(200), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", String(40), nullable=False),
    Column("head_hash", String(64), default="", server_default="", nullable=False),
)

data_management_table = Table(
    "data_management", metadata,
    Column("id", Integer, primary_key=True),
    Column("ethics_ref", String(200), default="", nullable=False),
    Column("sikt_ref", String(200), default="", nullable=False),
    Column("recordings_location", Text, default="", nullable=False),
    Column("key_location", Text, default="", nullable=False),
    Column("planned_deletion", String(40), default="", nullable=False),
    Column("actual_deletion", String(40), default="", nullable=False),
    Column("access", StoredJSON, default=list, nullable=False),
    Column("notes", Text, default="", nullable=False),
)

consent_table = Table(
    "consent", metadata,
    Column("id", Integer, primary_key=True),
    Column("informant_id", ForeignKey("informant.id"), unique=True, nullable=False),
    Column("status", String(40), default="given", nullable=False),
    Column("date", String(40), default="", nullable=False),
    Column("note", Text, default="", nullable=False),
)

audit_event_table = Table(
    "audit_event", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at_utc", String(40), nullable=False),
    Column("actor", String(200), index=True, nullable=False),
    Column("action", String(80), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer, nullable=True),
    Column("before", StoredJSON, nullable=True),
    Column("after", StoredJSON, nullable=True),
    Column("changes", StoredJSON, nullable=False),
    Column("message", Text, default="", nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), unique=True, nullable=False),
)

# A segmentation suggestion for a meaning unit (added by migration 0002).
suggestion_table = Table(
    "suggestion", metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "document.id"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("status", String(20), default="open", nullable=False),
    Column("source", String(100), default="", nullable=False),
)


#: Table per table name (the trail's entity names).
TABLES: dict[str, Table] = dict(metadata.tables)
