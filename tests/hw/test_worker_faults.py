"""Device workers under faults: they wait between tries, and a device that refuses, stays
silent or answers garbage is reported offline, never confirmed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import serial

from andon_kiosk.core.light import Lamp, LampMode, LightState
from andon_kiosk.hw.counter import ModbusCounter
from andon_kiosk.hw.counter_worker import CounterWorker
from andon_kiosk.hw.link import PortSpec, open_port
from andon_kiosk.hw.patlite import PatlitePns
from andon_kiosk.hw.relay_tower import RelayTower
from andon_kiosk.hw.sim.devices import ModbusDeviceSim, UsbTowerSim
from andon_kiosk.hw.sim.endpoints import PtyEndpoint
from andon_kiosk.hw.sim.runner import SimulatedDevice
from andon_kiosk.hw.tower_worker import TowerWorker
from andon_kiosk.hw.usb_tower import UsbTower

from .conftest import Counted, Recorder, wait_for

GREEN = LightState({Lamp.GREEN: LampMode.ON})
RED = LightState({Lamp.RED: LampMode.ON})


def counting_opener(attempts: list[float]):
    def opener(spec: PortSpec) -> serial.SerialBase:
        attempts.append(time.monotonic())
        return open_port(spec)  # the real open, of a path that is not there

    return opener


def test_a_missing_port_is_retried_with_backoff_however_often_the_worker_is_woken(
    tmp_path: Path, recorder: Recorder
) -> None:
    attempts: list[float] = []
    worker = TowerWorker(
        PortSpec(str(tmp_path / "no-tower")),
        RelayTower(),
        recorder,
        backoff_s=(0.1, 1.0),
        opener=counting_opener(attempts),
    )
    worker.start()
    stop = threading.Event()

    def wake_all_the_time() -> None:  # the GUI handing over states, as fast as it can
        while not stop.is_set():
            worker.show(RED if len(attempts) % 2 else GREEN)
            stop.wait(0.001)

    waker = threading.Thread(target=wake_all_the_time)
    waker.start()
    try:
        stop.wait(2.0)
    finally:
        stop.set()
        waker.join()
        worker.stop()
    # 0.1 + 0.2 + 0.4 + 0.8 s of backoff fit in 2 s: five or six tries, not thousands
    assert 3 <= len(attempts) <= 8, len(attempts)
    assert recorder.online is False and "cannot open" in recorder.status[-1][1]
    assert recorder.confirmed == []


def relay_board(tmp_path: Path) -> tuple[SimulatedDevice, ModbusDeviceSim]:
    model = ModbusDeviceSim()
    return SimulatedDevice(PtyEndpoint(tmp_path / "board"), model).start(), model


def test_a_board_that_refuses_everything_is_offline_and_never_confirmed(
    tmp_path: Path, recorder: Recorder
) -> None:
    device, model = relay_board(tmp_path)
    model.faults.forever("nak")
    worker = TowerWorker(PortSpec(device.path), RelayTower(), recorder, heartbeat_s=0.5)
    worker.show(GREEN)
    started = time.monotonic()
    worker.start()
    try:
        assert wait_for(lambda: recorder.online is False, 3)
        assert time.monotonic() - started < 2.0
        assert "refused" in recorder.status[-1][1]
        seen = model.requests
        time.sleep(1.0)  # it keeps asking, once per heartbeat (three tries), not in a loop
        assert 3 <= model.requests - seen <= 12
        assert recorder.confirmed == []
        model.faults.nak = 0  # the board takes frames again
        assert wait_for(lambda: recorder.confirmed[-1:] == [GREEN], 3)
        assert recorder.online is True
        assert model.outputs().lamps[Lamp.GREEN] is LampMode.ON
    finally:
        worker.stop()
        device.stop()


def test_a_board_answering_only_garbage_is_offline_and_says_so(
    tmp_path: Path, recorder: Recorder
) -> None:
    device, model = relay_board(tmp_path)
    worker = TowerWorker(PortSpec(device.path, reply_timeout_s=0.1), RelayTower(), recorder)
    worker.show(GREEN)
    worker.start()
    try:
        assert wait_for(lambda: recorder.confirmed[-1:] == [GREEN])
        model.faults.forever("garble")
        assert wait_for(lambda: recorder.online is False, 3)
        assert "only garbled answers" in recorder.status[-1][1]
        worker.show(RED)
        time.sleep(0.5)
        assert recorder.confirmed[-1] == GREEN  # nothing new was confirmed meanwhile
        model.faults.garble = 0
        assert wait_for(lambda: recorder.confirmed[-1:] == [RED], 3)
    finally:
        worker.stop()
        device.stop()


def test_a_counter_that_refuses_or_stays_silent_is_offline(tmp_path: Path) -> None:
    model = ModbusDeviceSim(unit=2, coils=1)
    device = SimulatedDevice(PtyEndpoint(tmp_path / "counter"), model).start()
    listener = Counted()
    worker = CounterWorker(
        PortSpec(device.path, reply_timeout_s=0.1), ModbusCounter(2), listener, poll_s=0.2
    )
    worker.start()
    try:
        assert wait_for(lambda: bool(listener.status) and listener.status[-1][0] is True)
        model.faults.forever("nak")
        assert wait_for(lambda: listener.status[-1][0] is False)
        assert "refused" in listener.status[-1][1]
        model.faults.nak = 0
        assert wait_for(lambda: listener.status[-1][0] is True)
        model.faults.forever("mute")
        assert wait_for(lambda: listener.status[-1][0] is False)
        assert "no answer" in listener.status[-1][1]
    finally:
        worker.stop()
        device.stop()


def test_a_lamp_the_tower_does_not_have_is_never_confirmed_lit(
    tmp_path: Path, recorder: Recorder
) -> None:
    model = UsbTowerSim()
    device = SimulatedDevice(PtyEndpoint(tmp_path / "usb"), model).start()
    worker = TowerWorker(PortSpec(device.path), UsbTower(), recorder)
    worker.show(LightState({Lamp.GREEN: LampMode.ON, Lamp.BLUE: LampMode.ON}))  # a call
    worker.start()
    try:
        assert wait_for(lambda: bool(recorder.confirmed))
        shown = recorder.confirmed[-1]
        assert shown.mode(Lamp.GREEN) is LampMode.ON
        assert shown.mode(Lamp.BLUE) is LampMode.OFF  # it has no blue lamp: not on the pole
    finally:
        worker.stop()
        device.stop()


def test_a_loopback_is_not_a_tower_even_though_its_echo_holds_the_ack_byte(
    recorder: Recorder,
) -> None:
    """A PNS frame's length field is 0x06, the ACK byte: our own frame coming back (pyserial's
    loop://, an adapter that echoes) once confirmed a tower that was not there."""
    worker = TowerWorker(PortSpec("loop://", reply_timeout_s=0.1), PatlitePns(), recorder)
    worker.show(GREEN)
    worker.start()
    try:
        assert wait_for(lambda: recorder.online is False, 3)
        assert recorder.confirmed == []
    finally:
        worker.stop()


def test_a_new_reason_is_reported_while_the_tower_stays_offline(
    tmp_path: Path, recorder: Recorder
) -> None:
    link = tmp_path / "tower"
    worker = TowerWorker(PortSpec(str(link)), RelayTower(), recorder, backoff_s=(0.05, 0.2))
    worker.show(GREEN)
    worker.start()
    model = ModbusDeviceSim()
    model.faults.forever("nak")
    device = None
    try:
        assert wait_for(lambda: recorder.online is False)
        assert "cannot open" in recorder.status[-1][1]
        device = SimulatedDevice(PtyEndpoint(link), model).start()  # plugged in, but refusing
        assert wait_for(lambda: "refused" in recorder.status[-1][1], 5)
        assert all(online is False for online, _ in recorder.status)  # never shown as fine
    finally:
        worker.stop()
        if device is not None:
            device.stop()
