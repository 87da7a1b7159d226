"""product changeovers; the tickets projection records when a stop ended

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""


import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "changeovers",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("stamp", sa.String(22), nullable=False),
        sa.Column("occurred_at", sa.Double(), nullable=False),
        sa.Column("product", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changeovers")),
    )
    op.create_index(op.f("ix_changeovers_stamp"), "changeovers", ["stamp"])
    op.create_index(op.f("ix_changeovers_occurred_at"), "changeovers", ["occurred_at"])
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("ended_at", sa.Double(), nullable=True))
    _backfill_ended_at()


def _backfill_ended_at() -> None:
    """Stops recorded before this revision: re-fold them (the projection is the fold)."""
    from andon_kiosk.core.clock import Stamp
    from andon_kiosk.core.events import Event, EventKind
    from andon_kiosk.core.tickets import fold

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT * FROM events WHERE ticket_id IN "
        "(SELECT ticket_id FROM events WHERE kind IN ('contained', 'cancelled'))"
    )).mappings().all()
    events: dict[str, list[Event]] = {}
    for r in rows:
        data = r["data"] if isinstance(r["data"], dict) else json.loads(r["data"])
        events.setdefault(r["ticket_id"], []).append(Event(
            r["id"], r["ticket_id"], EventKind(r["kind"]), Stamp.decode(r["stamp"]),
            r["occurred_at"], r["actor"], r["station"], r["line"], data,
        ))
    for ticket_id, ticket_events in events.items():
        ticket = fold(ticket_events)
        if ticket is not None and ticket.downtime_end is not None:
            bind.execute(sa.text("UPDATE tickets SET ended_at = :at WHERE id = :id"),
                         {"at": ticket.downtime_end, "id": ticket_id})


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("ended_at")
    op.drop_index(op.f("ix_changeovers_occurred_at"), table_name="changeovers")
    op.drop_index(op.f("ix_changeovers_stamp"), table_name="changeovers")
    op.drop_table("changeovers")
