"""A shift's numbers assembled from tickets, changeovers and counts."""

from __future__ import annotations

from datetime import date

import pytest

from andon_kiosk.core.clock import HybridClock, ManualClock, Stamp
from andon_kiosk.core.counts import CountSeries
from andon_kiosk.core.events import EventKind, Origin, new_id
from andon_kiosk.core.production import Pause, ShiftPlan, Span
from andon_kiosk.core.products import Changeover, Product
from andon_kiosk.core.reasons import Text
from andon_kiosk.core.shift_stats import shift_stats
from andon_kiosk.core.tickets import Ticket, fold

H, M = 3600.0, 60.0
T0 = 1_767_254_400.0
PLAN = ShiftPlan(
    "day", date(2026, 1, 1), Span(T0, T0 + 8 * H), (Pause(Span(T0 + 4 * H, T0 + 4.5 * H)),)
)  # 7.5 h loading
P1 = Product("p1", Text("P1"), ideal_cycle_s=30, demand_per_shift=750)  # takt 36 s
P2 = Product("p2", Text("P2"), ideal_cycle_s=50, takt_s=60)


def ticket(
    clock: ManualClock,
    category: str,
    stops: bool,
    start: float,
    contained: float | None = None,
    cancelled: bool = False,
) -> Ticket:
    clock.set(start)
    o = Origin("L1", "S1", HybridClock(clock), clock)
    data = {"category": category, "reason": None, "department": "d", "stops_line": stops}
    events = [o.event(new_id(), EventKind.RAISED, "", data)]
    tid = events[0].ticket_id
    if cancelled:
        clock.advance(60)
        events.append(o.event(tid, EventKind.CANCELLED, "2001", {"text": "mistake"}))
    elif contained is not None:
        events.append(o.event(tid, EventKind.ACKNOWLEDGED, "2001"))
        events.append(o.event(tid, EventKind.STARTED, "3001"))
        clock.set(contained)
        events.append(o.event(tid, EventKind.CONTAINED, "3001", {"containment": "ok"}))
    t = fold(events)
    assert t is not None
    return t


@pytest.fixture
def tickets() -> list[Ticket]:
    clock = ManualClock()
    return [
        ticket(clock, "machine", True, T0 + 1 * H, T0 + 1 * H + 15 * M),  # 15 min down
        ticket(clock, "material", False, T0 + 2 * H, T0 + 2 * H + 30 * M),  # a call: no stop
        ticket(clock, "person", True, T0 + 3 * H, cancelled=True),  # a mistake
        ticket(clock, "method", True, T0 + 5 * H),  # down since 13:00
    ]


def changeover(at: float, product: str) -> Changeover:
    return Changeover(new_id(), "L1", "S1", Stamp(int(at * 1000)), at, product, "2001")


def test_numbers_at_a_moment_with_a_changeover(tickets: list[Ticket]) -> None:
    counts = CountSeries([(T0 + i * 60, 1, 0) for i in range(300)])  # 1 part a minute
    counts.add(T0 + 301 * 60, 0, 3)  # 3 scrap
    stats = shift_stats(
        PLAN,
        T0 + 6 * H,
        products=(P1, P2),
        default=P1,
        changeovers=[changeover(T0 - 600, "p1"), changeover(T0 + 5 * H, "p2")],
        counts=counts,
        tickets=tickets,
    )
    assert stats.product == "p2" and stats.takt_s == 60
    assert stats.planned == pytest.approx((4 * H + 30 * M) / 36 + 1 * H / 60)  # 450 + 60
    assert stats.actual == 300 and stats.scrap == 3
    assert stats.gap.pieces == pytest.approx(510 - 300)
    assert stats.downtime_s == pytest.approx(15 * M + 1 * H)  # call and cancel left out
    assert [(c, s) for c, _r, s in stats.pareto] == [("method", 1 * H), ("machine", 15 * M)]
    assert stats.oee is not None
    assert stats.oee.loading_s == pytest.approx(5.5 * H)
    # 300 good made under p1 (30 s ideal), the 3 scrap after the changeover, under p2 (50 s)
    assert stats.oee.performance == pytest.approx((30 * 300 + 50 * 3) / (5.5 * H - 75 * M))
    assert len(stats.hours) == 6 and stats.hours[1].top_loss == ("machine", None)
    assert stats.curve[-1][1] == pytest.approx(450 + 3 * 60)  # p1 until 13:00, then 3 h of p2


def test_before_the_shift_started_loading_there_is_no_oee(tickets: list[Ticket]) -> None:
    stats = shift_stats(
        PLAN, T0, products=(P1,), default=P1, changeovers=[], counts=CountSeries(), tickets=[]
    )
    assert stats.oee is None and stats.planned == 0 and stats.takt_s == pytest.approx(36)


def test_a_closed_day_plans_nothing() -> None:
    closed = ShiftPlan(
        "day", date(2026, 1, 1), Span(T0, T0 + 8 * H), (Pause(Span(T0, T0 + 8 * H), "closed"),)
    )
    stats = shift_stats(
        closed,
        T0 + 2 * H,
        products=(P1,),
        default=P1,
        changeovers=[],
        counts=CountSeries(),
        tickets=[],
    )
    assert stats.takt_s is None and stats.planned == 0 and stats.curve == ()
    assert stats.oee is None
