"""Stations joined through a real PostgreSQL: each test gets its own shared database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.config.types import SharedConfig
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.store import db
from andon_kiosk.sync.feed import StationSeen
from andon_kiosk.sync.local import Applied


@pytest.fixture
def shared_url(pg_url: str) -> str:
    """The test's shared database, migrated like `andon-kiosk db upgrade --shared` does."""
    engine = db.make_engine(pg_url)
    db.upgrade(engine)
    engine.dispose()
    return pg_url


@dataclass
class Recorder:
    """A SyncListener that keeps what it was told (called on the sync threads)."""

    links: list[tuple[bool, str]] = field(default_factory=list)  # (online, why not)
    depths: list[int] = field(default_factory=list)
    stuck_counts: list[int] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)
    seen: list[list[StationSeen]] = field(default_factory=list)

    def link(self, online: bool, detail: str) -> None:
        self.links.append((online, detail))

    def depth(self, queued: int) -> None:
        self.depths.append(queued)

    def stuck(self, parked: int) -> None:
        self.stuck_counts.append(parked)

    def changes(self, applied: Applied) -> None:
        self.applied.append(applied)

    def stations(self, seen: list[StationSeen]) -> None:
        self.seen.append(seen)


MakeStation = Callable[..., Station]


@pytest.fixture
def make_station(
    config: StationConfig, shared_url: str, tmp_path: Path, clock: ManualClock
) -> Iterator[MakeStation]:
    """make_station("L1-1", line="L1", kind="line", lines=(), url=..., start=False,
    admin=False) -> an open
    Station with its sync built; not started (tests drive relay and puller step by step)
    unless `start`, when its relay and puller threads run."""
    opened: list[Station] = []

    def make(
        name: str,
        *,
        line: str = "L1",
        kind: str = "line",
        lines=(),
        url: str | None = None,
        start: bool = False,
        admin: bool = False,
    ) -> Station:
        cfg = replace(
            config,
            station=name,
            line=line,
            kind=kind,
            lines=tuple(lines),
            shared=SharedConfig(
                url=url or shared_url, operation_timeout_s=2.0, poll_s=0.5, admin_station=admin
            ),
        )
        station = Station.open(cfg, clock=clock, store_path=tmp_path / f"{name}.sqlite3")
        station.start_sync(Recorder(), start=start)
        opened.append(station)
        return station

    yield make
    for station in opened:
        station.close()


def eventually(predicate: Callable[[], object], timeout: float = 30.0, what: str = "") -> None:
    """Wait for the sync threads to make `predicate` true (they report through no Qt loop, so
    this polls: 20 times a second, up to `timeout`)."""
    import threading
    import time

    end = time.monotonic() + timeout
    pause = threading.Event()
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout:g} s: {what or predicate}")
        pause.wait(0.05)
