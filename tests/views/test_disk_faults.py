"""A kiosk whose disk fills up while it runs, or that starts on a full or read-only disk: what
it refuses, what it still shows, what it keeps counting, and how it recovers, on a real
(small) filesystem. (A filesystem cannot be made read-only under a running kiosk here: the
remount is refused while the store is open for writing.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from andon_kiosk.app.accounts import LockedOut, WrongPin
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices, LightDevice, StationConfig
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.light import Lamp, LampMode
from andon_kiosk.store.health import StoreProblem
from andon_kiosk.views.window import MainWindow

from ..conftest import SmallDisk, empty_the_wal


@pytest.fixture
def devices() -> Devices:
    return replace(Devices.none(), light=LightDevice("simulated"))


@pytest.fixture
def store_path(small_disk: SmallDisk) -> Path:
    return small_disk.path / "kiosk.sqlite3"


@pytest.fixture
def station(config: StationConfig, clock: ManualClock, store_path: Path) -> Iterator[Station]:
    s = Station.open(config, clock=clock, store_path=store_path, keep_going=True)
    s.tickets.raise_ticket(STATION_OPERATOR, "machine")  # a stop from before the fault
    yield s
    s.close()


def tower_shows(vm: KioskModel, *lamps: Lamp, fault: bool) -> bool:
    shown = vm.lights.shown
    if shown is None:
        return False
    lit = {lamp for lamp in Lamp if shown.mode(lamp) is not LampMode.OFF}
    blinking_amber = shown.mode(Lamp.AMBER) is LampMode.BLINK
    return lit == set(lamps) and blinking_amber == fault


def test_a_full_disk_refuses_loudly_keeps_counting_pins_and_recovers_by_itself(
    qtbot: QtBot,
    kiosk: tuple[KioskModel, MainWindow],
    station: Station,
    small_disk: SmallDisk,
    clock: ManualClock,
) -> None:
    vm, window = kiosk
    qtbot.waitUntil(lambda: tower_shows(vm, Lamp.RED, fault=False), timeout=5000)
    (stop,) = vm.tickets()
    empty_the_wal(station)
    small_disk.fill()

    qtbot.mouseClick(window.home.category_button("method"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text.text().startswith("NOT RECORDED")
    assert vm.store_fault is not None and vm.store_fault.problem is StoreProblem.DISK_FULL
    assert "THIS KIOSK CANNOT RECORD STOPS" in window.store_alert.text.text()
    assert "the disk is full" in window.store_alert.detail.text()
    assert window.findChild(QLabel, "header.store").text() == "Store FAILING\nnot saving"
    assert [t.id for t in vm.tickets()] == [stop.id]  # the last saved tickets, still shown
    qtbot.waitUntil(lambda: tower_shows(vm, Lamp.RED, Lamp.AMBER, fault=True), timeout=5000)

    # Wrong PINs are counted though they cannot be stored: the lock-out holds.
    refusals = []
    vm.signInFailed.connect(refusals.append)
    for _ in range(vm.config.sign_in.max_attempts):
        with qtbot.waitSignal(vm.signInFailed):
            vm.sign_in_pin("2001", "0000")
    assert all(isinstance(r, WrongPin) for r in refusals[:-1])
    assert isinstance(refusals[-1], LockedOut)
    with qtbot.waitSignal(vm.signInFailed) as blocker:
        vm.sign_in_pin("2001", "2222")  # the right PIN, but locked out
    assert isinstance(blocker.args[0], LockedOut)

    # Escalation falls due while nothing can be written: it is not forgotten.
    clock.advance(21 * 60)
    vm.tick()
    qtbot.waitUntil(lambda: vm.runner.pending == 0)
    assert vm.ticket(stop.id).escalation_level == 0

    small_disk.free()
    vm.store.check_now()  # what the probe timer does every few seconds
    qtbot.waitUntil(lambda: vm.store_fault is None, timeout=5000)
    assert not window.store_alert.isVisible()
    vm.tick()
    qtbot.waitUntil(lambda: vm.ticket(stop.id).escalation_level == 1)
    escalated = [e for e in vm.ticket(stop.id).history if e.kind is EventKind.ESCALATED]
    assert escalated[0].data["due_at"] == stop.raised.at + 20 * 60  # on time, from the raise
    qtbot.waitUntil(lambda: tower_shows(vm, Lamp.RED, fault=False), timeout=5000)
    assert station.tickets.open_tickets()[0].escalation_level == 1  # really stored


def test_a_kiosk_started_on_a_disk_full_to_the_last_byte_says_the_disk_is_full(
    config: StationConfig, clock: ManualClock, small_disk: SmallDisk
) -> None:
    path = small_disk.path / "kiosk.sqlite3"
    before = Station.open(config, clock=clock, store_path=path)
    before.tickets.raise_ticket(STATION_OPERATOR, "machine")
    empty_the_wal(before)
    before.close()
    small_disk.fill()
    station = Station.open(config, clock=clock, store_path=path, keep_going=True)
    try:
        # SQLite cannot even make its shared-memory file: nothing can be read either
        assert station.fault is not None and station.fault.problem is StoreProblem.DISK_FULL
        assert not station.fault.readable
    finally:
        station.close()


def test_a_kiosk_started_on_a_read_only_filesystem_says_so(
    config: StationConfig, clock: ManualClock, small_disk: SmallDisk
) -> None:
    path = small_disk.path / "kiosk.sqlite3"
    Station.open(config, clock=clock, store_path=path).close()
    small_disk.read_only()
    try:
        station = Station.open(config, clock=clock, store_path=path, keep_going=True)
        try:
            assert station.fault is not None
            assert station.fault.problem is StoreProblem.READ_ONLY
            assert not station.fault.readable
        finally:
            station.close()
    finally:
        small_disk.read_only(False)
