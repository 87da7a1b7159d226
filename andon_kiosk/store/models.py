"""The schema, shared by the local SQLite store and the plant's PostgreSQL.

`events` is the truth and is only ever inserted into. `tickets` is a projection of the fold,
rewritten in the same transaction as each event so that listing open tickets needs no fold
over the whole history; it can always be rebuilt from `events`. `outbox` lists the local
events still to be sent to the shared database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Double, Index, Integer, MetaData, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Payload = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    stamp: Mapped[str] = mapped_column(String(22), index=True)
    occurred_at: Mapped[float] = mapped_column(Double)
    actor: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    line: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(Payload)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_line_open", "line", "is_open"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    is_open: Mapped[bool] = mapped_column(Boolean)
    stops_line: Mapped[bool] = mapped_column(Boolean)
    raised_at: Mapped[float] = mapped_column(Double)
    ended_at: Mapped[float | None] = mapped_column(Double)  # contained or cancelled: stop over
    updated_stamp: Mapped[str] = mapped_column(String(22))


class CountRow(Base):
    __tablename__ = "counts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    stamp: Mapped[str] = mapped_column(String(22), index=True)
    occurred_at: Mapped[float] = mapped_column(Double, index=True)
    good: Mapped[int] = mapped_column(Integer)
    scrap: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    reading: Mapped[int | None] = mapped_column(BigInteger)
    product: Mapped[str | None] = mapped_column(String(64))


class ChangeoverRow(Base):
    __tablename__ = "changeovers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    stamp: Mapped[str] = mapped_column(String(22), index=True)
    occurred_at: Mapped[float] = mapped_column(Double, index=True)
    product: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))


class OutboxRow(Base):
    """Local records still to be sent to the shared database, in the order they were made.

    `kind` says which table `record_id` is in: "event" (ticket events), "count" or
    "changeover".
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8), server_default="event")
    record_id: Mapped[str] = mapped_column(String(36), index=True, unique=True)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    badge: Mapped[str | None] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pin_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[float | None] = mapped_column(Double)
    updated_at: Mapped[float] = mapped_column(Double)
