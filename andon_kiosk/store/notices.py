"""The notice ledger (`NoticeRow`): each notice a ticket calls for, keyed by ticket, trigger,
person and channel, recorded before it is sent, with its delivery state. The queries the
dispatcher (notify/dispatcher.py) and the tests read it with."""

from __future__ import annotations

import collections
from collections.abc import Collection, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from andon_kiosk.core.notices import Notice

from .models import NoticeRow

_WAITING = or_(NoticeRow.status == "pending", NoticeRow.status == "failing")
_PAGE = 500  # ids in one IN (…)


def new_row(notice: Notice, now: float, order: int = 0) -> NoticeRow:
    """`notice` as a pending row, due now; `order` keeps the order planned (the call before
    its follow-ups)."""
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
        created_at=now + order * 1e-6,
        sent_at=None,
    )


def to_notice(row: NoticeRow) -> Notice:
    return Notice(row.ticket_id, row.trigger, row.person, row.channel, row.level)


def for_ticket(session: Session, ticket_id: str) -> list[NoticeRow]:
    """A ticket's notices (status, attempts, last error), in the order planned."""
    return list(
        session.scalars(
            select(NoticeRow).where(NoticeRow.ticket_id == ticket_id).order_by(NoticeRow.created_at)
        )
    )


def by_ticket(session: Session, ticket_ids: Sequence[str]) -> dict[str, dict[str, NoticeRow]]:
    """ticket id -> key -> row, for these tickets."""
    found: dict[str, dict[str, NoticeRow]] = collections.defaultdict(dict)
    for start in range(0, len(ticket_ids), _PAGE):
        page = ticket_ids[start : start + _PAGE]
        for row in session.scalars(select(NoticeRow).where(NoticeRow.ticket_id.in_(page))):
            found[row.ticket_id][row.key] = row
    return found


def by_key(session: Session, keys: Sequence[str]) -> dict[str, NoticeRow]:
    return {r.key: r for r in session.scalars(select(NoticeRow).where(NoticeRow.key.in_(keys)))}


def owed_follow_ups(session: Session) -> set[str]:
    """Tickets someone was told of whose end (closed, cancelled) nobody was told yet."""
    told = set(session.scalars(select(NoticeRow.ticket_id).distinct()))
    ended = set(
        session.scalars(
            select(NoticeRow.ticket_id).where(NoticeRow.trigger.in_(("closed", "cancelled")))
        )
    )
    return told - ended


def due(session: Session, channels: Collection[str], now: float, limit: int) -> list[NoticeRow]:
    """Pending and failing notices due by `now` on these channels (a removed channel's wait),
    oldest planned first; detached from `session`."""
    rows = list(
        session.scalars(
            select(NoticeRow)
            .where(_WAITING, NoticeRow.next_try_at <= now, NoticeRow.channel.in_(list(channels)))
            .order_by(NoticeRow.created_at, NoticeRow.key)
            .limit(limit)
        )
    )
    session.expunge_all()
    return rows


def next_try(session: Session, channels: Collection[str]) -> float | None:
    """When the next notice waiting on these channels is due (None: none waits)."""
    return session.scalar(
        select(NoticeRow.next_try_at)
        .where(_WAITING, NoticeRow.channel.in_(list(channels)))
        .order_by(NoticeRow.next_try_at)
        .limit(1)
    )


def postpone(session: Session, key: str, until: float) -> None:
    stored = session.get(NoticeRow, key)
    if stored is not None:
        stored.next_try_at = max(stored.next_try_at, until)
