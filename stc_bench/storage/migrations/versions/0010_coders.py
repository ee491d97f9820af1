"""several coders: a meaning unit's coder (NULL: the project's coding), the coders of a
document in independent coding and the team's consensus decisions

Revision ID: 0010_coders
Revises: 0009
Create Date: 2026-12-02 04:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010_coders'
down_revision = '0009'
branch_labels = None
depends_on = None


# A plain ADD COLUMN, not batch mode: other tables refer to meaning_unit (see 0006).
def upgrade() -> None:
    op.add_column('meaning_unit', sa.Column('coder', sa.String(length=200), nullable=True))
    op.create_table(
        'independent_coder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('coder', sa.String(length=200), nullable=False),
        sa.Column('started_at', sa.String(length=40), nullable=False),
        sa.Column('released_at', sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_independent_coder_document_id', 'independent_coder', ['document_id'])
    op.create_table(
        'consensus_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('unit_a', sa.Integer(), nullable=True),
        sa.Column('unit_b', sa.Integer(), nullable=True),
        sa.Column('decision', sa.String(length=20), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_consensus_decision_document_id', 'consensus_decision', ['document_id'])


def downgrade() -> None:
    op.drop_table('consensus_decision')
    op.drop_table('independent_coder')
    op.execute("ALTER TABLE meaning_unit DROP COLUMN coder")  # SQLite >= 3.35 and PostgreSQL
