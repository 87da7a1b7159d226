"""A station's sync: one relay (up) and one puller (down) against one shared database.

`start()` after the local store is open; `wake()` on every local commit (the station wires it
to the session's `after_commit`); `stop()` lets the relay finish the batch in hand. What the
station hears back comes through a `SyncListener`, on the sync threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.clock import Stamp

from .feed import StationInfo, StationSeen
from .local import Applied
from .puller import Puller
from .relay import Relay
from .shared import SharedDatabase, SharedSettings


class SyncListener(Protocol):
    def link(self, part: str, online: bool, detail: str) -> None:
        """`part` ("relay" or "puller") reached the shared database, or lost it."""

    def depth(self, queued: int) -> None:
        """Records still waiting in the outbox."""

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
        watch_stations: bool = False,
    ) -> None:
        self.shared = SharedDatabase(settings)
        self.listener = listener
        self._sessions = sessions
        self.relay = Relay(
            sessions,
            self.shared,
            info,
            status=lambda online, detail: listener.link("relay", online, detail),
            depth=listener.depth,
            batch_size=batch_size,
        )
        self.puller = Puller(
            sessions,
            self.shared,
            lines,
            status=lambda online, detail: listener.link("puller", online, detail),
            changes=listener.changes,
            observe=observe,
            stations=listener.stations if watch_stations else None,
            clock=clock or time.time,
            batch_size=batch_size,
            poll_s=poll_s,
        )
        self._started = False

    def describe(self) -> str:
        return self.shared.describe()

    def wake(self, _session: Session | None = None) -> None:
        self.relay.wake()

    def start(self) -> None:
        event.listen(self._sessions, "after_commit", self.wake)
        self.relay.start()
        self.puller.start()
        self._started = True

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        event.remove(self._sessions, "after_commit", self.wake)
        self.puller.stop()
        self.relay.stop()
        self.shared.dispose()
