"""The shift calendar: which shift is running at a given local time.

Shifts may run overnight (end earlier than start means the next day). Times are local to the
station; the caller converts epoch seconds with the station's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class Break:
    start: time
    end: time


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


@dataclass(frozen=True, slots=True)
class ShiftInstance:
    shift: Shift
    day: date  # the date the shift started on
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ShiftCalendar:
    shifts: Sequence[Shift]

    def at(self, moment: datetime) -> ShiftInstance | None:
        """The shift running at naive local `moment`, or None between shifts."""
        naive = moment.replace(tzinfo=None)
        for day in (naive.date(), naive.date() - timedelta(days=1)):
            for shift in self.shifts:
                begin, end = shift.bounds(day)
                if begin <= naive < end:
                    return ShiftInstance(shift, day, begin, end)
        return None


DEFAULT_SHIFTS = (
    Shift("day", time(8, 0), time(20, 0), (Break(time(12, 0), time(13, 0)),)),
    Shift("night", time(20, 0), time(8, 0), (Break(time(0, 0), time(1, 0)),)),
)
