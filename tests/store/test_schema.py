"""One schema, one migration history, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from andon_kiosk.core.accounts import User
from andon_kiosk.core.clock import HybridClock, ManualClock
from andon_kiosk.core.events import EventKind, Origin, new_id
from andon_kiosk.core.permissions import Role
from andon_kiosk.store import db
from andon_kiosk.store import tickets as repo
from andon_kiosk.store import users as user_repo
from andon_kiosk.store.models import Base

TABLES = {
    "events",
    "tickets",
    "outbox",
    "users",
    "counts",
    "changeovers",
    "feed",
    "sync_cursors",
    "stations",
    "meta",
    "alembic_version",
}


def _roundtrip(engine: Engine) -> None:
    """Migrate, check the schema equals the models, and store and fold a ticket."""
    db.upgrade(engine)
    db.upgrade(engine)  # idempotent
    assert db.current_revision(engine) == db.head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"

    sessions = db.session_factory(engine)
    clock = ManualClock()
    origin = Origin("L1", "L1-1", HybridClock(clock), clock)
    raised = origin.event(
        new_id(),
        EventKind.RAISED,
        "1001",
        {
            "category": "machine",
            "reason": "breakdown",
            "department": "equipment",
            "stops_line": True,
            "safety": False,
            "note": "中文 ok",
        },
    )
    with sessions.begin() as s:
        ticket = repo.append(s, raised)
        user_repo.add(s, User("2001", "李伟", Role.LEADER, "B1"), "scrypt$x", clock.now())
    assert ticket is not None
    with sessions() as s:
        assert repo.load(s, raised.ticket_id) == ticket
        assert repo.events_for(s, raised.ticket_id)[0].data["note"] == "中文 ok"
        assert [t.id for t in repo.open_tickets(s, ["L1"])] == [raised.ticket_id]
        assert repo.open_tickets(s, ["L2"]) == []
        assert repo.last_stamp(s) == raised.stamp
        assert user_repo.by_badge(s, "B1").name == "李伟"


def test_sqlite_schema(tmp_path: Path) -> None:
    engine = db.make_engine(db.sqlite_url(tmp_path / "store" / "k.sqlite3"))
    try:
        _roundtrip(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgresql_schema(pg_url: str) -> None:
    engine = db.make_engine(pg_url)
    try:
        _roundtrip(engine)
        with engine.connect() as c:
            kind = c.execute(
                text(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = 'events' AND column_name = 'data'"
                )
            ).scalar()
        assert kind == "jsonb"
    finally:
        engine.dispose()


def test_migration_is_atomic_on_sqlite(tmp_path: Path) -> None:
    """DDL runs inside the transaction: a failed migration leaves no half-built schema."""
    engine = db.make_engine(db.sqlite_url(tmp_path / "k.sqlite3"))
    try:
        with pytest.raises(RuntimeError), engine.begin() as c:
            c.execute(text("CREATE TABLE half_built (x INTEGER)"))
            raise RuntimeError("power cut")
        assert "half_built" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _history_roundtrip(engine: Engine) -> None:
    """Every migration goes down and up again, and queued outbox rows survive 0001→0002."""
    from alembic import command

    db.upgrade(engine, "0001")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO events VALUES ('e1', 't1', 'raised', '000000000000001.000000', 1.0, "
                "'', 'S1', 'L1', '{}')"
            )
        )
        c.execute(text("INSERT INTO outbox (event_id) VALUES ('e1')"))
    db.upgrade(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO outbox (kind, record_id) VALUES ('count', 'c1')"))
        rows = c.execute(text("SELECT seq, kind, record_id FROM outbox ORDER BY seq")).all()
    assert [tuple(r) for r in rows] == [(1, "event", "e1"), (2, "count", "c1")]
    with engine.begin() as c:
        command.downgrade(db._alembic_config(c), "base")
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()


def test_sqlite_history_round_trip(tmp_path: Path) -> None:
    engine = db.make_engine(db.sqlite_url(tmp_path / "k.sqlite3"))
    try:
        _history_roundtrip(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgresql_history_round_trip(pg_url: str) -> None:
    engine = db.make_engine(pg_url)
    try:
        _history_roundtrip(engine)
    finally:
        engine.dispose()


def test_0003_backfills_when_existing_stops_ended(tmp_path: Path) -> None:
    from andon_kiosk.core.tickets import fold

    engine = db.make_engine(db.sqlite_url(tmp_path / "k.sqlite3"))
    try:
        db.upgrade(engine, "0002")
        clock = ManualClock()
        origin = Origin("L1", "S1", HybridClock(clock), clock)
        raised = origin.event(
            new_id(),
            EventKind.RAISED,
            "",
            {"category": "machine", "department": "d", "stops_line": True},
        )
        tid = raised.ticket_id
        events = [raised, origin.event(tid, EventKind.ACKNOWLEDGED, "2")]
        clock.advance(60)
        events.append(origin.event(tid, EventKind.STARTED, "3"))
        clock.advance(600)
        events.append(origin.event(tid, EventKind.CONTAINED, "3", {"containment": "ok"}))
        with engine.begin() as c:
            for e in events:
                c.execute(
                    text("INSERT INTO events VALUES (:id, :t, :k, :s, :at, :a, :st, :l, :d)"),
                    {
                        "id": e.id,
                        "t": tid,
                        "k": e.kind.value,
                        "s": e.stamp.encode(),
                        "at": e.occurred_at,
                        "a": e.actor,
                        "st": e.station,
                        "l": e.line,
                        "d": json.dumps(dict(e.data)),
                    },
                )
            c.execute(
                text(
                    "INSERT INTO tickets VALUES (:id, 'L1', 'S1', 'machine', NULL, "
                    "'contained', 1, 1, :r, :u)"
                ),
                {"id": tid, "r": raised.occurred_at, "u": events[-1].stamp.encode()},
            )
        db.upgrade(engine)
        with engine.connect() as c:
            ended = c.execute(text("SELECT ended_at FROM tickets")).scalar()
        assert ended == fold(events).downtime_end == events[-1].occurred_at
    finally:
        engine.dispose()
