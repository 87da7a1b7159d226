"""A station whose shared database cannot be reached waits between tries, however many
local commits wake its sync thread meanwhile (each tap wakes it)."""

from __future__ import annotations

import socket
import threading
import time

from andon_kiosk.core.accounts import STATION_OPERATOR

from .conftest import MakeStation, eventually


def closed_port() -> int:
    """A local port with nothing listening (connections are refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_database_is_retried_with_backoff_while_taps_keep_coming(
    make_station: MakeStation,
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/andon"
    station = make_station("L1-1", url=url)
    sync = station.sync
    assert sync is not None
    attempts: list[float] = []
    hold = sync.shared.hold

    def counted(lines):  # the real connect, to a port that refuses
        attempts.append(time.monotonic())
        return hold(lines)

    sync.shared.hold = counted  # type: ignore[method-assign]
    sync.start()
    stop = threading.Event()
    try:
        eventually(lambda: sync.listener.links[-1:] and not sync.listener.links[-1][0], 10)
        started = len(attempts)
        for _ in range(30):  # taps while offline: every commit wakes the link
            station.tickets.raise_ticket(STATION_OPERATOR, "machine")
            sync.link.wake()
            stop.wait(0.05)
        # 1.5 s of taps, backing off 0.25 s doubling to 4 s: a handful of tries, not hundreds
        assert len(attempts) - started <= 6, len(attempts) - started
        assert sync.listener.depths[-1] >= 30  # and the queue on screen kept up
    finally:
        stop.set()
        station.stop_sync()
