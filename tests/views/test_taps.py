"""Gloved double taps, sent as real input through the window (press, release, press, double
click, release, as the platform delivers them): one tap's meaning, never two."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.tickets import TicketState
from andon_kiosk.views.tap_guard import GUARD_MS
from andon_kiosk.views.window import MainWindow


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def where(window: MainWindow, widget: QWidget) -> QPoint:
    return widget.mapTo(window, widget.rect().center())


def tap(window: MainWindow, at: QPoint, *, double: bool = False) -> None:
    """Through the window, as a touch screen's input arrives (not straight to a widget)."""
    send = QTest.mouseDClick if double else QTest.mouseClick
    send(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def test_a_double_tap_on_a_category_raises_one_stop_and_picks_no_reason(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    machine = window.home.category_button("machine")
    tap(window, where(window, machine), double=True)
    qtbot.waitUntil(lambda: window.current_page() is window.reason_page)
    qtbot.waitUntil(lambda: vm.runner.pending == 0)
    (ticket,) = vm.tickets()
    assert ticket.category == "machine" and ticket.reason is None
    assert window.tap_guard.dropped >= 1


def test_the_second_tap_of_a_double_tap_does_not_pick_the_reason_now_under_it(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    clock = FakeClock()
    window.tap_guard.clock = clock
    at = where(window, window.home.category_button("machine"))
    tap(window, at)
    qtbot.waitUntil(lambda: window.current_page() is window.reason_page)
    under = QApplication.widgetAt(window.mapToGlobal(at)) or window.childAt(at)
    assert isinstance(under, QPushButton) and under.objectName().startswith("reason.")
    clock.now += 0.15  # the glove's second touch
    tap(window, at)
    qtbot.waitUntil(lambda: vm.runner.pending == 0)
    assert vm.tickets()[0].reason is None  # not picked by the bounce
    assert window.current_page() is window.reason_page
    clock.now += GUARD_MS / 1000  # a tap that is meant: read the page, then tap
    tap(window, at)
    qtbot.waitUntil(lambda: vm.tickets()[0].reason is not None)
    assert vm.tickets()[0].reason == under.objectName().removeprefix("reason.")


def leader_on_a_stop(qtbot: QtBot, vm: KioskModel, window: MainWindow) -> tuple[FakeClock, QWidget]:
    """A machine stop open on the ticket page, a team leader signed in, the tap guard's clock
    in the test's hands."""
    clock = FakeClock()
    window.tap_guard.clock = clock
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    vm.session.sign_in(demo_user(Role.LEADER))
    window.show_ticket(vm.tickets()[0].id)
    return clock, window.ticket_page


def test_a_double_tap_on_acknowledge_never_reaches_cancel(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    clock, page = leader_on_a_stop(qtbot, vm, window)
    acknowledge = page.findChild(QPushButton, "ticket.acknowledge")
    cancel = page.findChild(QPushButton, "ticket.cancel")
    assert acknowledge.property("kind") == "primary"
    assert cancel.property("kind") == "danger"  # outlined, never styled as primary
    QApplication.processEvents()
    assert (
        cancel.mapTo(page, cancel.rect().topLeft()).y()
        > acknowledge.mapTo(page, acknowledge.rect().bottomLeft()).y() + acknowledge.height()
    )  # apart: at the bottom of the panel, not next in the list

    at = where(window, acknowledge)
    clock.now += 1.0  # the leader reads the ticket first
    tap(window, at, double=True)
    qtbot.waitUntil(lambda: vm.tickets()[0].state is TicketState.ACKNOWLEDGED)
    qtbot.waitUntil(lambda: vm.runner.pending == 0)
    assert page.panel.currentIndex() == 0  # no "Cancel ticket" form opened
    under = window.childAt(at)
    assert under is None or under.objectName() != "ticket.cancel"
    still = page.findChild(QPushButton, "ticket.cancel")
    assert still is not None and still.property("kind") == "danger"
    assert all(b.property("kind") != "primary" for b in page.destructive.findChildren(QPushButton))


def test_a_double_tap_on_confirm_does_not_open_the_cancel_form_under_it(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    clock, page = leader_on_a_stop(qtbot, vm, window)
    clock.now += 1.0
    QApplication.processEvents()
    tap(window, where(window, page.findChild(QPushButton, "ticket.comment")))
    clock.now += 1.0
    qtbot.waitUntil(lambda: page.panel.currentIndex() == 1)
    phrase = page.findChild(QPushButton, "ticket.form.phrases1.waiting_parts")
    qtbot.waitUntil(phrase.isVisible)
    tap(window, where(window, phrase))
    clock.now += 1.0
    confirm = page.findChild(QPushButton, "ticket.form.confirm")
    at = where(window, confirm)
    dropped = window.tap_guard.dropped
    tap(window, at, double=True)
    qtbot.waitUntil(lambda: any(e.kind.value == "commented" for e in vm.tickets()[0].history))
    assert window.tap_guard.dropped > dropped  # the second tap met the guard
    assert page.panel.currentIndex() == 0 and page._form_kind is None  # no Cancel form
