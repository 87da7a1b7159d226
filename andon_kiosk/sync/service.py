"""A station's sync: the relay (up) and the puller (down), run by one link thread on one
connection to the shared database.

`start()` after the local store is open; every local commit wakes the link (the service hooks
the sessions' `after_commit`); `stop()` lets the batch in hand finish. What the station hears
back comes through a `SyncListener`, on the link's thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.clock import Stamp
from andon_kiosk.store import db

from .feed import StationInfo, StationSeen
from .link import SyncLink
from .local import Applied
from .puller import Puller
from .relay import Relay
from .shared import SharedDatabase, SharedSettings


class SyncListener(Protocol):
    def link(self, online: bool, detail: str) -> None:
        """The shared database was reached, or lost (`detail`: why)."""

    def depth(self, queued: int) -> None:
        """Records still waiting in the outbox."""

    def stuck(self, parked: int) -> None:
        """Records parked: refused by the shared database, or arrived unusable."""

    def changes(self, applied: Applied) -> None:
        """Records from other stations were stored locally."""

    def stations(self, seen: list[StationSeen]) -> None:
        """The shared station register (maintenance stations and boards only)."""


class SyncService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: SharedSettings,
        info: StationInfo,
        lines: Sequence[str] | None,
        listener: SyncListener,
        *,
        observe: Callable[[Stamp], None],
        clock: Callable[[], float] | None = None,
        batch_size: int = 500,
        poll_s: float = 2.0,
        max_clock_ahead_s: float = 300.0,
        writes_users: bool = True,
        watch_stations: bool = False,
    ) -> None:
        self.shared = SharedDatabase(settings)
        self.listener = listener
        self._sessions = sessions
        self.relay = Relay(
            sessions,
            self._transaction,
            info,
            depth=listener.depth,
            stuck=listener.stuck,
            batch_size=batch_size,
            clock=clock or time.time,
            writes_users=writes_users,
        )
        self.puller = Puller(
            sessions,
            self._transaction,
            lines,
            changes=listener.changes,
            observe=observe,
            stations=listener.stations if watch_stations else None,
            clock=clock or time.time,
            batch_size=batch_size,
            max_clock_ahead_s=max_clock_ahead_s,
            station=info.station,
        )
        self.link = SyncLink(
            self.shared,
            relay=self.relay,
            puller=self.puller,
            status=listener.link,
            poll_s=poll_s,
            schema=db.head_revision(),
        )
        self._started = False

    def _transaction(self, isolation: str | None = None) -> AbstractContextManager[Connection]:
        """On the link's connection while it runs; on a pooled one when a caller (a test, a
        command) drives the relay or puller itself."""
        if self._started:
            return self.link.transaction(isolation)
        return self.shared.transaction(isolation)

    def describe(self) -> str:
        return self.shared.describe()

    def wake(self, _session: Session | None = None) -> None:
        self.link.wake()

    def start(self) -> None:
        event.listen(self._sessions, "after_commit", self.wake)
        self._started = True
        self.link.start()

    def stop(self) -> None:
        if not self._started:
            return
        event.remove(self._sessions, "after_commit", self.wake)
        self.link.stop()
        self._started = False
        self.shared.dispose()
