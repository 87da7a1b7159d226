"""A tower that never answers (the one-byte USB tower): "sent" is all the screen can say."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.config import Devices, LightDevice
from andon_kiosk.core.light import Lamp, LampMode
from andon_kiosk.hw.sim.devices import UsbTowerSim
from andon_kiosk.hw.sim.endpoints import PtyEndpoint
from andon_kiosk.hw.sim.runner import SimulatedDevice
from andon_kiosk.views.window import MainWindow

from .test_tower_screen import chip, says_not_confirmed, with_light


@pytest.fixture
def usb_tower(tmp_path: Path) -> Iterator[SimulatedDevice]:
    device = SimulatedDevice(PtyEndpoint(tmp_path / "usb-tower"), UsbTowerSim()).start()
    yield device
    device.stop()


@pytest.fixture
def devices(usb_tower: SimulatedDevice) -> Devices:
    return with_light(LightDevice("usb-tower", port=usb_tower.path))


def test_a_tower_that_cannot_answer_is_shown_as_sent_not_as_confirmed(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], usb_tower: SimulatedDevice
) -> None:
    vm, window = kiosk
    qtbot.waitUntil(lambda: vm.lights.shown is not None)
    assert chip(window) == "Light sent\n(no replies)"  # written is all it can tell us
    assert usb_tower.model.outputs().lamps[Lamp.GREEN] is LampMode.ON
    usb_tower.endpoint.unplug()  # the write fails: that much it can tell
    qtbot.waitUntil(lambda: says_not_confirmed(window), timeout=5000)
