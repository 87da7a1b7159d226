"""systemd's watchdog, fed from the GUI thread: a frozen screen is restarted.

Under systemd (`Type=notify`, `WatchdogSec=`, installer/linux/andon-kiosk.service) the kiosk
says READY=1 once its window is up, then WATCHDOG=1 from a timer on the GUI thread at a third
of the interval systemd gives (`WATCHDOG_USEC`). If the GUI thread hangs, the timer stops,
the pings stop, and systemd kills and restarts the kiosk (tested with a stand-in for systemd
in tests/integration/test_watchdog.py). Without `NOTIFY_SOCKET` (Windows, a terminal, tests)
nothing happens.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Send `message` to systemd's notify socket; False when there is none or it fails."""
    where = os.environ.get("NOTIFY_SOCKET", "")
    if not where or not hasattr(socket, "AF_UNIX"):
        return False
    address = "\0" + where[1:] if where.startswith("@") else where  # abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            # never wait: a receiver that stopped reading froze the screen on a full queue
            # (a ping it does not get is what the watchdog is for)
            sock.setblocking(False)
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as exc:
        if not _failing:  # once, not at every ping
            log.warning("cannot tell systemd %r: %s (said once)", message, exc)
        _failing.add(message)
        return False
    _failing.clear()
    return True


_failing: set[str] = set()  # messages that could not be sent since the last one that was


class Watchdog(QObject):
    """READY=1 now, then WATCHDOG=1 on the GUI thread while its event loop runs."""

    def __init__(self, parent: QObject | None = None, hang_after_s: float | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        if hang_after_s is not None:  # the watchdog's own test (--test-hang-after)
            QTimer.singleShot(int(hang_after_s * 1000), _hang)
        usec = os.environ.get("WATCHDOG_USEC", "")
        pid = os.environ.get("WATCHDOG_PID", "")
        digits = usec.isascii() and usec.isdigit()  # not "²", which isdigit() takes
        wanted = digits and int(usec) > 0 and (not pid or pid == str(os.getpid()))
        if not notify("READY=1") or not wanted:
            return
        # a third of it, in ms, within what a QTimer holds (a WatchdogSec of 80 days)
        self.timer.setInterval(min(2**31 - 1, max(100, int(usec) // 3000)))
        self.timer.timeout.connect(lambda: notify("WATCHDOG=1"))
        self.timer.start()
        notify("WATCHDOG=1")
        log.info("systemd watchdog: pinging every %d ms", self.timer.interval())


def _hang() -> None:
    log.warning("the GUI thread hangs now, on purpose (--test-hang-after)")
    while True:
        time.sleep(3600)
