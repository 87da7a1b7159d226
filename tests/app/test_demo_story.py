"""The demo tells a story: a shift under way, ahead at first and behind later, a ticket in
each state, and no parts made while the line stands (a live demo's first start showed
"actual 0, gap −956" and no tickets: it looked broken)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from andon_kiosk.app.demo import STORY_MINUTES, demo_config, seed_live
from andon_kiosk.app.station import Station
from andon_kiosk.core.clock import ManualClock


@pytest.fixture
def morning(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Station]:
    """The demo station at `request.param` minutes into the day shift (08:00)."""
    eight = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0).timestamp()
    clock = ManualClock(eight + request.param * 60)
    station = Station.open(
        demo_config(prehashed=True), clock=clock, store_path=tmp_path / "demo.sqlite3"
    )
    yield station
    station.close()


@pytest.mark.parametrize("morning", [STORY_MINUTES, 40], indirect=True)
def test_the_live_demo_opens_on_a_shift_under_way(morning: Station) -> None:
    station, now = morning, morning.clock.now()
    seed_live(station)
    tickets = station.tickets.open_tickets()
    states = {t.state.value for t in tickets}
    assert states == {"raised", "acknowledged", "started", "resolved"}, states
    assert all(t.raised.at <= now for t in tickets)
    start = now - (now - datetime.fromtimestamp(now).replace(hour=8, minute=0).timestamp())
    # ahead of the 33 s takt in the first hour of the story, behind in total
    first_hour = start + (now - start) * 60 / STORY_MINUTES
    early, _ = station.production.totals(start, first_hour)
    assert early > (first_hour - start) / 33
    good, _ = station.production.totals(start, now)
    assert good < (now - start) / 33  # the stops cost more than the good start made up


@pytest.mark.parametrize("morning", [STORY_MINUTES], indirect=True)
def test_no_part_is_counted_while_the_line_stands(morning: Station) -> None:
    station, now = morning, morning.clock.now()
    seed_live(station)
    stopped = [t for t in station.tickets.open_tickets() if t.line_stopped]
    down_from = min(t.raised.at for t in stopped)  # the line has stood since then
    assert station.production.totals(down_from, now)[0] == 0
