"""The tower worker on real lines: pseudo-terminals, loopback TCP, an independent Modbus server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from andon_kiosk.core.light import Buzzer, Lamp, LampMode, LightState
from andon_kiosk.hw.link import LinkError, PortSpec, resolve
from andon_kiosk.hw.patlite import PatlitePns
from andon_kiosk.hw.relay_tower import DEFAULT_COILS, RelayTower
from andon_kiosk.hw.sim.devices import ModbusDeviceSim, PnsTowerSim, UsbTowerSim
from andon_kiosk.hw.sim.endpoints import PtyEndpoint, TcpEndpoint
from andon_kiosk.hw.sim.runner import SimulatedDevice
from andon_kiosk.hw.tower_worker import TowerWorker
from andon_kiosk.hw.usb_tower import UsbTower

from .conftest import NullModem, PymodbusBoard, Recorder, wait_for

ON, OFF, BLINK = LampMode.ON, LampMode.OFF, LampMode.BLINK
RED = LightState({Lamp.RED: ON}, Buzzer.PULSE)
AMBER = LightState({Lamp.AMBER: ON})
GREEN = LightState({Lamp.GREEN: ON})


def lit(outputs) -> set[str]:
    names = {lamp.value for lamp, mode in outputs.lamps.items() if mode is not LampMode.OFF}
    if outputs.buzzer not in (None, Buzzer.OFF):
        names.add("buzzer")
    return names


@pytest.fixture
def fast() -> dict:
    return {"backoff_s": (0.05, 0.5), "heartbeat_s": 0.3}


# ---- Modbus relay board, with pymodbus's server on the other end -------------------------
def test_modbus_tower_against_an_independent_modbus_server(
    null_modem: NullModem, pymodbus_board: PymodbusBoard, recorder: Recorder, fast: dict
) -> None:
    worker = TowerWorker(
        PortSpec(null_modem.kiosk_path), RelayTower(board="generic"), recorder, **fast
    )
    worker.show(GREEN)
    worker.start()
    try:
        assert wait_for(lambda: pymodbus_board.lit(DEFAULT_COILS) == {"green"})
        # the first write after connecting is the whole state in one frame
        assert null_modem.wire().startswith(bytes.fromhex("01 0F 00 00 00 06 01 04"))
        assert wait_for(lambda: recorder.confirmed[-1:] == [GREEN])
        worker.show(RED)  # a stop is raised: red, buzzer pulsing (timed by the worker)
        assert wait_for(lambda: "red" in pymodbus_board.lit(DEFAULT_COILS))
        assert bytes.fromhex("01 05 00 00 FF 00 8C 3A") in null_modem.wire()  # relay 1 on
        assert wait_for(lambda: "buzzer" not in pymodbus_board.lit(DEFAULT_COILS), 1.5)
        assert wait_for(lambda: "buzzer" in pymodbus_board.lit(DEFAULT_COILS), 1.5)  # pulsing
        assert "green" not in pymodbus_board.lit(DEFAULT_COILS)
        assert wait_for(lambda: recorder.confirmed[-1:] == [RED])
    finally:
        worker.stop(all_off=True)
    assert bytes.fromhex("01 05 00 FF 00 00 FD FA") not in null_modem.wire()  # generic board
    assert pymodbus_board.lit(DEFAULT_COILS) == set()


def test_modbus_unplug_and_replug_restores_the_state_within_two_seconds(
    null_modem: NullModem, pymodbus_board: PymodbusBoard, recorder: Recorder, fast: dict
) -> None:
    worker = TowerWorker(
        PortSpec(null_modem.kiosk_path), RelayTower(board="generic"), recorder, **fast
    )
    worker.show(RED)
    worker.start()
    try:
        assert wait_for(lambda: "red" in pymodbus_board.lit(DEFAULT_COILS))
        null_modem.unplug()
        assert wait_for(lambda: recorder.online is False)
        worker.show(AMBER)  # acknowledged while the cable was out
        time.sleep(0.3)  # stay unplugged a moment: the worker must keep trying
        null_modem.plug()
        replugged = time.monotonic()
        assert wait_for(lambda: pymodbus_board.lit(DEFAULT_COILS) == {"amber"}, 2.0)
        assert time.monotonic() - replugged < 2.0
        assert wait_for(lambda: recorder.confirmed[-1:] == [AMBER])
        assert recorder.online is True
    finally:
        worker.stop()


def test_modbus_garbage_on_the_line_is_skipped(
    null_modem: NullModem,
    pymodbus_board: PymodbusBoard,
    recorder: Recorder,
    fast: dict,
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = TowerWorker(
        PortSpec(null_modem.kiosk_path), RelayTower(board="generic"), recorder, **fast
    )
    worker.show(GREEN)
    worker.start()
    try:
        assert wait_for(lambda: recorder.confirmed[-1:] == [GREEN])
        null_modem.corrupt_next_reply = b"\x00\xff\x13\x37"
        worker.show(AMBER)
        assert wait_for(lambda: recorder.confirmed[-1:] == [AMBER])
        assert pymodbus_board.lit(DEFAULT_COILS) == {"amber"}
        assert "noise" in caplog.text or "garbled" in caplog.text
    finally:
        worker.stop()


# ---- our relay-board simulator: NAK, silence, the lease ------------------------------------
@pytest.fixture
def relay_sim(tmp_path: Path):
    model = ModbusDeviceSim(unit=1, coils=8)
    device = SimulatedDevice(PtyEndpoint(tmp_path / "relay"), model).start()
    yield device, model
    device.stop()


def test_a_nak_is_retried_and_a_silent_board_is_a_dead_line(
    relay_sim,
    recorder: Recorder,
    fast: dict,
) -> None:
    device, model = relay_sim
    worker = TowerWorker(
        PortSpec(device.path, reply_timeout_s=0.1), RelayTower(), recorder, retries=2, **fast
    )
    worker.show(GREEN)
    model.faults.nak = 2  # refused twice, then accepted
    worker.start()
    try:
        assert wait_for(lambda: recorder.confirmed[-1:] == [GREEN])
        assert lit(model.outputs()) == {"green"}
        model.faults.mute = 100  # the board stops answering
        worker.show(AMBER)
        assert wait_for(lambda: recorder.online is False)
        assert "no answer" in recorder.status[-1][1]
        model.faults.mute = 0
        assert wait_for(lambda: recorder.confirmed[-1:] == [AMBER], 3)
        assert lit(model.outputs()) == {"amber"}
    finally:
        worker.stop()


def test_the_lease_lets_the_tower_go_dark_when_the_kiosk_dies(
    relay_sim,
    recorder: Recorder,
    fast: dict,
) -> None:
    device, model = relay_sim
    worker = TowerWorker(PortSpec(device.path), RelayTower(lease_s=0.6), recorder, **fast)
    worker.show(GREEN)
    worker.start()
    assert wait_for(lambda: lit(model.outputs()) == {"green"})
    time.sleep(1.0)  # longer than the lease: it is being renewed
    assert lit(model.outputs()) == {"green"}
    worker.stop()  # the kiosk dies: nobody renews
    assert wait_for(lambda: lit(model.outputs()) == set(), 1.5)


def test_blinking_is_timed_by_the_worker_on_a_board_that_cannot_blink(
    relay_sim,
    recorder: Recorder,
    fast: dict,
) -> None:
    device, model = relay_sim
    worker = TowerWorker(PortSpec(device.path), RelayTower(), recorder, blink_s=0.4, **fast)
    worker.show(LightState({Lamp.RED: BLINK}))
    worker.start()
    try:
        seen: list[bool] = []
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            on = "red" in lit(model.outputs())
            if not seen or seen[-1] != on:
                seen.append(on)
            time.sleep(0.01)
        assert len(seen) >= 4  # on, off, on, off...
    finally:
        worker.stop()


# ---- Patlite PNS over loopback TCP -----------------------------------------------------------
@pytest.fixture
def pns_sim():
    model = PnsTowerSim()
    device = SimulatedDevice(TcpEndpoint(), model).start()
    yield device, model
    device.stop()


def test_pns_over_tcp_with_nak_garbage_and_reconnect(
    pns_sim,
    recorder: Recorder,
    fast: dict,
) -> None:
    device, model = pns_sim
    worker = TowerWorker(PortSpec(device.path, reply_timeout_s=0.1), PatlitePns(), recorder, **fast)
    worker.show(RED)
    model.faults.nak = 1
    worker.start()
    try:
        assert wait_for(lambda: recorder.confirmed[-1:] == [RED])
        assert model.outputs().lamps[Lamp.RED] is ON and model.outputs().buzzer is Buzzer.PULSE
        assert device.arrivals[0].data.startswith(bytes.fromhex("41 42 53 00 00 06 01 00 00"))
        model.faults.noise = b"\x99\x98"
        worker.show(AMBER)
        assert wait_for(lambda: recorder.confirmed[-1:] == [AMBER])
        device.endpoint.unplug()  # network cable out
        assert wait_for(lambda: recorder.online is False)
        worker.show(GREEN)
        device.endpoint.plug()
        replugged = time.monotonic()
        assert wait_for(lambda: lit(model.outputs()) == {"green"}, 2.0)
        assert time.monotonic() - replugged < 2.0
    finally:
        worker.stop()


# ---- USB tower on a pseudo-terminal ----------------------------------------------------------
def test_usb_tower_writes_bytes_and_survives_an_unplug(
    tmp_path: Path, recorder: Recorder, fast: dict
) -> None:
    model = UsbTowerSim()
    device = SimulatedDevice(PtyEndpoint(tmp_path / "usbtower"), model).start()
    worker = TowerWorker(PortSpec(device.path), UsbTower(), recorder, **fast)
    worker.show(LightState({Lamp.RED: BLINK, Lamp.BLUE: ON}, Buzzer.CONTINUOUS))
    worker.start()
    try:
        assert wait_for(lambda: model.outputs().lamps[Lamp.RED] is BLINK)  # the tower blinks
        assert model.outputs().buzzer is Buzzer.CONTINUOUS
        assert wait_for(lambda: bool(recorder.confirmed))  # written: all this tower confirms
        device.endpoint.unplug()
        assert wait_for(lambda: recorder.online is False)
        worker.show(GREEN)
        device.endpoint.plug()
        assert wait_for(lambda: lit(model.outputs()) == {"green"}, 2.0)
    finally:
        worker.stop()
        device.stop()


def test_a_missing_port_reports_offline_and_keeps_trying(
    recorder: Recorder, tmp_path: Path, fast: dict
) -> None:
    worker = TowerWorker(PortSpec(str(tmp_path / "nothing-here")), UsbTower(), recorder, **fast)
    worker.start()
    try:
        assert wait_for(lambda: recorder.online is False)
        assert "cannot open" in recorder.status[-1][1]
    finally:
        worker.stop()


def test_usb_serial_number_lookup() -> None:
    class Port:
        def __init__(self, device: str, serial_number: str | None) -> None:
            self.device, self.serial_number = device, serial_number

    ports = [Port("/dev/ttyUSB0", "AB12"), Port("/dev/ttyUSB1", None), Port("/dev/ttyUSB2", "X9")]
    assert resolve("usb:X9", ports) == "/dev/ttyUSB2"
    assert resolve("/dev/ttyS0", ports) == "/dev/ttyS0"
    with pytest.raises(LinkError, match="serial number ZZ"):
        resolve("usb:ZZ", ports)


def test_pyserial_loop_url_works_as_a_port(recorder: Recorder, fast: dict) -> None:
    """`loop://` (pyserial's loopback) opens like any port: handy for a bench check."""
    worker = TowerWorker(PortSpec("loop://"), UsbTower(), recorder, **fast)
    worker.show(RED)
    worker.start()
    try:
        assert wait_for(lambda: recorder.confirmed[-1:] == [RED])
        assert recorder.online is True
    finally:
        worker.stop()
