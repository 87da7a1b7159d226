"""Safety first: an injury, a fire, a chemical leak or an outage is the loudest signal, the
first thing in every list, and its written report's due time is on the ticket."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.views.window import MainWindow


def test_safety_is_the_first_button_and_a_tap_on_it_is_a_safety_stop(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    first = window.home.category_buttons[0]
    assert first.objectName() == "category.safety" and first.property("kind") == "category-safety"
    assert first.width() > window.home.category_button("machine").width()  # the full row
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(vm.tickets()) == 2)
    safety = vm.tickets()[0]  # raised last, listed first
    assert safety.category == "safety" and safety.safety
    assert vm.light.mode(Lamp.RED) is LampMode.BLINK and vm.light.buzzer is Buzzer.CONTINUOUS


@pytest.mark.parametrize(("category", "reason"), [("person", "injury"), ("safety", "fire")])
def test_an_injury_filed_under_person_is_a_safety_event_with_its_report_due(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], category: str, reason: str
) -> None:
    vm, window = kiosk
    vm.raise_ticket("method")
    vm.raise_ticket(category)
    qtbot.waitUntil(lambda: len(vm.tickets()) == 2)
    ticket = next(t for t in vm.tickets() if t.category == category)
    assert not ticket.safety or category == "safety"  # a bare 人 is no safety event yet
    vm.classify(ticket.id, reason)
    qtbot.waitUntil(lambda: vm.ticket(ticket.id).reason == reason)
    ticket = vm.ticket(ticket.id)
    assert ticket.safety and vm.tickets()[0].id == ticket.id
    assert vm.tone(ticket) == "red"
    assert vm.light.mode(Lamp.RED) is LampMode.BLINK and vm.light.buzzer is Buzzer.CONTINUOUS

    due = datetime.fromtimestamp(ticket.raised.at + 2 * 3600).astimezone().strftime("%H:%M")
    card = window.home.tickets.cards()[0]
    assert any(
        label.text().startswith(f"SAFETY · written report due {due}")
        for label in card.findChildren(QLabel)
    )
    window.show_ticket(ticket.id)
    escalation = window.ticket_page.findChild(QLabel, "ticket.escalation")
    assert escalation.text().startswith(f"SAFETY · written report due {due}")
