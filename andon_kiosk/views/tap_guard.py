"""Taps that mean one thing: a short deaf spell after the screen changes under the finger.

A gloved double tap is two taps 100-300 ms apart. When the first one changes the screen (a
raise opens the reason picker, an acknowledge rebuilds the ticket's actions), the second one
lands on whatever is now under the finger: it picked a reason nobody chose, or opened
"Cancel ticket…". So for `GUARD_MS` after the screen changed, presses are dropped before any
widget sees them (with the release that belongs to them).

400 ms is Qt's own double-click interval and covers the slowest double taps; it is not felt,
because nobody reads a new page and taps on it deliberately that fast (seeing a change and
moving a finger takes at least half a second).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject

GUARD_MS = 400

_PRESSES = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
}
_RELEASES = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}


class TapGuard(QObject):
    """An event filter for the window: `arm()` when the screen under the finger changed."""

    def __init__(
        self,
        parent: QObject | None = None,
        guard_ms: int = GUARD_MS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.guard_s = guard_ms / 1000
        self.clock = clock
        self._armed_at = -1e9
        self._swallowing = False  # a press was dropped: drop its release too
        self.dropped = 0  # presses dropped so far (for tests and the log)

    def arm(self) -> None:
        self._armed_at = self.clock()

    @property
    def deaf(self) -> bool:
        return self.clock() - self._armed_at < self.guard_s

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _PRESSES:
            if not self.deaf:
                self._swallowing = False
                return False
            self._swallowing = True
            self.dropped += 1
            return True
        if kind in _RELEASES and self._swallowing:
            self._swallowing = False
            return True
        return False
