"""Delivery you can trust: the notice ledger and the thread that works through it.

Planning: for each ticket it is told about (`consider`), the dispatcher derives the notices
the ticket calls for from its events (`core.notices.wanted`) and records the new ones in the
ledger (`NoticeRow`, keyed by ticket, trigger, person and channel) before anything is sent.

Sending: due notices go out side by side, a chunk at a time; while the next chunk goes out,
one transaction stores each outcome in the ledger ("sent", or "failing" with the reason and
the next try: 5 s, 10 s, 20 s … up to 5 min) together with a `notified` event on the ticket,
so every station shows who was told and how it went (a failing notice once per new reason,
not at every retry). Each channel keeps its service's rate limit (WeCom: 20 a minute per
robot): what is over waits for a free slot.

A restart forgets nothing (the ledger is in the store) and sends nothing again that was
stored as sent; what was in flight when the process died (sent, its outcome not yet
stored) is sent again, since a chat robot cannot say whether it arrived. The webhook carries
the notice's key as Idempotency-Key for receivers that drop repeats.

A plain thread (no Qt): the kiosk and the plant service run it alike.
"""

from __future__ import annotations

import collections
import logging
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.escalation import EscalationPolicy
from andon_kiosk.core.notices import Channel, Roster, Text, wanted
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.store import notices as ledger
from andon_kiosk.store import tickets as repo
from andon_kiosk.store.models import NoticeRow

from . import channels as ch
from .worker import TicketWorker

log = logging.getLogger(__name__)

FIRST_RETRY_S, LAST_RETRY_S = 5.0, 300.0
CHUNK = 16  # notices sent side by side, their outcomes stored in one transaction


# stores [(ticket id, outcome)] as `notified` events, in the session given (the ledger's)
Record = Callable[[Session, list[tuple[str, Mapping[str, object]]]], object]


class Dispatcher(TicketWorker):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        policy: EscalationPolicy,
        roster: Roster,
        channels: Mapping[str, Channel],
        shift_at: Callable[[float], str | None],
        compose: Callable[[Ticket, str, float], Text],
        record: Record,
        clock: Callable[[], float] = time.time,
        send: ch.Send = ch.send,
        recorded: Callable[[set[str]], None] | None = None,
        readers: sessionmaker[Session] | None = None,
    ) -> None:
        super().__init__("notify")
        self._sessions = sessions
        self._readers = readers or sessions  # for looking only: never behind a writer
        self.policy, self.roster, self.channels = policy, roster, channels
        self._shift_at, self._compose, self._record = shift_at, compose, record
        self._clock, self._send = clock, send
        self._recorded = recorded  # after an outcome is committed: these tickets changed
        self._sent_at: dict[str, collections.deque[float]] = collections.defaultdict(
            collections.deque
        )
        # each channel sends on a pool of its own, its chunks one after another on a lane of
        # its own: a slow or hanging service holds up only its own notices
        self._pools = {  # channel -> its senders (threads start when first needed)
            name: ThreadPoolExecutor(max_workers=8, thread_name_prefix=f"notify-{name}")
            for name in channels
        }
        self._lanes = ThreadPoolExecutor(max_workers=16, thread_name_prefix="notify-lane")
        self._settler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notify-settle")
        # sent, but the store could not take their outcomes: stored first at the next pass,
        # and not sent again meanwhile
        self._unsettled: list[tuple[list[NoticeRow], list[str]]] = []

    def stop(self, timeout: float = 5.0) -> None:
        self._stop_event.set()
        for pool in list(self._pools.values()):  # what has not started, never
            pool.shutdown(wait=False, cancel_futures=True)
        self._lanes.shutdown(wait=False, cancel_futures=True)
        super().stop(timeout)
        self._settler.shutdown(wait=True)  # what was sent is stored

    def consider(self, ticket_ids: Iterable[str]) -> None:
        """These tickets changed (raised, escalated, acknowledged, …): plan their notices."""
        self.hand(ticket_ids)

    # ---- the thread ----------------------------------------------------------------------
    def before(self) -> None:
        """At start: every ticket told of but not yet of its end (closed while this process
        was down: its follow-ups are still owed)."""
        with self._readers() as session:
            self.hand(ledger.owed_follow_ups(session))

    def step(self) -> float:
        """Plan what was handed over, send what is due; seconds until the next is due."""
        self.deliver()
        return self._until_next()

    def deliver(self) -> int:
        """Plan what was handed over, send what is due; the notices sent."""
        ids = self.take()
        if ids:
            self.plan(ids)
        return self.send_due()

    def plan(self, ticket_ids: Iterable[str]) -> int:
        """Record the notices these tickets call for and the ledger lacks; how many."""
        now = self._clock()
        shift = self._shift_at(now)
        added = 0
        ids = list(ticket_ids)
        with self._sessions.begin() as session:
            ledger_rows = ledger.by_ticket(session, ids)
            for ticket in repo.load_many(session, ids):
                have = ledger_rows[ticket.id]
                told = [ledger.to_notice(r) for r in have.values()]
                for notice in wanted(ticket, self.policy, self.roster, shift, told):
                    if notice.key in have or notice.channel not in self.channels:
                        continue
                    # in the order wanted: the call before its follow-ups
                    session.add(ledger.new_row(notice, now, order=added))
                    added += 1
        return added

    def send_due(self) -> int:
        """Send what is due, in order, `CHUNK` at a time side by side; each chunk's outcomes
        are stored in one transaction (the ledger and the tickets' events together).
        Outcomes a failing store could not take are stored first; until they are, nothing
        is sent (else they would be sent again at every pass)."""
        while self._unsettled:  # raises while the store still cannot be written
            rows, errors = self._unsettled[0]
            self._settle(rows, errors)
            self._unsettled.pop(0)
        now = self._clock()
        with self._readers() as session:
            due = ledger.due(session, self.channels, now, limit=200)
        lanes: dict[str, list[NoticeRow]] = {}
        for row in due:  # in order within each channel (due: configured channels only)
            lanes.setdefault(row.channel, []).append(row)
        try:
            futures = [self._lanes.submit(self._send_lane, rows) for rows in lanes.values()]
        except RuntimeError:  # stopping: the ledger still has them
            return 0
        settling = [s for f in futures if not f.cancelled() for s in f.result()]
        sent, failed = 0, None
        for future, rows, errors in settling:  # all stored before the ledger is read again
            try:
                sent += future.result()
            except Exception as exc:  # sent, not stored: kept for the next pass
                self._unsettled.append((rows, errors))
                failed = failed or exc
        if failed is not None:
            raise failed
        return sent

    def _send_lane(
        self, due: list[NoticeRow]
    ) -> list[tuple[Future[int], list[NoticeRow], list[str]]]:
        """One channel's due notices, `CHUNK` at a time side by side; each chunk's outcomes
        go to the settler (stored while the next chunk goes out, in order, on one thread)."""
        pool = self._pools[due[0].channel]
        settling: list[tuple[Future[int], list[NoticeRow], list[str]]] = []
        for chunk in _chunks(due):
            if self.stopping:
                break
            ready = self._ready(chunk)
            with self._readers() as session:
                tickets = {
                    t.id: t for t in repo.load_many(session, [r.ticket_id for r, _ in ready])
                }
            jobs = [(row, channel, tickets.get(row.ticket_id)) for row, channel in ready]
            try:
                errors = list(pool.map(self._attempt, jobs))
                rows = [r for r, _ in ready]
                settling.append((self._settler.submit(self._settle, rows, errors), rows, errors))
            except (CancelledError, RuntimeError):  # stopping: the ledger still has them
                break
        return settling

    def _ready(self, chunk: list[NoticeRow]) -> list[tuple[NoticeRow, Channel]]:
        """The rows of `chunk` their channel's rate limit lets go now; the others wait for a
        free slot."""
        ready = []
        for row in chunk:
            channel = self.channels.get(row.channel)
            if channel is None:
                continue
            wait = self._slot(channel, self._clock())
            if wait > 0:
                self._postpone(row.key, self._clock() + wait)
                continue
            self._sent_at[channel.name].append(self._clock())
            ready.append((row, channel))
        return ready

    # ---- one notice ----------------------------------------------------------------------
    def _attempt(self, job: tuple[NoticeRow, Channel, Ticket | None]) -> str:
        """Send one notice (on a pool thread); "" or why it failed."""
        row, channel, ticket = job
        person = self.roster.people.get(row.person)
        if ticket is None or person is None:
            return "the ticket or the person is no longer known here"
        try:
            text = self._compose(ticket, row.trigger, self._clock())
            self._send(channel, ledger.to_notice(row), [person], text)
        except ch.ChannelError as exc:
            return _one_line(str(exc)) or "failed"
        except Exception as exc:  # a bug must not stop the others: recorded, retried
            log.exception("notify: %s could not be sent", row.key)
            return _one_line(ch.hide(channel, f"{type(exc).__name__}: {exc}")) or "failed"
        return ""

    def _settle(self, rows: list[NoticeRow], errors: list[str]) -> int:
        """Store the outcomes: the ledger rows and, for a success or a new reason, a
        `notified` event on the ticket, in one transaction."""
        now = self._clock()
        outcomes = []
        with self._sessions.begin() as session:
            stored_rows = ledger.by_key(session, [row.key for row in rows])
            for row, error in zip(rows, errors, strict=True):
                stored = stored_rows.get(row.key)
                if stored is None:
                    continue
                stored.attempts += 1
                news = not error or error[:300] != stored.last_error  # once per new reason
                if error:
                    stored.status, stored.last_error = "failing", error[:300]
                    backoff = FIRST_RETRY_S * 2 ** (stored.attempts - 1)
                    stored.next_try_at = now + min(LAST_RETRY_S, backoff)
                    log.warning("notify: %s failed: %s", row.key, error)
                else:
                    stored.status, stored.sent_at, stored.last_error = "sent", now, ""
                if news:
                    outcomes.append((row.ticket_id, self._outcome(row, error)))
            if outcomes:
                try:
                    with session.begin_nested():
                        self._record(session, outcomes)
                except Exception:  # the ledger holds the truth; the events are for screens
                    log.exception("notify: could not record %d outcomes", len(outcomes))
                    outcomes = []
        if outcomes and self._recorded is not None:
            self._recorded({ticket_id for ticket_id, _ in outcomes})  # committed: show them
        return sum(1 for e in errors if not e)

    def _outcome(self, row: NoticeRow, error: str) -> dict[str, object]:
        person = self.roster.people.get(row.person)
        outcome: dict[str, object] = {
            "trigger": row.trigger,
            "level": row.level,
            "person": row.person,
            "name": person.name if person else row.person,
            "channel": row.channel,
            "ok": not error,
        }
        if error:
            outcome["error"] = error[:200]
        return outcome

    def _slot(self, channel: Channel, now: float) -> float:
        """Seconds until the channel may send again within its per-minute limit (0: now)."""
        sent = self._sent_at[channel.name]
        while sent and sent[0] <= now - 60:
            sent.popleft()
        if len(sent) < channel.per_minute:
            return 0.0
        return sent[0] + 60 - now

    def _postpone(self, key: str, until: float) -> None:
        with self._sessions.begin() as session:
            ledger.postpone(session, key, until)

    def _until_next(self) -> float:
        with self._readers() as session:
            nxt = ledger.next_try(session, self.channels)
        if nxt is None:
            return 30.0
        return min(30.0, max(0.05, nxt - self._clock()))


def _one_line(reason: str) -> str:
    """A reason as a `notified` event may hold it: no line breaks or other control or
    format characters (a raw status line ends in CR LF), which would fail the event's check
    and leave the failure off the ticket."""
    kept = (" " if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cf") else c for c in reason)
    return " ".join("".join(kept).split())


def _chunks(due: list[NoticeRow]) -> list[list[NoticeRow]]:
    """`due` in order, CHUNK at a time, but never two notices to one person about one ticket
    on one channel in the same chunk: sent side by side they could arrive the wrong way
    round (an "acknowledged" before the call it follows up)."""
    chunks: list[list[NoticeRow]] = []
    current: list[NoticeRow] = []
    seen: set[tuple[str, str, str]] = set()
    for row in due:
        who = (row.ticket_id, row.person, row.channel)
        if len(current) == CHUNK or who in seen:
            chunks.append(current)
            current, seen = [], set()
        current.append(row)
        seen.add(who)
    if current:
        chunks.append(current)
    return chunks
