"""A store the kiosk cannot trust is a loud fault, never green.

Each fault is made for real: pages overwritten in a store holding 200 open stops, a file
that is not a database, a truncated one, a folder, a disk filled to the last byte, a
filesystem remounted read-only. For each the test checks what the screen says, what the
tower is sent (a simulated relay board on a pseudo-terminal), and what is stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices, LightDevice, StationConfig
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.light import Lamp, LampMode
from andon_kiosk.core.permissions import Role
from andon_kiosk.store.health import StoreProblem
from andon_kiosk.views.window import MainWindow

BLINK = LampMode.BLINK


@pytest.fixture
def devices() -> Devices:
    """A simulated relay board: the test sees what the tower is really sent."""
    return replace(Devices.none(), light=LightDevice("simulated"))


def store_with_open_stops(config: StationConfig, clock: ManualClock, path: Path, n: int) -> None:
    station = Station.open(replace(config, devices=Devices.none()), clock=clock, store_path=path)
    for _ in range(n):
        station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    station.close()


def overwrite_open_ticket_pages(path: Path) -> None:
    """Garbage over the pages that say which tickets are open (table and index)."""
    with sqlite3.connect(path) as db:
        pages = [
            r[0]
            for r in db.execute(
                "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'tickets' AND rootpage > 0"
            )
        ]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * page_size + 8  # leave the page type byte: subtle damage
        data[start : start + page_size - 8] = bytes(
            (i * 37 + 11) % 251 for i in range(page_size - 8)
        )
    path.write_bytes(bytes(data))


def damaged(path: Path) -> None:
    overwrite_open_ticket_pages(path)


def not_a_database(path: Path) -> None:
    path.write_text("line,station\nL1,L1-1\n" * 200, encoding="utf-8")


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


BREAKAGES: dict[str, tuple[Callable[[Path], None], StoreProblem, str]] = {
    "damaged": (damaged, StoreProblem.DAMAGED, "is damaged"),
    "not_a_database": (not_a_database, StoreProblem.NOT_A_DATABASE, "is not a kiosk store"),
    "truncated": (truncated, StoreProblem.DAMAGED, "is damaged"),
    "folder": (a_folder, StoreProblem.IS_A_FOLDER, "is a folder, not a file"),
}


@pytest.fixture(params=sorted(BREAKAGES))
def breakage(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def station(
    config: StationConfig, clock: ManualClock, store_path: Path, breakage: str
) -> Iterator[Station]:
    """The kiosk's own start-up (keep_going) on a store holding 200 open stops, then broken."""
    store_with_open_stops(config, clock, store_path, 200)
    for extra in store_path.parent.glob(store_path.name + "-*"):
        extra.unlink()
    BREAKAGES[breakage][0](store_path)
    s = Station.open(config, clock=clock, store_path=store_path, keep_going=True)
    yield s
    s.close()


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if widget.isVisibleTo(root) and isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
    return texts


def fault_pattern_shown(vm: KioskModel) -> bool:
    """The tower confirmed red + amber blinking, and green is off on the pole."""
    shown = vm.lights.shown
    model = vm.devices.simulators["tower"].model
    return (
        shown is not None
        and shown.mode(Lamp.RED) is BLINK
        and shown.mode(Lamp.AMBER) is BLINK
        and shown.mode(Lamp.GREEN) is LampMode.OFF
        and model.outputs().lamps[Lamp.GREEN] is LampMode.OFF
    )


def test_an_unreadable_store_is_a_loud_fault_never_green(
    qtbot: QtBot,
    kiosk: tuple[KioskModel, MainWindow],
    breakage: str,
    store_path: Path,
) -> None:
    vm, window = kiosk
    _, problem, words = BREAKAGES[breakage]
    assert vm.store_fault is not None and vm.store_fault.problem is problem
    qtbot.waitUntil(lambda: fault_pattern_shown(vm), timeout=5000)

    alert = window.store_alert
    assert alert.isVisible()
    assert "CANNOT RECORD OR SHOW STOPS" in alert.text.text()
    assert str(store_path) in alert.detail.text() and words in alert.detail.text()
    assert window.findChild(QLabel, "header.store").text() == "Store FAILING\ncannot be read"
    assert window.findChild(QLabel, "tickets.heading").text() == "OPEN TICKETS: UNKNOWN"
    texts = " ".join(visible_texts(window))
    assert "running" not in texts and "No open tickets" not in texts

    before = store_path.read_bytes() if store_path.is_file() else b""
    qtbot.mouseClick(window.home.category_button("machine"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text.text().startswith("NOT RECORDED")
    assert vm.tickets() == []
    after = store_path.read_bytes() if store_path.is_file() else b""
    assert after == before  # nothing was written into the broken file


def test_an_administrator_from_the_station_file_can_still_close_the_kiosk(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], breakage: str
) -> None:
    vm, window = kiosk
    window.kiosk_mode = True
    window.close()
    assert window.isVisible()  # nobody signed in: kiosk mode holds
    with qtbot.waitSignal(vm.session.changed):
        vm.sign_in_pin("9001", "9999")  # the demo station file's administrator
    assert vm.session.role is Role.ADMIN
    window.close()
    assert not window.isVisible()
    QApplication.processEvents()
