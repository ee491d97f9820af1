"""group transcripts: the informant behind each speaker label of a document

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:55:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'speaker_informant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('speaker', sa.String(length=200), nullable=False),
        sa.Column('informant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['informant_id'], ['informant.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'speaker'),
    )
    op.create_index('ix_speaker_informant_document_id', 'speaker_informant', ['document_id'])
    op.create_index('ix_speaker_informant_informant_id', 'speaker_informant', ['informant_id'])


def downgrade() -> None:
    op.drop_table('speaker_informant')
