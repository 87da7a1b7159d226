"""One bad record cannot block the others: what PostgreSQL refuses on the way up is parked,
what arrives unusable on the way down is quarantined, and every other record flows on.

A kiosk of this release refuses bad text at the door (tests/app), so the poison here is
written the way an older release or a hostile login would have: straight into a store.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.events import new_id
from andon_kiosk.store import tickets as repo
from andon_kiosk.store.models import EventRow, OutboxRow, SyncCursorRow, UserRow
from andon_kiosk.sync import feed, parking

from .conftest import MakeStation
from .test_sync import down, up

POISON_TEXTS = {
    "nul": "oil on the floor\x00",
    "surrogate": "sensor \ud800 broken",
}


def sneak_comment(station: Station, ticket_id: str, text: str) -> str:
    """A comment stored without the service's checks (as an older release did)."""
    with station.sessions.begin() as session:
        ticket = repo.load(session, ticket_id)
        assert ticket is not None
        event = station.tickets.origin.event(
            ticket_id, K.COMMENTED, "4711", {"text": text}, line=ticket.line
        )
        repo.append(session, event)
    return event.id


def shared_event_ids(station: Station) -> set[str]:
    with station.sync.shared.transaction() as c:
        return set(c.scalars(select(EventRow.id)))


def parked(station: Station) -> list[parking.Parked]:
    with station.sessions() as session:
        return parking.listing(session)


@pytest.mark.parametrize("poison", sorted(POISON_TEXTS))
def test_a_text_postgresql_refuses_is_parked_and_later_tickets_still_arrive(
    make_station: MakeStation, poison: str
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    first = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    bad = sneak_comment(a, first.id, POISON_TEXTS[poison])
    later = [a.tickets.raise_ticket(STATION_OPERATOR, "material") for _ in range(3)]

    up(a)
    on_shared = shared_event_ids(a)
    assert bad not in on_shared
    assert {first.history[0].id, *(t.history[0].id for t in later)} <= on_shared
    [entry] = parked(a)
    assert (entry.direction, entry.kind, entry.record_id) == ("out", "event", bad)
    assert entry.error  # PostgreSQL's own words
    assert a.sync.listener.stuck_counts[-1] == 1  # what the screen counts
    with a.sessions() as s:
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == 0
        assert s.get(EventRow, bad) is not None  # kept locally, never lost

    down(b)
    assert {t.id for t in b.tickets.open_tickets()} == {first.id, *(t.id for t in later)}

    # raised after the poison, on the same kiosk: still flows
    after = a.tickets.raise_ticket(STATION_OPERATOR, "method")
    up(a)
    down(b)
    assert after.id in {t.id for t in b.tickets.open_tickets()}


def test_an_over_long_user_id_is_parked_and_users_behind_it_sync(
    make_station: MakeStation,
) -> None:
    a, b = make_station("L1-1", admin=True), make_station("L2-1", line="L2")
    long_id = "E" * 40  # the shared column holds 32
    good = a.accounts.users()[0]
    with a.sessions.begin() as session:
        row = session.get(UserRow, good.id)
        session.add(
            UserRow(
                id=long_id,
                name="Too Long",
                role="operator",
                badge=None,
                pin_hash=row.pin_hash,
                active=True,
                failed_pin_attempts=0,
                locked_until=None,
                updated_at=0.0,
                stamp=str(a.hlc.tick()),
            )
        )
        session.add(OutboxRow(kind="user", record_id=long_id))
    ticket = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(a)
    assert [(p.kind, p.record_id) for p in parked(a)] == [("user", long_id)]
    down(b)
    assert ticket.id not in {t.id for t in b.tickets.open_tickets()}  # other line: not pulled
    assert good.id in {u.id for u in b.accounts.users()}
    assert long_id not in {u.id for u in b.accounts.users()}


def publish_raw(station: Station, kind: str, record: dict) -> None:
    """A row written into the shared database by someone else's login."""
    with station.sync.shared.transaction() as c:
        feed.publish(c, [(kind, record)])


def raw_event(station: Station, **changes: object) -> dict:
    stamp = str(station.hlc.tick())
    record = {
        "id": new_id(),
        "ticket_id": new_id(),
        "kind": "raised",
        "stamp": stamp,
        "occurred_at": station.clock.now(),
        "actor": "station",
        "station": "L1-9",
        "line": "L1",
        "data": {"department": "maintenance", "stops_line": True},  # no category
    }
    record.update(changes)
    return record


def test_a_malformed_shared_row_is_quarantined_and_genuine_tickets_still_arrive(
    make_station: MakeStation,
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    publish_raw(a, "event", raw_event(a))
    genuine = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(a)
    down(b)
    assert [t.id for t in b.tickets.open_tickets()] == [genuine.id]
    [entry] = parked(b)
    assert entry.direction == "in" and "category" in entry.error
    assert b.sync.listener.applied[-1].quarantined == 1
    b.sync.relay.report_depth()  # what the link does after each pull: the screen's count
    assert b.sync.listener.stuck_counts[-1] == 1
    # read again from the start (a new cursor): quarantined once, not twice
    b.sync.puller.forget()
    with b.sessions.begin() as s:
        s.execute(delete(SyncCursorRow))
    down(b)
    assert len(parked(b)) == 1


def test_a_future_stamp_is_quarantined_and_does_not_drag_the_clock(
    make_station: MakeStation,
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    future = Stamp(int((b.clock.now() + 3600) * 1000), 0)
    publish_raw(a, "event", raw_event(a, stamp=str(future), data={
        "category": "machine", "department": "maintenance", "stops_line": True,
    }))  # fmt: skip
    user = {c.name: None for c in UserRow.__table__.columns}
    user.update(
        id="9999",
        name="Pusher",
        role="admin",
        pin_hash="scrypt$not-a-real-hash",
        active=True,
        failed_pin_attempts=0,
        updated_at=0.0,
        stamp="999999999999999.999999",
    )
    publish_raw(a, "user", user)
    down(b)
    assert {(p.kind, p.direction) for p in parked(b)} == {("event", "in"), ("user", "in")}
    assert all("ahead" in p.error for p in parked(b))
    assert b.hlc.last.wall_ms <= int(b.clock.now() * 1000)
    ticket = b.tickets.raise_ticket(STATION_OPERATOR, "machine")  # raising keeps working
    assert Stamp.decode(str(ticket.history[0].stamp)) < future
    assert "9999" not in {u.id for u in b.accounts.users()}


def test_retry_queues_parked_records_again_and_discard_forgets_them(
    make_station: MakeStation,
) -> None:
    a = make_station("L1-1")
    ticket = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    sneak_comment(a, ticket.id, POISON_TEXTS["nul"])
    up(a)
    assert len(parked(a)) == 1
    with a.sessions.begin() as s:
        assert parking.retry(s) == 1
    with a.sessions() as s:
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == 1
    up(a)  # still refused: parked again, once
    assert len(parked(a)) == 1
    with a.sessions.begin() as s:
        assert parking.discard(s) == 1
    assert parked(a) == []
    a.sync.relay.report_depth()
    assert a.sync.listener.stuck_counts[-1] == 0


EXAMPLES = itertools.count()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(st.sampled_from(["good", "nul", "surrogate"]), min_size=5, max_size=40),
    batch=st.integers(1, 12),
    seed=st.integers(0, 1000),
)
def test_random_poison_in_random_batches_every_good_record_arrives_exactly_once(
    make_station: MakeStation, plan: list[str], batch: int, seed: int
) -> None:
    rng = random.Random(seed)
    name = f"P{next(EXAMPLES)}"  # a fresh pair of stores for each example
    a, b = make_station(f"{name}-a"), make_station(f"{name}-b")
    a.sync.relay.batch_size = batch
    good: set[str] = set()
    bad: set[str] = set()
    ticket = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    good.add(ticket.history[0].id)
    for step in plan:
        if step == "good":
            t = a.tickets.act(
                STATION_OPERATOR, ticket.id, K.COMMENTED, {"text": f"ok {rng.random()}"}
            )
            good.add(t.history[-1].id)
        else:
            bad.add(sneak_comment(a, ticket.id, POISON_TEXTS[step]))
    up(a)
    down(b)
    on_shared = shared_event_ids(a)
    with b.sessions() as s:
        at_b = list(s.scalars(select(EventRow.id).where(EventRow.ticket_id == ticket.id)))
    assert good <= on_shared and not (bad & on_shared)
    assert sorted(at_b) == sorted(good)  # exactly once each
    assert {p.record_id for p in parked(a)} == bad
