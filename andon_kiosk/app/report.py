"""A shift's report: the numbers of the production page, for one past or running shift.

`compute` reads the shift's facts from the store and runs the same `shift_stats` as the screen;
`write_csv` lays them out for a spreadsheet (sections separated by a blank line). The PDF is
drawn by `views.report_pdf` from the same `ShiftReport`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from andon_kiosk.core.counts import CountSeries
from andon_kiosk.core.products import Product
from andon_kiosk.core.reasons import ReasonTree
from andon_kiosk.core.shift_stats import ShiftStats, shift_stats
from andon_kiosk.core.shifts import ShiftInstance

from .station import Station

SHIFT_KEY = re.compile(r"^(\d{4}-\d{2}-\d{2})/(.+)$")


@dataclass(frozen=True)
class ShiftReport:
    station: str
    line: str
    instance: ShiftInstance
    stats: ShiftStats
    counts: CountSeries
    language: str
    zone: ZoneInfo | None
    made_at: float
    reasons: ReasonTree
    products: tuple[Product, ...]

    def product_name(self, key: str | None) -> str:
        for product in self.products:
            if product.key == key:
                return product.name.get(self.language)
        return key or ""

    def loss(self, category: str, reason: str | None) -> str:
        return self.reasons.describe(category, reason, self.language)

    def local(self, t: float) -> datetime:
        moment = datetime.fromtimestamp(t, tz=self.zone)
        return moment if self.zone else moment.astimezone()


def parse_shift(text: str) -> tuple[date, str]:
    match = SHIFT_KEY.match(text.strip())
    if not match:
        raise ValueError(f"--shift is DATE/SHIFT, for example 2026-11-21/day (got {text!r})")
    try:
        return date.fromisoformat(match[1]), match[2]
    except ValueError:
        raise ValueError(f"{match[1]!r} is not a date (YYYY-MM-DD)") from None


def compute(station: Station, day: date, shift_name: str) -> ShiftReport:
    """The shift's numbers up to its end, or up to now while it is still running."""
    cfg = station.config
    try:
        instance = cfg.shifts.named(day, shift_name)
    except OverflowError:  # a shift of 9999-12-31 that would end in the year 10000
        raise ValueError(f"{day.isoformat()}/{shift_name} is beyond the calendar") from None
    zone = ZoneInfo(cfg.timezone) if cfg.timezone else None
    plan = cfg.shifts.plan(instance, zone)
    now = station.clock.now()
    if now < plan.span.start:
        raise ValueError(f"the shift {instance.key} has not started yet")
    facts = station.production.shift_facts(plan.span.start, plan.span.end)
    stats = shift_stats(
        plan,
        min(now, plan.span.end),
        products=cfg.products,
        default=cfg.products[0],
        changeovers=facts.changeovers,
        counts=facts.counts,
        tickets=facts.tickets,
    )
    return ShiftReport(
        cfg.station,
        cfg.line,
        instance,
        stats,
        facts.counts,
        cfg.language,
        zone,
        now,
        cfg.reasons,
        cfg.products,
    )


def summary_rows(report: ShiftReport) -> list[tuple[str, str]]:
    s, oee = report.stats, report.stats.oee

    def percent(value: float | None) -> str:
        return f"{value * 100:.1f}" if value is not None else ""

    return [
        ("line", report.line),
        ("station", report.station),
        ("shift", report.instance.key),
        ("from", f"{report.local(s.plan.span.start):%Y-%m-%d %H:%M}"),
        ("to", f"{report.local(min(s.now, s.plan.span.end)):%Y-%m-%d %H:%M}"),
        ("complete", "yes" if s.now >= s.plan.span.end else "no (running)"),
        ("product", s.product or ""),
        ("takt_s", f"{s.takt_s:.2f}" if s.takt_s else ""),
        ("loading_min", f"{s.plan.loading_until(s.now) / 60:.1f}"),
        ("plan_pcs", f"{s.planned:.0f}"),
        ("actual_good_pcs", str(s.actual)),
        ("scrap_pcs", str(s.scrap)),
        # one sign for a gap everywhere (screen, hours, MQTT): actual − plan, negative = behind
        ("gap_pcs", f"{-s.gap.pieces:+.0f}"),
        ("gap_min", f"{-s.gap.minutes:+.1f}"),
        ("downtime_min", f"{s.downtime_s / 60:.1f}"),
        ("availability_pct", percent(oee.availability if oee else None)),
        ("performance_pct", percent(oee.performance if oee else None)),
        ("quality_pct", percent(oee.quality if oee and oee.total_count else None)),
        ("oee_pct", percent(oee.oee if oee else None)),
    ]


def hour_rows(report: ShiftReport) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for h in report.stats.hours:
        loss = report.loss(*h.top_loss) if h.top_loss and h.actual - h.plan <= -1 else ""
        rows.append(
            (
                f"{report.local(h.start):%H:%M}-{report.local(h.end):%H:%M}",
                f"{h.plan:.0f}",
                str(h.actual),
                f"{h.actual - h.plan:+.0f}",
                loss,
            )
        )
    return rows


def loss_rows(report: ShiftReport) -> list[tuple[str, str, str, str]]:
    return [
        (category, reason or "", report.loss(category, reason), f"{seconds / 60:.1f}")
        for category, reason, seconds in report.stats.pareto
    ]


def stop_rows(
    report: ShiftReport, moment: str | None = None
) -> list[tuple[str, str, str, str, str]]:
    """Each stop: start, end ("" while open), what, minutes, ticket id.

    Times are ISO 8601 with the offset (for a spreadsheet), or `moment` for strftime.
    """

    def when(t: float) -> str:
        local = report.local(t)
        return local.strftime(moment) if moment else local.isoformat(timespec="seconds")

    rows = []
    for stop in sorted(report.stats.stops, key=lambda st: st.start):
        end = stop.end if stop.end is not None else report.stats.now
        rows.append(
            (
                when(stop.start),
                when(end) if stop.end is not None else "",
                report.loss(stop.category, stop.reason),
                f"{(end - stop.start) / 60:.1f}",
                stop.ticket_id,
            )
        )
    return rows


def write_csv(report: ShiftReport, path: Path) -> None:
    """Summary, hour by hour, losses and stops: one section each, for a spreadsheet."""
    with path.open("w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel reads UTF-8
        out = csv.writer(f)
        out.writerow(["key", "value"])
        out.writerows(summary_rows(report))
        out.writerow([])
        out.writerow(["hour", "plan_pcs", "actual_pcs", "gap_pcs", "biggest_loss"])
        out.writerows(hour_rows(report))
        out.writerow([])
        out.writerow(["category", "reason", "loss", "downtime_min"])
        out.writerows(loss_rows(report))
        out.writerow([])
        out.writerow(["stop_start", "stop_end", "what", "minutes", "ticket"])
        out.writerows(stop_rows(report))
