"""What the screen says about the stack light: confirmed state, unknown, offline."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices, LightDevice
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.light import Lamp, LampMode
from andon_kiosk.views.launch import application
from andon_kiosk.views.window import MainWindow


def open_kiosk(qtbot: QtBot, station: Station) -> tuple[KioskModel, MainWindow]:
    application("en")
    vm = KioskModel(station)
    window = MainWindow(vm)
    qtbot.addWidget(window)
    vm.start()
    window.show()
    qtbot.waitUntil(lambda: vm.loaded)
    return vm, window


@pytest.fixture
def kiosk_on(qtbot: QtBot, tmp_path: Path, clock: ManualClock, config) -> Iterator:
    opened: list[tuple[KioskModel, MainWindow, Station]] = []

    def open_with(light: LightDevice) -> tuple[KioskModel, MainWindow]:
        cfg = replace(config, devices=replace(Devices.none(), light=light))
        station = Station.open(cfg, clock=clock, store_path=tmp_path / f"{len(opened)}.sqlite3")
        vm, window = open_kiosk(qtbot, station)
        opened.append((vm, window, station))
        return vm, window

    yield open_with
    for vm, window, station in opened:
        vm.stop()
        window.close()
        station.close()


def chip(window: MainWindow) -> str:
    return window.findChild(QLabel, "header.tower").text()


def test_a_tower_that_never_answers_is_unknown_and_announced(
    qtbot: QtBot, kiosk_on, tmp_path: Path
) -> None:
    vm, window = kiosk_on(LightDevice("modbus-rtu", port=str(tmp_path / "no-such-port")))
    qtbot.waitUntil(lambda: vm.tower_online is False)
    assert window.home.tower.unknown  # grey lamps with "?": not what the policy wants
    assert chip(window) == "Light OFFLINE"
    assert window.tower_alert.isVisible()
    assert "STACK LIGHT OFFLINE" in window.tower_alert.text.text()
    assert "cannot open" in window.tower_alert.toolTip()


def test_unplug_shows_the_alert_and_replug_clears_it(qtbot: QtBot, kiosk_on) -> None:
    vm, window = kiosk_on(LightDevice("simulated", heartbeat_s=0.2))
    qtbot.waitUntil(lambda: vm.shown_light is not None)
    assert window.home.tower.state.mode(Lamp.GREEN) is LampMode.ON
    assert chip(window) == "Light OK" and not window.tower_alert.isVisible()
    endpoint = vm.devices.simulators["tower"].endpoint
    endpoint.unplug()
    qtbot.waitUntil(window.tower_alert.isVisible, timeout=3000)
    assert window.home.tower.unknown and chip(window) == "Light OFFLINE"
    vm.raise_ticket("machine")  # the line stops while the tower is unplugged
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    assert window.home.tower.unknown  # still unknown: nothing confirmed it
    endpoint.plug()
    qtbot.waitUntil(lambda: not window.tower_alert.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: window.home.tower.state is not None)
    assert window.home.tower.state.mode(Lamp.RED) is LampMode.ON  # restored on reconnect
    assert chip(window) == "Light OK"


def test_without_a_tower_the_screen_shows_the_policy(qtbot: QtBot, kiosk_on) -> None:
    vm, window = kiosk_on(LightDevice("none"))
    assert chip(window) == "No stack light"
    assert window.home.tower.state == vm.light
    vm.raise_ticket("machine")
    qtbot.waitUntil(
        lambda: (
            window.home.tower.state is not None
            and window.home.tower.state.mode(Lamp.RED) is LampMode.ON
        )
    )
    assert not window.tower_alert.isVisible()
