"""The shared database's side of sync: publish records into the feed, read the feed back.

Publishing inserts each record unless it is already there (`ON CONFLICT DO NOTHING` on its
id; a user only when newer), and adds a feed row for each record that was new. The feed's
`seq` is taken under one transaction-scoped advisory lock that is held until commit, so feed
rows become visible in `seq` order: a reader that has seen `seq` N has seen every row below
N that will ever commit. Its cursor can therefore never skip a row that committed late, and
it need not guess at gaps (a rolled-back publish leaves a gap that is simply never filled).
The lock is taken last, after the records are in, so it is held for the feed insert and the
commit only.

Readers use one REPEATABLE READ transaction, so the page they read and the highest `seq`
they compare it with come from the same snapshot.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Text, case, cast, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from andon_kiosk.core.text import problem as text_problem
from andon_kiosk.store.models import FeedRow, MetaRow, StationRow, UserRow

from .inbound import UNREADABLE
from .records import IMMUTABLE, KINDS, USER_PROFILE, Record, line_of
from .shared import PLANT_CHANNEL, channel

FEED_LOCK = 0x616E646F6E  # "andon": the one advisory lock that orders the feed
_PAGE = 1000  # rows per INSERT statement (PostgreSQL allows 65535 parameters)


@dataclass(frozen=True)
class Published:
    new: int  # records the shared database did not have
    already: int  # records it had (a resend after a crash or a lost reply)


class SchemaMismatch(ConnectionError):
    """The shared database's schema is not the one this kiosk was built for: it stays offline
    (and keeps working locally) until someone runs the command the message names."""


def check_schema(connection: Connection, expected: str) -> None:
    """SchemaMismatch unless the shared database is at this kiosk's schema revision."""
    if connection.scalar(text("SELECT to_regclass('alembic_version')")) is None:
        raise SchemaMismatch(
            "the shared database has no andon tables yet: run andon-kiosk db upgrade --shared"
        )
    found = connection.scalar(text("SELECT version_num FROM alembic_version"))
    if found == expected:
        return
    if found is not None and found.isdigit() and expected.isdigit() and int(found) > int(expected):
        raise SchemaMismatch(
            f"the shared database's schema ({found}) is newer than this kiosk's ({expected}): "
            "install the plant's current andon-kiosk release on this station"
        )
    raise SchemaMismatch(
        f"the shared database's schema ({found}) is older than this kiosk's ({expected}): "
        "run andon-kiosk db upgrade --shared"
    )


class LoginMismatch(ConnectionError):
    """The station's login is registered for another station, or not for its line: every
    record would be refused, so it stays offline saying what to fix (not park them all)."""


def check_login(connection: Connection, info: StationInfo) -> None:
    """LoginMismatch unless the login (if it is a station login) is this station's and may
    write its line. The owner's login (no registration) passes: it may do anything."""
    row = connection.execute(text("SELECT station, lines FROM andon_login()")).first()
    if row is None:
        return
    login = connection.scalar(text("SELECT session_user"))
    if row.station != info.station:
        raise LoginMismatch(
            f"the login {login} belongs to station {row.station}, not {info.station}: fix "
            "[station] station or the login in [shared] url (andon-kiosk db add-station)"
        )
    if row.lines is not None and info.line not in row.lines:
        may = ", ".join(row.lines) or "no line"
        raise LoginMismatch(
            f"the login {login} may write {may}, not line {info.line}: fix [station] line, "
            f"or widen the login with andon-kiosk db add-station --station {info.station} "
            "--lines …"
        )


def instance_id(connection: Connection) -> str:
    value = connection.scalar(select(MetaRow.value).where(MetaRow.key == "instance"))
    if value is None:
        raise RuntimeError("the shared database has no instance id: run andon-kiosk db upgrade")
    return value


def publish(connection: Connection, batch: Sequence[tuple[str, Record]]) -> Published:
    """Insert `batch` ((kind, record), in outbox order) and feed what was new, then notify."""
    fresh: set[tuple[str, str]] = set()
    for kind in IMMUTABLE:
        records = [r for k, r in batch if k == kind]
        if records:
            # executemany: one cached statement; SQLAlchemy sends it as multi-row INSERTs
            # ("insertmanyvalues") and still collects RETURNING from each.
            table = KINDS[kind].__table__
            stmt = insert(table).on_conflict_do_nothing(index_elements=["id"])
            inserted = connection.execute(stmt.returning(table.c.id), records).scalars().all()
            fresh.update((kind, i) for i in inserted)
    for user in (r for k, r in batch if k == "user"):
        if _publish_user(connection, user):
            fresh.add(("user", user["id"]))
    rows = [
        {"kind": kind, "record_id": record["id"], "line": line_of(kind, record)}
        for kind, record in batch
        if (kind, record["id"]) in fresh
    ]
    if rows:
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK})
        for start in range(0, len(rows), _PAGE):
            connection.execute(FeedRow.__table__.insert(), rows[start : start + _PAGE])
        notify = text("SELECT pg_notify(:c, '')")
        for name in [PLANT_CHANNEL, *sorted({channel(r["line"]) for r in rows})]:
            connection.execute(notify, {"c": name})  # delivered at commit, not before
    return Published(new=len(rows), already=len(batch) - len(rows))


def _publish_user(connection: Connection, user: Record) -> bool:
    """Upsert a user if this version is newer; True when the shared row changed."""
    table = UserRow.__table__
    stmt = insert(table).values(user)
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={name: stmt.excluded[name] for name in USER_PROFILE},
        where=table.c.stamp < stmt.excluded.stamp,
    ).returning(table.c.id)
    savepoint = connection.begin_nested()
    try:
        changed = connection.scalar(stmt) is not None
        savepoint.commit()
        return changed
    except IntegrityError:
        # Another user holds this badge in the shared database: the user still syncs (they
        # can sign in by PIN everywhere), without the badge, rather than blocking the queue.
        savepoint.rollback()
        return _publish_user(connection, {**user, "badge": None})


@dataclass(frozen=True)
class Entry:
    seq: int
    kind: str
    record_id: str
    line: str


@dataclass
class Page:
    entries: list[Entry]
    records: dict[tuple[str, str], Record]  # (kind, id) -> record
    cursor: int  # where the next read starts
    more: bool  # a full page: read again at once
    rewound: bool = False  # the feed ends below the cursor: the database went back in time


def read(connection: Connection, cursor: int, lines: Sequence[str] | None, limit: int) -> Page:
    """The feed after `cursor` for `lines` (None: every line), with the records it names."""
    feed = FeedRow.__table__
    top = connection.scalar(select(func.max(feed.c.seq))) or 0
    rewound = cursor > top  # restored from a backup (same instance id): read it all again
    if rewound:
        cursor = 0
    query = select(feed).where(feed.c.seq > cursor).order_by(feed.c.seq).limit(limit)
    if lines is not None:
        query = query.where(or_(feed.c.line.in_(list(lines)), feed.c.line == ""))
    entries = [Entry(**m) for m in connection.execute(query).mappings()]
    more = len(entries) == limit
    # A full page: continue after its last row. Otherwise every row up to `top` in this
    # snapshot has been seen (or is outside the scope), and nothing below `top` can appear.
    new_cursor = entries[-1].seq if more else max(top, cursor)
    records: dict[tuple[str, str], Record] = {}
    for kind, model in KINDS.items():
        table = model.__table__
        ids = [e.record_id for e in entries if e.kind == kind]
        for start in range(0, len(ids), _PAGE):
            found = connection.execute(
                _columns(table).where(table.c.id.in_(ids[start : start + _PAGE]))
            ).mappings()
            records.update(((kind, m["id"]), _record(m)) for m in found)
    return Page(entries, records, new_cursor, more, rewound)


MAX_DATA_BYTES = 64 * 1024  # an event's data is a few hundred bytes; a huge one is hostile


def _columns(table):
    """The record's columns; an event's `data` as text, and only when it is of a sane size
    (parsed here, where unreadable JSON can be quarantined, not in the driver)."""
    if "data" not in table.c:
        return select(table)
    data = table.c.data
    size = func.octet_length(cast(data, Text))
    as_text = case((size <= MAX_DATA_BYTES, cast(data, Text)), else_=None)
    others = [c for c in table.c if c.name != "data"]
    return select(*others, as_text.label("data"))


def _record(row) -> Record:
    record = dict(row)
    if "data" in record:
        record["data"] = _parse(record["data"])
    return record


def _parse(text_value: str | None) -> object:
    if text_value is None:
        return UNREADABLE
    try:
        return json.loads(text_value)
    except (ValueError, RecursionError):  # deep nesting, 5000-digit numbers, bad JSON
        return UNREADABLE


@dataclass(frozen=True)
class StationInfo:
    """Who is publishing: written to the shared station register with every heartbeat."""

    station: str
    line: str
    line_name: str
    kind: str  # line | maintenance | board


def heartbeat(connection: Connection, info: StationInfo, depth: int) -> None:
    """Tell the plant this station is alive and how much it still has to send."""
    table = StationRow.__table__
    values = {
        "station": info.station,
        "line": info.line,
        "line_name": info.line_name,
        "kind": info.kind,
        "last_seen": text("extract(epoch FROM clock_timestamp())"),
        "outbox_depth": depth,
    }
    stmt = insert(table).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["station"],
        set_={k: stmt.excluded[k] for k in values if k != "station"},
    )
    connection.execute(stmt)


@dataclass(frozen=True)
class StationSeen:
    station: str
    line: str
    line_name: str
    kind: str
    age_s: float  # seconds since it last reached the shared database (server clock)
    outbox_depth: int


def stations(connection: Connection) -> list[StationSeen]:
    rows = connection.execute(
        text(
            "SELECT station, line, line_name, kind, outbox_depth, "
            "extract(epoch FROM clock_timestamp()) - last_seen AS age FROM stations"
        )
    ).mappings()
    seen = []
    for r in rows:
        age = float(r["age"]) if r["age"] is not None else math.nan
        texts = (r["station"], r["line"], r["line_name"], r["kind"])
        if not math.isfinite(age) or any(text_problem(t, 200) for t in texts):
            continue  # a hostile or broken register row: the board shows what it can trust
        depth = r["outbox_depth"] if 0 <= r["outbox_depth"] < 10**9 else 0
        seen.append(StationSeen(r["station"], r["line"], r["line_name"], r["kind"], age, depth))
    return seen
