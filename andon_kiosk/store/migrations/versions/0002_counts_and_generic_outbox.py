"""part counts; the outbox carries ticket events and counts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("stamp", sa.String(22), nullable=False),
        sa.Column("occurred_at", sa.Double(), nullable=False),
        sa.Column("good", sa.Integer(), nullable=False),
        sa.Column("scrap", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("reading", sa.BigInteger(), nullable=True),
        sa.Column("product", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counts")),
    )
    op.create_index(op.f("ix_counts_stamp"), "counts", ["stamp"])
    op.create_index(op.f("ix_counts_occurred_at"), "counts", ["occurred_at"])

    # Rebuild the outbox rather than alter it in place (SQLite cannot drop a foreign key,
    # and its batch mode loses constraint names); queued rows keep their order.
    op.create_table(
        "outbox_new",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False, server_default="event"),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox_new")),
    )
    op.execute(
        "INSERT INTO outbox_new (seq, kind, record_id) SELECT seq, 'event', event_id FROM outbox"
    )
    op.drop_table("outbox")
    op.rename_table("outbox_new", "outbox")
    _rename_primary_key("outbox_new", "outbox")
    op.create_index(op.f("ix_outbox_record_id"), "outbox", ["record_id"], unique=True)
    _restart_sequence()


def downgrade() -> None:
    op.create_table(
        "outbox_old",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_outbox_event_id_events")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox_old")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )
    op.execute(
        "INSERT INTO outbox_old (seq, event_id) SELECT seq, record_id FROM outbox "
        "WHERE kind = 'event'"
    )
    op.drop_table("outbox")
    op.rename_table("outbox_old", "outbox")
    _rename_primary_key("outbox_old", "outbox")
    _restart_sequence()
    op.drop_index(op.f("ix_counts_occurred_at"), table_name="counts")
    op.drop_index(op.f("ix_counts_stamp"), table_name="counts")
    op.drop_table("counts")


def _rename_primary_key(old: str, new: str) -> None:
    """PostgreSQL keeps constraint and sequence names through a table rename: fix them."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
    op.execute(f"ALTER SEQUENCE {old}_seq_seq RENAME TO {new}_seq_seq")


def _restart_sequence() -> None:
    """New rows continue after the copied ones (PostgreSQL; SQLite does this by itself)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('outbox', 'seq'), "
            "COALESCE((SELECT max(seq) FROM outbox), 0) + 1, false)"
        )
