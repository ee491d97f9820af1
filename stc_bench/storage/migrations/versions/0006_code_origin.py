"""a code group's origin: a priori from the interview guide, or inductive (NULL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


# A plain ADD COLUMN, not batch mode: other tables refer to code_group, so recreating it
# (batch mode's copy-and-rename) would trip their foreign keys.
def upgrade() -> None:
    op.add_column('code_group', sa.Column('origin', sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE code_group DROP COLUMN origin")  # SQLite >= 3.35 and PostgreSQL
