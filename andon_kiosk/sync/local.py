"""The station's side of sync, on its SQLite store: what to send, and applying what arrived.

Everything that arrives is applied in one local transaction together with the new read
cursor, so a station killed in the middle applies that page again on restart, and applying
is idempotent (records already present are left alone), so that is harmless.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from andon_kiosk.core.clock import Stamp
from andon_kiosk.store import tickets as ticket_repo
from andon_kiosk.store.models import OutboxRow, ParkedRow, StationRow, SyncCursorRow, UserRow

from . import inbound, parking
from .feed import Page, StationSeen
from .records import IMMUTABLE, KINDS, LOCAL_ONLY_USER_FIELDS, USER_PROFILE, Record, as_record


@dataclass
class Outgoing:
    seqs: list[int]
    batch: list[tuple[str, Record]]  # (kind, record) in outbox order
    unreadable: list[tuple[str, Record, str]] = field(default_factory=list)  # (kind, {id}, why)


_LOAD_ERRORS = (ValueError, RecursionError)  # bad JSON, deep nesting, 5000-digit numbers


def outgoing(session: Session, limit: int) -> Outgoing:
    """The oldest `limit` outbox entries with their records, in the order they were made.
    A record the local store cannot even load (damaged data) is listed as unreadable."""
    rows = session.execute(
        select(OutboxRow.seq, OutboxRow.kind, OutboxRow.record_id)
        .order_by(OutboxRow.seq)
        .limit(limit)
    ).all()
    found: dict[tuple[str, str], Record] = {}
    unreadable: list[tuple[str, Record, str]] = []
    for kind, model in KINDS.items():
        ids = [r.record_id for r in rows if r.kind == kind]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            try:
                loaded = [
                    as_record(r) for r in session.scalars(select(model).where(model.id.in_(chunk)))
                ]
            except _LOAD_ERRORS:
                loaded = _one_by_one(session, model, chunk, kind, unreadable)
            found.update(((kind, r["id"]), r) for r in loaded)
    batch = [(r.kind, found[(r.kind, r.record_id)]) for r in rows if (r.kind, r.record_id) in found]
    return Outgoing([r.seq for r in rows], batch, unreadable)


def _one_by_one(
    session: Session, model: type, ids: list[str], kind: str, unreadable: list
) -> list[Record]:
    loaded = []
    for rid in ids:
        try:
            row = session.scalars(select(model).where(model.id == rid)).first()
        except _LOAD_ERRORS as exc:
            unreadable.append((kind, {"id": rid}, f"cannot be read from the local store: {exc}"))
            continue
        if row is not None:
            loaded.append(as_record(row))
    return loaded


def sent(session: Session, seqs: Sequence[int]) -> None:
    for start in range(0, len(seqs), 500):
        session.execute(delete(OutboxRow).where(OutboxRow.seq.in_(seqs[start : start + 500])))


def retry_quarantined(
    session: Session, observe: Callable[[Stamp], None], *, now: float, latest_ms: int
) -> tuple[int, int]:
    """Apply quarantined shared records that pass the checks now (a station whose clock ran
    fast: its records are fine once this clock has caught up); (applied, still refused)."""
    rows = list(session.scalars(select(ParkedRow).where(ParkedRow.direction == parking.IN)))
    fine: dict[tuple[str, str], Record] = {}
    for row in rows:
        try:
            record = json.loads(row.record)
        except ValueError:
            continue
        if inbound.problem(row.kind, record, latest_ms) is None:
            fine[(row.kind, row.record_id)] = record
            session.delete(row)
    if fine:
        apply(session, Page([], fine, 0, False), None, observe, now=now, latest_ms=latest_ms)
    return len(fine), len(rows) - len(fine)


def queue_own_records(session: Session, station: str) -> int:
    """Queue every record this station made again (after the shared database went back to a
    backup, which lost what came after it): sending is idempotent, so resending what the
    backup kept adds nothing. The number queued."""
    queued = set(session.scalars(select(OutboxRow.record_id)))
    added = 0
    for kind in IMMUTABLE:
        model = KINDS[kind]
        for rid in session.scalars(select(model.id).where(model.station == station)):
            if rid not in queued:
                session.add(OutboxRow(kind=kind, record_id=rid))
                added += 1
    return added


def depth(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxRow)) or 0


def cursor(session: Session, name: str) -> int:
    return session.scalar(select(SyncCursorRow.seq).where(SyncCursorRow.name == name)) or 0


@dataclass
class Applied:
    """What a page changed in the local store (only records that were new here)."""

    tickets: set[str] = field(default_factory=set)
    count_lines: set[str] = field(default_factory=set)
    changeover_lines: set[str] = field(default_factory=set)
    users: set[str] = field(default_factory=set)
    records: int = 0
    quarantined: int = 0  # records that arrived unusable and were parked

    def __bool__(self) -> bool:
        return bool(
            self.tickets
            or self.count_lines
            or self.changeover_lines
            or self.users
            or self.quarantined
        )


def apply(
    session: Session,
    page: Page,
    cursor_name: str | None,
    observe: Callable[[Stamp], None],
    *,
    now: float,
    latest_ms: int,
) -> Applied:
    """Store the page's records that are not here yet, re-fold touched tickets, move the
    cursor. `observe` gets the newest stamp seen, so local stamps sort after remote ones.
    A record that fails `inbound.problem` (stamps beyond `latest_ms` included) is
    quarantined instead, and the rest of the page goes on."""
    applied = Applied()
    newest: str | None = None
    records = _admit(session, page, applied, now, latest_ms)
    for kind in IMMUTABLE:
        model = KINDS[kind]
        incoming = {rid: r for (k, rid), r in records.items() if k == kind}
        if not incoming:
            continue
        have = set(session.scalars(select(model.id).where(model.id.in_(list(incoming)))))
        for rid, record in incoming.items():
            newest = max(newest or record["stamp"], record["stamp"])
            if rid in have:
                continue
            session.add(model(**record))
            applied.records += 1
            if kind == "event":
                applied.tickets.add(record["ticket_id"])
            elif kind == "count":
                applied.count_lines.add(record["line"])
            else:
                applied.changeover_lines.add(record["line"])
    session.flush()
    ticket_repo.refresh_projections(session, applied.tickets)
    for (kind, _), record in records.items():
        if kind == "user":
            newest = max(newest or record["stamp"], record["stamp"]) if record["stamp"] else newest
        if kind == "user" and _apply_user(session, record):
            applied.users.add(record["id"])
            applied.records += 1
    if cursor_name is not None:
        session.merge(SyncCursorRow(name=cursor_name, seq=page.cursor))
    if newest is not None:
        observe(Stamp.decode(newest))
    return applied


def _admit(
    session: Session, page: Page, applied: Applied, now: float, latest_ms: int
) -> dict[tuple[str, str], Record]:
    """The page's records that pass `inbound.problem`; the others are quarantined."""
    records: dict[tuple[str, str], Record] = {}
    for (kind, rid), record in page.records.items():
        why = inbound.problem(kind, record, latest_ms)
        if why is None:
            records[(kind, rid)] = record
        else:
            parking.quarantine(session, kind, record, why, now)
            applied.quarantined += 1
    return records


def _apply_user(session: Session, record: Record) -> bool:
    """A newer version of a user replaces the profile; lock-out counters stay local."""
    row = session.get(UserRow, record["id"])
    if row is not None and row.stamp >= record["stamp"]:
        return False
    savepoint = session.begin_nested()
    try:
        if row is None:
            session.add(UserRow(**{**record, **LOCAL_ONLY_USER_FIELDS}))
        else:
            for name in USER_PROFILE:
                setattr(row, name, record[name])
        session.flush()
        savepoint.commit()
    except IntegrityError:  # a local user holds the badge: keep theirs, take the rest
        savepoint.rollback()
        if record.get("badge"):
            return _apply_user(session, {**record, "badge": None})
        raise
    return True


def remember_stations(session: Session, seen: Sequence[StationSeen], now: float) -> None:
    """Keep the shared station register locally (line names, who was heard from when), in
    this station's clock, so the board can show it offline and after a restart too.
    (Replaced whole: one delete and one multi-row insert, not a read and write per row.)"""
    session.execute(delete(StationRow))
    if seen:
        session.execute(
            insert(StationRow),
            [
                {
                    "station": s.station,
                    "line": s.line,
                    "line_name": s.line_name,
                    "kind": s.kind,
                    "last_seen": now - s.age_s,
                    "outbox_depth": s.outbox_depth,
                }
                for s in seen
            ],
        )
