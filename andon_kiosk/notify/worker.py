"""A thread that works through tickets handed to it: woken when some arrive, otherwise at the
pause its last pass asked for; stopped promptly. The dispatcher and the plant service's
escalation clock are both one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

log = logging.getLogger(__name__)


class TicketWorker(threading.Thread):
    RETRY_S = 5.0  # after an unexpected error

    def __init__(self, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._handed: set[str] = set()

    def hand(self, ticket_ids: Iterable[str]) -> None:
        """These tickets changed: look at them on the next pass, now."""
        with self._lock:
            self._handed.update(ticket_ids)
        self._wake.set()

    def take(self) -> set[str]:
        """The tickets handed over since the last pass."""
        with self._lock:
            handed, self._handed = self._handed, set()
        return handed

    def stop(self, timeout: float = 5.0) -> None:
        self._stop_event.set()
        self._wake.set()
        if self.is_alive():
            self.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop_event.is_set()

    def run(self) -> None:
        self.before()
        while not self._stop_event.is_set():
            try:
                pause = self.step()
            except Exception:
                log.exception("%s: unexpected error; trying again shortly", self.name)
                pause = self.RETRY_S
            self._wake.wait(pause)
            self._wake.clear()

    def before(self) -> None:
        """Once, on the thread, before the first pass."""

    def step(self) -> float:
        """One pass; the seconds until the next one is needed."""
        raise NotImplementedError
