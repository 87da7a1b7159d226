"""The part counter against pymodbus's server, and the badge reader on a pseudo-terminal."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from andon_kiosk.hw import rdm6300
from andon_kiosk.hw.badge_worker import BadgeWorker
from andon_kiosk.hw.counter import ModbusCounter
from andon_kiosk.hw.counter_worker import CounterWorker
from andon_kiosk.hw.link import PortSpec
from andon_kiosk.hw.sim.devices import BadgeReaderSim
from andon_kiosk.hw.sim.endpoints import PtyEndpoint
from andon_kiosk.hw.sim.runner import SimulatedDevice

from .conftest import Counted, NullModem, PymodbusBoard, wait_for


def test_counter_polls_counts_wraps_and_survives_an_unplug(
    null_modem: NullModem, pymodbus_board: PymodbusBoard
) -> None:
    listener = Counted()
    pymodbus_board.count = 2**32 - 3
    worker = CounterWorker(
        PortSpec(null_modem.kiosk_path),
        ModbusCounter(unit=1),
        listener,
        poll_s=0.05,
        backoff_s=(0.05, 0.5),
    )
    worker.start()
    try:
        assert wait_for(lambda: pymodbus_board.count_reads >= 2)
        assert listener.parts == []  # the first reading is only a baseline
        pymodbus_board.count = 2  # 5 parts, across the 32-bit wrap
        assert wait_for(lambda: listener.total == 5)
        assert listener.parts[-1] == (5, 2)
        null_modem.unplug()
        assert wait_for(lambda: listener.status[-1][0] is False)
        pymodbus_board.count = 9  # 7 more while the cable was out
        null_modem.plug()
        assert wait_for(lambda: listener.total == 12, 3)
        pymodbus_board.count = 4  # a reset to 0, then 4 parts
        assert wait_for(lambda: listener.total == 16)
    finally:
        worker.stop()


def test_counter_word_order_little_endian(
    null_modem: NullModem, pymodbus_board: PymodbusBoard
) -> None:
    listener = Counted()
    pymodbus_board.count = 0x0001_0000  # registers [0x0001, 0x0000]
    worker = CounterWorker(
        PortSpec(null_modem.kiosk_path),
        ModbusCounter(unit=1, word_order="little"),
        listener,
        poll_s=0.05,
    )
    worker.start()
    try:
        assert wait_for(lambda: pymodbus_board.count_reads >= 2)
        pymodbus_board.count = 0x0002_0000  # read little-endian: 1 -> 2
        assert wait_for(lambda: listener.parts[-1:] == [(1, 2)])
    finally:
        worker.stop()


class Badges:
    def __init__(self) -> None:
        self.read: list[str] = []
        self.status: list[tuple[bool, str]] = []

    def badge_read(self, badge: str) -> None:
        self.read.append(badge)

    def badge_status(self, online: bool, detail: str) -> None:
        self.status.append((online, detail))


def test_badge_reader_reports_each_card_once_and_skips_garbage(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reader = BadgeReaderSim()
    device = SimulatedDevice(PtyEndpoint(tmp_path / "rdm6300"), reader).start()
    badges = Badges()
    worker = BadgeWorker(PortSpec(device.path), badges, repeat_s=0.4)
    worker.start()
    try:
        assert wait_for(lambda: badges.status[-1:] and badges.status[-1][0] is True)
        reader.present("0A00456789")  # sends its frame three times, like the real reader
        assert wait_for(lambda: badges.read == ["0004548489"])
        bad = bytearray(rdm6300.encode_frame("0A00123456"))
        bad[5] ^= 0x01  # one flipped bit: the checksum no longer matches
        reader.send_raw(b"\x55\xaa" + bytes(bad))
        reader.present("0B00000001")
        assert wait_for(lambda: badges.read[-1:] == ["0000000001"])
        assert "0001193046" not in badges.read  # the garbled one never became a badge
        assert "checksum" in caplog.text
        time.sleep(0.5)  # the card is taken away and shown again
        reader.present("0A00456789")
        assert wait_for(lambda: badges.read.count("0004548489") == 2)
    finally:
        worker.stop()
        device.stop()
