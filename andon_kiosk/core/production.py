"""Takt, plan against actual, line balance and OEE (DOMAIN.md §4-5). A public, pure API.

All times are seconds: durations as floats, moments as Unix epoch seconds.

    takt_time(available_s, demand)                 seconds per piece
    stations_needed(total_work_s, takt_s)          ceil(T / C)
    line_efficiency(total_work_s, stations, cycle_s)   T / (N × C), a fraction
    oee(loading_s, downtime_s, ideal_cycle_s, total_count, good_count) -> Oee

and, for one shift (`ShiftPlan`): the plan curve (one piece per takt during loading time, flat
through breaks and planned stops), the gap in pieces and minutes, the downtime inside loading
time and its Pareto, the hour-by-hour board.

Worked examples (DOMAIN.md): 8 h and 1000 pieces → takt 28.8 s; 9 operations totalling
7.15 min at takt 0.48 min → 15 stations, and with a 0.53 min bottleneck η = 89.9 %.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date


# ---- line balance and OEE ---------------------------------------------------------------
def takt_time(available_s: float, demand: float) -> float:
    """Seconds per piece: available production time over customer demand."""
    if demand <= 0:
        raise ValueError(f"demand must be positive (got {demand})")
    if available_s <= 0:
        raise ValueError(f"no available time (got {available_s} s)")
    return available_s / demand


def stations_needed(total_work_s: float, takt_s: float) -> int:
    """N = ceil(T / C): stations for `total_work_s` of operations at takt `takt_s`."""
    if takt_s <= 0:
        raise ValueError(f"takt must be positive (got {takt_s})")
    if total_work_s < 0:
        raise ValueError("total work content cannot be negative")
    return math.ceil(round(total_work_s / takt_s, 9))


def line_efficiency(total_work_s: float, stations: int, cycle_s: float) -> float:
    """η = T / (N × C), C the bottleneck's actual cycle: the line's load factor (0..1)."""
    if stations <= 0 or cycle_s <= 0:
        raise ValueError("stations and cycle time must be positive")
    return total_work_s / (stations * cycle_s)


@dataclass(frozen=True)
class Oee:
    availability: float  # operating time / loading time
    performance: float  # ideal cycle × total count / operating time
    quality: float  # good / total (0 when nothing was made)
    oee: float
    loading_s: float
    downtime_s: float
    operating_s: float
    total_count: int
    good_count: int


def oee(
    loading_s: float,
    downtime_s: float,
    ideal_cycle_s: float,
    total_count: int,
    good_count: int,
) -> Oee:
    """OEE = availability × performance × quality, from the shift's own numbers."""
    if loading_s <= 0:
        raise ValueError(f"no loading time (got {loading_s} s)")
    if not 0 <= good_count <= total_count:
        raise ValueError(f"good count {good_count} must be between 0 and total {total_count}")
    if ideal_cycle_s <= 0 or downtime_s < 0:
        raise ValueError("ideal cycle must be positive and downtime not negative")
    downtime = min(downtime_s, loading_s)
    operating = loading_s - downtime
    availability = operating / loading_s
    performance = ideal_cycle_s * total_count / operating if operating > 0 else 0.0
    quality = good_count / total_count if total_count else 0.0
    return Oee(
        availability=availability,
        performance=performance,
        quality=quality,
        oee=availability * performance * quality,
        loading_s=loading_s,
        downtime_s=downtime,
        operating_s=operating,
        total_count=total_count,
        good_count=good_count,
    )


# ---- time spans ---------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Span:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return max(0.0, self.end - self.start)

    def clip(self, start: float, end: float) -> Span | None:
        s, e = max(self.start, start), min(self.end, end)
        return Span(s, e) if e > s else None


def merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for span in sorted(s for s in spans if s.seconds > 0):
        if out and span.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out


def subtract(base: Span, holes: Iterable[Span]) -> list[Span]:
    """`base` without `holes`: the pieces left."""
    pieces, cursor = [], base.start
    for hole in merge(h for h in (h.clip(base.start, base.end) for h in holes) if h):
        if hole.start > cursor:
            pieces.append(Span(cursor, hole.start))
        cursor = max(cursor, hole.end)
    if cursor < base.end:
        pieces.append(Span(cursor, base.end))
    return pieces


def covered_s(spans: Sequence[Span], start: float, end: float) -> float:
    """How much of [start, end) the (non-overlapping) `spans` cover."""
    return sum(c.seconds for s in spans if (c := s.clip(start, end)))


# ---- one shift ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Pause:
    """Time in a shift that is not loading time: a break or a planned stop."""

    span: Span
    kind: str = "break"  # "break" or "planned"
    reason: str = ""


@dataclass(frozen=True)
class ShiftPlan:
    """One shift on one day: when it runs, when it pauses, so when the line is loaded."""

    name: str
    day: date
    span: Span
    pauses: tuple[Pause, ...] = ()
    loading: tuple[Span, ...] = field(init=False)

    def __post_init__(self) -> None:
        loading = subtract(self.span, (p.span for p in self.pauses))
        object.__setattr__(self, "loading", tuple(loading))

    @property
    def loading_s(self) -> float:
        return sum(s.seconds for s in self.loading)

    def loading_until(self, t: float) -> float:
        """Loading time from the start of the shift to `t` (clamped to the shift)."""
        return covered_s(self.loading, self.span.start, min(t, self.span.end))

    def is_loading(self, t: float) -> bool:
        return any(s.start <= t < s.end for s in self.loading)


@dataclass(frozen=True, order=True)
class TaktSegment:
    """From `start` on (until the next segment), the line runs at `takt_s`."""

    start: float
    takt_s: float
    product: str = ""


def _segments(plan: ShiftPlan, segments: Sequence[TaktSegment]) -> list[tuple[Span, TaktSegment]]:
    ordered = sorted(segments)
    if not ordered:
        return []
    out = []
    for i, seg in enumerate(ordered):
        start = plan.span.start if i == 0 else max(seg.start, plan.span.start)
        end = ordered[i + 1].start if i + 1 < len(ordered) else plan.span.end
        if end > start:
            out.append((Span(start, min(end, plan.span.end)), seg))
    return out


def planned_pieces(plan: ShiftPlan, segments: Sequence[TaktSegment], t: float) -> float:
    """Pieces the plan asks for by `t`: one per takt of loading time so far."""
    total = 0.0
    for span, seg in _segments(plan, segments):
        total += covered_s(plan.loading, span.start, min(span.end, t)) / seg.takt_s
    return total


def plan_curve(plan: ShiftPlan, segments: Sequence[TaktSegment]) -> list[tuple[float, float]]:
    """The plan as (moment, pieces) corners of a piecewise-linear curve over the whole shift:
    rising during loading time, flat through pauses."""
    corners = {plan.span.start, plan.span.end}
    for span in plan.loading:
        corners |= {span.start, span.end}
    for span, _seg in _segments(plan, segments):
        corners |= {span.start, span.end}
    return [(t, planned_pieces(plan, segments, t)) for t in sorted(corners)]


@dataclass(frozen=True)
class Gap:
    pieces: float  # positive: behind plan
    minutes: float  # the pieces behind, in minutes of takt


def gap(planned: float, actual: float, takt_s: float) -> Gap:
    behind = planned - actual
    return Gap(behind, behind * takt_s / 60)


# ---- stops and losses ---------------------------------------------------------------------
@dataclass(frozen=True)
class Stop:
    """A line stop from the andon: raised → contained (end None while still down)."""

    ticket_id: str
    category: str
    reason: str | None
    start: float
    end: float | None


def downtime_s(plan: ShiftPlan, stops: Iterable[Stop], until: float) -> float:
    """Stop time inside loading time, from the shift start to `until`. Overlapping stops
    (two tickets at once) count once: the line was down, not down twice."""
    end = min(until, plan.span.end)
    spans = merge(Span(s.start, min(s.end if s.end is not None else end, end)) for s in stops)
    return sum(covered_s(plan.loading, s.start, s.end) for s in spans)


def pareto(
    plan: ShiftPlan, stops: Iterable[Stop], until: float, by: str = "reason"
) -> list[tuple[str, str | None, float]]:
    """Loading time lost per (category, reason) — or per category with by="category" —
    biggest loss first. Each stop is counted for itself, so overlapping stops both show."""
    end = min(until, plan.span.end)
    losses: dict[tuple[str, str | None], float] = {}
    for stop in stops:
        stop_end = min(stop.end if stop.end is not None else end, end)
        lost = covered_s(plan.loading, stop.start, stop_end)
        if lost > 0:
            key = (stop.category, stop.reason if by == "reason" else None)
            losses[key] = losses.get(key, 0.0) + lost
    rows = [(category, reason, seconds) for (category, reason), seconds in losses.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1] or ""))


@dataclass(frozen=True)
class HourRow:
    start: float
    end: float
    plan: float
    actual: int
    gap: float
    top_loss: tuple[str, str | None] | None  # the biggest stop reason in the hour


def hourly(
    plan: ShiftPlan,
    segments: Sequence[TaktSegment],
    good_between: Callable[[float, float], int],
    stops: Sequence[Stop],
    *,
    until: float,
    hour_s: float = 3600.0,
) -> list[HourRow]:
    """The hour-by-hour board: per hour of the shift (up to `until`), plan, actual, gap and
    the reason that cost the most loading time in that hour."""
    rows = []
    start = plan.span.start
    while start < min(until, plan.span.end):
        end = min(start + hour_s, plan.span.end)
        upto = min(end, until)
        planned = planned_pieces(plan, segments, upto) - planned_pieces(plan, segments, start)
        actual = good_between(start, upto)
        window = ShiftPlan(plan.name, plan.day, Span(start, upto), plan.pauses)
        losses = pareto(window, stops, upto)
        rows.append(
            HourRow(
                start,
                end,
                planned,
                actual,
                planned - actual,
                (losses[0][0], losses[0][1]) if losses else None,
            )
        )
        start = end
    return rows
