"""The production page: numbers, what the chart plots, the hour board, changeovers, rollover."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScroller
from pytestqt.qtbot import QtBot

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.products import Product
from andon_kiosk.core.reasons import Text
from andon_kiosk.views.window import MainWindow

H, M = 3600.0, 60.0
DAY_START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).timestamp()  # a Monday, 08:00 UTC
P2 = Product("p200", Text("Cover P200", "盖板 P200"), ideal_cycle_s=40, takt_s=60)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(DAY_START)


@pytest.fixture
def config(config: StationConfig) -> StationConfig:
    return replace(config, timezone="UTC", products=(*config.products, P2))


def morning(station: Station, clock: ManualClock) -> str:
    """08:00-10:00: a part every 40 s, a 20-minute machine stop at 09:00, 2 scrap."""
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    for _ in range(90):  # 08:00 - 09:00
        clock.advance(40)
        station.production.record_counter(1)
    stop = station.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    station.tickets.act(leader, stop.id, EventKind.ACKNOWLEDGED)
    station.tickets.act(tech, stop.id, EventKind.STARTED)
    clock.advance(20 * M)
    station.tickets.act(tech, stop.id, EventKind.CONTAINED, {"containment": "reset"})
    for _ in range(60):  # 09:20 - 10:00
        clock.advance(40)
        station.production.record_counter(1)
    station.production.record_entry(leader, scrap=2)
    return stop.id


def open_production(qtbot: QtBot, vm: KioskModel, window: MainWindow) -> None:
    window.board.reload()  # the test wrote its records behind the model's back
    qtbot.waitUntil(lambda: window.board.stats is not None)
    window.show_production()
    vm.tick()


def text(window: MainWindow, name: str) -> str:
    return window.findChild(QLabel, name).text()


def test_numbers_chart_and_hours_for_the_morning(
    qtbot: QtBot,
    kiosk: tuple[KioskModel, MainWindow],
    station: Station,
    clock: ManualClock,
    qtmodeltester,
) -> None:
    vm, window = kiosk
    stop_id = morning(station, clock)
    open_production(qtbot, vm, window)
    stats = window.board.stats
    assert stats is not None and stats.takt_s == pytest.approx(33.0)  # 11 h / 1200
    assert stats.planned == pytest.approx(2 * H / 33)
    assert stats.actual == 150 and stats.scrap == 2
    assert stats.downtime_s == pytest.approx(20 * M)
    assert text(window, "numbers.plan.value") == "218"
    assert text(window, "numbers.actual.value") == "150"
    assert text(window, "numbers.gap.value") == "−68"
    assert text(window, "numbers.takt.value") == "33.0"

    chart = window.production_page.chart
    x, plan, actual = chart.series()
    assert len(x) == len(plan) == 12 * 3600 + 1  # the whole shift, one point a second
    assert len(actual) == 2 * 3600 + 1  # up to now
    assert actual[-1] == 150 and actual[3600] == 90
    assert plan[4 * 3600] == pytest.approx(4 * H / 33) == plan[5 * 3600]  # flat over lunch
    shaded = chart.shaded()
    assert shaded["pauses"] == [(4 * H, 5 * H)]  # lunch 12:00-13:00
    assert shaded["stops"] == [(1 * H, 1 * H + 20 * M)]
    region = chart.stop_regions[stop_id]
    assert region.brush.color().name() == "#d7261e"  # a machine stop in the machine colour

    hours = window.production_page.hours_model
    qtmodeltester.check(hours)
    assert hours.rowCount() == 2
    cells = [[hours.index(r, c).data() for c in range(5)] for r in range(2)]
    # hours are [start, end): the part counted at 09:00:00 belongs to the second hour
    assert cells[0][:4] == ["08:00–09:00", "109", "89", "−20"]
    assert cells[1][0] == "09:00–10:00" and cells[1][2] == "61"
    assert cells[1][4] == "机 Machine · Breakdown"  # what cost that hour


def test_live_updates_move_the_actual_and_the_now_line(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> None:
    vm, window = kiosk
    morning(station, clock)
    open_production(qtbot, vm, window)
    chart = window.production_page.chart
    clock.advance(5 * M)
    vm.device_signals.partsCounted.emit(7, 157)  # the part counter counts 7 parts
    qtbot.waitUntil(lambda: window.board.stats.actual == 157)
    vm.tick()
    _, _, actual = chart.series()
    assert len(actual) == 2 * 3600 + 5 * 60 + 1 and actual[-1] == 157
    assert chart.now_line.value() == pytest.approx(2 * H + 5 * M)


def test_a_changeover_by_tapping_is_role_gated_and_changes_the_plan(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> None:
    vm, window = kiosk
    clock.advance(1 * H)
    open_production(qtbot, vm, window)
    change = window.findChild(QPushButton, "production.changeProduct")
    assert (
        not change.isVisible() and not window.findChild(QPushButton, "production.scrap").isVisible()
    )
    vm.session.sign_in(demo_user(Role.LEADER))
    qtbot.waitUntil(change.isVisible)
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.product_picker
    qtbot.mouseClick(window.findChild(QPushButton, "product.p200"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.board.stats.product == "p200")
    assert window.current_page() is window.production_page
    assert text(window, "numbers.takt.value") == "60.0"
    clock.advance(1 * H)
    vm.tick()
    assert window.board.stats.planned == pytest.approx(1 * H / 33 + 1 * H / 60)
    _, plan, _ = window.production_page.chart.series()
    assert plan[3 * 3600] - plan[2 * 3600] == pytest.approx(60)  # p200's slope: 1 per minute
    qtbot.mouseClick(window.findChild(QPushButton, "production.scrap"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.board.stats.scrap == 1)


def test_the_board_starts_over_at_the_next_shift(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> None:
    vm, window = kiosk
    morning(station, clock)
    open_production(qtbot, vm, window)
    clock.set(DAY_START + 12 * H + 30 * M)  # 20:30: the night shift
    with qtbot.waitSignal(window.board.shiftChanged):
        vm.tick()
    qtbot.waitUntil(lambda: window.board.stats is not None)
    vm.tick()
    assert window.board.instance.shift.name == "night"
    assert window.board.stats.actual == 0
    x, _, actual = window.production_page.chart.series()
    assert len(x) == 12 * 3600 + 1 and len(actual) == 30 * 60 + 1
    assert window.production_page.chart.shaded()["pauses"] == [(4 * H, 5 * H)]  # 00:00-01:00


def test_the_hour_table_scrolls_by_dragging(qtbot: QtBot) -> None:
    """A 12-hour shift has more hours than the table shows: a finger drags it (its 20 px
    scroll arrows were the only way before)."""
    from andon_kiosk.core.production import HourRow
    from andon_kiosk.views.hour_board import HourBoard, HourTableModel

    model = HourTableModel(lambda loss: "", None)
    rows = [HourRow(h * 3600.0, (h + 1) * 3600.0, 109, 100, -9, None) for h in range(13)]
    model.set_rows(rows, None)
    table = HourBoard(model)
    qtbot.addWidget(table)
    table.resize(600, 160)
    table.show()
    qtbot.waitExposed(table)
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    # a finger's drag is recognised by Qt's kinetic scroller on the table (its timing is
    # Qt's: a synthetic drag passes or not with the machine's load, so the scroller itself
    # is driven here, as the gesture does)
    assert QScroller.hasScroller(table.viewport())
    QScroller.scroller(table.viewport()).scrollTo(QPointF(0, 120), 0)
    qtbot.waitUntil(lambda: bar.value() >= 100)
