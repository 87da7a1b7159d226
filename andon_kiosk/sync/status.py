"""What `andon-kiosk sync status` reports: the station's queue and read position, and the
shared database's feed head and station register."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.store.models import FeedRow, OutboxRow, SyncCursorRow

from . import feed, parking
from .shared import SharedDatabase


@dataclass(frozen=True)
class LocalStatus:
    queued: int
    cursors: dict[str, int]  # "<instance>/<scope>" -> seq read up to
    parked: list[parking.Parked]


@dataclass(frozen=True)
class SharedStatus:
    instance: str
    head: int  # the newest feed seq
    stations: list[feed.StationSeen]


def local_status(sessions: sessionmaker[Session]) -> LocalStatus:
    with sessions() as session:
        queued = session.scalar(select(func.count()).select_from(OutboxRow)) or 0
        rows = session.execute(select(SyncCursorRow.name, SyncCursorRow.seq)).all()
        cursors = {name: seq for name, seq in rows}
        parked = parking.listing(session)
    return LocalStatus(queued, cursors, parked)


def shared_status(shared: SharedDatabase) -> SharedStatus:
    with shared.transaction("REPEATABLE READ") as connection:
        return SharedStatus(
            feed.instance_id(connection),
            connection.scalar(select(func.max(FeedRow.seq))) or 0,
            feed.stations(connection),
        )
