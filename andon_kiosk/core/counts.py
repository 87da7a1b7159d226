"""Part counts as events: good and scrap parts, from the counter or the screen.

Like ticket events, a count is appended, never updated, carries its own UUID and an HLC
stamp, and syncs by set union. The shift's actual output is the sum of its counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .clock import Stamp


class CountSource(StrEnum):
    COUNTER = "counter"  # the part counter on the line
    SCREEN = "screen"  # entered on the kiosk


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
        if self.good < 0 or self.scrap < 0 or self.good + self.scrap == 0:
            raise ValueError("a count records at least one part, none negative")
