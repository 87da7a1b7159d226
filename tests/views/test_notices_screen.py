"""A kiosk that works alone sends its own notices (the embedded default): raise a stop on
the screen and the team leader and the department's contact are told at once; each outcome
appears on the ticket's timeline ("Notified L0 · … · gateway ✓")."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.config import StationConfig
from andon_kiosk.config.types import NotifyConfig
from andon_kiosk.core.notices import Channel, Duty, Person, Roster
from andon_kiosk.views.window import MainWindow


@pytest.fixture
def config(config: StationConfig, receiver) -> StationConfig:
    people = {"lead": Person("lead", "李伟 Li Wei"), "tech": Person("tech", "张军 Zhang Jun")}
    roster = Roster(people, (
        Duty("team_leader", ("lead",), ("gateway",)),
        Duty("department_contact", ("tech",), ("gateway",)),
    ))  # fmt: skip
    gateway = Channel("gateway", "webhook", url=receiver.url(), secret="s")
    return replace(config, notify=NotifyConfig(roster, {"gateway": gateway}))


def test_a_stop_raised_on_the_screen_reaches_people_and_shows_on_the_ticket(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], receiver
) -> None:
    vm, window = kiosk
    assert vm.notices.dispatcher is not None  # alone: this station sends
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: len(receiver.requests) == 2, timeout=10_000)
    told = {json.loads(body)["to"][0]["id"] for _, _, body in receiver.requests}
    assert told == {"lead", "tech"}
    ticket_id = vm.tickets()[0].id
    qtbot.waitUntil(lambda: len(vm.tickets()[0].notices) == 2, timeout=10_000)
    window.show_ticket(ticket_id)
    timeline = window.findChild(QListWidget, "ticket.timeline")
    qtbot.waitUntil(
        lambda: sum("gateway ✓" in timeline.item(i).text() for i in range(timeline.count())) == 2,
        timeout=10_000,
    )
    escalation = window.findChild(QLabel, "ticket.escalation")
    qtbot.waitUntil(lambda: "Told L0:" in escalation.text(), timeout=10_000)
    told = next(line for line in escalation.text().splitlines() if line.startswith("Told L0:"))
    assert "李伟 Li Wei · gateway ✓" in told and "张军 Zhang Jun · gateway ✓" in told


def test_a_call_that_did_not_go_shows_as_retrying_on_the_ticket(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], receiver
) -> None:
    vm, window = kiosk
    receiver.status = 503
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: bool(vm.tickets()) and len(vm.tickets()[0].notices) == 2,
                    timeout=10_000)  # fmt: skip
    window.show_ticket(vm.tickets()[0].id)
    escalation = window.findChild(QLabel, "ticket.escalation")
    qtbot.waitUntil(lambda: "Told L0:" in escalation.text(), timeout=10_000)
    assert escalation.text().count("✗ retrying") == 2


def test_the_timeline_says_which_station_escalated(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], clock
) -> None:
    vm, window = kiosk
    vm.raise_ticket("machine")
    qtbot.waitUntil(lambda: bool(vm.tickets()))
    clock.advance(20 * 60)
    vm.tick()
    qtbot.waitUntil(lambda: vm.tickets()[0].escalation_level == 1, timeout=10_000)
    window.show_ticket(vm.tickets()[0].id)
    timeline = window.findChild(QListWidget, "ticket.timeline")
    lines = [timeline.item(i).text() for i in range(timeline.count())]
    assert any("Escalated L1" in t and t.endswith("· automatic at L3-ST1") for t in lines), lines
