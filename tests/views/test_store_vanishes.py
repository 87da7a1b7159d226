"""A store deleted, replaced or damaged under a running kiosk, and a kiosk restarted after its
store was deleted: noticed, said, refused; never an empty store showing "running"."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.light import Lamp, LampMode
from andon_kiosk.store.health import StoreProblem
from andon_kiosk.views.window import MainWindow


def remove_store(path: Path) -> None:
    for file in path.parent.glob(path.name + "*"):
        file.unlink()


def test_a_store_deleted_under_the_running_kiosk_is_noticed_and_refused(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], store_path: Path
) -> None:
    vm, window = kiosk
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    remove_store(store_path)
    vm.store.watch_now()  # what the watch does every few seconds
    qtbot.waitUntil(lambda: vm.store_fault is not None)
    assert vm.store_fault.problem is StoreProblem.MISSING
    assert "deleted or moved while the kiosk ran" in window.store_alert.detail.text()
    assert vm.light.mode(Lamp.AMBER) is LampMode.BLINK and vm.light.mode(Lamp.GREEN) is LampMode.OFF

    vm.raise_ticket("method")  # would be written into a file that no longer has a name
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text.text().startswith("NOT RECORDED")
    assert len(vm.tickets()) == 1


def test_a_kiosk_restarted_after_its_store_was_deleted_does_not_start_empty(
    config: StationConfig, clock: ManualClock, store_path: Path
) -> None:
    first = Station.open(config, clock=clock, store_path=store_path)
    first.close()
    remove_store(store_path)  # the store, its WAL and shm; the folder stays
    again = Station.open(config, clock=clock, store_path=store_path, keep_going=True)
    try:
        assert again.fault is not None and again.fault.problem is StoreProblem.MISSING
        assert "db upgrade --store" in again.fault.detail and not again.fault.readable
    finally:
        again.close()
    assert not store_path.exists()  # nothing was created in its place


def test_pages_damaged_under_the_running_kiosk_are_found_by_the_watch(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], store_path: Path
) -> None:
    vm, window = kiosk
    for _ in range(30):
        vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 30)
    assert vm.station.engine is not None
    raw = vm.station.engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = raw.driver_connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'events'"
        ).fetchone()[0]
    finally:
        raw.close()
    with store_path.open("r+b") as f:  # garbage over the events table, behind SQLite's back
        f.seek((page - 1) * 4096 + 8)
        f.write(b"\x5a" * 4000)
    vm.store.watch_now(deep=True)  # what the watch does every ten minutes
    qtbot.waitUntil(lambda: vm.store_fault is not None)
    assert vm.store_fault.problem is StoreProblem.DAMAGED
    assert "is damaged" in window.store_alert.detail.text()
    vm.raise_ticket("method")  # not recorded into a damaged file
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text.text().startswith("NOT RECORDED") and len(vm.tickets()) == 30
