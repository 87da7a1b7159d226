"""Polls a part counter about once a second and reports the parts counted since last time."""

from __future__ import annotations

import logging
from typing import Any, Protocol

import serial

from .counter import CountTracker, ModbusCounter
from .line_worker import LineWorker, Refused
from .link import PortSpec

log = logging.getLogger(__name__)


class CounterListener(Protocol):
    def counted(self, parts: int, reading: int) -> None: ...
    def counter_status(self, online: bool, detail: str) -> None: ...


class CounterWorker(LineWorker):
    name = "counter"

    def __init__(
        self,
        spec: PortSpec,
        counter: ModbusCounter,
        listener: CounterListener,
        *,
        poll_s: float = 1.0,
        tracker: CountTracker | None = None,
        **line: Any,
    ) -> None:
        super().__init__(spec, listener.counter_status, **line)
        self.counter, self.listener, self.poll_s = counter, listener, poll_s
        self.tracker = tracker or CountTracker()

    def _drive(self, port: serial.SerialBase) -> None:
        request = self.counter.read_request()
        while not self._stopping:
            started = self._clock()
            try:
                reading = self.exchange(port, request, self.counter.parse_reading)
            except Refused as exc:
                self._status(False, str(exc))
            else:
                assert isinstance(reading, int)
                self._status(True, f"counting on {self.spec.describe()}")
                parts = self.tracker.feed(reading)
                if parts:
                    self.listener.counted(parts, reading)
            self._pause(max(0.0, self.poll_s - (self._clock() - started)))
