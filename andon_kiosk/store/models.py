"""The schema, shared by the local SQLite store and the plant's PostgreSQL.

`events` is the truth and is only ever inserted into. `tickets` is a projection of the fold,
rewritten in the same transaction as each event so that listing open tickets needs no fold
over the whole history; it can always be rebuilt from `events`. `outbox` lists the local
events still to be sent to the shared database.

Sync tables: on the shared database `feed` lists every record in the order it became visible
(its `seq` is handed out under a lock held to commit, so seq order is commit order and a reader
that has seen seq N has seen everything below it); locally, `sync_cursors` remembers how far a
station has read each shared database's feed. `stations` is the shared database's register of
stations and when each last reached it. `meta` holds this database's own instance id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Double,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from andon_kiosk.core import limits

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
    station: Mapped[str] = mapped_column(String(limits.STATION))
    line: Mapped[str] = mapped_column(String(limits.LINE))
    data: Mapped[dict[str, Any]] = mapped_column(Payload)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_line_open", "line", "is_open"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line: Mapped[str] = mapped_column(String(limits.LINE))
    station: Mapped[str] = mapped_column(String(limits.STATION))
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
    line: Mapped[str] = mapped_column(String(limits.LINE))
    station: Mapped[str] = mapped_column(String(limits.STATION))
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
    line: Mapped[str] = mapped_column(String(limits.LINE))
    station: Mapped[str] = mapped_column(String(limits.STATION))
    stamp: Mapped[str] = mapped_column(String(22), index=True)
    occurred_at: Mapped[float] = mapped_column(Double, index=True)
    product: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))


class OutboxRow(Base):
    """Local records still to be sent to the shared database, in the order they were made.

    `kind` says which table `record_id` is in: "event" (ticket events), "count",
    "changeover" or "user" (a user's current row is sent, newest change wins).
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12), server_default="event")
    record_id: Mapped[str] = mapped_column(String(36), index=True, unique=True)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(limits.USER_ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.USER_NAME))
    role: Mapped[str] = mapped_column(String(16))
    badge: Mapped[str | None] = mapped_column(String(limits.BADGE), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(limits.PIN_HASH))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pin_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[float | None] = mapped_column(Double)
    updated_at: Mapped[float] = mapped_column(Double)
    # HLC stamp of the last profile change: across stations the newest change wins, and
    # stamps (unlike wall clocks) never tie or run backwards.
    stamp: Mapped[str] = mapped_column(String(22), server_default="")


Seq = BigInteger().with_variant(Integer(), "sqlite")  # INTEGER PRIMARY KEY is SQLite's rowid


class FeedRow(Base):
    """One record in the shared database, in commit order: what a station pulls."""

    __tablename__ = "feed"

    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12))  # event | count | changeover | user
    record_id: Mapped[str] = mapped_column(String(36))
    line: Mapped[str] = mapped_column(String(limits.LINE))  # "" for plant-wide records (users)


class SyncCursorRow(Base):
    """How far this station has applied one shared database's feed, for one scope:
    `name` is "<instance id>/<scope>", so widening the scope starts that feed over."""

    __tablename__ = "sync_cursors"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)


class StationRow(Base):
    """A station as the shared database last heard from it (for the plant board)."""

    __tablename__ = "stations"

    station: Mapped[str] = mapped_column(String(limits.STATION), primary_key=True)
    line: Mapped[str] = mapped_column(String(limits.LINE))
    line_name: Mapped[str] = mapped_column(String(limits.LINE_NAME))
    kind: Mapped[str] = mapped_column(String(16))
    last_seen: Mapped[float] = mapped_column(Double)
    outbox_depth: Mapped[int] = mapped_column(Integer)


class MetaRow(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class ParkedRow(Base):
    """A record sync could not move, kept with the reason (`andon-kiosk sync status` lists
    them; `sync retry` / `sync discard` deal with them). `direction` "out": the shared
    database refused a local record (it stays in its table; only its outbox entry moved
    here). "in": a shared record that does not parse, fails validation or carries an
    impossible stamp; `record` holds it as received (JSON), since it was never stored."""

    __tablename__ = "parked"
    __table_args__ = (UniqueConstraint("direction", "kind", "record_id", name="uq_parked_record"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(12))
    record_id: Mapped[str] = mapped_column(String(64))
    record: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(String(500))
    parked_at: Mapped[float] = mapped_column(Double)


class StationLoginRow(Base):
    """Shared database only: which PostgreSQL login is which station, the lines it may
    write (None: every line) and whether it may write users (`andon-kiosk db add-station`).
    Row-level security policies read it (migration 0006); stations cannot."""

    __tablename__ = "station_logins"

    login: Mapped[str] = mapped_column(String(63), primary_key=True)
    station: Mapped[str] = mapped_column(String(limits.STATION))
    lines: Mapped[list[str] | None] = mapped_column(Payload)
    admin: Mapped[bool] = mapped_column(Boolean)


class NoticeRow(Base):
    """The notice ledger (notify/ledger.py): a notice is recorded here before it is sent,
    keyed by (ticket, trigger, person, channel), so a restart neither forgets nor repeats
    one; `status` pending | sending | sent | failing, retried at `next_try_at`."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_due", "status", "next_try_at"),)

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    trigger: Mapped[str] = mapped_column(String(16))
    person: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer)
    next_try_at: Mapped[float] = mapped_column(Double)
    last_error: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[float] = mapped_column(Double)
    sent_at: Mapped[float | None] = mapped_column(Double)
