"""search index: surface forms and lemmas per speaker turn (derived data)

On SQLite an FTS5 virtual table; on other databases a plain table searched with LIKE
(PostgreSQL full-text search can replace it later with the same columns). Neither is in
the ORM nor in the coding trail: the nlp layer rebuilds rows when ``search_state`` says
a document's text or the lemmatizer changed.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_turn USING fts5("
            "forms, lemmas, turn_id UNINDEXED, document_id UNINDEXED, tokens UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    else:
        op.create_table(
            'search_turn',
            sa.Column('turn_id', sa.Integer(), nullable=False),
            sa.Column('document_id', sa.Integer(), nullable=False, index=True),
            sa.Column('forms', sa.Text(), nullable=False),
            sa.Column('lemmas', sa.Text(), nullable=False),
            sa.Column('tokens', sa.Text(), nullable=False),
        )
    op.create_table(
        'search_state',
        sa.Column('document_id', sa.Integer(), primary_key=True),
        sa.Column('text_sha256', sa.String(length=64), nullable=False),
        sa.Column('indexer', sa.String(length=100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('search_state')
    op.drop_table('search_turn')
