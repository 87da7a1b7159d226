"""Runs operations off the GUI thread, one at a time, and hands results back to the GUI thread.

One worker thread serialises all writes to the local SQLite file (one writer is what SQLite
wants anyway) and keeps every commit, fsync included, away from the thread that paints.
Callbacks run on the thread that owns the runner, through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class OperationRunner(QObject):
    _finished = Signal(object)
    idle = Signal()  # nothing queued or running any more

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="andon-store")
        self._closed = False
        self._pending = 0
        self._finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        return self._pending

    def submit(
        self,
        operation: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        if self._closed:  # stopping: a signal queued before (a notice's outcome, sync news)
            log.info("operation after the runner stopped: not run")
            return
        self._pending += 1
        future = self._executor.submit(operation)
        future.add_done_callback(lambda f: self._finished.emit((f, on_done, on_error)))

    def _deliver(self, item: tuple[Future, Done | None, Failed | None]) -> None:
        future, on_done, on_error = item
        self._pending -= 1
        error = future.exception()
        try:
            if error is None:
                if on_done is not None:
                    on_done(future.result())
            elif on_error is not None:
                on_error(error)
            else:
                log.error("operation failed", exc_info=error)
        finally:
            if self._pending == 0:
                self.idle.emit()

    def shutdown(self) -> None:
        """Finish what is queued (nothing acknowledged to a user is dropped), then stop;
        what is submitted after is not run (the window is closing, nobody would see it)."""
        self._closed = True
        self._executor.shutdown(wait=True)
