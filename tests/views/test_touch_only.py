"""Every flow finished with taps alone, as on a panel with no keyboard: a stop raised,
acknowledged, contained, resolved and closed with phrases picked and free text typed on the
kiosk's own keyboard; no key event anywhere. In both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.tickets import TicketState
from andon_kiosk.store import tickets as repo
from andon_kiosk.views.window import MainWindow


class NoKeys(QObject):
    """Counts every key event the application sees: a taps-only flow has none."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            self.seen += 1
        return False


def tap(qtbot: QtBot, window: QWidget, name: str) -> None:
    def ready() -> QPushButton | None:  # layouts show children later
        widget = window.findChild(QPushButton, name)
        return widget if widget and widget.isVisible() and widget.isEnabled() else None

    qtbot.waitUntil(lambda: ready() is not None)
    qtbot.mouseClick(ready(), Qt.MouseButton.LeftButton)


def tap_type(qtbot: QtBot, window: QWidget, text: str) -> None:
    """On the kiosk's keyboard: letters, digits, punctuation, Shift for a capital, Space."""
    names = {" ": "space", ".": "period", ",": "comma", "-": "dash", "/": "slash"}
    for char in text:
        if char.isupper():
            tap(qtbot, window, "keyboard.shift")
        tap(qtbot, window, f"keyboard.key.{names.get(char, char.lower())}"
            if char != " " else "keyboard.space")  # fmt: skip


def sign_in(qtbot: QtBot, window: QWidget, user: str, pin: str) -> None:
    for digit in user:
        tap(qtbot, window, f"signin.key.{digit}")
    tap(qtbot, window, "signin.ok")
    for digit in pin:
        tap(qtbot, window, f"signin.key.{digit}")
    tap(qtbot, window, "signin.ok")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_stop_is_closed_with_taps_only(
    qtbot: QtBot,
    kiosk: tuple[KioskModel, MainWindow],
    station: Station,
    clock: ManualClock,
    language: str,
) -> None:
    vm, window = kiosk
    keys = NoKeys()
    QApplication.instance().installEventFilter(keys)
    try:
        tap(qtbot, window, "category.machine")
        qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
        ticket_id = vm.tickets()[0].id
        tap(qtbot, window, "reason.breakdown")
        qtbot.waitUntil(lambda: vm.tickets()[0].reason == "breakdown")
        qtbot.mouseClick(window.home.tickets.cards()[0], Qt.MouseButton.LeftButton)

        clock.advance(60)
        tap(qtbot, window, "ticket.signIn")
        sign_in(qtbot, window, "2001", "2222")  # the team leader
        tap(qtbot, window, "ticket.acknowledge")
        qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.ACKNOWLEDGED)
        tap(qtbot, window, "header.signOut")

        tap(qtbot, window, "header.signIn")
        sign_in(qtbot, window, "3001", "3333")  # maintenance
        qtbot.waitUntil(lambda: vm.session.signed_in)
        if window.current_page() is not window.ticket_page:
            window.show_ticket(ticket_id)
        tap(qtbot, window, "ticket.start")
        qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.STARTED)

        clock.advance(300)
        tap(qtbot, window, "ticket.contain")  # a phrase, one tap
        tap(qtbot, window, "ticket.form.phrases1.backup_equipment")
        tap(qtbot, window, "ticket.form.confirm")
        qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.CONTAINED)

        tap(qtbot, window, "ticket.resolve")  # a phrase, and free text on the keyboard
        tap(qtbot, window, "ticket.form.phrases1.wear")
        tap(qtbot, window, "ticket.form.phrases2.other")
        field = window.findChild(QPlainTextEdit, "ticket.form.field2")
        qtbot.waitUntil(lambda: window.ticket_page.keyboard.isVisible() and field.isVisible())
        tap_type(qtbot, window, "Bearing 6204, PM 500 h.")
        tap(qtbot, window, "keyboard.key.percent")
        tap(qtbot, window, "keyboard.backspace")  # a slip of the glove, taken back
        assert field.toPlainText() == "Bearing 6204, PM 500 h."
        tap(qtbot, window, "keyboard.done")
        tap(qtbot, window, "ticket.form.confirm")
        qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.RESOLVED)

        tap(qtbot, window, "ticket.close")
        tap(qtbot, window, "ticket.form.confirm")
        qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.CLOSED)
    finally:
        QApplication.instance().removeEventFilter(keys)
    assert keys.seen == 0

    with station.sessions() as s:
        events = {e.kind: e.data for e in repo.events_for(s, ticket_id)}
    contained, resolved = events[EventKind.CONTAINED], events[EventKind.RESOLVED]
    words = {"en": "Backup equipment in use", "zh_CN": "切换备用设备"}[language]
    assert contained == {"containment": words, "containment_code": "backup_equipment"}
    assert resolved["root_cause_code"] == "wear" and "countermeasure_code" not in resolved
    assert resolved["countermeasure"] == "Bearing 6204, PM 500 h."


def test_what_was_typed_survives_a_refused_save(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    from andon_kiosk.app.demo import demo_user
    from andon_kiosk.core import limits
    from andon_kiosk.core.permissions import Role

    vm, window = kiosk
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    ticket_id = vm.tickets()[0].id
    vm.session.sign_in(demo_user(Role.RESPONDER))
    window.show_ticket(ticket_id)
    tap(qtbot, window, "ticket.comment")
    tap(qtbot, window, "ticket.form.phrases1.other")
    field = window.findChild(QPlainTextEdit, "ticket.form.field1")
    too_long = "a" * (limits.NOTE + 1)  # a minute of tapping, one key too many
    field.setPlainText(too_long)
    tap(qtbot, window, "keyboard.done")
    tap(qtbot, window, "ticket.form.confirm")
    qtbot.waitUntil(lambda: "Not saved" in window.banner.text.text())
    tap(qtbot, window, "ticket.comment")  # back to it: the text is still there
    qtbot.waitUntil(field.isVisible)
    assert field.toPlainText() == too_long
