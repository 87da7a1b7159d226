"""The shift calendar and the products, from the file: times of day, dates, demand or takt."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from andon_kiosk.core.products import DEFAULT_PRODUCTS, Product
from andon_kiosk.core.reasons import Text
from andon_kiosk.core.shifts import DEFAULT_SHIFTS, Break, PlannedStop, Shift, ShiftCalendar

from .schema import CalendarSection, ProductRow, ShiftRow
from .types import ConfigError

Fail = Callable[[str, str], ConfigError]
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def clock_time(text: str | time, key: str, fail: Fail) -> time:
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0)
    match = _HHMM.match(text)
    if not match:
        raise fail(key, f"expected a time as HH:MM (got {text!r})")
    return time(int(match[1]), int(match[2]))


def _date(value: str | date, key: str, fail: Fail) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(key, f"expected a date as YYYY-MM-DD (got {value!r})") from None


def _moment(value: str | datetime, key: str, fail: Fail) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise fail(key, f"expected a date and time as YYYY-MM-DD HH:MM (got {value!r})") from None


def _shift(s: ShiftRow, where: str, fail: Fail) -> Shift:
    start = clock_time(s.start, f"{where}.start", fail)
    end = clock_time(s.end, f"{where}.end", fail)
    if start == end:
        raise fail(f"{where}.end", "a shift cannot start and end at the same time")
    shift = Shift(s.name, start, end)
    breaks = []
    for j, b in enumerate(s.breaks):
        key = f"{where}.breaks[{j}]"
        brk = Break(
            clock_time(b.start, f"{key}.start", fail),
            clock_time(b.end, f"{key}.end", fail),
            b.kind,
            b.reason,
        )
        shift_start, shift_end = shift.bounds(date(2000, 1, 3))
        brk_start, brk_end = shift.break_bounds(brk, date(2000, 1, 3))
        if not (shift_start <= brk_start < brk_end <= shift_end):
            raise fail(
                key,
                f"the break {brk.start:%H:%M}-{brk.end:%H:%M} is not inside the "
                f"shift {start:%H:%M}-{end:%H:%M}",
            )
        breaks.append(brk)
    return Shift(s.name, start, end, tuple(breaks))


def _no_overlap(shifts: list[Shift] | tuple[Shift, ...], fail: Fail) -> None:
    """Two shifts running at one moment would make "the current shift" ambiguous."""
    day = date(2000, 1, 4)
    for i, a in enumerate(shifts):
        a_start, a_end = a.bounds(day)
        for j, b in enumerate(shifts[i + 1 :], start=i + 1):
            for offset in (-1, 0, 1):
                b_start, b_end = b.bounds(day + timedelta(days=offset))
                if a_start < b_end and b_start < a_end:
                    raise fail(
                        f"shifts[{j}]",
                        f"shift {b.name!r} {b.start:%H:%M}-{b.end:%H:%M} overlaps "
                        f"shift {a.name!r} {a.start:%H:%M}-{a.end:%H:%M}",
                    )


def calendar(rows: list[ShiftRow], cal: CalendarSection, fail: Fail) -> ShiftCalendar:
    shifts = [_shift(s, f"shifts[{i}]", fail) for i, s in enumerate(rows)] or DEFAULT_SHIFTS
    names = [s.name for s in shifts]
    if len(set(names)) != len(names):
        raise fail("shifts", f"two shifts with one name: {names}")
    _no_overlap(shifts, fail)
    planned = []
    for i, p in enumerate(cal.planned_stops):
        key = f"calendar.planned_stops[{i}]"
        start, end = _moment(p.start, f"{key}.start", fail), _moment(p.end, f"{key}.end", fail)
        if end <= start:
            raise fail(f"{key}.end", "a planned stop must end after it starts")
        planned.append(PlannedStop(start, end, p.reason))
    closed = frozenset(
        _date(d, f"calendar.closed_dates[{i}]", fail) for i, d in enumerate(cal.closed_dates)
    )
    return ShiftCalendar(tuple(shifts), tuple(planned), closed, frozenset(cal.closed_weekdays))


def products(rows: list[ProductRow], fail: Fail) -> tuple[Product, ...]:
    if not rows:
        return DEFAULT_PRODUCTS
    out, keys = [], set()
    for i, p in enumerate(rows):
        where = f"products[{i}]"
        if p.key in keys:
            raise fail(f"{where}.key", f"duplicate product {p.key!r}")
        keys.add(p.key)
        if (p.demand_per_shift is None) == (p.takt_seconds is None):
            raise fail(where, "give exactly one of demand_per_shift or takt_seconds")
        out.append(
            Product(
                p.key,
                Text(p.en, p.zh_CN),
                p.ideal_cycle_seconds,
                p.demand_per_shift,
                p.takt_seconds,
            )
        )
    return tuple(out)
