"""Counts and changeovers through the service; what a shift is made of."""

from __future__ import annotations

import pytest

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import PermissionDenied, Role
from andon_kiosk.store import models


def test_screen_counts_and_changeovers_are_role_gated(station: Station) -> None:
    svc = station.production
    for who in (STATION_OPERATOR, demo_user(Role.RESPONDER)):
        with pytest.raises(PermissionDenied):
            svc.record_entry(who, scrap=1)
        with pytest.raises(PermissionDenied):
            svc.change_product(who, "p100")
    count = svc.record_entry(demo_user(Role.LEADER), scrap=2)
    assert count.scrap == 2 and count.source.value == "screen"
    change = svc.change_product(demo_user(Role.LEADER), "p100")
    assert change.actor == "2001"
    with station.sessions() as s:
        rows = s.query(models.OutboxRow).order_by(models.OutboxRow.seq)
        kinds = [r.kind for r in rows if r.kind != "user"]  # (the demo users are queued too)
    assert kinds == ["count", "changeover"]  # both queued for the shared database


def test_shift_facts_read_counts_changeovers_and_overlapping_stops(
    station: Station, clock: ManualClock
) -> None:
    svc, tickets = station.production, station.tickets
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    start = clock.now()
    svc.change_product(leader, "p100")
    old = tickets.raise_ticket(STATION_OPERATOR, "machine")  # contained before the window
    tickets.act(leader, old.id, EventKind.ACKNOWLEDGED)
    tickets.act(tech, old.id, EventKind.STARTED)
    clock.advance(60)
    tickets.act(tech, old.id, EventKind.CONTAINED, {"containment": "x"})
    clock.advance(3600)
    window_start = clock.now()
    svc.record_counter(5, reading=105)
    ongoing = tickets.raise_ticket(STATION_OPERATOR, "method")
    clock.advance(60)
    svc.record_counter(3, reading=108)
    facts = svc.shift_facts(window_start, clock.now() + 1)
    assert facts.counts.good_between(window_start, clock.now() + 1) == 8
    assert [c.product for c in facts.changeovers] == ["p100"]  # the one in force at the start
    assert [t.id for t in facts.tickets] == [ongoing.id]
    assert facts.changeovers[0].occurred_at == start
