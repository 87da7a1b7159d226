"""Escalation advanced by the kiosk's tick, at DOMAIN.md's times, across a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.store import tickets as repo

MIN = 60.0


@pytest.fixture
def model(qtbot: QtBot, station: Station) -> Iterator[KioskModel]:
    vm = KioskModel(station, tick_ms=3_600_000)  # ticks driven by the test
    vm.start()
    qtbot.waitUntil(lambda: vm.loaded)
    yield vm
    vm.stop()


def recorded(station: Station, ticket_id: str) -> list[tuple[int, float, list[str]]]:
    with station.sessions() as s:
        events = [e for e in repo.events_for(s, ticket_id) if e.kind is EventKind.ESCALATED]
    events.sort(key=lambda e: e.order_key)
    return [(e.data["level"], e.data["due_at"], list(e.data["notify"])) for e in events]


def raise_machine_stop(qtbot: QtBot, vm: KioskModel) -> str:
    vm.raise_ticket("machine", "breakdown")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    return vm.tickets()[0].id


def tick_at(qtbot: QtBot, vm: KioskModel, clock: ManualClock, t: float) -> None:
    clock.set(t)
    vm.tick()
    qtbot.waitUntil(lambda: vm.runner.pending == 0)


def test_unacknowledged_machine_stop_reaches_each_level_on_time_and_after_restart(
    qtbot: QtBot,
    model: KioskModel,
    station: Station,
    clock: ManualClock,
    config: StationConfig,
    store_path: Path,
) -> None:
    tid = raise_machine_stop(qtbot, model)
    t0 = model.ticket(tid).raised.at
    tick_at(qtbot, model, clock, t0 + 20 * MIN - 1)
    assert recorded(station, tid) == []
    assert model.level(model.ticket(tid)) == 0
    assert model.light.mode(Lamp.RED) is LampMode.ON and model.light.buzzer is Buzzer.PULSE

    tick_at(qtbot, model, clock, t0 + 20 * MIN)
    assert recorded(station, tid) == [(1, t0 + 20 * MIN, ["production_supervisor"])]
    assert model.light.mode(Lamp.RED) is LampMode.BLINK  # escalated: blinking
    assert model.light.buzzer is Buzzer.CONTINUOUS

    tick_at(qtbot, model, clock, t0 + 60 * MIN)
    assert [r[0] for r in recorded(station, tid)] == [1, 2]

    # The kiosk goes down at 61 min and is back at 125 min: level 3 (120 min) was missed
    # while it was off, and is recorded at once, with the time it fell due.
    model.stop()
    station.close()
    clock.set(t0 + 125 * MIN)
    again = Station.open(config, clock=clock, store_path=store_path)
    vm = KioskModel(again, tick_ms=3_600_000)
    try:
        vm.start()
        qtbot.waitUntil(lambda: vm.loaded and vm.runner.pending == 0)
        levels = recorded(again, tid)
        assert [(lvl, due) for lvl, due, _ in levels] == [
            (1, t0 + 20 * MIN),
            (2, t0 + 60 * MIN),
            (3, t0 + 120 * MIN),
        ]
        assert levels[2][2] == ["quality_supervisor"]
        tick_at(qtbot, vm, clock, t0 + 180 * MIN - 1)
        assert len(recorded(again, tid)) == 3
        tick_at(qtbot, vm, clock, t0 + 180 * MIN)
        assert recorded(again, tid)[-1] == (4, t0 + 180 * MIN, ["planning_supervisor"])
        tick_at(qtbot, vm, clock, t0 + 600 * MIN)
        assert len(recorded(again, tid)) == 4  # the last level is the last
    finally:
        vm.stop()
        again.close()


def test_containment_stops_escalation(
    qtbot: QtBot, model: KioskModel, station: Station, clock: ManualClock
) -> None:
    from andon_kiosk.app.demo import demo_user
    from andon_kiosk.core.permissions import Role

    tid = raise_machine_stop(qtbot, model)
    t0 = model.ticket(tid).raised.at
    svc = station.tickets
    svc.act(demo_user(Role.LEADER), tid, EventKind.ACKNOWLEDGED)
    svc.act(demo_user(Role.RESPONDER), tid, EventKind.STARTED)
    clock.set(t0 + 15 * MIN)
    svc.act(demo_user(Role.RESPONDER), tid, EventKind.CONTAINED, {"containment": "reset"})
    model.reload()  # what the service wrote behind the model's back
    qtbot.waitUntil(lambda: model.runner.pending == 0)
    tick_at(qtbot, model, clock, t0 + 300 * MIN)
    assert recorded(station, tid) == []
    assert model.light.mode(Lamp.GREEN) is LampMode.ON


def test_the_real_timer_drives_escalation(
    qtbot: QtBot, station: Station, clock: ManualClock
) -> None:
    vm = KioskModel(station, tick_ms=10)
    vm.start()
    try:
        tid = raise_machine_stop(qtbot, vm)
        clock.advance(20 * MIN)
        qtbot.waitUntil(lambda: vm.ticket(tid).escalation_level == 1)
        assert recorded(station, tid)[0][0] == 1
    finally:
        vm.stop()
