"""Time sources and the hybrid logical clock that orders ticket events.

Everything that depends on "now" (escalation, elapsed time, downtime) takes a `Clock`, so the
same code runs against the wall clock in the kiosk and against a `ManualClock` in tests and
benchmarks: an escalation due at 20 minutes can be checked without waiting 20 minutes.

Events are ordered by a hybrid logical clock (HLC) stamp rather than by wall time alone. Two
kiosks whose clocks disagree still order causally related events correctly (an acknowledgement
made after seeing a ticket always sorts after the ticket's `raised` event), and a wall clock
that steps backwards (NTP correction, dead RTC battery) never produces a stamp that sorts before
one already issued.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    """A source of wall time in seconds since the Unix epoch (UTC)."""

    def now(self) -> float: ...


class SystemClock:
    """The machine's real-time clock."""

    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told to; thread-safe so workers may read it."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self._t = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a manual clock only moves forward")
        with self._lock:
            self._t += seconds

    def set(self, t: float) -> None:
        with self._lock:
            self._t = float(t)


_WALL_DIGITS = 15
_COUNTER_DIGITS = 6


@dataclass(frozen=True, order=True, slots=True)
class Stamp:
    """One HLC stamp: milliseconds of physical time plus a logical counter.

    The text form is fixed-width so that sorting strings (in SQL, too) sorts stamps.
    """

    wall_ms: int
    counter: int = 0

    def encode(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        wall, sep, counter = text.partition(".")
        if (
            not sep
            or len(wall) != _WALL_DIGITS
            or len(counter) != _COUNTER_DIGITS
            or not (wall.isascii() and wall.isdigit())
            or not (counter.isascii() and counter.isdigit())
        ):
            raise ValueError(f"not an HLC stamp: {text!r}")
        return cls(int(wall), int(counter))

    def __str__(self) -> str:
        return self.encode()


class HybridClock:
    """Issues strictly increasing stamps that also respect stamps seen from other stations."""

    def __init__(self, clock: Clock, last: Stamp | None = None) -> None:
        self._clock = clock
        self._last = last or Stamp(0, 0)
        self._lock = threading.Lock()

    @property
    def last(self) -> Stamp:
        return self._last

    def tick(self) -> Stamp:
        """A stamp for a new local event."""
        physical = int(self._clock.now() * 1000)
        with self._lock:
            if physical > self._last.wall_ms:
                self._last = Stamp(physical, 0)
            elif self._last.counter + 1 < 10**_COUNTER_DIGITS:
                self._last = Stamp(self._last.wall_ms, self._last.counter + 1)
            else:  # the counter's range is spent: move on a millisecond, never overflow
                self._last = Stamp(self._last.wall_ms + 1, 0)
            return self._last

    def observe(self, remote: Stamp) -> None:
        """Account for a stamp received from elsewhere, so later local stamps sort after it."""
        with self._lock:
            self._last = max(self._last, remote)
