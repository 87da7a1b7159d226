"""What the screen says about the stack light: confirmed state, unknown, offline."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.config import Devices, LightDevice
from andon_kiosk.core.light import Lamp, LampMode
from andon_kiosk.views.window import MainWindow


def with_light(light: LightDevice) -> Devices:
    return replace(Devices.none(), light=light)


def chip(window: MainWindow) -> str:
    return window.findChild(QLabel, "header.tower").text()


@pytest.mark.parametrize(
    "devices", [with_light(LightDevice("modbus-rtu", port="/nonexistent/tower"))]
)
def test_a_tower_that_never_answers_is_unknown_and_announced(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    qtbot.waitUntil(lambda: vm.tower_online is False)
    assert window.home.tower.unknown  # grey lamps with "?": not what the policy wants
    assert chip(window) == "Light OFFLINE"
    assert window.tower_alert.isVisible()
    assert "STACK LIGHT OFFLINE" in window.tower_alert.text.text()
    assert "cannot open" in window.tower_alert.toolTip()


@pytest.mark.parametrize("devices", [with_light(LightDevice("simulated", heartbeat_s=0.2))])
def test_unplug_shows_the_alert_and_replug_clears_it(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
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


def test_without_a_tower_the_screen_shows_the_policy(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk  # the default test configuration has no devices
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
