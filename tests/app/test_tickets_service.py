"""The operations behind the buttons, called directly: roles are enforced here."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.app.tickets import UnknownTicket
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import PermissionDenied, Role
from andon_kiosk.core.text import BadText
from andon_kiosk.core.tickets import TicketState, TransitionError
from andon_kiosk.store import tickets as repo

K = EventKind


def kinds(station: Station, ticket_id: str) -> list[str]:
    with station.sessions() as s:
        events = sorted(repo.events_for(s, ticket_id), key=lambda e: e.order_key)
    return [e.kind.value for e in events]


def test_anyone_at_the_line_raises_without_signing_in(station: Station) -> None:
    t = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    assert t.state is TicketState.RAISED
    assert t.reason is None and t.department == "equipment" and t.stops_line
    assert [x.id for x in station.tickets.open_tickets()] == [t.id]


def test_operator_acknowledge_and_close_are_refused_by_the_service(station: Station) -> None:
    op = demo_user(Role.OPERATOR)
    t = station.tickets.raise_ticket(op, "machine", "breakdown")
    for kind in (K.ACKNOWLEDGED, K.CLOSED, K.CONTAINED, K.CANCELLED):
        with pytest.raises(PermissionDenied):
            station.tickets.act(op, t.id, kind, {"containment": "x"})
    assert kinds(station, t.id) == ["raised"]


def test_permission_is_checked_before_the_ticket_is_even_read(station: Station) -> None:
    with pytest.raises(PermissionDenied):
        station.tickets.act(STATION_OPERATOR, "no-such-ticket", K.CLOSED)
    with pytest.raises(UnknownTicket):
        station.tickets.act(demo_user(Role.ADMIN), "no-such-ticket", K.CLOSED)


def test_whole_flow_through_the_service(station: Station, clock: ManualClock) -> None:
    svc = station.tickets
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    t = svc.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    clock.advance(120)
    with pytest.raises(PermissionDenied):
        svc.act(tech, t.id, K.ACKNOWLEDGED)
    svc.act(leader, t.id, K.ACKNOWLEDGED)
    with pytest.raises(TransitionError):
        svc.act(tech, t.id, K.CONTAINED, {"containment": "early"})
    svc.act(tech, t.id, K.STARTED)
    clock.advance(600)
    with pytest.raises(TransitionError, match="containment"):
        svc.act(tech, t.id, K.CONTAINED, {"containment": "   "})
    svc.act(tech, t.id, K.CONTAINED, {"containment": "spare motor fitted"})
    with pytest.raises(TransitionError, match="countermeasure"):
        svc.act(tech, t.id, K.RESOLVED, {"root_cause": "bearing", "countermeasure": ""})
    svc.act(tech, t.id, K.RESOLVED, {"root_cause": "bearing", "countermeasure": "PM 500 h"})
    closed = svc.act(tech, t.id, K.CLOSED)
    assert closed.state is TicketState.CLOSED
    assert closed.downtime_s(clock.now() + 9999) == pytest.approx(720)
    assert svc.open_tickets() == []
    assert kinds(station, t.id) == [
        "raised",
        "acknowledged",
        "started",
        "contained",
        "resolved",
        "closed",
    ]


def test_every_event_is_queued_in_the_outbox_with_it(station: Station) -> None:
    t = station.tickets.raise_ticket(STATION_OPERATOR, "person", "sickness")
    station.tickets.act(demo_user(Role.LEADER), t.id, K.ACKNOWLEDGED)
    with station.sessions() as s:
        queued = s.execute(text("SELECT count(*) FROM outbox WHERE kind = 'event'")).scalar()
        assert queued == 2
        missing = s.execute(
            text("SELECT count(*) FROM events WHERE id NOT IN (SELECT record_id FROM outbox)")
        ).scalar()
    assert missing == 0


def test_picking_a_reason_later_turns_a_stop_into_a_call(station: Station) -> None:
    t = station.tickets.raise_ticket(STATION_OPERATOR, "material")
    assert t.line_stopped
    t = station.tickets.classify(STATION_OPERATOR, t.id, "material_low")
    assert t.reason == "material_low" and not t.line_stopped
    with pytest.raises(KeyError):
        station.tickets.classify(STATION_OPERATOR, t.id, "breakdown")  # not a material reason


def test_sqlite_runs_in_wal_with_full_sync(station: Station) -> None:
    with station.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_hlc_survives_a_restart_with_a_clock_that_went_back(
    station: Station, clock: ManualClock
) -> None:
    t = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    station.close()
    clock.set(clock.now() - 3600)  # RTC lost an hour while the kiosk was off
    again = Station.open(station.config, clock=clock, store_path=station.store_path)
    try:
        later = again.tickets.act(demo_user(Role.LEADER), t.id, K.ACKNOWLEDGED)
        assert later.state is TicketState.ACKNOWLEDGED  # sorted after the raise despite the clock
    finally:
        again.close()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("oil\x00leak", "control character (U+0000)"),
        ("sensor \ud800", "unpaired surrogate"),
        ("bell\x07", "control character (U+0007)"),
        ("x" * 2001, "at most 2000 characters"),
    ],
)
def test_text_postgresql_would_refuse_is_refused_at_the_door(
    station: Station, text: str, why: str
) -> None:
    t = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    with pytest.raises(BadText, match=re.escape(why)):
        station.tickets.act(STATION_OPERATOR, t.id, K.COMMENTED, {"text": text})
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    station.tickets.act(leader, t.id, K.ACKNOWLEDGED)
    station.tickets.act(tech, t.id, K.STARTED)
    with pytest.raises(BadText, match="containment"):
        station.tickets.act(tech, t.id, K.CONTAINED, {"containment": text})
    assert kinds(station, t.id) == ["raised", "acknowledged", "started"]  # nothing stored
    # a note keeps its lines and tabs
    after = station.tickets.act(tech, t.id, K.COMMENTED, {"text": "step 1\n\tstep 2"})
    assert after.comments[-1][1] == "step 1\n\tstep 2"


def test_a_store_holding_a_pushed_stamp_still_raises_after_a_restart(
    config, clock: ManualClock, store_path
) -> None:
    """An older release adopted a user stamped at the end of time; this one starts anyway,
    does not adopt it, and its stamps stay readable."""
    from andon_kiosk.core.clock import Stamp
    from andon_kiosk.store.models import UserRow

    first = Station.open(config, clock=clock, store_path=store_path)
    with first.sessions.begin() as s:
        s.get(UserRow, first.accounts.users()[0].id).stamp = "999999999999999.999999"
    first.close()
    again = Station.open(config, clock=clock, store_path=store_path)
    try:
        t = again.tickets.raise_ticket(STATION_OPERATOR, "machine")
        stamp = t.history[0].stamp
        assert stamp.wall_ms == int(clock.now() * 1000)
        assert Stamp.decode(stamp.encode()) == stamp
    finally:
        again.close()


def test_after_the_restart_only_a_leader_changes_the_reason_and_downtime_needs_a_decision(
    station: Station, clock: ManualClock
) -> None:
    from andon_kiosk.core.tickets import DecisionNeeded

    svc = station.tickets
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    t = svc.raise_ticket(STATION_OPERATOR, "material", "shortage")
    assert t.stops_line
    svc.act(leader, t.id, K.ACKNOWLEDGED)
    svc.act(tech, t.id, K.STARTED)
    clock.advance(120 * 60)
    svc.act(tech, t.id, K.CONTAINED, {"containment": "parts from the other line"})
    with pytest.raises(PermissionDenied):  # an operator, not signed in
        svc.classify(STATION_OPERATOR, t.id, "material_low")
    with pytest.raises(DecisionNeeded, match="120 min of recorded downtime"):
        svc.classify(leader, t.id, "material_low")  # a call: no stop
    assert svc.get(t.id).downtime_s(clock.now()) == 120 * 60
    after = svc.classify(leader, t.id, "material_low", decision="planned break: the line was idle")
    assert after.downtime_s(clock.now()) == 0 and not after.stops_line
    last = after.history[-1]
    assert last.actor == leader.id and last.data["decision"] == "planned break: the line was idle"
    # a stop reason keeps the downtime: no decision needed, any leader or responder
    t2 = svc.raise_ticket(STATION_OPERATOR, "machine")
    svc.act(leader, t2.id, K.ACKNOWLEDGED)
    svc.act(tech, t2.id, K.STARTED)
    svc.act(tech, t2.id, K.CONTAINED, {"containment": "reset"})
    assert svc.classify(tech, t2.id, "breakdown").stops_line
