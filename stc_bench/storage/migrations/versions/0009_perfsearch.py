"""search index keyed by place: on SQLite each row's FTS5 rowid is document id << 32 | turn id

Rowid order is then document and turn order, so a search reads its candidate turns a page
at a time as a rowid range (``search_index.candidate_page``) instead of all of them. The
rows are copied with their new rowids (no re-tokenising); other databases keep their table.

Revision ID: 0009
Revises: 0008
"""

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

COLUMNS = "forms, lemmas, turn_id, document_id, tokens"
FTS = ("USING fts5(forms, lemmas, turn_id UNINDEXED, document_id UNINDEXED, tokens UNINDEXED, "
       "tokenize = 'unicode61 remove_diacritics 0')")


def _rekey(rowid: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE VIRTUAL TABLE search_turn_rekeyed {FTS}")
    op.execute(f"INSERT INTO search_turn_rekeyed (rowid, {COLUMNS}) "
               f"SELECT {rowid}, {COLUMNS} FROM search_turn ORDER BY document_id, turn_id")
    op.execute("DROP TABLE search_turn")
    op.execute("ALTER TABLE search_turn_rekeyed RENAME TO search_turn")


def upgrade() -> None:
    _rekey("document_id << 32 | turn_id")


def downgrade() -> None:
    _rekey("NULL")
