"""Every actionable widget has a stable objectName, and every name is in docs/automation.md."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.demo import demo_user, seed_scenario
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role
from andon_kiosk.views.window import MainWindow

DOC = (Path(__file__).resolve().parents[2] / "docs" / "automation.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-zA-Z.<>0-9]+)`", DOC))
ACTIONABLE = (QAbstractButton, QLineEdit, QPlainTextEdit)
PATTERNS = [
    (re.compile(r"^category\.\w+$"), "category.<key>"),
    (re.compile(r"^reason\.(?!skip$|title$|subtitle$)\w+$"), "reason.<key>"),
    (re.compile(r"^tickets\.card\.\d+$"), "tickets.card.<n>"),
    (re.compile(r"^signin\.key\.\w+$"), "signin.key.<key>"),
]


def documented_as(name: str) -> str:
    for pattern, placeholder in PATTERNS:
        if pattern.match(name):
            return placeholder
    return name


def test_actionable_widgets_are_named_and_documented(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> None:
    vm, window = kiosk
    seed_scenario(station, clock)
    tech = demo_user(Role.RESPONDER)
    contained = next(t for t in station.tickets.open_tickets() if t.state.value == "contained")
    station.tickets.act(
        tech, contained.id, EventKind.RESOLVED, {"root_cause": "r", "countermeasure": "c"}
    )
    with qtbot.waitSignal(vm.ticketsChanged):
        vm.reload()
    unnamed: set[str] = set()
    names: set[str] = set()

    def look() -> None:
        QApplication.processEvents()
        for widget in window.findChildren(QWidget):
            if not widget.isVisibleTo(window):
                continue
            name = widget.objectName()
            if isinstance(widget, ACTIONABLE) and "." not in name:
                unnamed.add(f"{type(widget).__name__} {name!r} {getattr(widget, 'text', str)()!r}")
            if "." in name or name in ("header", "tickets", "banner"):
                names.add(name)

    look()
    window.show_sign_in()
    look()
    window.show_reasons(vm.tickets()[0].id)
    look()
    for role in Role:
        vm.session.sign_in(demo_user(role))
        for ticket in vm.tickets():
            window.show_ticket(ticket.id)
            look()
            for kind in vm.allowed_actions(ticket):
                window.ticket_page._start_action(kind)
                look()
                window.ticket_page._show_actions()
    window.show_banner("x")
    look()
    assert unnamed == set()
    undocumented = {documented_as(n) for n in names} - DOCUMENTED
    assert undocumented == set()
    assert {"ticket.acknowledge", "ticket.close", "ticket.verify", "ticket.reopen"} <= names
