from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from andon_kiosk.app.demo import demo_user, seed_scenario
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role
from andon_kiosk.views.launch import application
from andon_kiosk.views.window import MainWindow


@pytest.fixture
def kiosk(qtbot: QtBot, station: Station, language: str) -> Iterator[tuple[KioskModel, MainWindow]]:
    """The real window over a real store, as the operator sees it (offscreen)."""
    application(language)
    vm = KioskModel(station)
    window = MainWindow(vm)
    qtbot.addWidget(window)
    vm.start()
    window.show()
    qtbot.waitUntil(lambda: vm.loaded or vm.load_error is not None)
    yield vm, window
    vm.stop()
    window.close()
    application("en")  # leave the translator as the next test expects
    QApplication.processEvents()


ScreenCheck = Callable[[], None]


@pytest.fixture
def every_screen(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> Callable[[ScreenCheck], None]:
    """Walk every screen of a lived-in line and call `check` on each, once laid out.

    Tickets in every state that offers different actions; each role signed in turn; every
    action's form opened; a sign-in refusal and a refused action's banner shown.
    """
    vm, window = kiosk
    seed_scenario(station, clock)
    tech = demo_user(Role.RESPONDER)
    by_state = {t.state.value: t.id for t in station.tickets.open_tickets()}
    station.tickets.act(tech, by_state["started"], EventKind.CONTAINED, {"containment": "换料"})
    with qtbot.waitSignal(vm.ticketsChanged):
        vm.reload()
    states = {t.state.value for t in vm.tickets()}
    assert states == {"raised", "acknowledged", "contained", "resolved"}, states

    def walk(check: ScreenCheck) -> None:
        def look() -> None:
            QApplication.processEvents()  # layouts show new children on the next pass
            check()

        look()  # home, nobody signed in
        window.show_sign_in()
        look()
        with qtbot.waitSignal(vm.signInFailed):
            vm.sign_in_pin("2001", "0000")
        look()  # with the refusal message
        window.show_reasons(vm.tickets()[0].id)
        look()
        for role in Role:
            vm.session.sign_in(demo_user(role))
            for ticket in vm.tickets():
                window.show_ticket(ticket.id)
                look()
                for kind in vm.allowed_actions(ticket):
                    page = window.ticket_page
                    page._start_action(kind)
                    look()
                    if page.field1.isVisible() or page.picker1.isVisible():
                        page.keyboard.attach(page.field1)  # typing: the keyboard is up
                        look()
                    page._show_actions()
        vm.session.sign_in(demo_user(Role.LEADER))  # every production control visible
        window.show_production()
        vm.tick()
        look()
        window.show_product_picker()
        look()
        vm.sign_out()
        window.show_home()
        vm.act(vm.tickets()[0].id, EventKind.ACKNOWLEDGED)  # refused: the banner shows
        qtbot.waitUntil(window.banner.isVisible)
        look()

    return walk
