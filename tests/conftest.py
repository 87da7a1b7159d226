"""Shared test setup: offscreen Qt, and PostgreSQL that must run (not skip) in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from andon_kiosk.app.demo import demo_config
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices, StationConfig
from andon_kiosk.core.clock import ManualClock

# Before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def language() -> str:
    """The kiosk's language; a test module may override this fixture."""
    return "en"


@pytest.fixture
def devices() -> Devices:
    """No devices unless a test asks for them (simulated ones start threads and ptys)."""
    return Devices.none()


@pytest.fixture
def config(language: str, devices: Devices) -> StationConfig:
    cfg = demo_config(language=language, prehashed=True)  # scrypt once per session
    return replace(cfg, devices=devices)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.sqlite3"


@pytest.fixture
def station(config: StationConfig, clock: ManualClock, store_path: Path) -> Iterator[Station]:
    s = Station.open(config, clock=clock, store_path=store_path)
    yield s
    s.close()


PG_ADMIN_URL = os.environ.get(
    "ANDON_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards.

    Skips on a machine without PostgreSQL; with CI=true a missing server fails the test, so CI
    can never go green by skipping the shared-database tests.
    """
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"andon_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
        pytest.skip(f"no PostgreSQL at {PG_ADMIN_URL}")
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
