"""sync: records the shared database refused (out) or that arrived unusable (in), parked
with the reason, so one bad record never blocks the ones behind it

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parked",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("error", sa.String(500), nullable=False),
        sa.Column("parked_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parked")),
        sa.UniqueConstraint("direction", "kind", "record_id", name="uq_parked_record"),
    )


def downgrade() -> None:
    op.drop_table("parked")
