"""The shift calendar: which shift runs when, its breaks and planned stops, days off.

Shifts may run overnight (an end earlier than the start is on the next day). Break times are
times of day; in an overnight shift a break before the start time falls on the next day.
Planned stops are either part of a shift every day (like a break, for example a daily 5S
round) or dated (planned maintenance on one date). Breaks and planned stops are not loading
time: no plan, no downtime. On a closed date or weekday the shift has no loading time at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from .production import Pause, ShiftPlan, Span

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Break:
    """A pause in every instance of a shift: a break, or a planned stop (`kind="planned"`)."""

    start: time
    end: time
    kind: str = "break"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PlannedStop:
    """A dated planned stop (maintenance, training, a stock-take), in local time."""

    start: datetime
    end: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Shift:
    name: str
    start: time
    end: time
    breaks: tuple[Break, ...] = ()

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """Start and end of this shift when it starts on `day` (naive local datetimes)."""
        begin = datetime.combine(day, self.start)
        end = datetime.combine(day + timedelta(days=1) if self.overnight else day, self.end)
        return begin, end

    def break_bounds(self, brk: Break, day: date) -> tuple[datetime, datetime]:
        on = day + timedelta(days=1) if self.overnight and brk.start < self.start else day
        begin = datetime.combine(on, brk.start)
        end = datetime.combine(on + timedelta(days=1) if brk.end <= brk.start else on, brk.end)
        return begin, end


@dataclass(frozen=True, slots=True)
class ShiftInstance:
    shift: Shift
    day: date  # the date the shift started on
    start: datetime
    end: datetime
    closed: bool = False  # a date or weekday without production

    @property
    def key(self) -> str:
        """How reports and people name it: 2026-11-21/day."""
        return f"{self.day.isoformat()}/{self.shift.name}"


@dataclass(frozen=True)
class ShiftCalendar:
    shifts: Sequence[Shift]
    planned: Sequence[PlannedStop] = ()
    closed_dates: frozenset[date] = frozenset()
    closed_weekdays: frozenset[str] = frozenset()

    def at(self, moment: datetime) -> ShiftInstance | None:
        """The shift running at naive local `moment`, or None between shifts."""
        naive = moment.replace(tzinfo=None)
        for day in (naive.date(), naive.date() - timedelta(days=1)):
            for shift in self.shifts:
                begin, end = shift.bounds(day)
                if begin <= naive < end:
                    return self._instance(shift, day)
        return None

    def named(self, day: date, name: str) -> ShiftInstance:
        """The shift `name` that starts on `day` (for reports: 2026-11-21/day)."""
        for shift in self.shifts:
            if shift.name == name:
                return self._instance(shift, day)
        raise KeyError(
            f"no shift named {name!r} (shifts: {', '.join(s.name for s in self.shifts)})"
        )

    def _instance(self, shift: Shift, day: date) -> ShiftInstance:
        begin, end = shift.bounds(day)
        closed = day in self.closed_dates or WEEKDAYS[day.weekday()] in self.closed_weekdays
        return ShiftInstance(shift, day, begin, end, closed)

    def plan(self, instance: ShiftInstance, zone: tzinfo | None) -> ShiftPlan:
        """The shift in epoch seconds, with its pauses: what the production maths works on."""

        def epoch(moment: datetime) -> float:
            return (moment.replace(tzinfo=zone) if zone else moment.astimezone()).timestamp()

        span = Span(epoch(instance.start), epoch(instance.end))
        if instance.closed:
            return ShiftPlan(
                instance.shift.name, instance.day, span, (Pause(span, "closed", "no production"),)
            )
        pauses = []
        for brk in instance.shift.breaks:
            begin, end = instance.shift.break_bounds(brk, instance.day)
            pauses.append(Pause(Span(epoch(begin), epoch(end)), brk.kind, brk.reason))
        for stop in self.planned:
            clipped = Span(epoch(stop.start), epoch(stop.end)).clip(span.start, span.end)
            if clipped:
                pauses.append(Pause(clipped, "planned", stop.reason))
        return ShiftPlan(instance.shift.name, instance.day, span, tuple(pauses))


DEFAULT_SHIFTS = (
    Shift("day", time(8, 0), time(20, 0), (Break(time(12, 0), time(13, 0)),)),
    Shift("night", time(20, 0), time(8, 0), (Break(time(0, 0), time(1, 0)),)),
)
