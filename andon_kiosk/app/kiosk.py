"""The kiosk's view-model: open tickets, escalation, the light, and the operations views call.

Views read state from here and call the operation methods; every operation runs on the store
worker (`OperationRunner`) and comes back as one signal the views refresh on. The model also
owns the 1 Hz tick that advances escalation (recording `escalated` events for tickets raised
at this station) and republishes the light state when it changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from andon_kiosk.core.accounts import User
from andon_kiosk.core.escalation import EscalationLevel, due_levels
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.light import Health, LightState, light_for
from andon_kiosk.core.permissions import ACTION_FOR_EVENT
from andon_kiosk.core.shifts import ShiftInstance
from andon_kiosk.core.tickets import Ticket, TicketState
from andon_kiosk.sync.local import Applied

from .devices import DeviceSignals, StationDevices
from .runner import OperationRunner
from .session import SessionModel
from .station import Station
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


def urgency(ticket: Ticket) -> int:
    """Sort key: unacknowledged stops first, then stops being worked on, calls, the rest."""
    if ticket.safety and ticket.state.line_stopped:
        return 0
    if ticket.line_stopped:
        return 1 if ticket.state is TicketState.RAISED else 2
    return 3 if ticket.state.line_stopped else 4


class KioskModel(QObject):
    ticketsChanged = Signal()  # the set or order of open tickets changed
    ticketUpdated = Signal(str)  # one ticket (open or just closed) changed
    ticketRaised = Signal(str)  # raised here: the view offers the reason picker
    lightChanged = Signal(object)  # LightState
    healthChanged = Signal()
    operationFailed = Signal(object)  # the exception, for the view to word
    signInFailed = Signal(object)
    ticked = Signal()  # once a second: elapsed times and the clock moved
    towerChanged = Signal()  # what the tower confirmed, or its connection, changed
    countRecorded = Signal(object)  # PartCount: parts were recorded
    productionChanged = Signal(object)  # set of lines: counts or changeovers came from elsewhere

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
        self._faults: set[str] = set()
        self._names: dict[str, str] = {}
        self._escalating: set[tuple[str, int]] = set()
        self._zone = ZoneInfo(self.config.timezone) if self.config.timezone else None
        self._light = self._compute_light()
        self.loaded = False
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._confirmed: LightState | None = None
        self._tower_online: bool | None = None
        self._tower_detail = ""
        self.device_signals = DeviceSignals(self)
        self.devices = StationDevices(self.config.devices, self.device_signals)
        self.device_signals.towerConfirmed.connect(self._on_tower_confirmed)
        self.device_signals.towerStatus.connect(self._on_tower_status)
        self.device_signals.partsCounted.connect(self._on_parts_counted)
        self.device_signals.badgeRead.connect(self.sign_in_badge)
        self.shared = SharedLink(station, self.clock, self)
        self.shared.remoteChanges.connect(self._on_remote_changes)

    # ---- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        self.reload()
        self.devices.start()
        self.devices.show(self._light)
        self.shared.start()
        self._timer.start()

    def reload(self) -> None:
        """Re-read users and open tickets from the store (at start, after a sync)."""
        self.runner.submit(self.station.accounts.users, self._users_loaded, self.failed)
        self.runner.submit(self.station.tickets.open_tickets, self._loaded, self.failed)

    def stop(self) -> None:
        self._timer.stop()
        self.shared.stop()
        self.devices.stop()
        self.runner.shutdown()

    # ---- state -----------------------------------------------------------------------
    def now(self) -> float:
        return self.clock.now()

    @property
    def zone(self) -> ZoneInfo | None:
        """The station's time zone (None: the machine's own)."""
        return self._zone

    def local_time(self, t: float | None = None) -> datetime:
        moment = datetime.fromtimestamp(self.now() if t is None else t, tz=self._zone)
        return moment if self._zone else moment.astimezone()

    def current_shift(self) -> ShiftInstance | None:
        return self.config.shifts.at(self.local_time())

    def tickets(self) -> list[Ticket]:
        """Open tickets, most urgent first."""
        return sorted(self._open.values(), key=lambda t: (urgency(t), t.raised.at))

    def ticket(self, ticket_id: str) -> Ticket | None:
        return self._open.get(ticket_id) or self._closed.get(ticket_id)

    def levels(self) -> dict[str, int]:
        now = self.now()
        policy = self.config.escalation
        return {t.id: policy.level(t, now) for t in self._open.values()}

    def user_name(self, user_id: str) -> str:
        return self._names.get(user_id, user_id)

    def level(self, ticket: Ticket) -> int:
        return max(0, self.config.escalation.level(ticket, self.now()))

    @property
    def light(self) -> LightState:
        return self._light

    @property
    def tower_configured(self) -> bool:
        return self.devices.has_tower

    @property
    def tower_online(self) -> bool | None:
        """True once the tower answered, False when it does not, None before we know."""
        return self._tower_online

    @property
    def tower_detail(self) -> str:
        return self._tower_detail

    @property
    def shown_light(self) -> LightState | None:
        """What the tower on the pole shows as far as we know: its last confirmed state, or
        None (unknown) before the first confirmation and while it is offline. Without a
        tower, the light the policy asks for."""
        return self._confirmed if self.tower_configured else self._light

    @property
    def health(self) -> Health:
        return Health(frozenset(self._faults))

    def allowed_actions(self, ticket: Ticket) -> list[EventKind]:
        """Exactly what the signed-in role may do to `ticket` in its current state."""
        return [
            kind
            for kind in TICKET_ACTIONS
            if ticket.allows(kind) and self.session.may(ACTION_FOR_EVENT[kind])
        ]

    # ---- operations ------------------------------------------------------------------
    def raise_ticket(self, category: str, reason: str | None = None) -> None:
        actor, service = self.session.user, self.station.tickets
        self.runner.submit(
            lambda: service.raise_ticket(actor, category, reason), self._raised, self.failed
        )

    def classify(self, ticket_id: str, reason: str) -> None:
        actor, service = self.session.user, self.station.tickets
        self.runner.submit(
            lambda: service.classify(actor, ticket_id, reason), self._updated, self.failed
        )

    def act(self, ticket_id: str, kind: EventKind, data: Mapping[str, Any] | None = None) -> None:
        actor, service = self.session.user, self.station.tickets
        payload = dict(data or {})
        self.runner.submit(
            lambda: service.act(actor, ticket_id, kind, payload), self._updated, self.failed
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
    def tick(self) -> None:
        now = self.now()
        here = self.station.tickets.origin.station
        policy = self.config.escalation
        for ticket in list(self._open.values()):
            if ticket.station != here:
                continue  # the raising station records its own escalations
            for level, rule in due_levels(policy, ticket, now):
                key = (ticket.id, level)
                if key in self._escalating:
                    continue
                self._escalating.add(key)
                self.runner.submit(
                    self._escalate_op(ticket.id, level, rule),
                    self._updated,
                    self.failed,
                )
        self._publish_light()
        self.ticked.emit()

    def _escalate_op(
        self, ticket_id: str, level: int, rule: EscalationLevel
    ) -> Callable[[], Ticket | None]:
        service = self.station.tickets
        return lambda: service.record_escalation(ticket_id, level, rule)

    # ---- results ---------------------------------------------------------------------
    def _store_ok(self) -> None:
        if STORE_FAULT in self._faults:
            self._faults.discard(STORE_FAULT)
            self.healthChanged.emit()

    def _users_loaded(self, users: list[User]) -> None:
        self._names = {u.id: u.name for u in users}

    def _loaded(self, tickets: list[Ticket]) -> None:
        self._store_ok()
        self._open = {t.id: t for t in tickets}
        self.loaded = True
        self.ticketsChanged.emit()
        self.tick()

    def _on_remote_changes(self, applied: Applied) -> None:
        """Other stations' records arrived: refresh what they touched."""
        if applied.tickets:
            ids, service = set(applied.tickets), self.station.tickets
            self.runner.submit(lambda: service.by_ids(ids), self._remote_tickets, self.failed)
        if applied.users:
            self.runner.submit(self.station.accounts.users, self._users_loaded, self.failed)
        lines = applied.count_lines | applied.changeover_lines
        if lines:
            self.productionChanged.emit(lines)

    def _remote_tickets(self, tickets: list[Ticket]) -> None:
        for ticket in tickets:
            self._updated(ticket)

    def _raised(self, ticket: Ticket) -> None:
        self._updated(ticket)
        self.ticketRaised.emit(ticket.id)

    def _updated(self, ticket: Ticket | None) -> None:
        self._store_ok()
        if ticket is None:
            return
        if ticket.is_open:
            self._open[ticket.id] = ticket
        else:
            self._open.pop(ticket.id, None)
            self._closed[ticket.id] = ticket
            if len(self._closed) > 100:
                self._closed.pop(next(iter(self._closed)))
        self._publish_light()
        self.ticketsChanged.emit()
        self.ticketUpdated.emit(ticket.id)

    def failed(self, error: BaseException) -> None:
        """Where every operation's error goes: a store fault lights the fault lamp; the
        view words the error for the person at the screen."""
        if isinstance(error, SQLAlchemyError | OSError):
            log.error("store operation failed", exc_info=error)
            if STORE_FAULT not in self._faults:
                self._faults.add(STORE_FAULT)
                self.healthChanged.emit()
                self._publish_light()
        self.operationFailed.emit(error)

    def _sign_in_failed(self, error: BaseException) -> None:
        self.signInFailed.emit(error)

    def _compute_light(self) -> LightState:
        return light_for(self._open.values(), self.levels(), self.health, self.config.light)

    def _publish_light(self) -> None:
        light = self._compute_light()
        if light != self._light:
            self._light = light
            self.devices.show(light)
            self.lightChanged.emit(light)
            if not self.tower_configured:
                self.towerChanged.emit()

    # ---- devices ---------------------------------------------------------------------
    def _on_tower_confirmed(self, state: LightState) -> None:
        self._confirmed = state
        self.towerChanged.emit()

    def _on_tower_status(self, online: bool, detail: str) -> None:
        self._tower_online, self._tower_detail = online, detail
        if not online:
            self._confirmed = None  # the pole may show anything now: say we do not know
        self.towerChanged.emit()

    def _on_parts_counted(self, parts: int, reading: int) -> None:
        production = self.station.production
        self.runner.submit(
            lambda: production.record_counter(parts, reading),
            self.countRecorded.emit,
            self.failed,
        )
