"""A station's link to the shared database: one thread, one connection, both directions.

The loop: send the outbox, say we are alive, read the feed, then wait until something
happens: a local commit (`wake()`), a notification that another station committed, or
`poll_s` without either. One connection per station is deliberate: a plant of 80 lines stays
inside PostgreSQL's default of 100 connections. It LISTENs between transactions, so the
notifications arrive on the same socket the link waits on, and only on the channels of the
station's own lines (a plant board: the plant channel), so fifty kiosks are not all woken by
every line's every tap.

Waiting watches two things at once with select(): the connection's socket (a notification)
and one end of a socket pair that `wake()` writes a byte to (a socket pair rather than a
pipe, because select() on Windows takes sockets only).
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator

import psycopg
from sqlalchemy import Connection

from . import feed
from .puller import Puller
from .relay import Relay
from .retry import LINK_ERRORS, Backoff, describe_error
from .shared import SharedDatabase, guarded

log = logging.getLogger(__name__)

Status = Callable[[bool, str], None]  # (online, why not)
SCHEMA_CHECK_S = 60.0


class SyncLink(threading.Thread):
    """A plain thread (no Qt below `app`): it reports through `status`, which the app turns
    into a queued Qt signal. It never ends early: an unexpected error is logged and treated
    like a lost connection (back off, start over)."""

    def __init__(
        self,
        shared: SharedDatabase,
        *,
        relay: Relay,
        puller: Puller,
        status: Status,
        poll_s: float = 2.0,
        schema: str | None = None,
    ) -> None:
        super().__init__(name="sync-link", daemon=True)
        self.schema = schema  # the shared schema revision this kiosk needs (None: any)
        self._checked_at = -SCHEMA_CHECK_S
        self._stopping = threading.Event()
        self._status = status
        self._online: bool | None = None
        self._detail = ""
        self.backoff = Backoff()
        self._shared = shared
        self.relay = relay
        self.puller = puller
        self.poll_s = poll_s
        self._connection: Connection | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._woken = threading.Event()

    def start(self) -> None:
        self._wake_r, self._wake_w = socket.socketpair()  # closed by finish()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        super().start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self.wake()  # out of whatever it waits on
        if self.is_alive():
            self.join(timeout)

    # ---- called from other threads -----------------------------------------------------------
    def wake(self) -> None:
        """Something was committed locally: look at the outbox now."""
        self._woken.set()
        with contextlib.suppress(OSError, AttributeError):  # full of wake-ups, or not started
            self._wake_w.send(b"\0")

    # ---- the loop -----------------------------------------------------------------------------
    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.step()
            except LINK_ERRORS as exc:
                self._went_offline(exc)
            except Exception as exc:
                log.exception("sync: unexpected error; starting over")
                self._went_offline(exc)
        self._finish()

    def step(self) -> None:
        """Send, heartbeat, read, then wait for news; raises on any link error."""
        if self._connection is None:
            # LISTEN before the first read: no commit can slip between the two
            self._connection = self._shared.hold(self.puller.lines)
            self._checked_at = -SCHEMA_CHECK_S
        if self.schema is not None and time.monotonic() - self._checked_at >= SCHEMA_CHECK_S:
            # at connect, and again every minute: the database may be upgraded under us
            with self.transaction() as connection:
                feed.check_schema(connection, self.schema)
                feed.check_login(connection, self.relay.info)
            self._checked_at = time.monotonic()
        self._take_wakeups()
        while not self._stopping.is_set() and self.relay.send_batch():
            pass
        self.relay.heartbeat_if_due()
        while not self._stopping.is_set() and self.puller.pull_once():
            pass
        self.relay.report_depth()  # what the pull quarantined shows on screen too
        self.backoff.reset()
        self._report(True, "")
        self._wait()

    @contextlib.contextmanager
    def transaction(self, isolation: str | None = None) -> Iterator[Connection]:
        """A transaction on the link's connection (for the relay and the puller)."""
        if self._connection is None:
            raise ConnectionError("the sync link is not connected")
        with guarded(self._connection, self._shared.settings.operation_timeout_s, isolation):
            yield self._connection

    def _wait(self) -> None:
        """Until a local commit, another station's commit on our lines, `poll_s`, or stop."""
        assert self._connection is not None
        driver = self._connection.connection.driver_connection
        if self._backlog_relevant(driver):
            return
        until = time.monotonic() + self.poll_s
        while not self._stopping.is_set() and (left := until - time.monotonic()) > 0:
            if self._woken.is_set():
                return
            readable, _, _ = select.select([driver.pgconn.socket, self._wake_r], [], [], left)
            if self._wake_r in readable:
                return
            if readable and self._backlog_relevant(driver):
                return

    def _backlog_relevant(self, driver: psycopg.Connection, wait: float = 0.001) -> bool:
        """Consume what notifications arrived (only our lines' channels are listened to);
        True if one came from another station. (list(): psycopg's notifies() generator
        holds the connection's lock until exhausted; and a zero timeout there can mean no
        limit at all, hence the small positive wait.)"""
        notes = list(driver.notifies(timeout=wait, stop_after=100))
        own = driver.info.backend_pid  # our own relay's commits: nothing new to read
        return any(n.pid != own for n in notes)

    def _take_wakeups(self) -> None:
        self._woken.clear()
        with contextlib.suppress(BlockingIOError, OSError):
            while self._wake_r.recv(4096):
                pass

    # ---- after an error, and at the end --------------------------------------------------------
    def _went_offline(self, error: BaseException) -> None:
        with contextlib.suppress(Exception):
            self.relay.report_depth()
        detail = describe_error(error, self._shared.settings.password)
        if _local(error):  # this station's own store failed, not the link (a full disk)
            detail = f"this station's store: {detail}"
        if self._online is not False or detail != self._detail:
            log.warning("sync: shared database unreachable: %s", detail)
        self._report(False, detail)
        self._disconnect()
        self._pause(self.backoff.next())

    def _report(self, online: bool, detail: str) -> None:
        if online and self._online is False:
            log.info("sync: shared database reachable again")
        if (online, detail) != (self._online, self._detail):
            self._online, self._detail = online, detail
            self._status(online, detail)

    def _pause(self, seconds: float) -> None:
        """Back off, but keep the outbox depth on screen current: a kiosk that is offline
        shows its queue growing with every tap."""
        until = time.monotonic() + seconds
        while not self._stopping.is_set() and (left := until - time.monotonic()) > 0:
            readable, _, _ = select.select([self._wake_r], [], [], left)
            if readable:
                self._take_wakeups()
                try:
                    self.relay.report_depth()
                except Exception:
                    log.exception("sync: cannot read the outbox depth")

    def _disconnect(self) -> None:
        self.puller.forget()
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.invalidate()
            with contextlib.suppress(Exception):
                connection.close()

    def _finish(self) -> None:
        self._disconnect()
        for end in (self._wake_r, self._wake_w):
            if end is not None:
                end.close()


def _local(error: BaseException) -> bool:
    """Whether `error` came from the station's own SQLite store (sync cannot go on either)."""
    return isinstance(error, sqlite3.Error) or isinstance(
        getattr(error, "orig", None), sqlite3.Error
    )
