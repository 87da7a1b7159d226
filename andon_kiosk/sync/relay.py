"""The outbox relay: local records go up to the shared database, in order, in batches.

One batch is: read the oldest outbox entries (local), publish them in one shared transaction
(idempotent: records already there are skipped and not fed twice), then delete those entries
(local). When the shared database refuses the batch for what is in it (not because the link
failed), the batch is halved until the refused records are found: the rest is published,
each refused record is parked with PostgreSQL's reason (`parking.py`), and the queue moves on.

A crash or a lost reply between the shared commit and the local delete only means the batch
is sent again, which publishes nothing new. So nothing is lost (the entry leaves
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

from . import feed, inbound, local, parking
from .records import Record
from .retry import describe_error, is_refusal

log = logging.getLogger(__name__)

Depth = Callable[[int], None]
Refused = list[tuple[str, Record, str]]  # (kind, record, why)
_NO_LIMIT = 2**62  # outgoing stamps are our own: no clock check
Transaction = Callable[..., AbstractContextManager[Connection]]


def _refusal(error: BaseException) -> str:
    """PostgreSQL's reason, and for a policy's refusal what it means here."""
    why = describe_error(error, None)
    if "row-level security" in why:
        why += (
            " (this station's login may not write this record's line, or not as this station:"
            " see andon-kiosk db add-station)"
        )
    return why


class Relay:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        transaction: Transaction,
        info: feed.StationInfo,
        *,
        depth: Depth,
        stuck: Depth | None = None,
        batch_size: int = 500,
        heartbeat_s: float = 10.0,
        clock: Callable[[], float] = time.time,
        writes_users: bool = True,
    ) -> None:
        self._sessions = sessions
        self._transaction = transaction
        self.info = info
        self._depth = depth
        self.batch_size = batch_size
        self._heartbeat_s = heartbeat_s
        self._last_beat = 0.0
        self._last_depth: int | None = None
        self._stuck = stuck
        self._last_stuck: int | None = None
        self._clock = clock
        # Users reach the plant from an admin station only (the shared database refuses
        # them from any other login); elsewhere a user's change stays on the station.
        self.writes_users = writes_users

    def send_batch(self) -> int:
        """Send the oldest batch; the number of outbox entries it cleared (0: empty)."""
        with self._sessions() as session:
            out = local.outgoing(session, self.batch_size)
        if not out.seqs:
            return 0
        if not self.writes_users:
            kept = [(kind, r) for kind, r in out.batch if kind != "user"]
            if len(kept) < len(out.batch):
                log.info(
                    "relay: %d user changes stay on this station (users reach the plant from "
                    "an admin station)",
                    len(out.batch) - len(kept),
                )
            out.batch = kept
        refused: Refused = list(out.unreadable)
        out.batch = self._screen(out.batch, refused)
        try:
            with self._transaction() as connection:
                published = feed.publish(connection, out.batch)  # may be empty: a heartbeat
                feed.heartbeat(connection, self.info, self._last_depth or 0)
            already = published.already
            self._last_beat = time.monotonic()
        except Exception as exc:
            if not is_refusal(exc):
                raise
            already = self._publish_apart(out.batch, refused)
        with self._sessions.begin() as session:
            local.sent(session, out.seqs)
            parking.park_out(session, refused, self._clock())
        if already:
            log.info("relay: %d records were already shared (sent again)", already)
        for kind, record, why in refused:
            log.error("relay: the shared database refused %s %s: %s", kind, record["id"], why)
        self.report_depth()
        return len(out.seqs)

    @staticmethod
    def _screen(batch: list[tuple[str, Record]], refused: Refused) -> list[tuple[str, Record]]:
        """The batch without records that would be refused for their content (the checks
        applied to what arrives: a NUL, a broken character, a value too long), which are
        added to `refused` at once: no round trip, no halving for the common poison."""
        kept = []
        for kind, record in batch:
            why = inbound.problem(kind, record, latest_ms=_NO_LIMIT)
            if why is None:
                kept.append((kind, record))
            else:
                refused.append((kind, record, f"not sent: {why}"))
        return kept

    def _publish_apart(self, batch: list[tuple[str, Record]], refused: Refused) -> int:
        """Publish `batch` in halves, each in its own transaction, down to the records the
        shared database refuses (added to `refused`); records already shared, counted. A link
        error on the way raises: the outbox is untouched and the whole batch is sent again."""
        try:
            with self._transaction() as connection:
                return feed.publish(connection, batch).already
        except Exception as exc:
            if not is_refusal(exc):
                raise
            if len(batch) == 1:
                kind, record = batch[0]
                refused.append((kind, record, _refusal(exc)))
                return 0
        middle = len(batch) // 2
        return self._publish_apart(batch[:middle], refused) + self._publish_apart(
            batch[middle:], refused
        )

    def heartbeat_if_due(self) -> None:
        """Tell the plant this station is alive (every `heartbeat_s`, even with nothing to send)."""
        if time.monotonic() - self._last_beat >= self._heartbeat_s:
            with self._transaction() as connection:
                feed.heartbeat(connection, self.info, self.report_depth())
            self._last_beat = time.monotonic()

    def report_depth(self) -> int:
        """Count the outbox (and what is parked), and tell the screen when a number changed."""
        with self._sessions() as session:
            depth = local.depth(session)
            stuck = parking.count(session) if self._stuck is not None else 0
        if depth != self._last_depth:
            self._last_depth = depth
            self._depth(depth)
        if self._stuck is not None and stuck != self._last_stuck:
            self._last_stuck = stuck
            self._stuck(stuck)
        return depth
