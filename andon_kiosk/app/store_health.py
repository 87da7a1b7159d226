"""Whether the local store can be trusted right now, as the kiosk keeps track of it.

A fault found at start (`Station.fault`) or met by any operation is kept and named
(`store.health.classify`) until a write succeeds again. While the store is failing but can
still be read, a write probe every few seconds notices when it recovers (a disk that was
freed, a permission fixed), so the screen and the tower do not wait for the next tap.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from andon_kiosk.store.health import StoreFault, StoreProblem, classify, is_store_error

from .runner import OperationRunner
from .station import Station

__all__ = ["StoreFault", "StoreHealth", "StoreProblem", "is_store_error"]  # for the views

log = logging.getLogger(__name__)

PROBE_MS = 5000


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

    @property
    def fault(self) -> StoreFault | None:
        return self._fault

    def start(self) -> None:
        if self._fault is not None:
            log.error("%s", self._fault.describe())
            self._watch()

    def stop(self) -> None:
        self._probe.stop()

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
        """A write was committed: whatever was wrong, the store takes writes again."""
        if self._fault is None:
            return
        log.info("the store %s takes writes again", self._station.store_path)
        self._fault = None
        self._probe.stop()
        self.changed.emit()

    def _watch(self) -> None:
        if self._station.usable:  # nothing to probe in a store that could not be opened
            self._probe.start()

    @Slot()
    def check_now(self) -> None:
        """Ask the store again (every PROBE_MS while it fails) whether it takes writes."""

        def settled(fault: StoreFault | None) -> None:
            if fault is None:
                self.wrote()
            else:
                self._note(fault)

        self._runner.submit(self._station.probe_store, settled, self.failed)
