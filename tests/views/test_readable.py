"""Readable from three metres, touched in gloves: sizes in millimetres, measured on the widgets.

For a 10.1" panel, a 15.6" and a 21.5" monitor and a 55" TV, the kiosk is built for the
display (`scale.fit` with its density) and the sizes a person meets are computed from the
widgets' own geometry and fonts: the production page's plan / actual / gap / takt digits and
the board's, every touch target, the smallest text. Goals (docs/deployment.md, "Any screen"):
digits 25 mm at 3 m where the screen has the room, touch targets 15 mm, text 4 mm from
1920×1080 up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.demo import demo_user, seed_plant
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.permissions import Role
from andon_kiosk.views import scale
from andon_kiosk.views.board import BoardPage
from andon_kiosk.views.figures import Figure
from andon_kiosk.views.launch import application
from andon_kiosk.views.window import MainWindow

from .test_production import morning, open_production

DAY_START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).timestamp()

# (name, pixels, inches, digits at 3 m on the production page and the board, in mm: 25 where
# the screen has the room, else the most its tiles' width leaves, measured and kept as a floor)
DISPLAYS = {
    "10.1in-1280x800": (QSize(1280, 800), 10.1, 14.0, 6.0),
    "15.6in-1920x1080": (QSize(1920, 1080), 15.6, 22.0, 11.0),
    "21.5in-1920x1080": (QSize(1920, 1080), 21.5, 25.0, 16.0),
    "55in-3840x2160": (QSize(3840, 2160), 55.0, 25.0, 25.0),
}


@pytest.fixture(params=list(DISPLAYS))
def display(request: pytest.FixtureRequest) -> Iterator[tuple[QSize, float, float, float]]:
    size, inches, production_mm, board_mm = DISPLAYS[request.param]
    scale.fit(size, scale.Display(scale.density(size, inches, None), 3.0))
    yield size, inches, production_mm, board_mm
    scale.reset()
    application("en")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(DAY_START)


@pytest.fixture
def config(config: StationConfig) -> StationConfig:
    return replace(config, timezone="UTC")


def _shown(window: QWidget, kind: type) -> list:
    return [w for w in window.findChildren(kind) if w.isVisibleTo(window) and w.isVisible()]


def _touch_mm(window: QWidget) -> dict[str, float]:
    """Each visible button's smaller side, in mm."""
    return {
        b.objectName() or b.text(): min(b.width(), b.height()) / scale.px_per_mm()
        for b in _shown(window, QAbstractButton)
        if b.isEnabled()
    }


def _text_mm(window: QWidget) -> dict[str, float]:
    """Each visible text's em height, in mm (as drawn: a label that shrinks to fit counts
    at its drawn size)."""
    sizes: dict[str, float] = {}
    for widget in _shown(window, QLabel) + _shown(window, QAbstractButton):
        if not widget.text():
            continue
        font = widget.drawn_font() if hasattr(widget, "drawn_font") else widget.font()
        size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
        sizes[f"{widget.objectName()} {widget.text()!r}"] = size / scale.px_per_mm()
    return sizes


def assert_touch_and_text(window: QWidget, inches: float) -> None:
    """Every button 15 mm; text 4 mm from 1920×1080 up, else the layout's 14 px (2.4 mm on
    a 10.1" panel, the densest we support)."""
    short = {k: round(v, 1) for k, v in _touch_mm(window).items() if v < scale.TOUCH_MM - 0.2}
    assert not short, f"touch targets under 15 mm on {inches}in: {short}"
    least = scale.TEXT_MM if scale.factor() >= 1.2 else 2.4
    small = {k: round(v, 1) for k, v in _text_mm(window).items() if v < least - 0.1}
    assert not small, f"text under {least} mm on {inches}in: {small}"


def test_the_production_page_in_millimetres(
    qtbot: QtBot,
    display: tuple[QSize, float, float, float],
    kiosk: tuple[KioskModel, MainWindow],
    station: Station,
    clock: ManualClock,
) -> None:
    size, inches, production_mm, _ = display
    vm, window = kiosk
    window.resize(size)
    qtbot.waitUntil(lambda: window.size() == size)
    morning(station, clock)
    vm.session.sign_in(demo_user(Role.LEADER))
    open_production(qtbot, vm, window)
    QApplication.processEvents()
    page = window.production_page
    figures = {f.objectName(): f.digits_mm() for f in page.findChildren(Figure)}
    assert set(figures) == {f"numbers.{k}.value" for k in ("plan", "actual", "gap", "takt")}
    assert min(figures.values()) >= production_mm, figures
    assert_touch_and_text(window, inches)
    # the whole screen: the hour table reaches the bottom, the numbers the right edge
    bottom = page.hours.mapTo(window, page.hours.rect().bottomLeft()).y()
    assert bottom >= size.height() - scale.px(30)
    right = page.numbers.mapTo(window, page.numbers.rect().topRight()).x()
    assert right >= size.width() - scale.px(30)


@pytest.fixture
def board_station(
    qtbot: QtBot, config: StationConfig, clock: ManualClock, tmp_path: Path
) -> Iterator[tuple[KioskModel, MainWindow, BoardPage]]:
    """The plant board of the demo's six lines, on its own store."""
    board = replace(config, kind="board", lines=(), station="BOARD-1")
    clock.set(DAY_START + 2 * 3600 + 13 * 60)  # 10:13, as on the demo board
    station = Station.open(board, clock=clock, store_path=tmp_path / "board.sqlite3")
    application("en")
    vm = KioskModel(station)
    window = MainWindow(vm)
    qtbot.addWidget(window)
    vm.start()
    window.show()
    qtbot.waitUntil(lambda: vm.loaded)
    seed_plant(station, clock.now())
    vm.reload()
    assert window.plant is not None
    window.plant.load()
    page = window.home
    assert isinstance(page, BoardPage)
    qtbot.waitUntil(lambda: len(page.tiles) == 6)
    yield vm, window, page
    vm.stop()
    window.close()
    station.close()


def test_the_board_in_millimetres(
    qtbot: QtBot,
    display: tuple[QSize, float, float, float],
    board_station: tuple[KioskModel, MainWindow, BoardPage],
) -> None:
    size, inches, _, board_mm = display
    _vm, window, board = board_station
    window.resize(size)
    qtbot.waitUntil(lambda: window.size() == size)
    qtbot.waitUntil(lambda: all(t.figures.isVisible() for t in board.tiles.values()))
    QApplication.processEvents()
    figures = {f.objectName(): f.digits_mm() for f in board.findChildren(Figure) if f.isVisible()}
    assert len(figures) == 3 * 6, figures
    assert min(figures.values()) >= board_mm, figures
    assert_touch_and_text(window, inches)
    # six lines fill the screen: the last row of tiles reaches the bottom, the last column
    # the right edge (the 4K board used to leave its bottom third empty)
    corner = max(
        (t.mapTo(window, t.rect().bottomRight()) for t in board.tiles.values()),
        key=lambda p: p.x() + p.y(),
    )
    assert corner.y() >= size.height() - scale.px(30)
    assert corner.x() >= size.width() - scale.px(30)
