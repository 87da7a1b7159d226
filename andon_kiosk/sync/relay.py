"""The outbox relay: local records go up to the shared database, in order, in batches.

One batch is: read the oldest outbox entries (local), publish them in one shared transaction
(idempotent: records already there are skipped and not fed twice), then delete those entries
(local). A crash or a lost reply between the shared commit and the local delete only means
the batch is sent again, which publishes nothing new. So nothing is lost (the entry leaves
the outbox only after the shared commit) and nothing is doubled (the shared insert is keyed
on the record's id).

The relay wakes when the local store commits (`wake()`), and at least once a second.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from . import feed, local
from .shared import SharedDatabase
from .worker import Status, SyncWorker

log = logging.getLogger(__name__)

Depth = Callable[[int], None]


class Relay(SyncWorker):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        shared: SharedDatabase,
        info: feed.StationInfo,
        *,
        status: Status,
        depth: Depth,
        batch_size: int = 500,
        heartbeat_s: float = 10.0,
        idle_s: float = 1.0,
    ) -> None:
        super().__init__("sync-relay", status, shared.settings.password)
        self._sessions = sessions
        self._shared = shared
        self.info = info
        self._depth = depth
        self.batch_size = batch_size
        self._heartbeat_s = heartbeat_s
        self._idle_s = idle_s
        self._wake = threading.Event()
        self._last_beat = 0.0
        self._last_depth: int | None = None
        self.sent_total = 0

    def wake(self) -> None:
        """Something was committed locally: look at the outbox now."""
        self._wake.set()

    def step(self) -> None:
        self._wake.clear()
        while not self._stopping.is_set() and self.send_batch():
            pass
        if time.monotonic() - self._last_beat >= self._heartbeat_s:
            with self._shared.transaction() as connection:
                feed.heartbeat(connection, self.info, self._report_depth())
            self._last_beat = time.monotonic()
        self._report_depth()
        self._wake.wait(self._idle_s)

    def send_batch(self) -> int:
        """Send the oldest batch; the number of outbox entries it cleared (0: empty)."""
        with self._sessions() as session:
            out = local.outgoing(session, self.batch_size)
        if not out.seqs:
            return 0
        with self._shared.transaction() as connection:
            published = feed.publish(connection, out.batch)
            feed.heartbeat(connection, self.info, self._last_depth or 0)
        self._last_beat = time.monotonic()
        with self._sessions.begin() as session:
            local.sent(session, out.seqs)
        if published.already:
            log.info("relay: %d records were already shared (sent again)", published.already)
        self.sent_total += len(out.seqs)
        self._report_depth()
        return len(out.seqs)

    def _report_depth(self) -> int:
        with self._sessions() as session:
            depth = local.depth(session)
        if depth != self._last_depth:
            self._last_depth = depth
            self._depth(depth)
        return depth

    def pause(self, seconds: float) -> None:
        """Back off, but keep the outbox depth on screen current: a kiosk that is offline
        shows its queue growing with every tap."""
        until = time.monotonic() + seconds
        while not self._stopping.is_set() and (left := until - time.monotonic()) > 0:
            if self._wake.wait(left):
                self._wake.clear()
                self._safe_depth()

    def _went_offline(self, error: BaseException) -> None:
        self._safe_depth()
        super()._went_offline(error)

    def _safe_depth(self) -> None:
        try:
            self._report_depth()
        except Exception:
            log.exception("relay: cannot read the outbox depth")

    def _interrupt(self) -> None:
        self._wake.set()
