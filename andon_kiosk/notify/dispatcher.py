"""Delivery you can trust: the notice ledger and the thread that works through it.

Planning: for each ticket it is told about (`consider`), the dispatcher derives the notices
the ticket calls for from its events (`core.notices.wanted`) and records the new ones in the
ledger (`NoticeRow`, keyed by ticket, trigger, person and channel) before anything is sent.

Sending: a due notice is marked "sending" and committed, sent, then marked "sent" or
"failing" (with the reason and the next try: 5 s, 10 s, 20 s … up to 5 min), and the outcome
is recorded as a `notified` event on the ticket, so every station shows who was told and how
it went (a failing notice once per new reason, not at every retry). Each channel keeps its
service's rate limit (WeCom: 20 a minute per robot): what is over waits for a free slot.

A restart forgets nothing (the ledger is in the store) and sends nothing twice that it knew
was sent; a notice killed in the middle of its send ("sending") is sent again, since a chat
robot has no way to tell whether it arrived (the webhook carries its key as Idempotency-Key
for receivers that can drop repeats).

A plain thread (no Qt): the kiosk and the plant service run it alike.
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.escalation import EscalationPolicy
from andon_kiosk.core.notices import Channel, Notice, Roster, Text, wanted
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.store import tickets as repo
from andon_kiosk.store.models import NoticeRow

from . import channels as ch
from .worker import TicketWorker

log = logging.getLogger(__name__)

FIRST_RETRY_S, LAST_RETRY_S = 5.0, 300.0


Record = Callable[[str, Mapping[str, object]], object]  # (ticket id, outcome) -> stored


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
    ) -> None:
        super().__init__("notify")
        self._sessions = sessions
        self.policy, self.roster, self.channels = policy, roster, channels
        self._shift_at, self._compose, self._record = shift_at, compose, record
        self._clock, self._send = clock, send
        self._sent_at: dict[str, collections.deque[float]] = collections.defaultdict(
            collections.deque
        )
        self._reported: dict[str, str] = {}  # key -> last failure reason recorded

    def consider(self, ticket_ids: Iterable[str]) -> None:
        """These tickets changed (raised, escalated, acknowledged, …): plan their notices."""
        self.hand(ticket_ids)

    # ---- the thread ----------------------------------------------------------------------
    def before(self) -> None:
        with self._sessions.begin() as session:  # killed mid-send last time: send again
            for row in session.scalars(select(NoticeRow).where(NoticeRow.status == "sending")):
                row.status = "pending"

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
        with self._sessions.begin() as session:
            for ticket in repo.load_many(session, list(ticket_ids)):
                have = {r.key: r for r in session.scalars(
                    select(NoticeRow).where(NoticeRow.ticket_id == ticket.id)
                )}  # fmt: skip
                told = [_notice(r) for r in have.values() if r.trigger.startswith("level-")]
                for notice in wanted(ticket, self.policy, self.roster, shift, told):
                    if notice.key in have or notice.channel not in self.channels:
                        continue
                    # in the order wanted: the call before its follow-ups
                    session.add(_row(notice, now, order=added))
                    added += 1
        return added

    def send_due(self) -> int:
        now = self._clock()
        with self._sessions() as session:
            due = list(
                session.scalars(
                    select(NoticeRow)
                    .where(
                        or_(NoticeRow.status == "pending", NoticeRow.status == "failing"),
                        NoticeRow.next_try_at <= now,
                    )
                    .order_by(NoticeRow.created_at, NoticeRow.key)
                    .limit(200)
                )
            )
        sent = 0
        for row in due:
            if self.stopping:
                break
            channel = self.channels.get(row.channel)
            if channel is None:
                continue
            wait = self._slot(channel, self._clock())
            if wait > 0:
                self._postpone(row.key, self._clock() + wait)
                continue
            sent += self._deliver(row, channel)
        return sent

    # ---- one notice ----------------------------------------------------------------------
    def _deliver(self, row: NoticeRow, channel: Channel) -> int:
        with self._sessions.begin() as session:
            stored = session.get(NoticeRow, row.key)
            if stored is None or stored.status not in ("pending", "failing"):
                return 0
            stored.status = "sending"
            stored.attempts += 1
            attempts = stored.attempts
        with self._sessions() as session:
            ticket = repo.load(session, row.ticket_id)
        person = self.roster.people.get(row.person)
        error = ""
        if ticket is None or person is None:
            error = "the ticket or the person is no longer known here"
        else:
            self._sent_at[channel.name].append(self._clock())
            try:
                self._send(
                    channel,
                    _notice(row),
                    [person],
                    self._compose(ticket, row.trigger, self._clock()),
                )
            except ch.ChannelError as exc:
                error = str(exc) or "failed"
        now = self._clock()
        with self._sessions.begin() as session:
            stored = session.get(NoticeRow, row.key)
            assert stored is not None
            if error:
                stored.status, stored.last_error = "failing", error[:300]
                stored.next_try_at = now + min(LAST_RETRY_S, FIRST_RETRY_S * 2 ** (attempts - 1))
            else:
                stored.status, stored.sent_at, stored.last_error = "sent", now, ""
        if not error or self._reported.get(row.key) != error:
            self._reported[row.key] = error
            self._outcome(row, person, error)
        if error:
            log.warning(
                "notify: %s to %s on %s failed: %s", row.trigger, row.person, row.channel, error
            )
        return 0 if error else 1

    def _outcome(self, row: NoticeRow, person: object, error: str) -> None:
        outcome = {
            "trigger": row.trigger,
            "level": row.level,
            "person": row.person,
            "name": getattr(person, "name", row.person),
            "channel": row.channel,
            "ok": not error,
        }
        if error:
            outcome["error"] = error[:200]
        try:
            self._record(row.ticket_id, outcome)
        except Exception:  # the ledger holds the truth; the event is for the screens
            log.exception("notify: could not record the outcome on ticket %s", row.ticket_id)

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
            stored = session.get(NoticeRow, key)
            if stored is not None:
                stored.next_try_at = max(stored.next_try_at, until)

    def _until_next(self) -> float:
        with self._sessions() as session:
            nxt = session.scalar(
                select(NoticeRow.next_try_at)
                .where(or_(NoticeRow.status == "pending", NoticeRow.status == "failing"))
                .order_by(NoticeRow.next_try_at)
                .limit(1)
            )
        if nxt is None:
            return 30.0
        return min(30.0, max(0.05, nxt - self._clock()))


def _row(notice: Notice, now: float, order: int = 0) -> NoticeRow:
    return NoticeRow(
        key=notice.key,
        ticket_id=notice.ticket_id,
        trigger=notice.trigger,
        person=notice.person,
        channel=notice.channel,
        level=notice.level,
        status="pending",
        attempts=0,
        next_try_at=now,
        last_error="",
        created_at=now + order * 1e-6,  # sent in the order planned
        sent_at=None,
    )


def _notice(row: NoticeRow) -> Notice:
    return Notice(row.ticket_id, row.trigger, row.person, row.channel, row.level)


def ledger(session: Session, ticket_id: str) -> list[NoticeRow]:
    """A ticket's notices as the ledger has them (status, attempts, last error)."""
    return list(
        session.scalars(
            select(NoticeRow).where(NoticeRow.ticket_id == ticket_id).order_by(NoticeRow.created_at)
        )
    )
