"""Records each escalation level of this station's stops when it falls due.

The level itself is computed from the ticket and the clock (`core.escalation`); what this
adds is the record: an `escalated` event, so every kiosk and the board see who was told. A
record that fails (the store cannot write) is not forgotten: the key is released and the
next tick tries again, until it is stored. Levels that fell due meanwhile are recorded in
order once the store recovers, each with the time it was due (`due_at`, relative to the
raise), whatever time it is when the store lets us write.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QObject, Signal

from andon_kiosk.core.escalation import EscalationPolicy, due_levels
from andon_kiosk.core.tickets import Ticket

from .runner import OperationRunner
from .tickets import TicketService


class EscalationScheduler(QObject):
    """Signals: `recorded(Ticket)` after a level is stored, `failed(BaseException)` when a
    record could not be (it is retried on the next `run`)."""

    recorded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        runner: OperationRunner,
        service: TicketService,
        policy: EscalationPolicy,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._service, self._policy = runner, service, policy
        self._in_flight: set[tuple[str, int]] = set()
        self._next_due = 0.0  # when the next level falls due; 0: look at the next tick

    def due(self, now: float) -> bool:
        """Whether a level may have fallen due since the last `run` (or the tickets changed
        since: `look_again`). Time changes nothing else about the tickets."""
        return now >= self._next_due

    def look_again(self) -> None:
        self._next_due = 0.0

    def run(self, tickets: Iterable[Ticket], now: float) -> None:
        """Record every level due on the stops raised at this station (the raising station
        records its own escalations; the others only show them)."""
        here = self._service.origin.station
        running = [t for t in tickets if t.escalation_clock_running]
        self._next_due = self._next(running, now)
        for ticket in running:
            if ticket.station != here:
                continue
            for level, rule in due_levels(self._policy, ticket, now):
                key = (ticket.id, level)
                if key in self._in_flight:
                    continue
                self._in_flight.add(key)
                self._runner.submit(
                    partial(self._service.record_escalation, ticket.id, level, rule),
                    self._settled(key, self.recorded.emit),
                    self._settled(key, self.failed.emit),
                )

    def _next(self, running: list[Ticket], now: float) -> float:
        """When the next level falls due on any running stop (the light blinks for others'
        too); now, while a level due here is not recorded yet (this run records it, or the
        next one tries again)."""
        here = self._service.origin.station
        if any(due_levels(self._policy, t, now) for t in running if t.station == here):
            return now
        return min(
            (due for t in running if (due := self._policy.next_due_at(t, now)) is not None),
            default=math.inf,
        )

    def _settled(self, key: tuple[str, int], then: Callable[[object], None]):
        def done(result: object) -> None:
            self._in_flight.discard(key)  # recorded, or to be tried again on the next tick
            then(result)

        return done
