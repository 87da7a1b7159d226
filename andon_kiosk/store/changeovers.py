"""Repository for product changeovers: append (with its outbox row), read the relevant ones."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.products import Changeover

from .models import ChangeoverRow, OutboxRow


def from_row(row: ChangeoverRow) -> Changeover:
    return Changeover(
        row.id,
        row.line,
        row.station,
        Stamp.decode(row.stamp),
        row.occurred_at,
        row.product,
        row.actor,
    )


def append(session: Session, change: Changeover, *, outbox: bool = True) -> None:
    session.add(
        ChangeoverRow(
            id=change.id,
            line=change.line,
            station=change.station,
            stamp=change.stamp.encode(),
            occurred_at=change.occurred_at,
            product=change.product,
            actor=change.actor,
        )
    )
    if outbox:
        session.add(OutboxRow(kind="changeover", record_id=change.id))
    session.flush()


def for_window(
    session: Session, lines: Iterable[str], start: float, end: float
) -> list[Changeover]:
    """The changeover in force at `start` (the last before it) and those in [start, end)."""
    lines = list(lines)
    before = session.scalars(
        select(ChangeoverRow)
        .where(ChangeoverRow.line.in_(lines), ChangeoverRow.occurred_at <= start)
        .order_by(ChangeoverRow.occurred_at.desc(), ChangeoverRow.stamp.desc())
        .limit(1)
    ).all()
    during = session.scalars(
        select(ChangeoverRow)
        .where(
            ChangeoverRow.line.in_(lines),
            ChangeoverRow.occurred_at > start,
            ChangeoverRow.occurred_at < end,
        )
        .order_by(ChangeoverRow.occurred_at)
    ).all()
    return [from_row(row) for row in (*before, *during)]
