"""The live takt-vs-actual chart: update cost with a 24 h shift of 1 Hz data, and memory over
72 simulated hours (issue: takt, OEE and losses).

    python benchmarks/chart.py --json

update_ms_p50/p99   one live update of the chart (new second of actual: setData, now-line,
                    stop regions) and a synchronous repaint, in the last minutes of a 24 h shift:
                    plan and actual each hold a point a second for the whole day
points              points the chart holds (plan + actual) at the end
rss_growth_mb       resident memory after 72 simulated hours minus after the first 24 h (the
                    warm-up): three 24 h shifts, one count a second, stops, shift rollovers,
                    and the board's numbers recomputed at every update, on an accelerated clock
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

H = 3600.0
DAY = 24 * H


def rss_mb() -> float:
    try:
        pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[1]
        return int(pages) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux: the high-water mark is the best there is
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def count_paints() -> list[int]:
    """Count the curves' paints, so the figure is known to include drawing them."""
    import pyqtgraph as pg

    painted = [0]
    paint = pg.PlotCurveItem.paint

    def counting(self: pg.PlotCurveItem, *args: object) -> None:
        painted[0] += 1
        paint(self, *args)

    pg.PlotCurveItem.paint = counting
    return painted


def main() -> int:  # noqa: PLR0915 (one straight-line measurement)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--updates", type=int, default=400)
    parser.add_argument("--hours", type=float, default=72)
    parser.add_argument("--step-s", type=float, default=60, help="simulated seconds per update")
    args = parser.parse_args()

    from PySide6.QtTest import QTest

    from andon_kiosk.core.counts import CountSeries
    from andon_kiosk.core.production import Pause, ShiftPlan, Span, Stop
    from andon_kiosk.core.products import Product
    from andon_kiosk.core.reasons import Text, default_reason_tree
    from andon_kiosk.core.shift_stats import shift_stats
    from andon_kiosk.views.launch import application
    from andon_kiosk.views.memory import settle_memory
    from andon_kiosk.views.production_chart import ProductionChart
    from andon_kiosk.views.theme import category_colours

    application("en")
    product = Product("p", Text("P"), ideal_cycle_s=0.8, takt_s=1.0)
    colours = category_colours(default_reason_tree())

    def day_plan(start: float) -> ShiftPlan:
        pauses = tuple(Pause(Span(start + h * H, start + h * H + 0.5 * H)) for h in (6, 12, 18))
        return ShiftPlan("all-day", date(2026, 1, 1), Span(start, start + DAY), pauses)

    def stops_for(plan: ShiftPlan, upto: float) -> list[Stop]:
        starts = [plan.span.start + h * H for h in (2, 5, 9, 14, 20, 22.5)]
        return [
            Stop(
                f"t{i}-{plan.span.start:.0f}",
                ("machine", "material", "method")[i % 3],
                None,
                s,
                min(s + 900, upto) if s + 900 <= upto else None,
            )
            for i, s in enumerate(starts)
            if s < upto
        ]

    chart = ProductionChart()
    chart.resize(900, 420)
    chart.show()
    if not QTest.qWaitForWindowExposed(chart):
        raise SystemExit("the chart window was never shown: nothing would be painted")
    painted = count_paints()

    # ---- update cost at the end of a 24 h shift: both series full ------------------------
    t0 = 1_767_225_600.0
    plan = day_plan(t0)
    first = DAY - args.updates - 1  # the last update lands on the shift's last second
    counts = CountSeries((t0 + s, 1, 0) for s in range(int(first)))
    stats = shift_stats(
        plan,
        t0 + first,
        products=(product,),
        default=product,
        changeovers=(),
        counts=counts,
        tickets=(),
    )
    chart.set_shift(plan, stats.curve, None, colours)
    now = t0 + first
    chart.update_live(now, counts, stops_for(plan, now))
    chart.viewport().repaint()
    settle_memory()
    timings = []
    for _ in range(args.updates):
        now += 1
        counts.add(now, 1)
        stops = stops_for(plan, now)
        began = time.perf_counter()
        chart.update_live(now, counts, stops)
        chart.viewport().repaint()
        timings.append((time.perf_counter() - began) * 1000)
    if painted[0] < args.updates:  # the actual curve at least; the plan may come from cache
        raise SystemExit(f"only {painted[0]} curve paints in {args.updates} updates")
    _x, plan_y, actual_y = chart.series()
    points = len(plan_y) + len(actual_y)

    # ---- memory over many simulated hours -------------------------------------------------
    shifts = int(args.hours // 24)
    warm = None
    start = t0 + DAY
    for shift in range(shifts):
        plan = day_plan(start + shift * DAY)
        counts = CountSeries()
        chart.set_shift(plan, (), None, colours)
        curve_set = False
        now = plan.span.start
        while now < plan.span.end:
            for s in range(int(args.step_s)):  # one count a second
                counts.add(now + s, 1)
            now = min(now + args.step_s, plan.span.end - 1)
            stats = shift_stats(
                plan,
                now,
                products=(product,),
                default=product,
                changeovers=(),
                counts=counts,
                tickets=(),
            )
            if not curve_set:
                chart.set_plan(stats.curve)
                curve_set = True
            chart.update_live(now, counts, stops_for(plan, now))
            chart.viewport().repaint()
            if now >= plan.span.end - 1:
                break
        gc.collect()
        if shift == 0:
            warm = rss_mb()
    end = rss_mb()
    chart.close()

    figures = {
        "update_ms_p50": round(statistics.median(timings), 2),
        "update_ms_p99": round(percentile(timings, 99), 2),
        "update_ms_max": round(max(timings), 2),
        "points": points,
        "updates": len(timings),
        "simulated_hours": shifts * 24,
        "rss_after_warmup_mb": round(warm or 0, 1),
        "rss_end_mb": round(end, 1),
        "rss_growth_mb": round(end - (warm or end), 2),
        "goals": {"update_ms_p99": 10, "rss_growth_mb": 10, "points": 172800},
    }
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
