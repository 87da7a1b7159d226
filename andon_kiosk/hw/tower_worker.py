"""Drives one stack light from its own thread.

The GUI thread only ever hands over the latest wanted state (`show`, never blocks). The
worker turns it into frames, blinks and pulses what the tower cannot do itself, renews the
lease or re-asserts the state on a heartbeat (which is also how a pulled cable is noticed when
nothing changes), retries a NAK or a missing answer, and on a dead line closes the port,
reconnects with backoff and sends the whole state again.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

import serial

from andon_kiosk.core.light import DARK, LightState

from .base import Capabilities, DecodeError, Outputs, Reply, Request, needs_timing, render
from .link import LinkError, PortSpec, open_port

log = logging.getLogger(__name__)

# What a failing line raises: pyserial's own errors, the OS's, and (POSIX) termios' own.
try:
    import termios

    LINE_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # pragma: no cover - Windows
    LINE_ERRORS = (serial.SerialException, OSError)


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


class LineDown(Exception):
    """The line stopped working (write failed, no answer): reconnect."""


class Refused(Exception):
    """The tower answered NAK to every attempt."""


class TowerWorker:
    def __init__(
        self,
        spec: PortSpec,
        protocol: TowerProtocol,
        listener: TowerListener,
        *,
        blink_s: float = 1.0,
        heartbeat_s: float = 1.0,
        retries: int = 2,
        backoff_s: tuple[float, float] = (0.1, 1.0),
        opener: Callable[[PortSpec], serial.SerialBase] = open_port,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec, self.protocol, self.listener = spec, protocol, listener
        self.blink_s, self.heartbeat_s, self.retries = blink_s, heartbeat_s, retries
        self.backoff_s, self._opener, self._clock = backoff_s, opener, clock
        self._desired = DARK
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._all_off_on_stop = False
        self._online: bool | None = None
        self._thread = threading.Thread(
            target=self._run, name=f"tower-{protocol.name}", daemon=True
        )

    # ---- any thread ------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def show(self, state: LightState) -> None:
        """Hand over the wanted state; returns at once."""
        with self._lock:
            self._desired = state
        self._wake.set()

    def stop(self, all_off: bool = False, timeout_s: float = 2.0) -> None:
        self._all_off_on_stop = all_off
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    # ---- the worker thread -----------------------------------------------------------
    def _run(self) -> None:
        backoff = self.backoff_s[0]
        while not self._stopping:
            try:
                port = self._opener(self.spec)
            except LinkError as exc:
                self._status(False, str(exc))
                self._wake.wait(backoff)
                backoff = min(backoff * 2, self.backoff_s[1])
                continue
            backoff = self.backoff_s[0]
            log.info("tower %s: port %s open", self.protocol.name, self.spec.describe())
            try:
                self._drive(port)
            except LineDown as exc:
                self._status(False, str(exc))
            except Exception as exc:  # this thread must never die: the tower would go stale
                log.exception("unexpected error driving the tower")
                self._status(False, f"tower driver error: {exc}")
                self._wake.wait(self.backoff_s[1])
            finally:
                _close(port)

    def _drive(self, port: serial.SerialBase) -> None:
        """Keep the tower showing the wanted state until the line fails or we stop."""
        sent: Outputs | None = None  # what the tower shows as far as we know; None: unknown
        confirmed: LightState | None = None
        next_heartbeat = 0.0
        caps = self.protocol.caps
        while not self._stopping:
            self._wake.clear()  # before reading: a show() from now on wakes the next wait
            with self._lock:
                desired = self._desired
            now = self._clock()
            phase_on = (now % self.blink_s) < self.blink_s / 2
            wanted = Outputs.of(desired)
            target = render(wanted, caps, phase_on)
            requests = self.protocol.encode(target, sent)
            if not requests and now >= next_heartbeat:
                requests = self.protocol.heartbeat(target)
            try:
                for request in requests:
                    self._transact(port, request)
            except Refused as exc:
                log.warning("%s", exc)
                sent = None  # unknown now: write everything next time
                self._wake.wait(self.heartbeat_s)
                continue
            if requests:
                sent = target
                next_heartbeat = now + (self.protocol.refresh_s or self.heartbeat_s)
                # Online means the tower took a frame, not merely that the port opened.
                self._status(True, f"answering on {self.spec.describe()}")
            if desired != confirmed:
                confirmed = desired
                self.listener.tower_confirmed(desired)
            self._wake.wait(self._sleep(now, wanted, caps, next_heartbeat))
        if self._all_off_on_stop:
            for request in self.protocol.all_off():
                self._transact(port, request)

    def _sleep(self, now: float, wanted: Outputs, caps: Capabilities, heartbeat: float) -> float:
        until = heartbeat - now
        if needs_timing(wanted, caps):
            half = self.blink_s / 2
            until = min(until, half - (now % half))
        return max(0.001, until)

    def _transact(self, port: serial.SerialBase, request: Request) -> None:
        nak = False
        for attempt in range(self.retries + 1):
            try:
                port.reset_input_buffer()
                port.write(request.frame)
                if not self.protocol.caps.answers:
                    port.flush()
                    return
                reply = self._await_reply(port, request)
            except LINE_ERRORS as exc:
                raise LineDown(f"line to the tower failed: {exc}") from exc
            if reply is Reply.ACK:
                return
            nak = nak or reply is Reply.NAK
            log.info("tower: %s for %s (attempt %d)", reply or "no answer", request, attempt + 1)
        if nak:
            raise Refused(f"tower refused {request}")
        raise LineDown(f"no answer from the tower on {self.spec.describe()}")

    def _await_reply(self, port: serial.SerialBase, request: Request) -> Reply | None:
        deadline = self._clock() + self.spec.reply_timeout_s
        buffer = b""
        while self._clock() < deadline:
            buffer += port.read(max(1, port.in_waiting))
            while buffer:
                try:
                    reply, used = self.protocol.parse_reply(buffer, request)
                except DecodeError as exc:
                    log.warning("garbled answer skipped: %s", exc)
                    buffer = b""
                    break
                if reply is not None:
                    return reply
                if not used:
                    break  # part of a frame: read on
                log.warning("skipped %d bytes of line noise: %s", used, buffer[:used].hex(" "))
                buffer = buffer[used:]
        return None

    def _status(self, online: bool, detail: str) -> None:
        if online != self._online:
            self._online = online
            (log.info if online else log.warning)("tower %s: %s", self.protocol.name, detail)
            self.listener.tower_status(online, detail)


def _close(port: serial.SerialBase) -> None:
    with contextlib.suppress(*LINE_ERRORS):
        port.close()
