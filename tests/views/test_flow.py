"""The whole flow by clicking, as it happens at the line.

Operator raises Machine/breakdown → red + buzzer; the leader signs in and acknowledges → amber;
maintenance starts, contains (downtime stops there), resolves with root cause and
countermeasure, and closes → green. Every step is checked on screen and in the stored events.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices, LightDevice
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.core.tickets import TicketState
from andon_kiosk.hw.sim.devices import ModbusDeviceSim
from andon_kiosk.hw.sim.runner import SimulatedDevice
from andon_kiosk.store import tickets as repo
from andon_kiosk.views.tower import StackLightWidget
from andon_kiosk.views.window import MainWindow

RED_ON = bytes.fromhex("01 05 00 00 FF 00 8C 3A")  # relay 1 (red) on
AMBER_ON = bytes.fromhex("01 05 00 01 FF 00 DD FA")
GREEN_ON = bytes.fromhex("01 05 00 02 FF 00 2D FA")


@pytest.fixture
def devices() -> Devices:
    """The whole flow runs over a simulated relay-board tower on a pseudo-terminal."""
    return replace(Devices.none(), light=LightDevice("simulated", heartbeat_s=0.5))


def tower(vm: KioskModel) -> tuple[SimulatedDevice, ModbusDeviceSim]:
    device = vm.devices.simulators["tower"]
    return device, device.model  # type: ignore[return-value]


def shows(mirror: StackLightWidget, lamp: Lamp) -> bool:
    return mirror.state is not None and mirror.state.mode(lamp) is LampMode.ON


def frame_arrives(qtbot: QtBot, vm: KioskModel, frame: bytes) -> None:
    """Wait until `frame` has reached the (simulated) tower on the other end of the pty."""
    device, _ = tower(vm)
    qtbot.waitUntil(lambda: frame in b"".join(a.data for a in device.arrivals), timeout=3000)


def find(window: QWidget, name: str, cls: type = QPushButton):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} {name!r} on screen"
    return widget


def click(qtbot: QtBot, window: QWidget, name: str) -> None:
    widget = find(window, name)
    qtbot.waitUntil(
        lambda: widget.isVisible() and widget.isEnabled()
    )  # layouts show children later
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def badge_scan(window: MainWindow, badge: str) -> None:
    """What a keyboard-wedge reader does: key events into the window, faster than fingers."""
    handle = window.windowHandle()
    keys = [(Qt.Key(ord(ch)), ch) for ch in badge] + [(Qt.Key.Key_Return, "\r")]
    for key, text in keys:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QGuiApplication.sendEvent(
                handle, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )


def stored_kinds(station: Station, ticket_id: str) -> list[str]:
    with station.sessions() as s:
        events = sorted(repo.events_for(s, ticket_id), key=lambda e: e.order_key)
    return [e.kind.value for e in events]


def lit(vm: KioskModel) -> dict[str, str]:
    return {lamp.value: mode.name for lamp, mode in vm.light.lamps.items() if mode}


def sign_in_with_keypad(qtbot: QtBot, window: MainWindow, user: str, pin: str) -> None:
    for digit in user:
        click(qtbot, window, f"signin.key.{digit}")
    click(qtbot, window, "signin.ok")  # moves on to the PIN field
    for digit in pin:
        click(qtbot, window, f"signin.key.{digit}")
    click(qtbot, window, "signin.ok")


def type_in(qtbot: QtBot, window: MainWindow, index: int, text: str) -> None:
    """ "Other…" under the field's phrases, then a USB keyboard (the taps-only way is in
    tests/views/test_touch_only.py)."""
    if window.ticket_page.keyboard.isVisible():  # typing into the other field: done with it
        click(qtbot, window, "keyboard.done")
    click(qtbot, window, f"ticket.form.phrases{index}.other")
    field = find(window, f"ticket.form.field{index}", QPlainTextEdit)
    qtbot.waitUntil(field.isVisible)
    field.setFocus()
    qtbot.keyClicks(field, text)


def fill_form(qtbot: QtBot, window: MainWindow, *texts: str) -> None:
    for index, text in enumerate(texts, start=1):
        type_in(qtbot, window, index, text)
    click(qtbot, window, "ticket.form.confirm")


def test_stop_to_closed_ticket_by_clicking(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station, clock: ManualClock
) -> None:
    vm, window = kiosk
    mirror = window.home.tower
    _, board = tower(vm)
    assert lit(vm) == {"green": "ON"}
    qtbot.waitUntil(
        lambda: mirror.state is not None and mirror.state.mode(Lamp.GREEN) is LampMode.ON
    )
    assert board.outputs().lamps[Lamp.GREEN] is LampMode.ON  # the tower on the pole

    # 1. The operator (nobody signed in) taps 机 Machine: one tap raises.
    click(qtbot, window, "category.machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    ticket_id = vm.tickets()[0].id
    assert lit(vm) == {"red": "ON"} and vm.light.buzzer is Buzzer.PULSE
    frame_arrives(qtbot, vm, RED_ON)  # the red frame reached the tower
    assert board.outputs().lamps[Lamp.RED] is LampMode.ON
    qtbot.waitUntil(lambda: board.outputs().buzzer is Buzzer.CONTINUOUS)  # pulsing: on...
    # the on-screen mirror shows what the tower confirmed
    qtbot.waitUntil(lambda: shows(mirror, Lamp.RED))
    assert window.current_page() is window.reason_page  # a reason may be added after
    click(qtbot, window, "reason.breakdown")
    qtbot.waitUntil(lambda: vm.tickets()[0].reason == "breakdown")
    assert window.current_page() is window.home
    card = window.home.tickets.cards()[0]
    texts = {w.text().replace(" ·\n", " · ") for w in card.findChildren(QLabel)}  # may break
    assert {"机", "Machine · Breakdown", "Waiting for acknowledgement", "0:00:00"} <= texts
    assert stored_kinds(station, ticket_id) == ["raised", "classified"]

    # 2. Open it: nobody is signed in, so no acknowledge button, only "sign in".
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.ticket_page
    assert window.findChild(QPushButton, "ticket.acknowledge") is None
    assert find(window, "ticket.signIn").isVisible()

    # 3. The team leader signs in on the keypad and acknowledges → amber, buzzer quiet.
    clock.advance(90)
    click(qtbot, window, "ticket.signIn")
    sign_in_with_keypad(qtbot, window, "2001", "2222")
    qtbot.waitUntil(lambda: vm.session.signed_in)
    assert window.current_page() is window.ticket_page
    assert find(window, "header.user", QLabel).text().startswith("李伟 Li Wei")
    assert window.findChild(QPushButton, "ticket.start") is None  # a leader does not start
    click(qtbot, window, "ticket.acknowledge")
    qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.ACKNOWLEDGED)
    assert lit(vm) == {"amber": "ON"} and vm.light.buzzer is Buzzer.OFF
    frame_arrives(qtbot, vm, AMBER_ON)
    qtbot.waitUntil(lambda: board.outputs().buzzer is Buzzer.OFF)
    assert board.outputs().lamps[Lamp.RED] is LampMode.OFF
    assert window.ticket_page.state.text() == "Acknowledged, help on the way"
    click(qtbot, window, "header.signOut")

    # 4. Maintenance badges in (keyboard-wedge reader: a fast burst of digits + Enter).
    badge_scan(window, "0003001001")
    qtbot.waitUntil(lambda: vm.session.user.id == "3001")
    assert window.findChild(QPushButton, "ticket.acknowledge") is None
    clock.advance(300)
    click(qtbot, window, "ticket.start")
    qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.STARTED)
    assert lit(vm) == {"amber": "ON"}

    # 5. Containment: the line restarts, downtime stops here (raised → contained = 12 min).
    clock.advance(330)
    click(qtbot, window, "ticket.contain")
    fill_form(qtbot, window, "Spare motor fitted, 5 parts checked OK")
    qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.CONTAINED)
    assert lit(vm) == {"green": "ON"}
    frame_arrives(qtbot, vm, GREEN_ON)
    assert board.outputs().lamps[Lamp.AMBER] is LampMode.OFF
    clock.advance(3600)
    vm.tick()
    assert find(window, "ticket.elapsedLabel", QLabel).text() == "Line was down for"
    assert find(window, "ticket.elapsed", QLabel).text() == "0:12:00"
    assert vm.ticket(ticket_id).downtime_s(clock.now()) == 720

    # 6. Resolve: both root cause and countermeasure are required.
    click(qtbot, window, "ticket.resolve")
    fill_form(qtbot, window, "Bearing worn out")
    assert "Long-term countermeasure" in find(window, "ticket.form.error", QLabel).text()
    assert vm.ticket(ticket_id).state is TicketState.CONTAINED
    type_in(qtbot, window, 2, "Bearing added to 500 h PM plan")
    click(qtbot, window, "ticket.form.confirm")
    qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.RESOLVED)
    assert find(window, "ticket.rootCause", QLabel).text() == "Bearing worn out"

    # 7. Close (with a last look at what is recorded) → back home, nothing open, green.
    click(qtbot, window, "ticket.close")
    assert "Bearing worn out" in find(window, "ticket.form.summary", QLabel).text()
    click(qtbot, window, "ticket.form.confirm")
    qtbot.waitUntil(lambda: vm.ticket(ticket_id).state is TicketState.CLOSED)
    qtbot.waitUntil(lambda: window.current_page() is window.home)
    assert window.home.tickets.cards() == []
    assert find(window, "tickets.empty", QLabel).isVisible()
    assert lit(vm) == {"green": "ON"}
    assert stored_kinds(station, ticket_id) == [
        "raised",
        "classified",
        "acknowledged",
        "started",
        "contained",
        "resolved",
        "closed",
    ]


def test_operator_acknowledge_is_refused_even_when_called_directly(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow], station: Station
) -> None:
    vm, window = kiosk
    click(qtbot, window, "category.machine")
    qtbot.waitUntil(lambda: len(vm.tickets()) == 1)
    ticket_id = vm.tickets()[0].id
    assert not vm.session.signed_in
    with qtbot.waitSignal(vm.operationFailed) as failure:
        vm.act(ticket_id, EventKind.ACKNOWLEDGED)  # bypassing the screen entirely
    assert type(failure.args[0]).__name__ == "PermissionDenied"
    with qtbot.waitSignal(vm.operationFailed):
        vm.act(ticket_id, EventKind.CLOSED)
    assert stored_kinds(station, ticket_id) == ["raised"]
    assert vm.health.ok  # a refusal is not a storage fault: no white lamp, no red header chip
    assert window.banner.isVisible()
    assert "Not allowed for Operator" in find(window, "banner.text", QLabel).text()


def test_wrong_pins_show_attempts_left_then_lock(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    click(qtbot, window, "header.signIn")
    error = find(window, "signin.error", QLabel)
    sign_in_with_keypad(qtbot, window, "2001", "0000")
    qtbot.waitUntil(lambda: "Attempts left before lock-out: 4" in error.text())
    for left in (3, 2, 1):
        for digit in "0000":
            click(qtbot, window, f"signin.key.{digit}")
        click(qtbot, window, "signin.ok")
        qtbot.waitUntil(lambda n=left: f"lock-out: {n}" in error.text())
    for digit in "0000":
        click(qtbot, window, f"signin.key.{digit}")
    click(qtbot, window, "signin.ok")
    qtbot.waitUntil(lambda: "Locked after too many wrong PINs" in error.text())
    assert not vm.session.signed_in


def test_inactivity_signs_out(qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]) -> None:
    vm, _ = kiosk
    vm.session._idle.setInterval(50)  # the policy's 120 s, shortened for the test
    vm.sign_in_badge("0002001001")
    qtbot.waitUntil(lambda: vm.session.signed_in)
    with qtbot.waitSignal(vm.session.changed, timeout=2000):
        pass
    assert not vm.session.signed_in


def test_kiosk_mode_only_an_admin_may_close_the_window(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    window.kiosk_mode = True
    window.close()
    assert window.isVisible()
    assert "Only an administrator" in find(window, "banner.text", QLabel).text()
    vm.sign_in_badge("0002001001")  # a team leader may not either
    qtbot.waitUntil(lambda: vm.session.signed_in)
    window.close()
    assert window.isVisible()
    vm.sign_in_badge("0009001001")
    qtbot.waitUntil(lambda: vm.session.user.id == "9001")
    window.close()
    assert not window.isVisible()


def test_the_keypad_stops_at_the_longest_employee_number_the_plant_stores(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    from andon_kiosk.core import limits

    _, window = kiosk
    window.show_sign_in()
    for _ in range(limits.USER_ID + 8):
        click(qtbot, window, "signin.key.7")
    assert window.sign_in_page.user.text() == "7" * limits.USER_ID


def test_an_admin_leaves_kiosk_mode_with_a_tap(
    qtbot: QtBot, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    vm, window = kiosk
    window.kiosk_mode = True
    window.header.set_kiosk_mode(True)
    exit_button = find(window, "header.exit")
    assert not exit_button.isVisible()  # nobody signed in
    vm.sign_in_badge("0002001001")  # a team leader: still no way out
    qtbot.waitUntil(lambda: vm.session.signed_in)
    assert not exit_button.isVisible()
    vm.sign_out()
    vm.sign_in_badge("0009001001")
    qtbot.waitUntil(lambda: vm.session.user is not None and vm.session.user.id == "9001")
    click(qtbot, window, "header.exit")
    qtbot.waitUntil(lambda: not window.isVisible())
