"""A shift's production numbers at one moment: plan, actual, gap, takt, OEE, losses.

Assembled from what the store holds (counts, product changeovers, andon tickets) with the
formulas of `production`. Which tickets count as downtime: line stops (not calls) that were
not cancelled, from raise to containment.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .counts import CountSeries
from .production import (
    Gap,
    HourRow,
    Oee,
    ShiftPlan,
    Stop,
    TaktSegment,
    downtime_s,
    gap,
    hourly,
    oee,
    pareto,
    plan_curve,
    planned_pieces,
)
from .products import Changeover, Product
from .tickets import Ticket


def stops_from(tickets: Iterable[Ticket]) -> list[Stop]:
    return [
        Stop(t.id, t.category, t.reason, t.raised.at, t.contained.at if t.contained else None)
        for t in tickets
        if t.stops_line and t.cancelled is None
    ]


def segments_from(
    plan: ShiftPlan,
    changeovers: Sequence[Changeover],
    products: Sequence[Product],
    default: Product,
) -> list[TaktSegment]:
    """Takt segments of the shift: the product running at its start, then each changeover.

    A shift without loading time (a closed day) has no segments: nothing is planned.
    """
    if plan.loading_s <= 0:
        return []
    by_key = {p.key: p for p in products}
    ordered = sorted(changeovers, key=lambda c: c.occurred_at)
    running = default
    for change in ordered:
        if change.occurred_at <= plan.span.start and change.product in by_key:
            running = by_key[change.product]
    segments = [TaktSegment(plan.span.start, running.takt_for(plan), running.key)]
    for change in ordered:
        product = by_key.get(change.product)
        if product is not None and plan.span.start < change.occurred_at < plan.span.end:
            segments.append(TaktSegment(change.occurred_at, product.takt_for(plan), product.key))
    return segments


@dataclass(frozen=True)
class ShiftStats:
    plan: ShiftPlan
    now: float
    product: str | None  # running now
    takt_s: float | None  # None: nothing planned (a closed day)
    planned: float
    actual: int
    scrap: int
    gap: Gap
    oee: Oee | None  # None before any loading time has passed
    downtime_s: float
    stops: tuple[Stop, ...]
    pareto: tuple[tuple[str, str | None, float], ...]
    hours: tuple[HourRow, ...]
    curve: tuple[tuple[float, float], ...]
    segments: tuple[TaktSegment, ...]


def shift_stats(
    plan: ShiftPlan,
    now: float,
    *,
    products: Sequence[Product],
    default: Product,
    changeovers: Sequence[Changeover],
    counts: CountSeries,
    tickets: Iterable[Ticket],
) -> ShiftStats:
    segments = segments_from(plan, changeovers, products, default)
    upto = min(now, plan.span.end)
    running = next((s for s in reversed(segments) if s.start <= upto), None)
    takt = running.takt_s if running else None
    stops = stops_from(tickets)
    planned = planned_pieces(plan, segments, upto) if segments else 0.0
    # "so far" includes a part counted at this very moment: ranges are [a, b), so end just after
    through = math.nextafter(upto, math.inf)

    def made(start: float, end: float) -> int:
        return counts.good_between(start, through if end >= upto else end)

    actual = made(plan.span.start, upto)
    scrap = counts.scrap_between(plan.span.start, through)
    lost = downtime_s(plan, stops, upto)
    loading = plan.loading_until(upto)
    by_key = {p.key: p for p in products}
    efficiency = None
    if loading > 0:
        ideal = _ideal_cycle(plan, segments, by_key, default, counts=counts, upto=upto)
        efficiency = oee(loading, lost, ideal, actual + scrap, actual)
    return ShiftStats(
        plan=plan,
        now=now,
        product=running.product if running else None,
        takt_s=takt,
        planned=planned,
        actual=actual,
        scrap=scrap,
        gap=gap(planned, actual, takt or 0.0),
        oee=efficiency,
        downtime_s=lost,
        stops=tuple(stops),
        pareto=tuple(pareto(plan, stops, upto)),
        hours=tuple(hourly(plan, segments, made, stops, until=upto)),
        curve=tuple(plan_curve(plan, segments)) if segments else (),
        segments=tuple(segments),
    )


def _ideal_cycle(
    plan: ShiftPlan,
    segments: Sequence[TaktSegment],
    by_key: dict[str, Product],
    default: Product,
    *,
    counts: CountSeries,
    upto: float,
) -> float:
    """The ideal cycle weighted by the parts made under each product: after a changeover,
    performance is measured against each product's own design cycle."""
    weighted, parts = 0.0, 0
    for i, seg in enumerate(segments):
        start = max(seg.start, plan.span.start)
        end = min(segments[i + 1].start if i + 1 < len(segments) else upto, upto)
        end = math.nextafter(end, math.inf) if end >= upto else end
        made = counts.good_between(start, end) + counts.scrap_between(start, end)
        weighted += by_key.get(seg.product, default).ideal_cycle_s * made
        parts += made
    if parts:
        return weighted / parts
    key = segments[-1].product if segments else default.key
    return by_key.get(key, default).ideal_cycle_s
