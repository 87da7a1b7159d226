"""A frozen screen is restarted: the kiosk pings systemd's watchdog from its GUI thread, so a
hang of that thread (and only the pings' stopping) tells systemd to restart it. Here the test
stands in for systemd: it gives the kiosk a notify socket and WATCHDOG_USEC, watches the
pings, and restarts the kiosk as systemd would once they stop (WatchdogSec)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

if not hasattr(socket, "AF_UNIX"):  # pragma: no cover - Windows has no systemd
    pytest.skip("systemd's notify socket is a Unix socket", allow_module_level=True)

WATCHDOG_S = 5.0


class FakeSystemd:
    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "notify.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))
        self.tmp_path = tmp_path

    def start(
        self, *extra: str, usec: str = str(int(WATCHDOG_S * 1_000_000))
    ) -> subprocess.Popen[str]:
        env = {**os.environ, "NOTIFY_SOCKET": str(self.path), "WATCHDOG_USEC": usec,
               "QT_QPA_PLATFORM": "offscreen", "HOME": str(self.tmp_path),
               "XDG_DATA_HOME": str(self.tmp_path / "data"), "ANDON_KIOSK_CONFIG": ""}  # fmt: skip
        return subprocess.Popen(
            [sys.executable, "-m", "andon_kiosk", "--demo", *extra],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def receive(self, timeout: float) -> str | None:
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(256).decode()
        except TimeoutError:
            return None


def test_a_hung_gui_thread_stops_the_pings_and_is_restarted(tmp_path: Path) -> None:
    systemd = FakeSystemd(tmp_path)
    kiosk = systemd.start("--test-hang-after", "10")
    restarted = None
    try:
        assert systemd.receive(60) == "READY=1"
        pings, last = [], time.monotonic()
        while True:  # as systemd: a ping within WatchdogSec, or the service is restarted
            message = systemd.receive(WATCHDOG_S)
            if message is None:
                stalled_after = time.monotonic() - last
                break
            assert message == "WATCHDOG=1"
            pings.append(time.monotonic())
            last = pings[-1]
        assert len(pings) >= 3  # it pinged while the screen lived (every ~1 s)
        assert stalled_after >= WATCHDOG_S and kiosk.poll() is None  # hung, not dead
        hung_at = time.monotonic() - WATCHDOG_S
        kiosk.send_signal(signal.SIGABRT)  # systemd's WatchdogSignal, then SIGKILL
        kiosk.wait(10)
        restarted = systemd.start()
        assert systemd.receive(60) == "READY=1"
        assert systemd.receive(WATCHDOG_S) == "WATCHDOG=1"
        sys.stderr.write(f"hang → restarted and ready: {time.monotonic() - hung_at:.1f} s\n")
    finally:
        for proc in (kiosk, restarted):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(10)
        systemd.sock.close()
    assert "the GUI thread hangs now" in kiosk.stderr.read()


def test_whatever_watchdog_interval_systemd_gives_the_kiosk_keeps_running(tmp_path: Path) -> None:
    systemd = FakeSystemd(tmp_path)
    for usec, pings in (("6912000000000", True), ("²", False), ("0", False)):  # 80 days; junk
        kiosk = systemd.start(usec=usec)
        try:
            assert systemd.receive(60) == "READY=1"
            if pings:
                assert systemd.receive(10) == "WATCHDOG=1"  # at once, then every ~27 days
            assert systemd.receive(3) is None and kiosk.poll() is None  # alive, and quiet
        finally:
            kiosk.terminate()
            assert kiosk.wait(20) == 0, kiosk.stderr.read()
        assert systemd.receive(5) == "STOPPING=1"  # a stop on purpose, said so
    systemd.sock.close()


def test_a_notify_socket_that_is_gone_is_said_once_not_at_every_ping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from andon_kiosk.views import watchdog

    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone.sock"))  # systemd went away
    with caplog.at_level("WARNING", logger="andon_kiosk.views.watchdog"):
        assert [watchdog.notify("WATCHDOG=1") for _ in range(5)] == [False] * 5
    assert len(caplog.records) == 1 and "cannot tell systemd" in caplog.records[0].getMessage()
    systemd = FakeSystemd(tmp_path)  # back: said again only after it failed anew
    monkeypatch.setenv("NOTIFY_SOCKET", str(systemd.path))
    assert watchdog.notify("WATCHDOG=1") and systemd.receive(5) == "WATCHDOG=1"
    systemd.sock.close()


def test_a_receiver_that_stops_reading_never_freezes_the_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notify socket nobody reads fills up: a blocking send then froze the GUI thread (and
    SIGTERM with it) until the receiver went away. Pings past a full queue are dropped."""
    import threading

    from andon_kiosk.views import watchdog

    deaf = FakeSystemd(tmp_path)  # bound, never read
    monkeypatch.setenv("NOTIFY_SOCKET", str(deaf.path))
    sent: list[bool] = []
    pinger = threading.Thread(
        target=lambda: sent.extend(watchdog.notify("WATCHDOG=1") for _ in range(2000)),
        daemon=True,
    )
    pinger.start()
    pinger.join(30)
    assert not pinger.is_alive(), "a ping blocked on a full notify socket"
    assert sent[0] and not sent[-1]  # the first got through; the queue then filled up
    deaf.sock.close()
