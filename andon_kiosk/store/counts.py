"""Repository for part counts: append (with its outbox row), and read back by time."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.counts import CountSource, PartCount

from .models import CountRow, OutboxRow


def to_row(count: PartCount) -> CountRow:
    return CountRow(
        id=count.id,
        line=count.line,
        station=count.station,
        stamp=count.stamp.encode(),
        occurred_at=count.occurred_at,
        good=count.good,
        scrap=count.scrap,
        source=count.source.value,
        actor=count.actor,
        reading=count.reading,
        product=count.product,
    )


def from_row(row: CountRow) -> PartCount:
    return PartCount(
        id=row.id,
        line=row.line,
        station=row.station,
        stamp=Stamp.decode(row.stamp),
        occurred_at=row.occurred_at,
        good=row.good,
        scrap=row.scrap,
        source=CountSource(row.source),
        actor=row.actor,
        reading=row.reading,
        product=row.product,
    )


def append(session: Session, count: PartCount, *, outbox: bool = True) -> None:
    session.add(to_row(count))
    if outbox:
        session.add(OutboxRow(kind="count", record_id=count.id))
    session.flush()


def between(session: Session, lines: Iterable[str], start: float, end: float) -> list[PartCount]:
    """Counts of `lines` made in [start, end), oldest first."""
    rows = session.scalars(
        select(CountRow)
        .where(
            CountRow.line.in_(list(lines)),
            CountRow.occurred_at >= start,
            CountRow.occurred_at < end,
        )
        .order_by(CountRow.occurred_at, CountRow.stamp)
    )
    return [from_row(row) for row in rows]


def totals(session: Session, lines: Iterable[str], start: float, end: float) -> tuple[int, int]:
    """(good, scrap) of `lines` in [start, end)."""
    good, scrap = session.execute(
        select(
            func.coalesce(func.sum(CountRow.good), 0), func.coalesce(func.sum(CountRow.scrap), 0)
        ).where(
            CountRow.line.in_(list(lines)),
            CountRow.occurred_at >= start,
            CountRow.occurred_at < end,
        )
    ).one()
    return int(good), int(scrap)
