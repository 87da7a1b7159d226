"""Part counts as events: good and scrap parts, from the counter or the screen.

Like ticket events, a count is appended, never updated, carries its own UUID and an HLC
stamp, and syncs by set union. The shift's actual output is the sum of its counts.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .clock import Stamp


class CountSource(StrEnum):
    COUNTER = "counter"  # the part counter on the line
    SCREEN = "screen"  # entered on the kiosk


def count_problem(good: int, scrap: int) -> str | None:
    """Why a count of `good` and `scrap` parts cannot be stored, or None."""
    if good < 0 or scrap < 0 or good + scrap == 0:
        return "a count records at least one part, none negative"
    return None


@dataclass(frozen=True, slots=True)
class PartCount:
    id: str
    line: str
    station: str
    stamp: Stamp
    occurred_at: float
    good: int
    scrap: int
    source: CountSource
    actor: str = ""
    reading: int | None = None  # the counter's own value, for tracing a jump
    product: str | None = None

    def __post_init__(self) -> None:
        why = count_problem(self.good, self.scrap)
        if why is not None:
            raise ValueError(why)


class CountSeries:
    """Good and scrap parts over time, with prefix sums: any range is two binary searches.

    Counts mostly arrive in time order (appended); one that arrives late (from another
    station, after a sync) is inserted and the sums rebuilt.
    """

    def __init__(self, counts: Iterable[tuple[float, int, int]] = ()) -> None:
        self._rebuild(sorted(counts))

    def __len__(self) -> int:
        return len(self._t)

    def add(self, t: float, good: int, scrap: int = 0) -> None:
        if not self._t or t >= self._t[-1]:
            self._append(t, good, scrap)
            return
        rows = list(zip(self._t, _steps(self._good), _steps(self._scrap), strict=True))
        bisect.insort(rows, (t, good, scrap))
        self._rebuild(rows)

    def _rebuild(self, rows: Iterable[tuple[float, int, int]]) -> None:
        self._t: list[float] = []
        self._good: list[int] = [0]  # prefix sums, one longer than _t
        self._scrap: list[int] = [0]
        for t, good, scrap in rows:
            self._append(t, good, scrap)

    def _append(self, t: float, good: int, scrap: int) -> None:
        self._t.append(t)
        self._good.append(self._good[-1] + good)
        self._scrap.append(self._scrap[-1] + scrap)

    def good_between(self, start: float, end: float) -> int:
        return self._sum(self._good, start, end)

    def scrap_between(self, start: float, end: float) -> int:
        return self._sum(self._scrap, start, end)

    def good_until(self, t: float) -> int:
        """Good parts counted at or before `t`."""
        return self._good[bisect.bisect_right(self._t, t)]

    def times(self) -> list[float]:
        return list(self._t)

    def good_steps(self, after: float, until: float) -> tuple[int, list[float], list[int]]:
        """For a chart: the good parts counted at or before `after`, then each count in
        (`after`, `until`] with the running total after it. Costs the slice, not the series."""
        i = bisect.bisect_right(self._t, after)
        j = bisect.bisect_right(self._t, until)
        return self._good[i], self._t[i:j], self._good[i + 1 : j + 1]

    def _sum(self, prefix: list[int], start: float, end: float) -> int:
        a = bisect.bisect_left(self._t, start)
        b = bisect.bisect_left(self._t, end)
        return prefix[b] - prefix[a] if b > a else 0


def _steps(prefix: list[int]) -> list[int]:
    return [b - a for a, b in itertools.pairwise(prefix)]
