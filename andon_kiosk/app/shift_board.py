"""The production board's view-model: the running shift's plan, actual, OEE and losses.

It reads the shift's facts once (counts, changeovers, stops that touch the shift) and then
keeps them current from the kiosk's own signals: at once on a count, a changeover or a ticket,
and as time passes every `IDLE_REFRESH_S` (the plan steps once a takt, so a few seconds' lag
is not seen), or every tick while a view shows per-second figures (`live`: the production
chart). At a shift change it reads the new shift's facts and says so (`shiftChanged`), so
charts start over.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from andon_kiosk.core.counts import CountSeries, PartCount
from andon_kiosk.core.production import ShiftPlan
from andon_kiosk.core.products import Changeover, Product
from andon_kiosk.core.shift_stats import ShiftStats, shift_stats
from andon_kiosk.core.shifts import ShiftInstance
from andon_kiosk.core.tickets import Ticket

from .kiosk import KioskModel
from .production import ShiftFacts

log = logging.getLogger(__name__)

IDLE_REFRESH_S = 5.0


class ShiftBoardModel(QObject):
    changed = Signal()  # the numbers were recomputed
    shiftChanged = Signal()  # a new shift (or none): start the chart over

    def __init__(
        self, kiosk: KioskModel, parent: QObject | None = None, line: str | None = None
    ) -> None:
        """The running shift of `line` (default: the station's own line)."""
        super().__init__(parent)
        self.kiosk = kiosk
        self.config = kiosk.config
        self.line = line or kiosk.config.line
        self.products: tuple[Product, ...] = self.config.products
        self.instance: ShiftInstance | None = None
        self.plan: ShiftPlan | None = None
        self.counts = CountSeries()
        self.stats: ShiftStats | None = None
        self._changeovers: list[Changeover] = []
        self._tickets: dict[str, Ticket] = {}
        self._generation = 0
        self._computed_at: float | None = None
        self._facts = False  # the running shift's facts were read (no numbers without them)
        self.live = False  # a view shows per-second figures: recompute on every tick
        kiosk.ticked.connect(self.refresh)
        kiosk.countRecorded.connect(self._on_count)
        kiosk.ticketUpdated.connect(self._on_ticket)
        kiosk.productionChanged.connect(self._on_remote_production)
        kiosk.healthChanged.connect(self._on_health_changed)

    # ---- state -------------------------------------------------------------------------
    @property
    def default_product(self) -> Product:
        return self.products[0]

    def product(self, key: str | None) -> Product | None:
        return next((p for p in self.products if p.key == key), None)

    @property
    def running_product(self) -> Product:
        key = self.stats.product if self.stats else None
        if key is None and self._changeovers:
            key = self._changeovers[-1].product
        return self.product(key) or self.default_product

    def tickets(self) -> list[Ticket]:
        return list(self._tickets.values())

    # ---- operations ----------------------------------------------------------------------
    def change_product(self, key: str) -> None:
        if self.kiosk.refuses():
            return
        actor, service = self.kiosk.session.user, self.kiosk.station.production
        self.kiosk.runner.submit(
            lambda: service.change_product(actor, key), self._on_changeover, self.kiosk.failed
        )

    def record_entry(self, good: int = 0, scrap: int = 0) -> None:
        if self.kiosk.refuses():
            return
        actor, service = self.kiosk.session.user, self.kiosk.station.production
        self.kiosk.runner.submit(
            lambda: service.record_entry(actor, good, scrap), self._on_count, self.kiosk.failed
        )

    # ---- keeping up ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the running shift's facts again (after records arrived from elsewhere)."""
        self._start(self.config.shifts.at(self.kiosk.local_time()))

    def refresh(self) -> None:
        """Recompute for now if it is due; at a new shift, read its facts first."""
        instance = self.config.shifts.at(self.kiosk.local_time())
        if _key(instance) != _key(self.instance):
            self._start(instance)
            return
        last = self._computed_at
        if self.live or last is None or abs(self.kiosk.now() - last) >= IDLE_REFRESH_S:
            self._compute()

    def _start(self, instance: ShiftInstance | None) -> None:
        self.instance = instance
        self.plan = self.config.shifts.plan(instance, self.kiosk.zone) if instance else None
        self.counts, self._changeovers, self._tickets = CountSeries(), [], {}
        self.stats = None
        self._facts = False
        self._generation += 1  # a load still under way is for a shift (or a read) now stale
        self.shiftChanged.emit()
        if self.plan is None:
            self.changed.emit()
            return
        generation, service, span = self._generation, self.kiosk.station.production, self.plan.span
        line = self.line
        self.kiosk.runner.submit(
            lambda: service.shift_facts(span.start, span.end, line),
            lambda facts: self._loaded(generation, facts),
            self.kiosk.background_failed,
        )

    def _loaded(self, generation: int, facts: ShiftFacts) -> None:
        if generation != self._generation:
            return
        self._facts = True
        self.counts = facts.counts
        self._changeovers = list(facts.changeovers)
        self._tickets = {t.id: t for t in facts.tickets}
        for ticket in self.kiosk.tickets():  # open ones, newer than what the store said
            if ticket.line == self.line:
                self._tickets[ticket.id] = ticket
        self._compute()

    def _compute(self) -> None:
        self._computed_at = self.kiosk.now()
        if self.plan is None or not self._facts:  # e.g. a store that cannot be read
            self.stats = None
        else:
            try:
                self.stats = shift_stats(
                    self.plan,
                    self.kiosk.now(),
                    products=self.products,
                    default=self.default_product,
                    changeovers=self._changeovers,
                    counts=self.counts,
                    tickets=self._tickets.values(),
                )
            except ValueError as exc:  # a product whose demand cannot fit the shift
                log.warning("no production numbers for %s: %s", _key(self.instance), exc)
                self.stats = None
        self.changed.emit()

    def _on_health_changed(self) -> None:
        if not self._facts and self.kiosk.store_fault is None:
            self.reload()  # the store could not be read before; now it can

    def _on_remote_production(self, lines: set[str]) -> None:
        if self.line in lines:
            self.reload()

    def _on_count(self, count: PartCount) -> None:
        if count.line != self.line:
            return
        if self.plan and self.plan.span.start <= count.occurred_at < self.plan.span.end:
            self.counts.add(count.occurred_at, count.good, count.scrap)
            self._compute()

    def _on_changeover(self, change: Changeover) -> None:
        if change.line != self.line:
            return
        self._changeovers.append(change)
        self._compute()

    def _on_ticket(self, ticket_id: str) -> None:
        ticket = self.kiosk.ticket(ticket_id)
        if ticket is not None and self.plan is not None and ticket.line == self.line:
            self._tickets[ticket.id] = ticket
            self._compute()


def _key(instance: ShiftInstance | None) -> str | None:
    return instance.key if instance else None
