"""a quote's place in its analytic text: after which paragraph it stands

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('after_paragraph', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('quote', schema=None) as batch_op:
        batch_op.drop_column('after_paragraph')
