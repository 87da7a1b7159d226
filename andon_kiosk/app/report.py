"""A shift's report: the numbers of the production page, for one past or running shift.

`compute` reads the shift's facts from the store and runs the same `shift_stats` as the screen;
the row functions below give each table's rows (times ISO 8601 unless a `moment` format is
given), `report_csv` writes them as one CSV file per table and `views.report_pdf` draws the PDF
from the same rows. A gap has one sign everywhere: actual − plan, negative when behind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from andon_kiosk.core.counts import CountSeries
from andon_kiosk.core.products import Product
from andon_kiosk.core.reasons import ReasonTree
from andon_kiosk.core.shift_stats import ShiftStats, shift_stats
from andon_kiosk.core.shifts import ShiftInstance
from andon_kiosk.core.tickets import Ticket

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
    tickets: Mapping[str, Ticket]  # by id: each stop's containment, root cause, countermeasure

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

    def when(self, t: float, moment: str | None = None) -> str:
        """ISO 8601 with the offset (for a spreadsheet), or `moment` for strftime."""
        local = self.local(t)
        return local.strftime(moment) if moment else local.isoformat(timespec="seconds")


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
        {ticket.id: ticket for ticket in facts.tickets},
    )


def summary_rows(report: ShiftReport, moment: str | None = None) -> list[tuple[str, str]]:
    """(key, value) of the shift's figures; the keys are the CSV's column names."""
    s, oee = report.stats, report.stats.oee

    def percent(value: float | None) -> str:
        return f"{value * 100:.1f}" if value is not None else ""

    return [
        ("line", report.line),
        ("station", report.station),
        ("shift", report.instance.key),
        ("shift_start", report.when(s.plan.span.start, moment)),
        ("shift_end", report.when(min(s.now, s.plan.span.end), moment)),
        ("complete", "yes" if s.now >= s.plan.span.end else "no"),
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


HOUR_COLUMNS = ("hour_start", "hour_end", "plan_pcs", "actual_pcs", "gap_pcs", "category",
                "reason", "biggest_loss")  # fmt: skip


def hour_rows(report: ShiftReport, moment: str | None = None) -> list[tuple[str, ...]]:
    """Hour by hour (`HOUR_COLUMNS`); the biggest loss only in an hour behind its plan."""
    rows = []
    for h in report.stats.hours:
        behind = h.top_loss if h.top_loss and h.actual - h.plan <= -1 else None
        rows.append(
            (
                report.when(h.start, moment),
                report.when(h.end, moment),
                f"{h.plan:.0f}",
                str(h.actual),
                f"{h.actual - h.plan:+.0f}",
                behind[0] if behind else "",
                (behind[1] or "") if behind else "",
                report.loss(*behind) if behind else "",
            )
        )
    return rows


LOSS_COLUMNS = ("category", "reason", "loss", "downtime_min")


def loss_rows(report: ShiftReport) -> list[tuple[str, str, str, str]]:
    """The Pareto of stop reasons, biggest first (`LOSS_COLUMNS`)."""
    return [
        (category, reason or "", report.loss(category, reason), f"{seconds / 60:.1f}")
        for category, reason, seconds in report.stats.pareto
    ]


STOP_COLUMNS = ("start", "end", "loss", "minutes", "ticket_id", "category", "reason",
                "containment", "root_cause", "countermeasure")  # fmt: skip


def stop_rows(report: ShiftReport, moment: str | None = None) -> list[tuple[str, ...]]:
    """Each stop (`STOP_COLUMNS`), end "" while the line is still down, with what its ticket
    says: the containment that restarted the line, the root cause and the countermeasure."""
    rows = []
    for stop in sorted(report.stats.stops, key=lambda st: st.start):
        end = stop.end if stop.end is not None else report.stats.now
        ticket = report.tickets.get(stop.ticket_id)
        rows.append(
            (
                report.when(stop.start, moment),
                report.when(end, moment) if stop.end is not None else "",
                report.loss(stop.category, stop.reason),
                f"{(end - stop.start) / 60:.1f}",
                stop.ticket_id,
                stop.category,
                stop.reason or "",
                ticket.containment if ticket else "",
                ticket.root_cause if ticket else "",
                ticket.countermeasure if ticket else "",
            )
        )
    return rows
