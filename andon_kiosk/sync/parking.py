"""Records sync could not move, parked locally with the reason (`store.models.ParkedRow`).

Out: the shared database refused a local record (a text PostgreSQL will not store, a
row-level security policy, a value too long). The record stays in its own table; its
outbox entry is replaced by a parked one, so the records behind it go on. In: a shared
record that failed `inbound.problem`, kept as received.

Nothing here is lost silently: the screen counts them, `andon-kiosk sync status` lists them,
and `andon-kiosk sync retry` (after a fixed release, or a fixed permission) queues the
outgoing ones again, `sync discard` drops an entry once someone has decided.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from andon_kiosk.store.models import OutboxRow, ParkedRow

from .records import Record

OUT, IN = "out", "in"


@dataclass(frozen=True)
class Parked:
    id: int
    direction: str  # out | in
    kind: str
    record_id: str
    error: str
    parked_at: float


def park_out(session: Session, refused: Iterable[tuple[str, Record, str]], now: float) -> int:
    """Park local records the shared database refused ((kind, record, why)); their outbox
    entries must be cleared by the caller in the same transaction."""
    n = 0
    for kind, record, why in refused:
        _put(session, (OUT, kind, str(record["id"])), "", why, now)
        n += 1
    return n


def quarantine(session: Session, kind: str, record: Any, why: str, now: float) -> None:
    """Keep a shared record that cannot be stored here, as received."""
    record_id = record.get("id") if isinstance(record, dict) else None
    kept = json.dumps(record, default=str, ensure_ascii=True)  # NULs, surrogates: escaped
    _put(session, (IN, kind, str(record_id)[:64]), kept, why, now)


def _put(session: Session, key: tuple[str, str, str], record: str, why: str, now: float) -> None:
    direction, kind, record_id = key
    row = session.scalar(
        select(ParkedRow).where(
            ParkedRow.direction == direction,
            ParkedRow.kind == kind,
            ParkedRow.record_id == record_id,
        )
    )
    if row is None:
        row = ParkedRow(direction=direction, kind=kind, record_id=record_id)
        session.add(row)
    row.record, row.error, row.parked_at = record, why[:500], now


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ParkedRow)) or 0


def listing(session: Session) -> list[Parked]:
    rows = session.scalars(select(ParkedRow).order_by(ParkedRow.id))
    return [Parked(r.id, r.direction, r.kind, r.record_id, r.error, r.parked_at) for r in rows]


def retry(session: Session, ids: Sequence[int] | None = None) -> int:
    """Queue parked outgoing records again (all, or those with `ids`), at the outbox's end;
    the number queued. Incoming ones are not retried here: the feed is not read again."""
    query = select(ParkedRow).where(ParkedRow.direction == OUT)
    if ids is not None:
        query = query.where(ParkedRow.id.in_(list(ids)))
    rows = list(session.scalars(query))
    queued = set(session.scalars(select(OutboxRow.record_id)))
    for row in rows:
        if row.record_id not in queued:
            session.add(OutboxRow(kind=row.kind, record_id=row.record_id))
        session.delete(row)
    return len(rows)


def discard(session: Session, ids: Sequence[int] | None = None) -> int:
    """Forget parked entries (all, or those with `ids`); a parked local record stays in the
    local store, it is only never sent. The number discarded."""
    query = delete(ParkedRow)
    if ids is not None:
        query = query.where(ParkedRow.id.in_(list(ids)))
    return session.execute(query).rowcount or 0
