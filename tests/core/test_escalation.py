from __future__ import annotations

import pytest

from andon_kiosk.core.clock import HybridClock, ManualClock
from andon_kiosk.core.escalation import EscalationLevel, EscalationPolicy
from andon_kiosk.core.events import EventKind, Origin, new_id
from andon_kiosk.core.tickets import fold

MIN = 60.0


def _stop(clock: ManualClock, category: str = "machine"):
    o = Origin("L1", "L1-1", HybridClock(clock), clock)
    data = {"category": category, "reason": None, "department": "x", "stops_line": True}
    e = o.event(new_id(), EventKind.RAISED, "", data)
    return o, e


@pytest.mark.parametrize(
    ("minutes", "level"),
    [(0, 0), (19.99, 0), (20, 1), (59.9, 1), (60, 2), (119, 2), (120, 3), (180, 4), (900, 4)],
)
def test_domain_default_levels(minutes: float, level: int) -> None:
    clock = ManualClock()
    _, raised = _stop(clock)
    ticket = fold([raised])
    assert ticket is not None
    assert EscalationPolicy().level(ticket, raised.occurred_at + minutes * MIN) == level


def test_acknowledging_does_not_stop_the_clock_but_containing_does() -> None:
    clock = ManualClock()
    o, raised = _stop(clock)
    clock.advance(5 * MIN)
    ack = o.event(raised.ticket_id, EventKind.ACKNOWLEDGED, "2001")
    clock.advance(5 * MIN)
    start = o.event(raised.ticket_id, EventKind.STARTED, "3001")
    policy = EscalationPolicy()
    ticket = fold([raised, ack, start])
    assert ticket is not None
    assert policy.level(ticket, raised.occurred_at + 25 * MIN) == 1
    clock.advance(20 * MIN)  # contained at 30 min
    contained = o.event(raised.ticket_id, EventKind.CONTAINED, "3001", {"containment": "ok"})
    ticket = fold([raised, ack, start, contained])
    assert ticket is not None
    assert policy.level(ticket, raised.occurred_at + 500 * MIN) == 1
    assert policy.next_due_at(ticket, clock.now()) is None


def test_next_due_time() -> None:
    clock = ManualClock()
    _, raised = _stop(clock)
    ticket = fold([raised])
    assert ticket is not None
    policy = EscalationPolicy()
    assert policy.next_due_at(ticket, raised.occurred_at) == raised.occurred_at + 20 * MIN
    assert (
        policy.next_due_at(ticket, raised.occurred_at + 61 * MIN) == raised.occurred_at + 120 * MIN
    )
    assert policy.next_due_at(ticket, raised.occurred_at + 181 * MIN) is None


def test_per_category_matrix_overrides_the_default() -> None:
    clock = ManualClock()
    _, raised = _stop(clock, "quality")
    ticket = fold([raised])
    assert ticket is not None
    hours = [EscalationLevel(h * 3600, ("x",)) for h in (0, 12, 24, 36, 48)]
    policy = EscalationPolicy(by_category={"quality": tuple(hours)})
    assert policy.level(ticket, raised.occurred_at + 11 * 3600) == 0
    assert policy.level(ticket, raised.occurred_at + 12 * 3600) == 1
    assert policy.level(ticket, raised.occurred_at + 48 * 3600) == 4


def test_policy_rejects_non_increasing_delays() -> None:
    levels = (EscalationLevel(0, ("a",)), EscalationLevel(0, ("b",)))
    with pytest.raises(ValueError, match="strictly increase"):
        EscalationPolicy(default=levels)
