"""The plant board and the maintenance station: every line at a glance, acting on any of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.demo import PLANT_LINES, demo_user, seed_plant
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.config.types import SharedConfig
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.tickets import TicketState
from andon_kiosk.views.board import BoardPage
from andon_kiosk.views.window import MainWindow

from .test_automation import DOCUMENTED, documented_as
from .test_translations import ENGLISH_WORD, english_left, visible_texts

NOW = datetime(2026, 1, 5, 10, 13, tzinfo=UTC).timestamp()  # a Monday, day shift


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def config(config: StationConfig, request: pytest.FixtureRequest) -> StationConfig:
    """A board of the whole plant, or of the lines a test names (indirect parameter)."""
    lines = getattr(request, "param", ())
    return replace(config, kind="board", lines=lines, station="BOARD-1", timezone="UTC")


@pytest.fixture
def plant(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> tuple[KioskModel, MainWindow, BoardPage]:
    vm, window = kiosk
    seed_plant(station, clock.now())
    with qtbot.waitSignal(vm.ticketsChanged):
        vm.reload()
    assert window.plant is not None
    window.plant.load()
    board = window.home
    assert isinstance(board, BoardPage)
    qtbot.waitUntil(lambda: set(board.tiles) == {line for line, _ in PLANT_LINES})
    return vm, window, board


def text(window: MainWindow, name: str) -> str:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found.text()


def test_each_line_shows_its_worst_state_its_tickets_and_its_plan(
    qtbot: QtBot, plant: tuple[KioskModel, MainWindow, BoardPage]
) -> None:
    vm, window, board = plant
    tones = {line: tile.property("tone") for line, tile in board.tiles.items()}
    assert tones == {
        "L1": "amber",  # a stop being fixed
        "L2": "green",
        "L3": "green",  # its stop is contained: the line runs
        "L4": "blue",  # a call for material
        "L5": "red",  # a breakdown nobody acknowledged
        "L6": "silent",  # quiet, but its kiosk is silent: not shown as running
    }
    assert text(window, "board.line.L5.status") == "STOPPED"
    assert text(window, "board.line.L5.name") == "Line 5 · 机加线"
    assert [r.ticket_id for r in board.tiles["L5"].rows()] == [
        t.id for t in vm.tickets() if t.line == "L5"
    ]
    assert board.tiles["L2"].rows() == []
    # L6's kiosk went quiet 14 minutes ago: the board says so rather than show calm
    silent = window.findChild(QLabel, "board.line.L6.silent")
    assert silent.isVisibleTo(window) and "0:14" in silent.text()
    assert text(window, "board.line.L6.status") == "NO WORD"
    assert not window.findChild(QLabel, "board.line.L2.silent").isVisibleTo(window)
    qtbot.waitUntil(lambda: window.plant.board("L2").stats is not None)
    stats = window.plant.board("L2").stats
    board.refresh()
    ahead = stats.actual - stats.planned
    figures = [text(window, f"board.line.L2.{key}") for key in ("plan", "actual", "gap")]
    assert figures == [f"{stats.planned:.0f}", str(stats.actual), f"+{ahead:.0f}"]
    assert text(window, "board.line.L5.gap").startswith("−")  # behind: one sign everywhere
    assert stats.actual > 0 and "2 stopped" not in text(window, "board.heading")
    assert text(window, "board.heading") == "LINES (6)  ·  1 stopped"


def test_tapping_a_line_ticket_opens_it_and_a_leader_acknowledges_from_the_board(
    qtbot: QtBot, plant: tuple[KioskModel, MainWindow, BoardPage], station: Station
) -> None:
    vm, window, board = plant
    row = board.tiles["L5"].rows()[0]
    row.click()
    assert window.current_page() is window.ticket_page
    assert window.ticket_page.ticket_id == row.ticket_id
    vm.session.sign_in(demo_user(Role.LEADER))
    with qtbot.waitSignal(vm.ticketUpdated):
        vm.act(row.ticket_id, EventKind.ACKNOWLEDGED)
    ticket = station.tickets.get(row.ticket_id)
    assert ticket.state is TicketState.ACKNOWLEDGED
    assert ticket.history[-1].line == "L5" and ticket.history[-1].station == "BOARD-1"
    qtbot.waitUntil(lambda: board.tiles["L5"].property("tone") == "amber")


def test_the_board_is_named_for_automation(
    plant: tuple[KioskModel, MainWindow, BoardPage],
) -> None:
    _, window, _ = plant
    QApplication.processEvents()
    names = {
        w.objectName()
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window) and w.objectName().startswith("board.")
    }
    assert {"board.line.L5.ticket.0", "board.line.L6.silent", "board.heading"} <= names
    assert {documented_as(n) for n in names} - DOCUMENTED == set()
    unnamed = [
        w
        for w in window.findChildren(QAbstractButton)
        if w.isVisibleTo(window) and "." not in w.objectName()
    ]
    assert unnamed == []


@pytest.mark.parametrize("language", ["zh_CN"])
def test_the_board_reads_in_chinese(plant: tuple[KioskModel, MainWindow, BoardPage]) -> None:
    _, window, _ = plant
    QApplication.processEvents()
    data = {name for _, name in PLANT_LINES} | {"BOARD-1"}
    data_words = {w for t in data for w in ENGLISH_WORD.findall(t)}
    texts = visible_texts(window)
    assert english_left(texts, data_words) == []
    assert any("停线" in t for t in texts)


class TestOfflineHeader:
    """A line kiosk whose shared database cannot be reached keeps working and says so."""

    @pytest.fixture
    def config(self, config: StationConfig) -> StationConfig:
        nowhere = SharedConfig(url="postgresql+psycopg://andon@127.0.0.1:1/andon")
        return replace(config, kind="line", station="L3-ST1", shared=nowhere)

    def test_offline_since_and_the_queue_grow_on_screen(
        self, qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
    ) -> None:
        vm, window = kiosk
        chip = window.findChild(QLabel, "header.shared")
        qtbot.waitUntil(lambda: "OFFLINE" in chip.text(), timeout=10_000)
        assert chip.property("tone") == "bad" and "since 10:13" in chip.text()
        assert "Connection refused" in chip.toolTip() or "connect" in chip.toolTip()
        before = vm.shared.state.queued
        vm.raise_ticket("machine")
        qtbot.waitUntil(lambda: vm.shared.state.queued == before + 1, timeout=10_000)
        assert f"{before + 1} to send" in chip.text()
        # the kiosk kept working (the outbox count may be heard before the raise's answer)
        qtbot.waitUntil(lambda: [t.category for t in vm.tickets()] == ["machine"])


def online_line_kiosk(config: StationConfig, pg_url: str) -> StationConfig:
    """Line 3's kiosk on a migrated shared database of its own."""
    from andon_kiosk.store import db

    engine = db.make_engine(pg_url)
    db.upgrade(engine)
    engine.dispose()
    shared = SharedConfig(url=pg_url, operation_timeout_s=5.0, poll_s=0.5)
    return replace(config, kind="line", station="L3-ST1", shared=shared)


class TestParkedRecords:
    """A record the shared database refused is counted on screen until someone decides."""

    @pytest.fixture
    def config(self, config: StationConfig, pg_url: str) -> StationConfig:
        return online_line_kiosk(config, pg_url)

    def test_a_refused_record_shows_in_the_shared_chip(
        self, qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
    ) -> None:
        from andon_kiosk.core.events import EventKind
        from andon_kiosk.store import tickets as repo

        vm, window = kiosk
        chip = window.findChild(QLabel, "header.shared")
        qtbot.waitUntil(lambda: chip.text().startswith("Shared DB online"), timeout=10_000)
        vm.raise_ticket("machine")
        qtbot.waitUntil(lambda: len(vm.tickets()) == 1, timeout=10_000)
        ticket = vm.tickets()[0]
        with vm.station.sessions.begin() as session:  # as an older release stored it
            origin = vm.station.tickets.origin
            text = {"text": "from an older release\x00"}
            repo.append(session, origin.event(ticket.id, EventKind.COMMENTED, "4711", text))
        vm.station.sync.wake()
        qtbot.waitUntil(lambda: "1 not sent, see sync status" in chip.text(), timeout=10_000)
        assert chip.property("tone") == "bad"
        assert vm.shared.state.queued == 0  # the rest went through


class TestPlantServiceChip:
    """A kiosk whose notices the plant service sends says so when it is not heard from."""

    @pytest.fixture
    def config(self, config: StationConfig, pg_url: str) -> StationConfig:
        return online_line_kiosk(config, pg_url)

    def test_a_silent_plant_service_shows_in_the_shared_chip(
        self, qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], pg_url: str
    ) -> None:
        from sqlalchemy import create_engine, text

        vm, window = kiosk
        chip = window.findChild(QLabel, "header.shared")
        assert vm.shared.state.needs_plant_service
        qtbot.waitUntil(lambda: "NO NOTICES" in chip.text(), timeout=15_000)
        assert chip.property("tone") == "bad" and "plant service" in chip.toolTip()
        engine = create_engine(pg_url)
        with engine.begin() as c:  # the plant service's heartbeat
            c.execute(text(
                "INSERT INTO stations VALUES ('PLANT', 'L0', '', 'plant', "
                "extract(epoch FROM clock_timestamp()), 0)"
            ))  # fmt: skip
        engine.dispose()
        qtbot.waitUntil(lambda: "NO NOTICES" not in chip.text(), timeout=15_000)
        assert chip.text().startswith("Shared DB online")


class TestPlantServiceOnTheBoard:
    """The board says whether the plant service, which escalates and sends for every line,
    is heard: nobody off the floor is told while it is silent."""

    @pytest.fixture
    def config(self, config: StationConfig, pg_url: str) -> StationConfig:
        return replace(online_line_kiosk(config, pg_url), kind="board", station="BOARD-1", lines=())

    def test_the_board_shows_the_plant_service_heard_or_silent(
        self, qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], pg_url: str
    ) -> None:
        from sqlalchemy import create_engine, text

        _, window = kiosk
        status = window.findChild(QLabel, "board.plantService")
        assert status is not None and status.isVisible()
        qtbot.waitUntil(lambda: "plant service never heard" in status.text(), timeout=15_000)
        assert status.property("tone") == "bad" and status.text().startswith("NO NOTICES")
        engine = create_engine(pg_url)
        with engine.begin() as c:  # the plant service's heartbeat, 3 minutes old
            c.execute(text(
                "INSERT INTO stations VALUES ('PLANT', 'L0', '', 'plant', "
                "extract(epoch FROM clock_timestamp()) - 180, 0)"
            ))  # fmt: skip
        qtbot.waitUntil(lambda: "silent for 3 min" in status.text(), timeout=15_000)
        assert status.property("tone") == "bad"
        with engine.begin() as c:  # it beats again
            c.execute(text(
                "UPDATE stations SET last_seen = extract(epoch FROM clock_timestamp()) "
                "WHERE station = 'PLANT'"
            ))  # fmt: skip
        engine.dispose()
        qtbot.waitUntil(lambda: status.text().startswith("Plant service running"), timeout=15_000)
        assert status.property("tone") == ""


def heard(station: Station, lines: list[str]) -> None:
    """These lines' kiosks reported to the shared database just now."""
    from andon_kiosk.store.models import StationRow

    with station.sessions.begin() as session:
        for line in lines:
            session.merge(
                StationRow(
                    station=f"{line}-ST1",
                    line=line,
                    line_name="",
                    kind="line",
                    last_seen=NOW,
                    outbox_depth=0,
                )
            )


@pytest.mark.parametrize("config", [("L1", "L2")], indirect=True)
def test_a_line_no_kiosk_has_reported_is_not_shown_running(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station
) -> None:
    """A board configured for L1 and L2 on a new store: L2's kiosk has reported, L1's never
    has. L1 is not a calm "Running" tile: nobody knows whether it runs."""
    _vm, window = kiosk
    heard(station, ["L2"])
    assert window.plant is not None
    window.plant.load()
    board = window.home
    assert isinstance(board, BoardPage)
    qtbot.waitUntil(lambda: set(board.tiles) == {"L1", "L2"})
    qtbot.waitUntil(lambda: board.tiles["L2"].property("tone") != "silent")  # register read
    assert board.tiles["L1"].property("tone") == "silent"
    assert text(window, "board.line.L1.status") == "NO WORD"
    assert text(window, "board.line.L1.silent") == (
        "No kiosk of this line has reported: no stops show here"
    )
    assert board.tiles["L2"].property("tone") == "green"
    assert not window.findChild(QLabel, "board.line.L2.silent").isVisibleTo(window)


def test_more_lines_than_a_page_turn_by_time_and_by_tap_and_a_stop_is_never_hidden(
    qtbot: QtBot, plant: tuple[KioskModel, MainWindow, BoardPage], station: Station
) -> None:
    """Twelve lines on a board of eight to a page: two pages, turned every page time or by
    a tap; a stopped line on the other page is named on this one."""
    _vm, window, board = plant
    heard(station, [f"L{n}" for n in range(7, 13)])  # six more kiosks report, running
    window.plant.load()
    qtbot.waitUntil(lambda: len(board.tiles) == 12)
    assert board.pages() == 2 and board.page == 0
    on_page = {line for line, tile in board.tiles.items() if tile.isVisibleTo(board)}
    assert on_page == {f"L{n}" for n in range(1, 9)}
    assert text(window, "board.page") == "Page 1 of 2"
    assert not board.elsewhere.isVisibleTo(board)  # the stopped L5 is on this page
    board.next_page.click()  # a tap turns it
    assert board.page == 1
    on_page = {line for line, tile in board.tiles.items() if tile.isVisibleTo(board)}
    assert on_page == {f"L{n}" for n in range(9, 13)}
    assert board.elsewhere.isVisibleTo(board)
    assert text(window, "board.elsewhere") == "Also stopped: L5"  # L3 runs again
    with qtbot.waitSignal(board._turn.timeout, timeout=15_000):  # and the page time turns it
        pass
    assert board.page == 0
