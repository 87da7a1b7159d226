"""Drives one stack light from its own thread.

The GUI thread only ever hands over the latest wanted state (`show`, never blocks); until the
first one the worker sends nothing (the kiosk has not read its tickets yet, so it does not
know what the tower should say). The worker turns the state into frames, blinks and pulses
what the tower cannot do itself, renews the lease or re-asserts the state on a heartbeat
(which is also how a pulled cable is noticed when nothing changes), retries a NAK or a
missing answer, and on a dead line reconnects with backoff and sends the whole state again
(`LineWorker`).

"Confirmed" means the tower acknowledged the frames that show the state (for a tower that
never answers: that they were written). A refusal (NAK), silence, garbage or a failed line
takes the confirmation back at once: the listener hears `tower_status(False, why)` and the
next confirmation only follows a frame the tower took again.
"""

from __future__ import annotations

import logging
import math
import threading
from functools import partial
from typing import Any, Protocol

import serial

from andon_kiosk.core.light import Buzzer, LightState

from .base import Capabilities, Outputs, Reply, Request, needs_timing, render
from .line_worker import SLOW_AFTER_S, SLOW_RETRY_S, LineWorker, Refused
from .link import PortSpec

log = logging.getLogger(__name__)


class TowerProtocol(Protocol):
    name: str
    caps: Capabilities

    @property
    def refresh_s(self) -> float | None: ...
    def encode(self, target: Outputs, current: Outputs | None) -> list[Request]: ...
    def heartbeat(self, current: Outputs) -> list[Request]: ...
    def all_off(self) -> list[Request]: ...
    def parse_reply(self, data: bytes, request: Request) -> tuple[Reply | None, int]: ...


class TowerListener(Protocol):
    def tower_confirmed(self, state: LightState) -> None: ...
    def tower_status(self, online: bool, detail: str) -> None: ...


class TowerWorker(LineWorker):
    name = "tower"

    def __init__(
        self,
        spec: PortSpec,
        protocol: TowerProtocol,
        listener: TowerListener,
        *,
        blink_s: float = 1.0,
        heartbeat_s: float = 0.5,
        **line: Any,
    ) -> None:
        super().__init__(spec, listener.tower_status, **line)
        self.protocol, self.listener = protocol, listener
        self.blink_s, self.heartbeat_s = blink_s, heartbeat_s
        self._desired: LightState | None = None  # nothing to show yet
        self._lock = threading.Lock()
        self._all_off_on_stop = False

    @property
    def confirms(self) -> bool:
        """Whether the tower answers each frame (else "confirmed" can only mean "written")."""
        return self.protocol.caps.answers

    def show(self, state: LightState) -> None:
        """Hand over the wanted state; returns at once."""
        with self._lock:
            self._desired = state
        self._wake.set()

    def stop(self, timeout_s: float = 2.0, all_off: bool = False) -> None:
        self._all_off_on_stop = all_off
        super().stop(timeout_s)

    def _send(self, port: serial.SerialBase, request: Request) -> None:
        caps = self.protocol.caps
        parse = partial(self.protocol.parse_reply, request=request) if caps.answers else None
        self.exchange(port, request, parse)

    def _drive(self, port: serial.SerialBase) -> None:
        """Keep the tower showing the wanted state until the line fails or we stop."""
        sent: Outputs | None = None  # what the tower shows as far as we know; None: unknown
        confirmed: LightState | None = None
        refusing_since: float | None = None
        next_heartbeat = 0.0
        caps = self.protocol.caps
        while not self._stopping:
            self._wake.clear()  # before reading: a show() from now on wakes the next wait
            with self._lock:
                desired = self._desired
            if desired is None:
                self._wake.wait(self.heartbeat_s)
                continue
            now = self._clock()
            phase_on = (now % self.blink_s) < self.blink_s / 2
            wanted = Outputs.of(desired)
            target = render(wanted, caps, phase_on)
            requests = self.protocol.encode(target, sent)
            if not requests and now >= next_heartbeat:
                requests = self.protocol.heartbeat(target)
            try:
                for request in requests:
                    self._send(port, request)
            except Refused as exc:
                # Reachable but not doing what we ask: as unknown as a pulled cable.
                self._status(False, str(exc))
                sent = confirmed = None  # write everything, and confirm again, next time
                refusing_since = refusing_since or now
                slow = now - refusing_since >= SLOW_AFTER_S
                self._wake.wait(SLOW_RETRY_S if slow else self.heartbeat_s)
                continue
            refusing_since = None
            if requests:
                sent = target
                # The heartbeat also notices a fault while nothing changes; a lease is
                # renewed at least as often as it needs.
                next_heartbeat = now + min(self.protocol.refresh_s or math.inf, self.heartbeat_s)
                # Online means the tower took a frame, not merely that the port opened.
                self._status(True, f"answering on {self.spec.describe()}")
            if desired != confirmed and sent is not None:
                confirmed = desired
                # what the pole can show of it: a lamp the tower lacks is not confirmed lit
                self.listener.tower_confirmed(_on_the_pole(desired, caps))
            self._wake.wait(self._sleep(now, wanted, caps, next_heartbeat))
        if self._all_off_on_stop:
            for request in self.protocol.all_off():
                self._send(port, request)

    def _sleep(self, now: float, wanted: Outputs, caps: Capabilities, heartbeat: float) -> float:
        until = heartbeat - now
        if needs_timing(wanted, caps):
            half = self.blink_s / 2
            until = min(until, half - (now % half))
        return max(0.001, until)


def _on_the_pole(state: LightState, caps: Capabilities) -> LightState:
    lamps = {lamp: mode for lamp, mode in state.lamps.items() if lamp in caps.lamps}
    return LightState(lamps, state.buzzer if caps.buzzer else Buzzer.OFF)
