"""documents keep their word count; the trail's JSON is stored as the text its hash covers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:30:00

- ``document.word_count``: counted here for the documents already imported, so
  ``status`` never reads the transcripts' text again.
- ``audit_event.before/after/changes`` are re-written in their canonical JSON (sorted
  keys, no spaces, UTF-8 as is) — the same values, in the exact text the event's hash
  covers, so ``audit verify`` hashes the stored text without decoding it. Only text that
  decodes is re-written; anything else (a column damaged outside stc-bench) is left as it
  is, so verify still finds and names that event. A value is unchanged by this, so every
  hash that held before still holds, and one that did not still does not.
"""

import json

import sqlalchemy as sa
from alembic import op

from stc_bench.domain.audit import canonical_json
from stc_bench.domain.offsets import word_count

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 100  # events per read: a bulk write's event can hold 80k row changes


def upgrade() -> None:
    op.add_column('document', sa.Column('word_count', sa.Integer(), nullable=True))
    conn = op.get_bind()
    ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM document"))]
    for id_ in ids:  # one text in memory at a time (a transcript can be megabytes)
        text = conn.execute(sa.text("SELECT text FROM document WHERE id = :id"),
                            {"id": id_}).scalar_one()
        conn.execute(sa.text("UPDATE document SET word_count = :n WHERE id = :id"),
                     {"n": word_count(text or ""), "id": id_})
    _canonical_trail(conn)


def _canonical_trail(conn) -> None:
    last = 0
    while True:
        # PostgreSQL's driver decodes a json column: read its text, as SQLite stores it
        cols = ('"before"::text, "after"::text, changes::text' if conn.dialect.name == "postgresql"
                else '"before", "after", changes')
        rows = conn.execute(sa.text(
            f"SELECT seq, {cols} FROM audit_event WHERE seq > :last "
            "ORDER BY seq LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            return
        updates = []
        for seq, *texts in rows:
            new = [_canonical(t) for t in texts]
            if new != texts:
                updates.append({"seq": seq, "b": new[0], "a": new[1], "c": new[2]})
        if updates:
            conn.execute(sa.text('UPDATE audit_event SET "before" = :b, "after" = :a, '
                                 "changes = :c WHERE seq = :seq"), updates)
        last = rows[-1][0]


def _canonical(stored):
    if not isinstance(stored, str):
        return stored  # SQL NULL, or binary written into the file: left for verify to see
    try:
        return canonical_json(json.loads(stored))
    except ValueError:
        return stored


def downgrade() -> None:
    # canonical JSON is JSON: the older schema reads the trail as it is
    # a plain DROP COLUMN (SQLite >= 3.35): a batch copy of `document` would be refused
    # by the foreign keys of its turns and units
    op.execute('ALTER TABLE document DROP COLUMN word_count')
