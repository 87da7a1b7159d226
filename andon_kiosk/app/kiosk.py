"""The kiosk's view-model: open tickets, and the operations views call.

Views read state from here and call the operation methods; every operation runs on the store
worker (`OperationRunner`) and comes back as one signal the views refresh on. The 1 Hz tick
advances escalation (`EscalationScheduler`) and the light (`LightModel`); the store's health
(`StoreHealth`) is part of the light: a store that cannot be trusted lights the fault
pattern and takes "running" away, and an open-ticket list that could not be read is
"unknown", never empty.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from andon_kiosk.core.accounts import User
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.light import Health, LightState, light_for, situation
from andon_kiosk.core.permissions import ACTION_FOR_EVENT
from andon_kiosk.core.shifts import ShiftInstance
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.store.health import StoreFault, StoreUnusable
from andon_kiosk.sync.local import Applied

from .devices import DeviceSignals, StationDevices
from .escalation import EscalationScheduler
from .light import LightModel
from .notices import StationNotices
from .runner import OperationRunner
from .session import SessionModel
from .station import Station
from .store_health import StoreHealth
from .sync import SharedLink

log = logging.getLogger(__name__)

# The actions a ticket detail offers, in the order of the flow.
TICKET_ACTIONS = (
    EventKind.ACKNOWLEDGED,
    EventKind.STARTED,
    EventKind.CONTAINED,
    EventKind.RESOLVED,
    EventKind.VERIFIED,
    EventKind.CLOSED,
    EventKind.REOPENED,
    EventKind.CANCELLED,
)

STORE_FAULT = "store"
# With no stop whose clock runs and no view showing seconds, time only moves the clock (by
# the minute) and the production numbers (every few seconds): ticking slower lets an idle
# kiosk sleep, however many contained tickets wait for their root cause.
IDLE_TICK_FACTOR = 5


class KioskModel(QObject):
    """Signals:
    ticketsChanged()          the set or order of open tickets changed
    ticketUpdated(str)        one ticket (open or just closed) changed
    ticketRaised(str)         raised here: the view offers the reason picker
    healthChanged()           the store failed or recovered (`store_fault`)
    operationFailed(object)   an operation's exception, for the view to word
    signInFailed(object)      a sign-in's refusal
    ticked()                  once a second: elapsed times and the clock moved
    countRecorded(object)     PartCount: parts were recorded
    productionChanged(object) set of lines: counts or changeovers came from elsewhere
    """

    ticketsChanged = Signal()
    ticketUpdated = Signal(str)
    ticketRaised = Signal(str)
    healthChanged = Signal()
    operationFailed = Signal(object)
    signInFailed = Signal(object)
    ticked = Signal()
    countRecorded = Signal(object)
    productionChanged = Signal(object)

    def __init__(
        self, station: Station, parent: QObject | None = None, tick_ms: int = 1000
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.config = station.config
        self.clock = station.clock
        self.session = SessionModel(station.config.sign_in, self)
        self.runner = OperationRunner(self)
        self._open: dict[str, Ticket] = {}
        self._closed: dict[str, Ticket] = {}  # closed while the kiosk ran, for the detail view
        self.store = StoreHealth(station, self.runner, self)
        self.store.changed.connect(self._on_store_changed)
        self._names: dict[str, str] = {}
        self.loaded = False  # the open tickets have been read from the store
        self.load_error: BaseException | None = None  # why they could not be, if so
        self._tick_ms = tick_ms
        self._live: set[str] = set()  # views that show seconds ticking (a chart's now-line)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self.device_signals = DeviceSignals(self)
        self.devices = StationDevices(self.config.devices, self.device_signals)
        self.lights = LightModel(self.devices, self.device_signals, self)
        self.device_signals.partsCounted.connect(self._on_parts_counted)
        self.device_signals.badgeRead.connect(self.sign_in_badge)
        self.escalation = EscalationScheduler(
            self.runner, station.tickets, self.config.escalation, self
        )
        self.escalation.recorded.connect(self._written)
        self.escalation.failed.connect(self.background_failed)
        self.shared = SharedLink(station, self.clock, self)
        self.shared.remoteChanges.connect(self._on_remote_changes)
        self.notices = StationNotices(station, self)
        self.notices.recorded.connect(lambda ticket_id: self._reload_tickets({ticket_id}))

    # ---- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        self.devices.start()
        self.store.start()
        self.reload()
        self.shared.start()
        if self.station.fault is None:  # a store it cannot trust: nothing to send from
            self.notices.start()
        self._timer.start()
        self._publish_light()  # the fault pattern at once if the store is known to be bad

    def reload(self) -> None:
        """Re-read users and open tickets from the store (at start, after a sync)."""
        self.runner.submit(self.station.accounts.users, self._users_loaded, self.background_failed)
        self.runner.submit(self.station.tickets.open_tickets, self._loaded, self._load_failed)

    def stop(self) -> None:
        self._timer.stop()
        self.store.stop()
        self.notices.stop()
        self.shared.stop()
        self.devices.stop()
        self.runner.shutdown()

    # ---- state -----------------------------------------------------------------------
    def now(self) -> float:
        return self.clock.now()

    @property
    def zone(self) -> ZoneInfo | None:
        """The station's time zone (None: the machine's own)."""
        return self.config.zone

    def local_time(self, t: float | None = None) -> datetime:
        return self.config.local_time(self.now() if t is None else t)

    def current_shift(self) -> ShiftInstance | None:
        return self.config.shifts.at(self.local_time())

    def tickets(self) -> list[Ticket]:
        """Open tickets, most urgent first (safety, unacknowledged stops, stops being
        worked on, calls), oldest first within each."""
        return sorted(self._open.values(), key=lambda t: (situation(t), t.raised.at))

    def ticket(self, ticket_id: str) -> Ticket | None:
        return self._open.get(ticket_id) or self._closed.get(ticket_id)

    def tone(self, ticket: Ticket) -> str:
        """The colour a ticket is drawn in everywhere (cards, stripes, states): the lamp
        its situation lights under this station's light policy."""
        return self.config.light.tone(situation(ticket)).value

    def levels(self) -> dict[str, int]:
        now = self.now()
        policy = self.config.escalation
        return {t.id: policy.level(t, now) for t in self._open.values()}

    def user_name(self, user_id: str) -> str:
        return self._names.get(user_id, user_id)

    def level(self, ticket: Ticket) -> int:
        return max(0, self.config.escalation.level(ticket, self.now()))

    @property
    def light(self) -> LightState | None:
        """What the light policy asks the tower to show (None before the tickets are known)."""
        return self.lights.wanted

    @property
    def store_fault(self) -> StoreFault | None:
        """What is wrong with the local store, if anything."""
        return self.store.fault

    @property
    def health(self) -> Health:
        return Health(frozenset({STORE_FAULT} if self.store.fault else ()))

    def allowed_actions(self, ticket: Ticket) -> list[EventKind]:
        """Exactly what the signed-in role may do to `ticket` in its current state."""
        return [
            kind
            for kind in TICKET_ACTIONS
            if ticket.allows(kind) and self.session.may(ACTION_FOR_EVENT[kind])
        ]

    # ---- operations ------------------------------------------------------------------
    def refuses(self) -> bool:
        """True (and the person at the screen is told) when the store is known gone or
        damaged: an operation would only pretend to record."""
        fault = self.store.fault
        if fault is None or not self.store.refuses_writes:
            return False
        self.operationFailed.emit(StoreUnusable(fault))
        return True

    def raise_ticket(self, category: str, reason: str | None = None) -> None:
        if self.refuses():
            return
        actor, service = self.session.user, self.station.tickets
        self.runner.submit(
            lambda: service.raise_ticket(actor, category, reason), self._raised, self.failed
        )

    def classify(self, ticket_id: str, reason: str) -> None:
        if self.refuses():
            return
        actor, service = self.session.user, self.station.tickets
        self.runner.submit(
            lambda: service.classify(actor, ticket_id, reason), self._written, self.failed
        )

    def act(self, ticket_id: str, kind: EventKind, data: Mapping[str, Any] | None = None) -> None:
        if self.refuses():
            return
        actor, service = self.session.user, self.station.tickets
        payload = dict(data or {})
        self.runner.submit(
            lambda: service.act(actor, ticket_id, kind, payload), self._written, self.failed
        )

    def sign_in_pin(self, user_id: str, pin: str) -> None:
        accounts = self.station.accounts
        self.runner.submit(
            lambda: accounts.sign_in_pin(user_id, pin), self.session.sign_in, self._sign_in_failed
        )

    def sign_in_badge(self, badge: str) -> None:
        accounts = self.station.accounts
        self.runner.submit(
            lambda: accounts.sign_in_badge(badge), self.session.sign_in, self._sign_in_failed
        )

    def sign_out(self) -> None:
        self.session.sign_out()

    # ---- the tick --------------------------------------------------------------------
    def set_live(self, view: str, live: bool) -> None:
        """`view` shows seconds ticking (or stopped): keep the tick at its full rate."""
        (self._live.add if live else self._live.discard)(view)
        self._pace()

    def tick(self) -> None:
        # Time alone changes only the stops whose clock runs (line down): the seconds on
        # their cards every tick, and their escalation (and the blinking that comes with
        # it) when a level falls due, not before.
        now = self.now()
        if self.escalation.due(now):
            self.escalation.run(self._open.values(), now)
            self._publish_light()
        self.store.watch(now)
        self.ticked.emit()

    def _pace(self) -> None:
        self.escalation.look_again()  # the tickets changed
        running = any(t.escalation_clock_running for t in self._open.values())
        fast = running or bool(self._live)
        interval = self._tick_ms if fast else self._tick_ms * IDLE_TICK_FACTOR
        if interval != self._timer.interval():
            self._timer.setInterval(interval)
            if fast and self._timer.isActive():
                self.tick()  # seconds start counting now, not at the end of a slow beat

    # ---- results ---------------------------------------------------------------------
    def _users_loaded(self, users: list[User]) -> None:
        self._names = {u.id: u.name for u in users}

    def _loaded(self, tickets: list[Ticket]) -> None:
        self._open = {t.id: t for t in tickets}
        self.notices.consider(self._open)  # what a restart must not forget
        self.loaded, self.load_error = True, None
        self._pace()
        self._publish_light()
        self.ticketsChanged.emit()
        self.tick()

    def _load_failed(self, error: BaseException) -> None:
        """The open tickets could not be read: the list stays "unknown", never empty."""
        self.load_error = error
        if not self.store.failed(error):
            self.operationFailed.emit(error)
        self._publish_light()

    def _on_remote_changes(self, applied: Applied) -> None:
        """Other stations' records arrived: refresh what they touched."""
        if applied.tickets:
            self._reload_tickets(set(applied.tickets))
        if applied.users:
            self.runner.submit(
                self.station.accounts.users, self._users_loaded, self.background_failed
            )
        lines = applied.count_lines | applied.changeover_lines
        if lines:
            self.productionChanged.emit(lines)

    def _reload_tickets(self, ids: set[str]) -> None:
        service = self.station.tickets
        self.runner.submit(
            lambda: service.by_ids(ids), self._remote_tickets, self.background_failed
        )

    def _remote_tickets(self, tickets: list[Ticket]) -> None:
        for ticket in tickets:
            self._updated(ticket)

    def _raised(self, ticket: Ticket) -> None:
        self._written(ticket)
        self.ticketRaised.emit(ticket.id)

    def _written(self, ticket: Ticket | None) -> None:
        """An operation's write was committed: the store takes writes again."""
        self.store.wrote()
        self._updated(ticket)

    def _updated(self, ticket: Ticket | None) -> None:
        if ticket is None:
            return
        self.notices.consider([ticket.id])
        if ticket.is_open:
            self._open[ticket.id] = ticket
        else:
            self._open.pop(ticket.id, None)
            self._closed[ticket.id] = ticket
            if len(self._closed) > 100:
                self._closed.pop(next(iter(self._closed)))
        self._pace()
        self._publish_light()
        self.ticketsChanged.emit()
        self.ticketUpdated.emit(ticket.id)

    def failed(self, error: BaseException) -> None:
        """Where every operation's error goes: a store fault is kept and shown; the view
        words the error for the person at the screen."""
        self.store.failed(error)
        self.operationFailed.emit(error)

    def background_failed(self, error: BaseException) -> None:
        """An error nobody at the screen asked for (loading, escalation, counts): no
        banner; a store fault is shown like any other, anything else is logged."""
        if not self.store.failed(error):
            log.error("background operation failed", exc_info=error)

    def _on_store_changed(self) -> None:
        self.healthChanged.emit()
        self._publish_light()
        if self.store.fault is None and not self.loaded:
            self.reload()  # it could not be read before

    def _sign_in_failed(self, error: BaseException) -> None:
        self.signInFailed.emit(error)

    def _publish_light(self) -> None:
        """Hand the policy's light to the tower, once it means something: after the tickets
        were read, or once it is known that they cannot be (the fault pattern)."""
        if not self.loaded and self.store.fault is None:
            return
        self.lights.set_wanted(
            light_for(self._open.values(), self.levels(), self.health, self.config.light)
        )
        self.devices.line_stopped(any(t.line_stopped for t in self._open.values()))

    # ---- devices ---------------------------------------------------------------------
    def _on_parts_counted(self, parts: int, reading: int) -> None:
        production = self.station.production
        self.runner.submit(
            lambda: production.record_counter(parts, reading),
            self.countRecorded.emit,
            self.background_failed,
        )
