"""The chart's arrays against the counts: incremental fill, late counts, a new shift."""

from __future__ import annotations

from datetime import date

import numpy as np
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from andon_kiosk.core.counts import CountSeries
from andon_kiosk.core.production import Pause, ShiftPlan, Span, Stop
from andon_kiosk.views.production_chart import ProductionChart

T0 = 1_767_600_000.0
PLAN = ShiftPlan("day", date(2026, 1, 5), Span(T0, T0 + 3600), (Pause(Span(T0 + 1800, T0 + 2100)),))
CURVE = [(T0, 0.0), (T0 + 1800, 60.0), (T0 + 2100, 60.0), (T0 + 3600, 110.0)]


def chart_for(qtbot: QtBot) -> ProductionChart:
    chart = ProductionChart()
    qtbot.addWidget(chart)
    chart.set_shift(PLAN, CURVE, None, {"machine": QColor("#d7261e")})
    return chart


def test_actual_is_filled_second_by_second_and_matches_the_counts(qtbot: QtBot) -> None:
    chart = chart_for(qtbot)
    counts = CountSeries([(T0 + 10.5, 1, 0), (T0 + 20.0, 2, 0), (T0 + 600, 5, 1)])
    for now in (T0 + 15, T0 + 300, T0 + 900):  # three live updates, each adding new seconds
        chart.update_live(now, counts, ())
    x, plan, actual = chart.series()
    assert len(x) == len(plan) == 3601 and len(actual) == 901
    expected = np.array([counts.good_until(T0 + s) for s in range(901)])
    assert np.array_equal(actual, expected)
    assert actual[10] == 0 and actual[11] == 1 and actual[20] == 3 and actual[900] == 8
    assert plan[1800] == 60 == plan[2100] and plan[3600] == 110


def test_a_late_count_redraws_the_seconds_already_drawn(qtbot: QtBot) -> None:
    chart = chart_for(qtbot)
    counts = CountSeries([(T0 + 100, 1, 0)])
    chart.update_live(T0 + 600, counts, ())
    counts.add(T0 + 50, 4)  # from the outbox of another station, for a second already drawn
    chart.update_live(T0 + 601, counts, ())
    _, _, actual = chart.series()
    assert actual[49] == 0 and actual[50] == 4 and actual[100] == 5 and actual[601] == 5


def test_stops_are_shaded_until_contained_and_removed_when_gone(qtbot: QtBot) -> None:
    chart = chart_for(qtbot)
    counts = CountSeries()
    open_stop = Stop("t1", "machine", "breakdown", T0 + 120, None)
    chart.update_live(T0 + 400, counts, [open_stop])
    assert chart.shaded() == {"pauses": [(1800.0, 2100.0)], "stops": [(120.0, 400.0)]}
    chart.update_live(T0 + 500, counts, [Stop("t1", "machine", "breakdown", T0 + 120, T0 + 450)])
    assert chart.shaded()["stops"] == [(120.0, 450.0)]
    assert chart.stop_regions["t1"].brush.color().name() == "#d7261e"
    chart.update_live(T0 + 501, counts, [])  # cancelled: no longer a stop
    assert chart.shaded()["stops"] == []


def test_read_at_a_distance_actual_thick_plan_thin_a_legend_and_the_gap_band(
    qtbot: QtBot,
) -> None:
    chart = chart_for(qtbot)
    counts = CountSeries([(T0 + 60.0 * m, 1, 0) for m in range(1, 15)])
    chart.update_live(T0 + 900, counts, ())
    actual = chart.actual_curve.opts["pen"].width()
    assert actual >= 2 * chart.plan_curve.opts["pen"].width()
    assert [label.text for _sample, label in chart.legend.items] == [
        "Plan",
        "Actual (good parts)",
        "Gap",
    ]
    # the band spans plan and actual up to now, and no further
    band = chart.gap_band.boundingRect()
    assert band.left() >= 0 and 890 <= band.right() <= 900
    assert band.top() <= 14 and band.bottom() >= chart.series()[1][900] - 1
