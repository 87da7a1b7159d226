"""The outbox relay: local records go up to the shared database, in order, in batches.

One batch is: read the oldest outbox entries (local), publish them in one shared transaction
(idempotent: records already there are skipped and not fed twice), then delete those entries
(local). A crash or a lost reply between the shared commit and the local delete only means
the batch is sent again, which publishes nothing new. So nothing is lost (the entry leaves
the outbox only after the shared commit) and nothing is doubled (the shared insert is keyed
on the record's id).

The relay is not a thread: `SyncLink` runs it (and the puller) on the station's one shared
connection. `transaction` opens one shared transaction (default: a pooled connection).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from . import feed, local

log = logging.getLogger(__name__)

Depth = Callable[[int], None]
Transaction = Callable[..., AbstractContextManager[Connection]]


class Relay:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        transaction: Transaction,
        info: feed.StationInfo,
        *,
        depth: Depth,
        batch_size: int = 500,
        heartbeat_s: float = 10.0,
    ) -> None:
        self._sessions = sessions
        self._transaction = transaction
        self.info = info
        self._depth = depth
        self.batch_size = batch_size
        self._heartbeat_s = heartbeat_s
        self._last_beat = 0.0
        self._last_depth: int | None = None

    def send_batch(self) -> int:
        """Send the oldest batch; the number of outbox entries it cleared (0: empty)."""
        with self._sessions() as session:
            out = local.outgoing(session, self.batch_size)
        if not out.seqs:
            return 0
        with self._transaction() as connection:
            published = feed.publish(connection, out.batch)
            feed.heartbeat(connection, self.info, self._last_depth or 0)
        self._last_beat = time.monotonic()
        with self._sessions.begin() as session:
            local.sent(session, out.seqs)
        if published.already:
            log.info("relay: %d records were already shared (sent again)", published.already)
        self.report_depth()
        return len(out.seqs)

    def heartbeat_if_due(self) -> None:
        """Tell the plant this station is alive (every `heartbeat_s`, even with nothing to send)."""
        if time.monotonic() - self._last_beat >= self._heartbeat_s:
            with self._transaction() as connection:
                feed.heartbeat(connection, self.info, self.report_depth())
            self._last_beat = time.monotonic()

    def report_depth(self) -> int:
        """Count the outbox, and tell the screen when the number changed."""
        with self._sessions() as session:
            depth = local.depth(session)
        if depth != self._last_depth:
            self._last_depth = depth
            self._depth(depth)
        return depth
