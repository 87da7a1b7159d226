"""Escalation: who must be told once a stop has gone unrecovered for how long (DOMAIN.md §3).

The level is computed from the ticket (its stored events) and a clock, never kept in a timer,
so a kiosk that restarts mid-stop shows and records the right level at once. Level 0 is the
immediate call (team leader and the owning department's contact); level 1 and above are
escalations. The clock stops at containment: the line is running again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .tickets import Ticket


@dataclass(frozen=True, slots=True)
class EscalationLevel:
    after_s: float
    notify: tuple[str, ...]


def _levels(*rows: tuple[float, tuple[str, ...]]) -> tuple[EscalationLevel, ...]:
    return tuple(EscalationLevel(minutes * 60.0, notify) for minutes, notify in rows)


DEFAULT_LEVELS = _levels(
    (0, ("team_leader", "department_contact")),
    (20, ("production_supervisor",)),
    (60, ("engineering_supervisor",)),
    (120, ("quality_supervisor",)),
    (180, ("planning_supervisor",)),
)


SAFETY_REPORT_S = 2 * 3600.0  # a safety event's written report is due 2 h after it (§1)


@dataclass(frozen=True)
class EscalationPolicy:
    default: tuple[EscalationLevel, ...] = DEFAULT_LEVELS
    by_category: Mapping[str, tuple[EscalationLevel, ...]] = field(default_factory=dict)
    safety_report_s: float = SAFETY_REPORT_S

    def __post_init__(self) -> None:
        for name, levels in {"default": self.default, **self.by_category}.items():
            _check(name, levels)

    def all_levels(self) -> list[Sequence[EscalationLevel]]:
        """The default levels and each category's own."""
        return [self.default, *self.by_category.values()]

    def levels_for(self, category: str) -> Sequence[EscalationLevel]:
        return self.by_category.get(category, self.default)

    def unrecovered_s(self, ticket: Ticket, now: float) -> float:
        end = None if ticket.escalation_clock_running else _clock_stop(ticket)
        return max(0.0, (end if end is not None else now) - ticket.raised.at)

    def level(self, ticket: Ticket, now: float) -> int:
        """The highest level due: -1 only for a policy whose first level is not immediate."""
        elapsed = self.unrecovered_s(ticket, now)
        reached = -1
        for index, level in enumerate(self.levels_for(ticket.category)):
            if elapsed >= level.after_s:
                reached = index
        return reached

    def report_due_at(self, ticket: Ticket) -> float | None:
        """When a safety event's written report is due (None: not a safety event)."""
        return ticket.raised.at + self.safety_report_s if ticket.safety else None

    def next_due_at(self, ticket: Ticket, now: float) -> float | None:
        """Wall time the next level falls due, or None when none is left or the clock stopped."""
        if not ticket.escalation_clock_running:
            return None
        current = self.level(ticket, now)
        levels = self.levels_for(ticket.category)
        if current + 1 >= len(levels):
            return None
        return ticket.raised.at + levels[current + 1].after_s


def _clock_stop(ticket: Ticket) -> float | None:
    for step in (ticket.contained, ticket.cancelled, ticket.closed):
        if step is not None:
            return step.at
    return None


def _check(name: str, levels: Sequence[EscalationLevel]) -> None:
    if not levels:
        raise ValueError(f"escalation {name!r} has no levels")
    delays = [level.after_s for level in levels]
    if any(d < 0 for d in delays):
        raise ValueError(f"escalation {name!r} has a negative delay")
    if delays != sorted(delays) or len(set(delays)) != len(delays):
        raise ValueError(f"escalation {name!r} delays must strictly increase: {delays}")


def due_levels(
    policy: EscalationPolicy, ticket: Ticket, now: float
) -> list[tuple[int, EscalationLevel]]:
    """Escalation levels (1 and up) that are due but not yet recorded on the ticket, in order.
    None once the line runs again: a level missed before containment is not told late."""
    if not ticket.escalation_clock_running:
        return []
    reached = policy.level(ticket, now)
    levels = policy.levels_for(ticket.category)
    first = max(1, ticket.escalation_level + 1)
    return [(i, levels[i]) for i in range(first, reached + 1)]
