"""The change puller: the shared feed comes down into the local store.

`LISTEN/NOTIFY` makes it fast (a relay's commit wakes every station at once, see link.py);
the cursor makes it correct: notifications are lost while disconnected, so after every
(re)connect, and every `poll_s` in any case, the feed is read from where it stopped. The
cursor is stored in the local transaction that applies the page, so a restart neither skips
nor (visibly) repeats anything.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.clock import Stamp

from . import feed, local
from .relay import Transaction

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


class Puller:
    """Reads the feed and applies it locally; `SyncLink` decides when."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        transaction: Transaction,
        lines: Sequence[str] | None,
        *,
        changes: Changes,
        observe: Callable[[Stamp], None],
        stations: Stations | None = None,
        clock: Callable[[], float] = time.time,
        batch_size: int = 500,
        max_clock_ahead_s: float = 300.0,
        station: str = "",
    ) -> None:
        self._sessions = sessions
        self._transaction = transaction
        self.lines = tuple(lines) if lines is not None else None
        self._changes = changes
        self._observe = observe
        self._stations = stations
        self._clock = clock
        self.batch_size = batch_size
        self.max_clock_ahead_s = max_clock_ahead_s
        self.station = station  # whose records to send again if the database went back
        self.stations_every_s = 5.0
        self._stations_read = -1e9
        self._cursor_name = ""
        self._cursor: int | None = None  # how far the feed was read (this run)
        self._stored = 0  # ... and how far the local store says

    def forget(self) -> None:
        """After a lost connection: read the instance and the stored cursor again (the
        shared database may have been replaced, say restored from a backup, meanwhile)."""
        self._cursor_name = ""
        self._cursor = None

    def pull_once(self) -> bool:
        """Apply one page of the feed; True if there is more to read at once."""
        if not self._cursor_name:
            with self._transaction() as connection:
                self._cursor_name = f"{feed.instance_id(connection)}/{scope_key(self.lines)}"
        if self._cursor is None:
            with self._sessions() as session:
                self._cursor = self._stored = local.cursor(session, self._cursor_name)
        cursor = self._cursor
        register_due = time.monotonic() - self._stations_read >= self.stations_every_s
        with self._transaction("REPEATABLE READ") as connection:
            page = feed.read(connection, cursor, self.lines, self.batch_size)
            seen = None
            if self._stations is not None and register_due:  # it changes every 10 s at most
                seen = feed.stations(connection)
                self._stations_read = time.monotonic()
        if page.rewound:
            log.warning(
                "sync: the shared feed ends at %s, below where this station read it (%s): the "
                "database was restored from a backup; reading it again and sending this "
                "station's records again",
                page.cursor,
                cursor,
            )
            with self._sessions.begin() as session:
                local.queue_own_records(session, self.station)
        applied = None
        # Moving past other lines' rows needs no local write each time: after a restart they
        # are only scanned again. A write (and its fsync) when something is applied, or
        # every thousand rows.
        if page.entries or seen or page.rewound or page.cursor - self._stored >= 1000:
            with self._sessions.begin() as session:
                now = self._clock()
                applied = local.apply(
                    session,
                    page,
                    self._cursor_name,
                    self._observe,
                    now=now,
                    latest_ms=int((now + self.max_clock_ahead_s) * 1000),
                )
                if seen:
                    local.remember_stations(session, seen, self._clock())
            self._stored = page.cursor
        self._cursor = page.cursor
        if applied:
            self._changes(applied)
        if seen is not None and self._stations is not None:
            self._stations(seen)
        return page.more
