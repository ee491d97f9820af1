"""lean indexes: drop six foreign-key indexes that a unique constraint's own index
already begins with (e.g. ``ix_coding_unit_id`` beside UNIQUE (unit_id, code_group_id))

Each lookup by that column is served by the unique index's prefix on SQLite and on
PostgreSQL alike, so the extra index only cost every insert: a bulk write of 40,000
coded meaning units spent about a third of its SQLite time keeping ``ix_coding_unit_id``
(bench/README.md, issue 13). Nothing is read differently; no row changes.

Revision ID: 0011_lean_indexes
Revises: 0010_coders
Create Date: 2026-12-02 07:50:00
"""

from alembic import op


revision = '0011_lean_indexes'
down_revision = '0010_coders'
branch_labels = None
depends_on = None

#: (index, table, column): each column is the first of a unique constraint of its table
REDUNDANT = (
    ('ix_turn_document_id', 'turn', 'document_id'),                  # UNIQUE (document_id, idx)
    ('ix_speaker_informant_document_id', 'speaker_informant', 'document_id'),  # (document_id, speaker)
    ('ix_coding_unit_id', 'coding', 'unit_id'),                       # UNIQUE (unit_id, code_group_id)
    ('ix_assignment_unit_id', 'assignment', 'unit_id'),               # UNIQUE (unit_id, subgroup_id)
    ('ix_condensate_unit_condensate_id', 'condensate_unit', 'condensate_id'),  # (condensate_id, unit_id)
    ('ix_analytic_text_subgroup_id', 'analytic_text', 'subgroup_id'),  # (subgroup_id, code_group_id, part)
)


def upgrade() -> None:
    for index, _table, _column in REDUNDANT:
        op.execute(f'DROP INDEX IF EXISTS {index}')


def downgrade() -> None:
    for index, table, column in REDUNDANT:
        op.execute(f'CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})')
