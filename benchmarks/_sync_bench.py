"""What the sync benchmarks share: a throw-away shared database, stations joined to it, and a
listener that notes when records land in a station's store.

Not a benchmark itself (the leading underscore); imported by propagation.py, backlog.py and
plant.py, which put the repository root on sys.path first.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from andon_kiosk.app.demo import demo_config
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices
from andon_kiosk.config.types import SharedConfig
from andon_kiosk.store import db

ADMIN_URL = os.environ.get("ANDON_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def shared_database() -> Iterator[str]:
    """A new PostgreSQL database with the andon schema, dropped afterwards."""
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"andon_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        engine = db.make_engine(url)
        db.upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def open_station(
    name: str,
    line: str,
    url: str,
    store: Path,
    *,
    kind: str = "line",
    batch: int = 500,
    poll_s: float = 2.0,
) -> Station:
    cfg = replace(
        demo_config(prehashed=True),
        station=name,
        line=line,
        kind=kind,
        lines=(),
        devices=Devices.none(),
        shared=SharedConfig(url=url, batch_size=batch, poll_s=poll_s),
    )
    return Station.open(cfg, store_path=store)


class Arrivals:
    """A SyncListener noting (monotonic time) when each ticket's events landed locally."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.online: bool | None = None
        self.queued = -1
        self.parked = 0
        self.depths: list[tuple[float, int]] = []  # (monotonic, outbox depth)
        self._changed = threading.Condition()

    def link(self, online: bool, detail: str) -> None:
        with self._changed:
            self.online = online
            self._changed.notify_all()

    def stuck(self, parked: int) -> None:
        with self._changed:
            self.parked = parked
            self._changed.notify_all()

    def depth(self, queued: int) -> None:
        with self._changed:
            self.queued = queued
            self.depths.append((time.monotonic(), queued))
            self._changed.notify_all()

    def changes(self, applied) -> None:
        now = time.monotonic()
        with self._changed:
            for ticket_id in applied.tickets:
                self.at.setdefault(ticket_id, now)
            self._changed.notify_all()

    def stations(self, seen) -> None:
        pass

    def wait_for(self, predicate, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(predicate, timeout)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]
