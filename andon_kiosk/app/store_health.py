"""Whether the local store can be trusted right now, as the kiosk keeps track of it.

A fault found at start (`Station.fault`) or met by any operation is kept and named
(`store.health.classify`) until a write succeeds again. While the store is failing but can
still be read, a write probe every few seconds notices when it recovers (a disk that was
freed, a permission fixed), so the screen and the tower do not wait for the next tap.

A watch every few seconds also notices what no operation would: the file deleted, moved or
replaced under the running kiosk, and (every ten minutes) pages damaged. Those faults are
not cleared by a write (a write into a file that lost its name succeeds, and is lost at the
next start): the kiosk refuses to record (`refuses_writes`) until the watch finds the file
sound again.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from andon_kiosk.store.health import StoreFault, StoreProblem, classify, is_store_error

from .runner import OperationRunner
from .station import Station

__all__ = ["StoreFault", "StoreHealth", "StoreProblem", "is_store_error"]  # for the views

log = logging.getLogger(__name__)

PROBE_MS = 5000
WATCH_S = 5.0  # the kiosk's tick calls `watch`; it looks this often
DEEP_EVERY = 120  # watches between integrity checks: ten minutes
# Faults a successful write does not disprove.
STICKY = {StoreProblem.MISSING, StoreProblem.DAMAGED}


class StoreHealth(QObject):
    """Signals: `changed()` when the store failed, failed differently, or recovered."""

    changed = Signal()

    def __init__(
        self, station: Station, runner: OperationRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._station, self._runner = station, runner
        self._fault: StoreFault | None = station.fault
        self._probe = QTimer(self)
        self._probe.setInterval(PROBE_MS)
        self._probe.timeout.connect(self.check_now)
        self._watches = 0
        self._watched_at = -math.inf

    @property
    def fault(self) -> StoreFault | None:
        return self._fault

    @property
    def refuses_writes(self) -> bool:
        """The store is known gone or damaged: recording would only pretend to."""
        return self._fault is not None and self._fault.problem in STICKY

    def start(self) -> None:
        if self._fault is not None:
            log.error("%s", self._fault.describe())
            self._watch()

    def stop(self) -> None:
        self._probe.stop()

    def watch(self, now: float) -> None:
        """Called on every tick: looks at the file every WATCH_S (sharing the tick's
        wake-up: an idle kiosk should wake as rarely as it can)."""
        if self._station.usable and abs(now - self._watched_at) >= WATCH_S:
            self._watched_at = now
            self.watch_now()

    def failed(self, error: BaseException) -> bool:
        """Note `error` if it is the store's; True if it was."""
        if not is_store_error(error):
            return False
        fault = classify(error, self._station.store_path)
        if fault != self._fault:  # once per fault, not once per retry
            log.error("store operation failed: %s", fault.describe(), exc_info=fault.readable)
        self._note(fault)
        return True

    def _note(self, fault: StoreFault) -> None:
        if fault.readable and self._fault is not None and not self._fault.readable:
            fault = self._fault  # unreadable since start: a later error does not change that
        if fault != self._fault:
            self._fault = fault
            self._watch()
            self.changed.emit()

    def wrote(self) -> None:
        """A write was committed: the store takes writes again (unless it is gone or
        damaged: that a write went through proves nothing then)."""
        if self._fault is None or self._fault.problem in STICKY:
            return
        self._recovered()

    def _recovered(self) -> None:
        log.info("the store %s is sound and takes writes again", self._station.store_path)
        self._fault = None
        self._probe.stop()
        self.changed.emit()

    def _watch(self) -> None:
        if self._station.usable and not self.refuses_writes:  # probing those proves nothing
            self._probe.start()

    def watch_now(self, deep: bool | None = None) -> None:
        """Is the file still there, and the one opened (a stat, here: microseconds)? Its
        pages too (on the store worker) every DEEP_EVERY watches, or when `deep`."""
        self._watches += 1
        if deep is None:
            deep = self._watches % DEEP_EVERY == 0
        station = self._station
        if deep:
            self._runner.submit(lambda: station.watch_store(deep=True), self._watched, self.failed)
        else:
            self._watched(station.watch_store(deep=False))

    def _watched(self, fault: StoreFault | None) -> None:
        if fault is not None:
            self._note(fault)
        elif self.refuses_writes:
            self._recovered()  # the file is back (moved back, restored)

    @Slot()
    def check_now(self) -> None:
        """Ask the store again (every PROBE_MS while it fails) whether it takes writes."""

        def settled(fault: StoreFault | None) -> None:
            if fault is None:
                self.wrote()
            else:
                self._note(fault)

        self._runner.submit(self._station.probe_store, settled, self.failed)
