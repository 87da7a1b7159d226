"""The plant service: headless, one per plant, next to the shared PostgreSQL (DESIGN.md).

It is a station of its own (kind "board", every line, its own local store and durable feed
cursor) that follows the shared feed, runs the escalation clock of every open ticket from the
events alone (the same core policy as the kiosks), records each level that falls due, and
sends the notices. A stop whose kiosk died keeps escalating, and its people are told.

Plain threads, no Qt: `andon-kiosk plant-service --config plant.toml` runs it; so do tests,
with an injected clock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from andon_kiosk.core.escalation import EscalationPolicy, due_levels
from andon_kiosk.core.shift_stats import shift_stats
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.notify.dispatcher import Dispatcher
from andon_kiosk.notify.mqtt import MqttSettings, Publisher, line_state, production_figures
from andon_kiosk.notify.worker import TicketWorker
from andon_kiosk.sync.feed import StationSeen
from andon_kiosk.sync.local import Applied

from .notices import dispatcher_for
from .production import ShiftFacts
from .station import Station

log = logging.getLogger(__name__)

IDLE_S = 5.0  # look again at least this often (a level due, a ticket changed elsewhere)


class LineFigures:
    """Each line's running shift in figures (plan, actual, gap, OEE) for its published state.
    A line's facts are read from the store again when its counts or tickets changed, at a new
    shift, or once a minute; the figures themselves are worked out at every pass."""

    REREAD_S = 60.0

    def __init__(self, station: Station) -> None:
        self._station = station
        self._facts: dict[str, tuple[str, float, ShiftFacts]] = {}  # line: (shift, read at, …)

    def changed(self, lines: Iterable[str]) -> None:
        for line in lines:
            self._facts.pop(line, None)

    def of(self, line: str, now: float) -> dict | None:
        """`line`'s figures now; None outside a shift or when they cannot be worked out."""
        config = self._station.config
        instance = config.shifts.at(config.local_time(now))
        if instance is None or not config.products:
            return None
        plan = config.shifts.plan(instance, config.zone)
        cached = self._facts.get(line)
        if cached is None or cached[0] != instance.key or not 0 <= now - cached[1] < self.REREAD_S:
            facts = self._station.production.shift_facts(plan.span.start, plan.span.end, line)
            cached = self._facts[line] = (instance.key, now, facts)
        facts = cached[2]
        try:
            stats = shift_stats(
                plan,
                now,
                products=config.products,
                default=config.products[0],
                changeovers=facts.changeovers,
                counts=facts.counts,
                tickets=facts.tickets,
            )
        except ValueError as exc:  # a product whose demand cannot fit the shift
            log.warning("no production figures for %s: %s", line, exc)
            return None
        return production_figures(instance.shift.name, stats)


class LinePublisher(TicketWorker):
    """Publishes the lines' states and the new events to MQTT on a thread of its own: a slow
    or vanished broker (each message waits for its acknowledgement) never holds up the
    escalation clock."""

    def __init__(self, station: Station, publisher: Publisher) -> None:
        super().__init__("plant-mqtt")
        self._station = station
        self.publisher = publisher
        self._lines: set[str] = set()  # every line heard of: its state is published
        self.figures = LineFigures(station)
        self._recount: set[str] = set()  # lines whose parts were counted since the last pass

    def start(self) -> None:
        self.publisher.start()
        super().start()

    def stop(self, timeout: float = 5.0) -> None:
        super().stop(timeout)
        self.publisher.stop()

    def counted(self, lines: Iterable[str]) -> None:
        """Parts were counted on these lines (pulled from the feed): their figures changed."""
        with self._lock:
            self._recount |= set(lines)
        self._wake.set()

    def step(self) -> float:
        station = self._station
        with self._lock:
            recount, self._recount = self._recount, set()
        self._lines |= recount
        self.figures.changed(recount)
        tickets = station.tickets.open_tickets()
        self._lines |= {t.line for t in tickets}
        changed = self.take()
        if changed:
            lines = {t.line for t in station.tickets.by_ids(changed)}
            self._lines |= lines
            self.figures.changed(lines)
        now, light = station.clock.now(), station.config.light
        self.publisher.publish_states(
            line_state(
                line,
                [t for t in tickets if t.line == line],
                light,
                now,
                production=self.figures.of(line, now),
            )
            for line in sorted(self._lines)
        )
        self.publisher.publish_events(station.sessions)
        return IDLE_S


class EscalationClock(TicketWorker):
    """Records every escalation level that falls due on any open ticket in scope, and hands
    every changed ticket to the dispatcher and the MQTT publisher."""

    def __init__(
        self,
        station: Station,
        dispatcher: Dispatcher | None,
        publisher: LinePublisher | None = None,
    ) -> None:
        super().__init__("plant-escalation")
        self._station = station
        self._dispatcher = dispatcher
        self._publisher = publisher
        self._planned_all = False

    def changed(self, ticket_ids: Iterable[str]) -> None:
        """Tickets that changed (pulled from the feed): look at them now."""
        self.hand(ticket_ids)

    def step(self) -> float:
        """One pass: record what fell due, hand changes to the dispatcher; seconds until the
        next level falls due (at most IDLE_S)."""
        station = self._station
        policy = station.config.escalation
        now = station.clock.now()
        changed = self.take()
        tickets = station.tickets.open_tickets()
        touched = set(changed)
        due = [(t.id, lv, rule) for t in tickets for lv, rule in due_levels(policy, t, now)]
        if due:
            station.tickets.record_escalations(due)  # one commit for a burst
            touched |= {ticket_id for ticket_id, _, _ in due}
            log.info("escalated %d tickets", len({ticket_id for ticket_id, _, _ in due}))
        if self._dispatcher is not None:
            if not self._planned_all:  # once: what a restart must not forget
                touched |= {t.id for t in tickets}
                self._planned_all = True
            self._dispatcher.consider(touched)
        if self._publisher is not None:
            self._publisher.hand(touched)
        return min([IDLE_S, *(_until(policy, t, now) for t in tickets)])


def _until(policy: EscalationPolicy, ticket: Ticket, now: float) -> float:
    due = policy.next_due_at(ticket, now)
    return IDLE_S if due is None else max(0.05, due - now)


class PlantService:
    """The station, its sync, the escalation clock and the dispatcher, started and stopped
    together. The station's config should be the plant's: every line (`lines = []`), a
    shared database, a login made with `db add-station --all-lines`."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.dispatcher = dispatcher_for(station)
        mqtt = station.config.notify.mqtt
        self.publisher = None
        if mqtt is not None:
            settings = MqttSettings(
                mqtt.host,
                mqtt.port,
                mqtt.prefix,
                mqtt.username,
                mqtt.password,
                client_id=f"andon-{station.config.station}",
            )
            self.publisher = LinePublisher(station, Publisher(settings))
        self.clock = EscalationClock(station, self.dispatcher, self.publisher)
        self.online: bool | None = None
        self.detail = ""
        self.other_plant_services: list[str] = []  # heard in the register: a misconfiguration

    def start(self) -> None:
        if self.publisher is not None:
            self.publisher.start()
        self.dispatcher.start()
        self.clock.start()
        if self.station.config.shared is not None:
            self.station.start_sync(self)
        log.info(
            "plant service %s: following %s, sending on %s",
            self.station.config.station,
            "the shared database" if self.station.config.shared else "this store only",
            ", ".join(self.station.config.notify.channels) or "no channel",
        )

    def stop(self) -> None:
        self.station.stop_sync()
        self.clock.stop()
        self.dispatcher.stop()
        if self.publisher is not None:
            self.publisher.stop()

    # ---- SyncListener (on the sync thread) ------------------------------------------------
    def link(self, online: bool, detail: str) -> None:
        if (online, detail) != (self.online, self.detail):
            log.log(logging.INFO if online else logging.WARNING, "shared database %s%s",
                    "reachable" if online else "unreachable: ", detail)  # fmt: skip
        self.online, self.detail = online, detail

    def depth(self, queued: int) -> None:
        pass

    def stuck(self, parked: int) -> None:
        if parked:
            log.error("%d records parked (andon-kiosk sync status)", parked)

    def changes(self, applied: Applied) -> None:
        self.clock.changed(applied.tickets)
        if self.publisher is not None and applied.count_lines:
            self.publisher.counted(applied.count_lines)

    def stations(self, seen: list[StationSeen]) -> None:
        """Another plant service on this shared database would send every notice again."""
        me = self.station.config.station
        others = sorted(
            s.station for s in seen if s.kind == "plant" and s.station != me and s.age_s < 60
        )
        if others != self.other_plant_services:
            self.other_plant_services = others
            if others:
                log.error(
                    "another plant service runs on this shared database (%s): people get "
                    "every notice twice; stop one of them",
                    ", ".join(others),
                )
