"""What the line makes: products with their demand (or takt) and ideal cycle time."""

from __future__ import annotations

from dataclasses import dataclass

from .clock import Stamp
from .production import ShiftPlan, takt_time
from .reasons import Text


@dataclass(frozen=True, slots=True)
class Product:
    key: str
    name: Text
    ideal_cycle_s: float  # the design cycle time, for OEE performance
    demand_per_shift: float | None = None  # takt = loading time / demand ...
    takt_s: float | None = None  # ... or a takt given directly

    def __post_init__(self) -> None:
        if (self.demand_per_shift is None) == (self.takt_s is None):
            raise ValueError(f"product {self.key}: give demand per shift or takt, not both")

    def takt_for(self, plan: ShiftPlan) -> float:
        """Seconds per piece in this shift (ValueError on a shift with no loading time)."""
        if self.takt_s is not None:
            return self.takt_s
        assert self.demand_per_shift is not None
        return takt_time(plan.loading_s, self.demand_per_shift)


DEFAULT_PRODUCTS = (
    Product(
        "p100", Text("Pump housing P100", "泵壳 P100"), ideal_cycle_s=30.0, demand_per_shift=1200
    ),
)


@dataclass(frozen=True, slots=True)
class Changeover:
    """The team leader switched the line to `product` (an event like a count)."""

    id: str
    line: str
    station: str
    stamp: Stamp
    occurred_at: float
    product: str
    actor: str
