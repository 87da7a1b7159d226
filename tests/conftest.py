"""Shared test setup: offscreen Qt, and PostgreSQL that must run (not skip) in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from andon_kiosk.app.demo import demo_config
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import ManualClock

# Before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def config() -> StationConfig:
    return demo_config(language="en")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.sqlite3"


@pytest.fixture
def station(config: StationConfig, clock: ManualClock, store_path: Path) -> Iterator[Station]:
    s = Station.open(config, clock=clock, store_path=store_path)
    yield s
    s.close()
