"""The change puller: the shared feed comes down into the local store.

`LISTEN/NOTIFY` makes it fast (a relay's commit wakes every puller at once); the cursor makes
it correct: notifications are lost while disconnected, so after every (re)connect, and every
`poll_s` in any case, the puller reads the feed from where it stopped. The cursor is stored
in the local transaction that applies the page, so a restart neither skips nor (visibly)
repeats anything.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.clock import Stamp

from . import feed, local
from .shared import SharedDatabase
from .worker import Status, SyncWorker

log = logging.getLogger(__name__)

Changes = Callable[[local.Applied], None]
Stations = Callable[[list[feed.StationSeen]], None]


def scope_key(lines: Sequence[str] | None) -> str:
    if lines is None:
        return "plant"
    joined = ",".join(sorted(set(lines)))
    return (
        joined if len(joined) <= 60 else "lines-" + hashlib.sha1(joined.encode()).hexdigest()[:16]
    )


class Puller(SyncWorker):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        shared: SharedDatabase,
        lines: Sequence[str] | None,
        *,
        status: Status,
        changes: Changes,
        observe: Callable[[Stamp], None],
        stations: Stations | None = None,
        clock: Callable[[], float] = time.time,
        batch_size: int = 500,
        poll_s: float = 2.0,
    ) -> None:
        super().__init__("sync-puller", status, shared.settings.password)
        self._sessions = sessions
        self._shared = shared
        self.lines = tuple(lines) if lines is not None else None
        self._changes = changes
        self._observe = observe
        self._stations = stations
        self._clock = clock
        self.batch_size = batch_size
        self.poll_s = poll_s
        self._listen = None  # psycopg.Connection LISTENing, or None
        self._cursor_name = ""
        self.applied_total = 0

    def step(self) -> None:
        if self._listen is None:
            self._listen = self._shared.listener()  # before reading: no commit slips between
        while not self._stopping.is_set() and self.pull_once():
            pass
        self._wait_for_news()

    def pull_once(self) -> bool:
        """Apply one page of the feed; True if there is more to read at once."""
        if not self._cursor_name:
            with self._shared.transaction() as connection:
                self._cursor_name = f"{feed.instance_id(connection)}/{scope_key(self.lines)}"
        with self._sessions() as session:
            cursor = local.cursor(session, self._cursor_name)
        with self._shared.transaction("REPEATABLE READ") as connection:
            page = feed.read(connection, cursor, self.lines, self.batch_size)
            seen = feed.stations(connection) if self._stations is not None else None
        applied = None
        if page.entries or page.cursor != cursor or seen:
            with self._sessions.begin() as session:
                applied = local.apply(session, page, self._cursor_name, self._observe)
                if seen:
                    local.remember_stations(session, seen, self._clock())
            self.applied_total += applied.records
        if applied:
            self._changes(applied)
        if seen is not None and self._stations is not None:
            self._stations(seen)
        return page.more

    def _wait_for_news(self) -> None:
        """Until a relevant notification, `poll_s`, or stop; in short slices so stop is quick."""
        until = time.monotonic() + self.poll_s
        while not self._stopping.is_set():
            left = until - time.monotonic()
            if left <= 0:
                return
            # list(): the generator holds the connection's lock until it is exhausted
            notes = list(self._listen.notifies(timeout=min(0.25, left), stop_after=1))
            if any(self._relevant(note.payload) for note in notes):
                self._drain_notifications()
                return

    def _drain_notifications(self) -> None:
        """A burst of commits is one pull, not one pull per commit. (Never timeout=0 with
        psycopg's notifies(): a zero wait there can mean no time limit at all.)"""
        for _ in range(100):
            if not list(self._listen.notifies(timeout=0.01, stop_after=1)):
                return

    def _relevant(self, payload: str) -> bool:
        if self.lines is None or not payload:
            return True
        lines = set(payload.split(","))
        return bool(lines & {*self.lines, ""}) or len(payload) >= 7000

    def disconnect(self) -> None:
        listen, self._listen = self._listen, None
        if listen is not None:
            try:
                listen.close()
            except Exception:
                log.debug("puller: closing the listener failed", exc_info=True)

    def finish(self) -> None:
        self.disconnect()
