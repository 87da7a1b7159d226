"""Plan against actual for the shift, live: pyqtgraph, one point a second.

The arrays cover the whole shift at 1 Hz and are allocated once per shift: the plan is known
in advance (one piece per takt in loading time, flat through pauses), the actual is filled in
second by second as time passes. Pauses are shaded grey, andon stops in their category's
colour, and a line marks now. Each update touches only the seconds that are new, so a 24 h
shift costs the same per second as a short one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsItem, QWidget

from andon_kiosk.core.counts import CountSeries
from andon_kiosk.core.production import ShiftPlan, Stop

from .scale import px

# Read from the aisle: the actual a thick near-black stroke, the plan thin and grey, the gap
# between them a tinted band, and a legend that says which is which.
PLAN_COLOUR, ACTUAL_COLOUR, NOW_COLOUR = "#9aa3ad", "#111418", "#d7261e"
GAP_BRUSH = (215, 38, 30, 70)
BAND_POINTS = 1500  # the band is drawn from this many points at most (the curves from all)
PAUSE_BRUSH = pg.mkBrush(160, 166, 172, 70)


class ClockAxis(pg.AxisItem):
    """Seconds since the shift started, shown as the station's local time (HH:MM)."""

    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self.origin = 0.0
        self.zone: tzinfo | None = None

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [
            datetime.fromtimestamp(self.origin + v, tz=self.zone).strftime("%H:%M") for v in values
        ]

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, float]]:
        span = maxVal - minVal
        major = 3600.0 if span > 4 * 3600 else 1800.0 if span > 2 * 3600 else 900.0
        if span > 16 * 3600:
            major = 7200.0
        return [(major, 0), (major / 2, 0)]


class ProductionChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.axis = ClockAxis()
        super().__init__(parent, background="#ffffff", axisItems={"bottom": self.axis})
        self.setObjectName("production.chart")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setClipToView(True)
        # Both curves only ever rise, so every n-th point draws the same line as min/max peaks.
        item.setDownsampling(auto=True, mode="subsample")
        # What does not change every second is drawn once and blitted from a cache: the axes
        # with their grid (a full repaint of them cost ~15 ms of the 28 ms update) and the plan.
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setTextPen("#3d444c")
            axis.setPen("#9aa0a6")
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.legend = self.addLegend(
            offset=(px(12), px(8)),
            labelTextSize=f"{px(15)}px",
            labelTextColor="#1f2328",
            brush=pg.mkBrush(255, 255, 255, 225),
        )
        self.plan_curve = self.plot(
            [], [], pen=pg.mkPen(PLAN_COLOUR, width=px(2)), skipFiniteCheck=True,
            name=self.tr("Plan"),
        )  # fmt: skip
        self.plan_curve.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.actual_curve = self.plot(
            [], [], pen=pg.mkPen(ACTUAL_COLOUR, width=px(6)), skipFiniteCheck=True,
            name=self.tr("Actual (good parts)"),
        )  # fmt: skip
        # the gap: a band between plan and actual up to now, from thinned copies of both
        self._band_actual, self._band_plan = pg.PlotCurveItem(), pg.PlotCurveItem()
        self.gap_band = pg.FillBetweenItem(
            self._band_actual, self._band_plan, brush=pg.mkBrush(*GAP_BRUSH)
        )
        self.gap_band.setZValue(-5)
        self.addItem(self.gap_band)
        self.add_swatch(pg.mkBrush(*GAP_BRUSH), self.tr("Gap"))
        for curve in (self.plan_curve, self.actual_curve):
            curve.curve.setSegmentedLineMode("off")  # one stroked path: 2-3x cheaper at width 3
        self.now_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(NOW_COLOUR, width=px(2))
        )
        self.addItem(self.now_line)
        self.pause_regions: list[pg.LinearRegionItem] = []
        self.stop_regions: dict[str, pg.LinearRegionItem] = {}
        self._x = self._plan = self._actual = np.zeros(0)
        self._origin = 0.0
        self._filled = 0  # seconds of actual computed so far
        self._colours: Mapping[str, QColor] = {}
        self._band_shown: tuple[int, float, int] = (0, -1.0, 0)
        self._redraw_band = True

    def add_swatch(self, brush: QBrush, name: str) -> None:
        """A filled square in the legend for something drawn without a curve of its own
        (the gap band, breaks, stops)."""
        self.plot([], [], pen=None, fillLevel=0, fillBrush=brush, name=name)

    # ---- a new shift -----------------------------------------------------------------------
    def set_shift(
        self,
        plan: ShiftPlan | None,
        curve: Sequence[tuple[float, float]],
        zone: tzinfo | None,
        colours: Mapping[str, QColor],
    ) -> None:
        self._colours = colours
        for region in [*self.pause_regions, *self.stop_regions.values()]:
            self.removeItem(region)
        self.pause_regions, self.stop_regions = [], {}
        if plan is None:
            self._x = self._plan = self._actual = np.zeros(0)
            self.plan_curve.setData([], [])
            self.actual_curve.setData([], [])
            self._band_actual.setData([], [])
            self._band_plan.setData([], [])
            return
        self._origin = self.axis.origin = plan.span.start
        self.axis.zone = zone
        seconds = int(plan.span.seconds)
        self._x = np.arange(seconds + 1, dtype=np.float64)
        self._actual = np.zeros(seconds + 1, dtype=np.float64)
        self._filled = 0
        self._redraw_band = True
        self.set_plan(curve)
        for pause in plan.pauses:
            region = pg.LinearRegionItem(
                (pause.span.start - self._origin, pause.span.end - self._origin),
                movable=False,
                brush=PAUSE_BRUSH,
                pen=pg.mkPen(None),
            )
            region.setZValue(-20)
            self.addItem(region)
            self.pause_regions.append(region)
        self.setXRange(0, seconds, padding=0.01)

    def set_plan(self, curve: Sequence[tuple[float, float]]) -> None:
        """The plan at every second of the shift (again after a changeover)."""
        if not curve or not len(self._x):
            self._plan = np.zeros(len(self._x))
        else:
            t = np.fromiter((c[0] - self._origin for c in curve), dtype=np.float64)
            p = np.fromiter((c[1] for c in curve), dtype=np.float64)
            self._plan = np.interp(self._x, t, p)
        self.plan_curve.setData(self._x, self._plan)
        self._redraw_band = True  # a changeover moves the plan under the band
        top = max(float(self._plan[-1]) if len(self._plan) else 0.0, 10.0)
        self.setYRange(0, top * 1.05, padding=0)

    # ---- every second ---------------------------------------------------------------------
    def update_live(self, now: float, counts: CountSeries, stops: Sequence[Stop]) -> None:
        if not len(self._x):
            return
        upto = int(min(max(now - self._origin, 0), len(self._x) - 1))
        last = self._filled - 1
        if last >= 0 and counts.good_until(self._origin + last) != self._actual[last]:
            self._filled = 0  # a count arrived late, for a second already drawn: redraw
            self._redraw_band = True
        if upto >= self._filled:
            self._fill(self._filled, upto + 1, counts)
            self._filled = upto + 1
        self.actual_curve.setData(self._x[: self._filled], self._actual[: self._filled])
        self._update_band()
        self.now_line.setPos(now - self._origin)
        self._show_stops(stops, now)

    def _update_band(self) -> None:
        """The gap band, from every n-th second up to now (at most BAND_POINTS), redrawn only
        when it gains a point: redrawn every second it tripled the chart's update cost."""
        step = max(1, self._filled // BAND_POINTS)
        band = slice(0, self._filled, step)
        x = self._x[band]
        shown = (len(x), float(x[-1]) if len(x) else -1.0, step)
        if shown == self._band_shown and not self._redraw_band:
            return
        self._band_shown, self._redraw_band = shown, False
        self._band_actual.setData(x, self._actual[band])
        self._band_plan.setData(x, self._plan[band])

    def _fill(self, a: int, b: int, counts: CountSeries) -> None:
        """actual[i] = good parts counted up to and including second i, for a <= i < b."""
        base, times, cumulative = counts.good_steps(self._origin + a - 1, self._origin + b - 1)
        when = np.asarray(times, dtype=np.float64) - self._origin
        idx = np.searchsorted(when, self._x[a:b], side="right")
        totals = np.concatenate(([base], np.asarray(cumulative, dtype=np.float64)))
        self._actual[a:b] = totals[idx]

    def _show_stops(self, stops: Sequence[Stop], now: float) -> None:
        seen = set()
        for stop in stops:
            start = stop.start - self._origin
            end = (stop.end if stop.end is not None else now) - self._origin
            if end <= 0 or start >= len(self._x):
                continue
            seen.add(stop.ticket_id)
            region = self.stop_regions.get(stop.ticket_id)
            if region is None:
                colour = QColor(self._colours.get(stop.category, QColor("#9aa0a6")))
                colour.setAlpha(90)
                region = pg.LinearRegionItem(
                    (start, end), movable=False, brush=pg.mkBrush(colour), pen=pg.mkPen(None)
                )
                region.setZValue(-10)
                region.setToolTip(stop.category)
                self.addItem(region)
                self.stop_regions[stop.ticket_id] = region
            else:
                region.setRegion((start, end))
        for gone in set(self.stop_regions) - seen:
            self.removeItem(self.stop_regions.pop(gone))

    # ---- for tests and reports -----------------------------------------------------------
    def series(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, plan, actual so far) as plotted, x in seconds since the shift started."""
        return self._x, self._plan, self._actual[: self._filled]

    def shaded(self) -> dict[str, list[tuple[float, float]]]:
        """The shaded intervals, in seconds since the shift started."""
        return {
            "pauses": [tuple(r.getRegion()) for r in self.pause_regions],
            "stops": [tuple(r.getRegion()) for r in self.stop_regions.values()],
        }
