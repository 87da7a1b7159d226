"""Repository for ticket events: append (with outbox and projection), load, list open tickets.

Functions take the caller's session and never commit: the operation that calls them owns the
transaction, so an event, its outbox row and the refreshed projection land together or not
at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.events import Event, EventKind
from andon_kiosk.core.tickets import Ticket, fold

from .models import ChangeoverRow, CountRow, EventRow, OutboxRow, TicketRow, UserRow


def to_row(event: Event) -> EventRow:
    return EventRow(
        id=event.id,
        ticket_id=event.ticket_id,
        kind=event.kind.value,
        stamp=event.stamp.encode(),
        occurred_at=event.occurred_at,
        actor=event.actor,
        station=event.station,
        line=event.line,
        data=dict(event.data),
    )


def from_row(row: EventRow) -> Event:
    return Event(
        id=row.id,
        ticket_id=row.ticket_id,
        kind=EventKind(row.kind),
        stamp=Stamp.decode(row.stamp),
        occurred_at=row.occurred_at,
        actor=row.actor,
        station=row.station,
        line=row.line,
        data=row.data,
    )


def events_for(session: Session, ticket_id: str) -> list[Event]:
    rows = session.scalars(select(EventRow).where(EventRow.ticket_id == ticket_id))
    return [from_row(row) for row in rows]


def load(session: Session, ticket_id: str) -> Ticket | None:
    return fold(events_for(session, ticket_id))


def _projection(ticket: Ticket) -> TicketRow:
    return TicketRow(
        id=ticket.id,
        line=ticket.line,
        station=ticket.station,
        category=ticket.category,
        reason=ticket.reason,
        state=ticket.state.value,
        is_open=ticket.is_open,
        stops_line=ticket.stops_line,
        raised_at=ticket.raised.at,
        ended_at=ticket.downtime_end,
        updated_stamp=ticket.history[-1].stamp.encode(),
    )


def refresh_projection(session: Session, ticket_id: str) -> Ticket | None:
    """Re-fold one ticket from its events and rewrite its projection row."""
    ticket = load(session, ticket_id)
    if ticket is None:
        return None
    session.merge(_projection(ticket))
    return ticket


def refresh_projections(session: Session, ticket_ids: Iterable[str]) -> list[Ticket]:
    """Re-fold many tickets (a pulled page) with one read and one write of their rows."""
    ids = list(ticket_ids)
    tickets: list[Ticket] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = load_many(session, chunk)
        session.execute(delete(TicketRow).where(TicketRow.id.in_([t.id for t in found])))
        session.add_all(_projection(t) for t in found)
        tickets += found
    session.flush()
    return tickets


def append_many(session: Session, events: Iterable[Event]) -> dict[str, Ticket]:
    """Record many new local events (queued for upload) and re-fold their tickets once each
    (a burst of escalations or notices: one read and one write of the projections)."""
    touched: set[str] = set()
    for event in events:
        session.add(to_row(event))
        session.add(OutboxRow(kind="event", record_id=event.id))
        touched.add(event.ticket_id)
    session.flush()
    return {t.id: t for t in refresh_projections(session, touched)}


def append(session: Session, event: Event, *, outbox: bool = True) -> Ticket | None:
    """Record a new local event (queued for upload) and return the re-folded ticket."""
    session.add(to_row(event))
    if outbox:
        session.add(OutboxRow(kind="event", record_id=event.id))
    session.flush()
    return refresh_projection(session, event.ticket_id)


def open_tickets(session: Session, lines: Iterable[str] | None = None) -> list[Ticket]:
    """Open tickets (of `lines`, or of every line), oldest first."""
    query = select(TicketRow.id).where(TicketRow.is_open).order_by(TicketRow.raised_at)
    if lines is not None:
        query = query.where(TicketRow.line.in_(list(lines)))
    ids = list(session.scalars(query))
    return load_many(session, ids)


def overlapping(session: Session, lines: Iterable[str], start: float, end: float) -> list[Ticket]:
    """Tickets of `lines` whose stop overlaps [start, end): raised before `end` and not over
    (contained or cancelled) before `start`. Open and closed alike."""
    query = select(TicketRow.id).where(
        TicketRow.line.in_(list(lines)),
        TicketRow.raised_at < end,
        (TicketRow.ended_at.is_(None)) | (TicketRow.ended_at > start),
    )
    return load_many(session, list(session.scalars(query)))


def load_many(session: Session, ticket_ids: Sequence[str]) -> list[Ticket]:
    """Fold each of `ticket_ids` with one read (missing ones are left out)."""
    if not ticket_ids:
        return []
    by_ticket: dict[str, list[Event]] = {tid: [] for tid in ticket_ids}
    rows = session.scalars(select(EventRow).where(EventRow.ticket_id.in_(list(ticket_ids))))
    for row in rows:
        by_ticket[row.ticket_id].append(from_row(row))
    tickets = (fold(events) for events in by_ticket.values())
    return [t for t in tickets if t is not None]


def last_stamp(session: Session, station: str = "", not_after: Stamp | None = None) -> Stamp | None:
    """The newest stamp stored (events, counts, changeovers, users), so the HLC never goes
    backwards across a restart. This station's own records count whatever their stamp (its
    clock may have lost time while it was off); other stations' records and users only up to
    `not_after` (a record pushed far into the future, stored by an older release, is not
    adopted)."""
    limit = not_after.encode() if not_after else "9"
    found = [
        session.scalar(
            select(func.max(model.stamp)).where(or_(model.stamp <= limit, model.station == station))
        )
        for model in (EventRow, CountRow, ChangeoverRow)
    ]
    found.append(session.scalar(select(func.max(UserRow.stamp)).where(UserRow.stamp <= limit)))
    newest = max((s for s in found if s), default=None)
    return Stamp.decode(newest) if newest else None


def event_ids(session: Session) -> set[str]:
    return set(session.scalars(select(EventRow.id)))


def outbox_depth(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxRow)) or 0
