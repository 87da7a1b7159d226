from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from andon_kiosk.core.clock import HybridClock, ManualClock, Stamp
from andon_kiosk.core.events import Event, EventKind, Origin, new_id
from andon_kiosk.core.reasons import default_reason_tree
from andon_kiosk.core.tickets import TicketState, TransitionError, check_transition, fold

K = EventKind


def origin(station: str = "L1-1", clock: ManualClock | None = None) -> Origin:
    clock = clock or ManualClock()
    return Origin("L1", station, HybridClock(clock), clock)


def raised(o: Origin, category: str = "machine", reason: str | None = "breakdown") -> Event:
    c = default_reason_tree().classify(category, reason)
    data = {
        "category": c.category,
        "reason": c.reason,
        "department": c.department,
        "stops_line": c.stops_line,
        "safety": c.safety,
    }
    return o.event(new_id(), K.RAISED, "", data)


def full_flow(o: Origin, clock: ManualClock) -> list[Event]:
    first = raised(o)
    tid = first.ticket_id
    events = [first]
    for kind, actor, data in [
        (K.ACKNOWLEDGED, "2001", {}),
        (K.STARTED, "3001", {}),
        (K.CONTAINED, "3001", {"containment": "swapped spare motor"}),
        (K.RESOLVED, "3001", {"root_cause": "bearing worn", "countermeasure": "PM every 500 h"}),
        (K.VERIFIED, "2001", {}),
        (K.CLOSED, "3001", {}),
    ]:
        clock.advance(60)
        events.append(o.event(tid, kind, actor, data))
    return events


def test_full_flow_reaches_closed_and_records_who_and_when() -> None:
    clock = ManualClock()
    o = origin(clock=clock)
    ticket = fold(full_flow(o, clock))
    assert ticket is not None
    assert ticket.state is TicketState.CLOSED
    assert ticket.acknowledged and ticket.acknowledged.actor == "2001"
    assert ticket.root_cause == "bearing worn"
    assert ticket.countermeasure == "PM every 500 h"
    assert ticket.verified is not None
    assert not ticket.is_open
    assert ticket.ignored == ()


def test_downtime_runs_from_raised_to_contained_not_to_closed() -> None:
    clock = ManualClock()
    o = origin(clock=clock)
    events = full_flow(o, clock)
    ticket = fold(events)
    assert ticket is not None
    # raised at t0; ack +60, start +120, contained +180, closed much later
    assert ticket.downtime_s(now=clock.now() + 10_000) == pytest.approx(180)


def test_open_stop_downtime_grows_with_the_clock() -> None:
    clock = ManualClock()
    ticket = fold([raised(origin(clock=clock))])
    assert ticket is not None
    assert ticket.downtime_s(clock.now() + 42) == pytest.approx(42)
    assert ticket.line_stopped


def test_a_call_that_does_not_stop_the_line_has_no_downtime() -> None:
    clock = ManualClock()
    ticket = fold([raised(origin(clock=clock), "material", "material_low")])
    assert ticket is not None
    assert not ticket.stops_line
    assert not ticket.line_stopped
    assert ticket.downtime_s(clock.now() + 600) == 0


def test_second_acknowledgement_is_ignored_not_applied() -> None:
    clock = ManualClock()
    a, b = origin("A", clock), origin("B", clock)
    first = raised(a)
    b.hlc.observe(first.stamp)  # B saw the ticket before acting on it
    ack_a = a.event(first.ticket_id, K.ACKNOWLEDGED, "2001")
    ack_b = b.event(first.ticket_id, K.ACKNOWLEDGED, "2002")
    assert ack_a.stamp == ack_b.stamp  # same instant: the event id decides
    ticket = fold([ack_b, first, ack_a])
    assert ticket is not None
    assert ticket.state is TicketState.ACKNOWLEDGED
    winner = min([ack_a, ack_b], key=lambda e: e.order_key)
    assert ticket.acknowledged is not None
    assert ticket.acknowledged.actor == winner.actor
    assert len(ticket.ignored) == 1


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (K.STARTED, {}, "cannot started a ticket that is raised"),
        (K.CONTAINED, {"containment": "x"}, "cannot contained"),
        (K.CLOSED, {}, "cannot closed"),
    ],
)
def test_illegal_transitions_are_refused(kind: EventKind, data: dict, message: str) -> None:
    ticket = fold([raised(origin())])
    assert ticket is not None
    with pytest.raises(TransitionError, match=message):
        check_transition(ticket, kind, data)


def test_close_needs_root_cause_and_countermeasure() -> None:
    clock = ManualClock()
    o = origin(clock=clock)
    events = full_flow(o, clock)[:4]  # up to contained
    ticket = fold(events)
    assert ticket is not None and ticket.state is TicketState.CONTAINED
    with pytest.raises(TransitionError, match="root cause"):
        check_transition(ticket, K.RESOLVED, {"root_cause": " ", "countermeasure": "x"})
    with pytest.raises(TransitionError, match="countermeasure"):
        check_transition(ticket, K.RESOLVED, {"root_cause": "x"})
    with pytest.raises(TransitionError, match="cannot closed"):
        check_transition(ticket, K.CLOSED, {})


def test_reopen_returns_to_analysis_and_keeps_downtime() -> None:
    clock = ManualClock()
    o = origin(clock=clock)
    events = full_flow(o, clock)
    clock.advance(3600)
    events.append(o.event(events[0].ticket_id, K.REOPENED, "2001", {"text": "NG in batch 2"}))
    ticket = fold(events)
    assert ticket is not None
    assert ticket.state is TicketState.CONTAINED
    assert ticket.closed is None and ticket.resolved is None
    assert ticket.reopen_count == 1
    assert ticket.downtime_s(clock.now()) == pytest.approx(180)


def test_close_against_reopen_converges_by_stamp_order() -> None:
    clock = ManualClock()
    a, b = origin("A", clock), origin("B", clock)
    events = full_flow(a, clock)[:5]  # resolved
    tid = events[0].ticket_id
    b.hlc.observe(events[-1].stamp)
    reopen = b.event(tid, K.REOPENED, "2002", {"text": "NG"})  # made first (lower stamp)
    close = a.event(tid, K.CLOSED, "3001")
    ticket = fold([*events, close, reopen])
    assert ticket is not None
    assert ticket.state is TicketState.CONTAINED  # reopen came first, so the close is illegal
    assert close in ticket.ignored


def test_reason_picked_after_raise_reclassifies() -> None:
    clock = ManualClock()
    o = origin(clock=clock)
    first = raised(o, "material", None)
    assert fold([first]).stops_line  # type: ignore[union-attr]
    c = default_reason_tree().classify("material", "material_low")
    pick = o.event(
        first.ticket_id,
        K.CLASSIFIED,
        "",
        {"reason": c.reason, "department": c.department, "stops_line": c.stops_line},
    )
    ticket = fold([pick, first])
    assert ticket is not None
    assert ticket.reason == "material_low"
    assert not ticket.stops_line


def test_events_without_their_raise_fold_to_nothing_yet() -> None:
    o = origin()
    first = raised(o)
    ack = o.event(first.ticket_id, K.ACKNOWLEDGED, "2001")
    assert fold([ack]) is None
    assert fold([ack, first]).state is TicketState.ACKNOWLEDGED  # type: ignore[union-attr]


def _scenario(seed: int) -> list[Event]:
    """Two stations acting on one ticket while cut off: plenty of conflicts."""
    rnd = random.Random(seed)
    clock = ManualClock()
    a, b = origin("A", clock), origin("B", clock)
    first = raised(a)
    events = [first]
    kinds = [
        (K.ACKNOWLEDGED, {}),
        (K.STARTED, {}),
        (K.CONTAINED, {"containment": "c"}),
        (K.RESOLVED, {"root_cause": "r", "countermeasure": "m"}),
        (K.CLOSED, {}),
        (K.REOPENED, {"text": "NG"}),
        (K.CANCELLED, {"text": "mistake"}),
        (K.COMMENTED, {"text": "t"}),
        (K.ESCALATED, {"level": 2}),
    ]
    for _ in range(rnd.randint(3, 14)):
        clock.advance(rnd.choice([0, 0.0005, 1, 30]))
        kind, data = rnd.choice(kinds)
        station = rnd.choice([a, b])
        events.append(station.event(first.ticket_id, kind, "x", data))
    return events


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    shuffle=st.randoms(use_true_random=False),
    dup=st.lists(st.integers(0, 30), max_size=10),
)
def test_any_permutation_and_duplication_folds_to_the_same_ticket(
    seed: int, shuffle: random.Random, dup: list[int]
) -> None:
    events = _scenario(seed)
    expected = fold(events)
    mixed = events + [events[i % len(events)] for i in dup]
    shuffle.shuffle(mixed)
    got = fold(mixed)
    assert got is not None and expected is not None
    assert got == expected


def test_stamp_text_sorts_like_stamps() -> None:
    stamps = [Stamp(5, 3), Stamp(5, 12), Stamp(40, 0), Stamp(1_000_000_000_000, 1)]
    assert sorted(s.encode() for s in stamps) == [s.encode() for s in sorted(stamps)]
    for s in stamps:
        assert Stamp.decode(s.encode()) == s
    with pytest.raises(ValueError, match="not an HLC stamp"):
        Stamp.decode("12.3")


def test_hlc_is_monotonic_when_the_wall_clock_steps_back() -> None:
    clock = ManualClock(1000.0)
    hlc = HybridClock(clock)
    first = hlc.tick()
    clock.set(900.0)  # NTP stepped the clock back
    second = hlc.tick()
    assert second > first


def test_hlc_orders_after_a_remote_stamp_from_a_clock_that_runs_ahead() -> None:
    hlc = HybridClock(ManualClock(1000.0))
    remote = Stamp(5_000_000, 7)
    hlc.observe(remote)
    assert hlc.tick() > remote


def test_event_ids_are_unique() -> None:
    assert len({new_id() for _ in range(1000)}) == 1000
