"""Takt, line balance and OEE: DOMAIN.md's worked examples and a test shift."""

from __future__ import annotations

from datetime import date

import pytest

from andon_kiosk.core.counts import CountSeries
from andon_kiosk.core.production import (
    Pause,
    ShiftPlan,
    Span,
    Stop,
    TaktSegment,
    downtime_s,
    gap,
    hourly,
    line_efficiency,
    oee,
    pareto,
    plan_curve,
    planned_pieces,
    stations_needed,
    takt_time,
)

H, M = 3600.0, 60.0


def test_takt_for_8_hours_and_1000_pieces_is_28_8_seconds() -> None:
    assert takt_time(8 * H, 1000) == pytest.approx(28.8)
    assert takt_time(8 * H, 1000) / 60 == pytest.approx(0.48)


@pytest.mark.parametrize(("available", "demand"), [(8 * H, 0), (8 * H, -5), (0, 100), (-1, 10)])
def test_takt_refuses_no_demand_or_no_time(available: float, demand: float) -> None:
    with pytest.raises(ValueError):
        takt_time(available, demand)


def test_the_7_15_minute_line_needs_15_stations_at_89_9_percent() -> None:
    total = 7.15 * M
    assert stations_needed(total, 0.48 * M) == 15
    assert line_efficiency(total, 15, 0.53 * M) == pytest.approx(0.899, abs=0.0005)
    assert stations_needed(28.8 * 3, 28.8) == 3  # exactly divisible: no extra station


def test_oee_is_availability_times_performance_times_quality() -> None:
    r = oee(loading_s=400 * M, downtime_s=40 * M, ideal_cycle_s=30, total_count=600, good_count=582)
    assert r.availability == pytest.approx(0.9)
    assert r.performance == pytest.approx(30 * 600 / (360 * M))
    assert r.quality == pytest.approx(0.97)
    assert r.oee == pytest.approx(r.availability * r.performance * r.quality)
    assert r.operating_s == 360 * M
    with pytest.raises(ValueError):
        oee(0, 0, 30, 0, 0)
    with pytest.raises(ValueError):
        oee(100, 0, 30, 5, 6)
    nothing = oee(100, 0, 30, 0, 0)
    assert nothing.quality == 0 and nothing.oee == 0


# ---- a test shift: 08:00-16:00, breaks 10:00-10:15, 12:00-12:30, 14:00-14:15 -----------------
T0 = 1_767_254_400.0  # 08:00 on the day (any epoch works: everything is relative)


def at(hh: int, mm: int = 0) -> float:
    return T0 + (hh - 8) * H + mm * M


PLAN = ShiftPlan(
    "day",
    date(2026, 1, 1),
    Span(at(8), at(16)),
    (
        Pause(Span(at(10), at(10, 15))),
        Pause(Span(at(12), at(12, 30))),
        Pause(Span(at(14), at(14, 15)), "planned", "5S audit"),
    ),
)
TAKT = takt_time(PLAN.loading_s, 700)  # 7 h loading / 700 = 36 s
SEGMENTS = [TaktSegment(at(8), TAKT, "p100")]
STOPS = [
    Stop("t1", "machine", "breakdown", at(9), at(9, 20)),  # 20 min
    Stop("t2", "material", "shortage", at(11, 50), at(12, 10)),  # 10 of it in loading time
    Stop("t3", "machine", "tooling", at(13), at(13, 30)),  # 30 min ...
    Stop("t4", "method", "first_article", at(13, 20), at(13, 40)),  # ... overlapping 10 min
    Stop("t5", "person", "sickness", at(15, 50), None),  # still down
]
# good parts every 10 minutes; 6 scrap over the shift
GOOD = [(at(8) + i * 600 + 1, 14) for i in range(48)]


def test_loading_time_and_takt() -> None:
    assert PLAN.loading_s == 7 * H
    assert takt_time(PLAN.loading_s, 700) == pytest.approx(36.0)
    assert PLAN.loading_until(at(10, 30)) == pytest.approx(2 * H + 15 * M)
    assert not PLAN.is_loading(at(12, 5)) and PLAN.is_loading(at(12, 45))


@pytest.mark.parametrize(
    ("moment", "plan"),
    [
        (at(8), 0),
        (at(9), 100),  # 3600 / 36
        (at(10, 10), 200),  # flat from 10:00
        (at(10, 30), 225),  # 2 h 15 min of loading
        (at(12, 15), 375),  # flat through lunch
        (at(16), 700),
        (at(17), 700),  # after the shift
    ],
)
def test_plan_rises_one_piece_per_takt_and_is_flat_in_pauses(moment: float, plan: float) -> None:
    assert planned_pieces(PLAN, SEGMENTS, moment) == pytest.approx(plan)


def test_plan_curve_corners() -> None:
    curve = plan_curve(PLAN, SEGMENTS)
    assert curve[0] == (at(8), 0)
    assert (at(10), pytest.approx(200)) in [(t, pytest.approx(p)) for t, p in curve]
    flat = [p for t, p in curve if at(12) <= t <= at(12, 30)]
    assert flat == [pytest.approx(375)] * 2
    assert curve[-1][1] == pytest.approx(700)


def test_a_changeover_changes_the_slope() -> None:
    segments = [TaktSegment(at(8), 36.0, "p100"), TaktSegment(at(9), 60.0, "p200")]
    assert planned_pieces(PLAN, segments, at(10)) == pytest.approx(100 + 60)


def actual(until: float) -> int:
    return sum(n for t, n in GOOD if t < until)


@pytest.mark.parametrize(
    ("moment", "downtime_min", "actual_pieces"),
    [
        (at(9, 10), 10, 14 * 7),
        (at(12, 30), 20 + 10, 14 * 27),
        (at(13, 30), 30 + 30, 14 * 33),  # two machines overlapping: counted once
        (at(16), 30 + 40 + 10, 14 * 48),  # t5 still down at the end
    ],
)
def test_downtime_actual_and_gap_at_moments(
    moment: float, downtime_min: float, actual_pieces: int
) -> None:
    assert downtime_s(PLAN, STOPS, moment) == pytest.approx(downtime_min * M)
    assert actual(moment) == actual_pieces
    planned = planned_pieces(PLAN, SEGMENTS, moment)
    g = gap(planned, actual(moment), TAKT)
    assert g.pieces == pytest.approx(planned - actual_pieces)
    assert g.minutes == pytest.approx((planned - actual_pieces) * 36 / 60)


def test_oee_at_the_end_of_the_test_shift() -> None:
    good = actual(at(16))  # 672
    scrap = 6
    r = oee(PLAN.loading_s, downtime_s(PLAN, STOPS, at(16)), 30.0, good + scrap, good)
    assert r.availability == pytest.approx((420 - 80) / 420)
    assert r.performance == pytest.approx(30 * 678 / ((420 - 80) * M))
    assert r.quality == pytest.approx(672 / 678)
    assert r.oee == pytest.approx(r.availability * r.performance * r.quality)
    # A × P × Q collapses to ideal cycle × good parts / loading time
    assert r.oee == pytest.approx(30 * 672 / (420 * M)) == pytest.approx(0.800)


def test_pareto_biggest_loss_first() -> None:
    rows = pareto(PLAN, STOPS, at(16))
    assert rows == [
        ("machine", "tooling", 30 * M),
        ("machine", "breakdown", 20 * M),
        ("method", "first_article", 20 * M),  # overlapping stops each keep their own time
        ("material", "shortage", 10 * M),
        ("person", "sickness", 10 * M),
    ]
    by_category = pareto(PLAN, STOPS, at(16), by="category")
    assert by_category[0] == ("machine", None, 50 * M)


def test_hour_by_hour_board() -> None:
    series = CountSeries((t, n, 0) for t, n in GOOD)
    rows = hourly(PLAN, SEGMENTS, series.good_between, STOPS, until=at(11, 30))
    assert [r.start for r in rows] == [at(8), at(9), at(10), at(11)]
    assert rows[0].plan == pytest.approx(100) and rows[0].actual == 84
    assert rows[1].top_loss == ("machine", "breakdown")
    assert rows[2].plan == pytest.approx(75)  # 45 min of loading in the 10:00 hour
    assert rows[3].plan == pytest.approx(50) and rows[3].end == at(12)  # hour in progress
    assert rows[0].top_loss is None


def test_count_series_sums_any_range_and_takes_late_counts() -> None:
    series = CountSeries([(10.0, 5, 0), (20.0, 3, 1), (30.0, 2, 0)])
    assert series.good_between(0, 100) == 10
    assert series.good_between(15, 30) == 3  # [15, 30)
    assert series.scrap_between(0, 100) == 1
    series.add(25.0, 4, 2)  # arrived late, from another station
    assert series.good_between(15, 30) == 7 and series.scrap_between(0, 26) == 3
    assert series.good_steps(-1, 100) == (0, [10.0, 20.0, 25.0, 30.0], [5, 8, 12, 14])
    assert series.good_steps(20, 25) == (8, [25.0], [12])  # (20, 25]: after 20, up to 25
    assert series.good_steps(30, 40) == (14, [], [])
    assert series.good_between(50, 40) == 0
