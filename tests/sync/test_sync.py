"""Two stations and a shared PostgreSQL, driven step by step: what goes up, what comes down."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from andon_kiosk.app.accounts import WrongPin
from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.app.tickets import OutOfScope, TicketService
from andon_kiosk.core.accounts import STATION_OPERATOR, User
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.light import Health, Lamp, light_for
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.tickets import TicketState
from andon_kiosk.store import tickets as repo
from andon_kiosk.store.models import EventRow, FeedRow, OutboxRow
from andon_kiosk.sync import feed, local

from .conftest import MakeStation


def up(station: Station) -> int:
    """Send the whole outbox; the entries cleared."""
    assert station.sync is not None
    total = 0
    while n := station.sync.relay.send_batch():
        total += n
    return total


def down(station: Station) -> None:
    assert station.sync is not None
    while station.sync.puller.pull_once():
        pass


def lamps(station: Station) -> set[Lamp]:
    tickets = station.tickets.open_tickets()
    levels = {t.id: 0 for t in tickets}
    state = light_for(tickets, levels, Health(frozenset()), station.config.light)
    return {lamp for lamp, mode in state.lamps.items() if mode}


def event_ids(station: Station) -> set[str]:
    with station.sessions() as s:
        return set(s.scalars(select(EventRow.id)))


def test_raise_on_a_is_seen_on_b_and_b_acknowledging_turns_a_amber(
    make_station: MakeStation,
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    ticket = a.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    assert Lamp.RED in lamps(a)
    assert up(a) >= 1
    down(b)
    assert [t.id for t in b.tickets.open_tickets()] == [ticket.id]
    applied = b.sync.listener.applied[-1]
    assert ticket.id in applied.tickets

    b.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
    up(b)
    down(a)
    assert a.tickets.get(ticket.id).state is TicketState.ACKNOWLEDGED
    assert lamps(a) == {Lamp.AMBER}
    down(b)
    assert event_ids(a) == event_ids(b)
    with a.sessions() as s:
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == 0


def test_a_batch_sent_twice_is_stored_and_fed_once(make_station: MakeStation) -> None:
    """The relay died after the shared commit and before clearing its outbox: it resends."""
    a = make_station("L1-1")
    for _ in range(3):
        a.tickets.raise_ticket(STATION_OPERATOR, "material")
    with a.sessions() as s:
        out = local.outgoing(s, 100)
    shared = a.sync.shared
    with shared.transaction() as c:
        first = feed.publish(c, out.batch)
    with shared.transaction() as c:
        again = feed.publish(c, out.batch)
    assert first.new == len(out.batch) and first.already == 0
    assert again.new == 0 and again.already == len(out.batch)
    with shared.transaction() as c:
        assert c.scalar(select(func.count()).select_from(FeedRow)) == len(out.batch)
        assert c.scalar(select(func.count()).select_from(EventRow)) == 3


def test_a_user_added_at_one_station_signs_in_at_another(make_station: MakeStation) -> None:
    a, b = make_station("L1-1", admin=True), make_station("L2-1", line="L2")
    admin = demo_user(Role.ADMIN)
    a.accounts.add_user(admin, User("4711", "王芳 Wang Fang", Role.RESPONDER, "0004711"), "4711")
    up(a)
    down(b)
    assert b.accounts.sign_in_pin("4711", "4711").name == "王芳 Wang Fang"
    assert b.accounts.sign_in_badge("0004711").id == "4711"
    a.accounts.set_active(admin, "4711", False)  # the newer change wins everywhere
    up(a)
    down(b)
    with pytest.raises(WrongPin):  # disabled: answered like any unknown number
        b.accounts.sign_in_pin("4711", "4711")


def test_scope_a_line_sees_its_line_a_maintenance_station_its_area(
    make_station: MakeStation,
) -> None:
    l1, l2 = make_station("L1-1", line="L1"), make_station("L2-1", line="L2")
    maint = make_station("MAINT-1", line="L1", kind="maintenance", lines=("L1", "L2"))
    board = make_station("BOARD", kind="board")
    t1 = l1.tickets.raise_ticket(STATION_OPERATOR, "machine")
    t2 = l2.tickets.raise_ticket(STATION_OPERATOR, "method")
    up(l1)
    up(l2)
    for s in (l1, l2, maint, board):
        down(s)
    assert {t.id for t in l1.tickets.open_tickets()} == {t1.id}
    assert {t.id for t in l2.tickets.open_tickets()} == {t2.id}
    assert {t.id for t in maint.tickets.open_tickets()} == {t1.id, t2.id}
    assert {t.id for t in board.tickets.open_tickets()} == {t1.id, t2.id}
    with l2.sessions() as s:  # not even stored: line 2's kiosk never pulled line 1
        assert repo.load(s, t1.id) is None

    # the maintenance station acts on line 2's ticket: recorded on line 2, seen there
    tech = demo_user(Role.RESPONDER)
    maint.tickets.act(demo_user(Role.LEADER), t2.id, K.ACKNOWLEDGED)
    after = maint.tickets.act(tech, t2.id, K.STARTED)
    assert after.history[-1].line == "L2" and after.history[-1].station == "MAINT-1"
    up(maint)
    down(l2)
    assert l2.tickets.get(t2.id).state is TicketState.STARTED
    # a station whose store holds another line's ticket (its scope was narrowed) may not act
    narrowed = TicketService(board.sessions, board.tickets.origin, board.config.reasons, ["L2"])
    with pytest.raises(OutOfScope):
        narrowed.act(tech, t1.id, K.STARTED)  # however it is called
    assert [t.id for t in narrowed.open_tickets()] == [t2.id]


def test_the_station_register_tells_the_board_who_is_alive(make_station: MakeStation) -> None:
    l1 = make_station("L1-1", line="L1")
    board = make_station("BOARD", kind="board")
    l1.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(l1)
    down(board)
    seen = {s.station: s for s in board.sync.listener.seen[-1]}
    assert seen["L1-1"].line == "L1" and seen["L1-1"].age_s < 30
    assert seen["L1-1"].outbox_depth >= 0


def test_the_cursor_survives_a_restart_and_a_new_shared_database_starts_over(
    make_station: MakeStation, shared_url: str
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(a)
    down(b)
    with b.sessions() as s:
        names = s.execute(text("SELECT name, seq FROM sync_cursors")).all()
    assert len(names) == 1 and names[0].name.endswith("/L1") and names[0].seq >= 1
