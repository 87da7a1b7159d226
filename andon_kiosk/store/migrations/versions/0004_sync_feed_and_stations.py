"""sync: the shared feed in commit order, read cursors, the station register, instance id;
users are queued for upload like events (outbox.kind widened)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "feed",
        sa.Column("seq", Seq, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_feed")),
    )
    op.create_table(
        "sync_cursors",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_cursors")),
    )
    op.create_table(
        "stations",
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("line_name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("last_seen", sa.Double(), nullable=False),
        sa.Column("outbox_depth", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station", name=op.f("pk_stations")),
    )
    meta = op.create_table(
        "meta",
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    with op.batch_alter_table("outbox") as batch:  # "changeover" did not fit in 8
        batch.alter_column("kind", type_=sa.String(12), existing_type=sa.String(8))
    with op.batch_alter_table("users") as batch:  # users sync: newest stamp wins
        batch.add_column(sa.Column("stamp", sa.String(22), server_default="", nullable=False))
    # Each database gets its own id: a station keeps one read cursor per shared database, so
    # pointing it at a new (or restored) shared database never skips that database's feed.
    op.bulk_insert(meta, [{"key": "instance", "value": str(uuid.uuid4())}])


def downgrade() -> None:
    for table in ("meta", "stations", "sync_cursors", "feed"):
        op.drop_table(table)
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("kind", type_=sa.String(8), existing_type=sa.String(12))
    with op.batch_alter_table("users") as batch:
        batch.drop_column("stamp")
