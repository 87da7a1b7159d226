"""Runs a simulated device on an endpoint in a thread, and records what arrives when."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .endpoints import PtyEndpoint, TcpEndpoint, Unplugged

TICK_S = 0.05


class Model(Protocol):
    def receive(self, data: bytes, now: float) -> bytes: ...
    def tick(self, now: float) -> None: ...


@dataclass(frozen=True)
class Arrival:
    """Bytes that reached the device, and the moment the last of them did."""

    at: float  # time.perf_counter()
    data: bytes


class SimulatedDevice:
    def __init__(
        self,
        endpoint: PtyEndpoint | TcpEndpoint,
        model: Model,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.endpoint, self.model, self.on_change = endpoint, model, on_change
        self.arrivals: list[Arrival] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sim-device", daemon=True)

    @property
    def path(self) -> str:
        return self.endpoint.path

    def start(self) -> SimulatedDevice:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.endpoint.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                # Bytes wake the read at once; the timeout only paces the model's clock
                # (a counting line, a timed relay), so it need not spin.
                data = self.endpoint.read(TICK_S)
            except Unplugged:
                self._stop.wait(TICK_S)
                continue
            now = time.perf_counter()
            if data:
                self.arrivals.append(Arrival(now, data))
            self.model.tick(time.monotonic())
            reply = self.model.receive(data, time.monotonic())
            if reply:
                try:
                    self.endpoint.write(reply)
                except Unplugged:
                    continue
            if (data or reply) and self.on_change is not None:
                self.on_change()
