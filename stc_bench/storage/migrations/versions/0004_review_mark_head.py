"""review marks keep the trail's head hash (the anchor a supervisor can keep outside the file)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('review_mark', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_hash', sa.String(length=64), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('review_mark', schema=None) as batch_op:
        batch_op.drop_column('head_hash')
