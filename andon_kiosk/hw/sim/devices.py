"""Device behaviour: what a relay board, a Patlite tower, a USB tower, a counter and a badge
reader do with the bytes they receive. Each model keeps its own receive buffer (frames arrive
in pieces) and can be told to misbehave: refuse (NAK), stay silent, or send noise first.
"""

from __future__ import annotations

import logging
import struct
import threading
from collections.abc import Mapping

from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.pdu.bit_message import (
    ReadCoilsRequest,
    ReadCoilsResponse,
    WriteMultipleCoilsRequest,
    WriteMultipleCoilsResponse,
    WriteSingleCoilRequest,
)
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersRequest,
    ReadHoldingRegistersResponse,
    ReadInputRegistersRequest,
    ReadInputRegistersResponse,
)

from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.hw import counter, modbus, patlite, rdm6300, usb_tower
from andon_kiosk.hw.base import DecodeError, Outputs
from andon_kiosk.hw.relay_tower import ALL_RELAYS, BUZZER, DEFAULT_COILS, FLASH_ON

log = logging.getLogger(__name__)
FLASH_OFF = 0x0400
ILLEGAL_ADDRESS, ILLEGAL_VALUE = 2, 3


GARBAGE = bytes.fromhex("55 aa 00 13 ff 7e")  # what a wrong baudrate or a bad cable gives


class Faults:
    """Misbehaviour to inject: the next n requests are refused (NAK) / ignored / answered
    with garbage only; `noise` goes before the next answer. `simulate-device --fault` sets a
    count so large that the device misbehaves for good."""

    def __init__(self) -> None:
        self.nak = 0
        self.mute = 0
        self.garble = 0
        self.noise = b""

    def take(self) -> str:
        for fault in ("mute", "garble", "nak"):
            left = getattr(self, fault)
            if left:
                setattr(self, fault, left - 1)
                return fault
        return ""

    def forever(self, fault: str) -> None:
        setattr(self, fault, 10**9)


class ModbusDeviceSim:
    """A Modbus RTU device: a relay board (coils, with the Waveshare extensions: all relays at
    0x00FF, timed "flash" at 0x0200/0x0400 + relay) and/or a counter (registers)."""

    def __init__(
        self,
        unit: int = 1,
        coils: int = 8,
        waveshare: bool = True,
        coil_map: Mapping[str, int] = DEFAULT_COILS,
    ) -> None:
        self.unit, self.waveshare, self.coil_map = unit, waveshare, dict(coil_map)
        self.coils = [False] * coils
        self.registers = [0] * 16
        self.faults = Faults()
        self.requests = 0
        self.count = 0  # parts a counting device has counted (registers 0-1)
        self.parts_per_minute = 0.0
        self.word_order = "big"
        self._count_from: tuple[float, int] | None = None
        self._flash: dict[int, tuple[float, bool]] = {}  # relay -> (deadline, state after)
        self._buffer = b""
        self._lock = threading.Lock()

    # ---- the tower it drives -------------------------------------------------------------
    def outputs(self) -> Outputs:
        with self._lock:
            lamps = {
                Lamp(name): LampMode.ON if self.coils[addr] else LampMode.OFF
                for name, addr in self.coil_map.items()
                if name != BUZZER
            }
            buzzer_on = BUZZER in self.coil_map and self.coils[self.coil_map[BUZZER]]
        return Outputs(lamps, Buzzer.CONTINUOUS if buzzer_on else Buzzer.OFF)

    def set_count(self, value: int) -> None:
        with self._lock:
            self.count = value % counter.MODULUS
            self.registers[0:2] = counter.split(self.count, self.word_order)
            self._count_from = None

    def run_line(self, parts_per_minute: float) -> None:
        """Count parts by themselves, as a running line would."""
        self.parts_per_minute = parts_per_minute
        self._count_from = None

    # ---- bytes in, bytes out ---------------------------------------------------------------
    def receive(self, data: bytes, now: float) -> bytes:
        self._buffer += data
        out = b""
        while self._buffer:
            try:
                pdu, unit, used = modbus.decode_request(self._buffer)
            except DecodeError as exc:
                log.info("sim: garbled request dropped: %s", exc)
                self._buffer = b""
                break
            if pdu is None:
                self._buffer = self._buffer[used:]
                if used:
                    continue  # dropped noise; a frame may follow
                break
            raw = self._buffer[:used]
            self._buffer = self._buffer[used:]
            if unit != self.unit:
                continue  # another device on the bus
            self.requests += 1
            fault = self.faults.take()
            if fault == "mute":
                continue
            if fault == "garble":
                out += GARBAGE
                continue
            with self._lock:
                reply = self._answer(pdu, raw, now, fault == "nak")
            out += self.faults.noise + modbus.frame(reply)
            self.faults.noise = b""
        return out

    def tick(self, now: float) -> None:
        if self.parts_per_minute:
            if self._count_from is None:
                self._count_from = (now, self.count)
            start, base = self._count_from
            made = int((now - start) * self.parts_per_minute / 60)
            if base + made != self.count:
                self.set_count(base + made)
                self._count_from = (start, base)
        with self._lock:
            for relay, (deadline, after) in list(self._flash.items()):
                if now >= deadline:
                    self.coils[relay] = after
                    del self._flash[relay]

    def _answer(  # noqa: PLR0911 (one answer per function code)
        self, pdu: ModbusPDU, raw: bytes, now: float, refuse: bool
    ) -> ModbusPDU:
        fc = raw[1]
        if refuse:
            return _exception(fc, ILLEGAL_VALUE, self.unit)
        if isinstance(pdu, WriteSingleCoilRequest):
            address, value = struct.unpack(">HH", raw[2:6])
            if not self._write_single(address, value, now):
                return _exception(fc, ILLEGAL_ADDRESS, self.unit)
            echo = WriteSingleCoilRequest(address=address, bits=[value != 0], dev_id=self.unit)
            if value not in (0x0000, 0xFF00):
                echo = modbus.TimedCoilRequest(address, value, self.unit)
            return echo
        if isinstance(pdu, WriteMultipleCoilsRequest):
            end = pdu.address + len(pdu.bits)
            if end > len(self.coils):
                return _exception(fc, ILLEGAL_ADDRESS, self.unit)
            self.coils[pdu.address : end] = pdu.bits
            return WriteMultipleCoilsResponse(
                address=pdu.address, count=len(pdu.bits), dev_id=self.unit
            )
        if isinstance(pdu, ReadCoilsRequest):
            bits = self.coils[pdu.address : pdu.address + pdu.count]
            return ReadCoilsResponse(bits=bits, dev_id=self.unit)
        if isinstance(pdu, ReadHoldingRegistersRequest | ReadInputRegistersRequest):
            regs = self.registers[pdu.address : pdu.address + pdu.count]
            if len(regs) != pdu.count:
                return _exception(fc, ILLEGAL_ADDRESS, self.unit)
            cls = ReadHoldingRegistersResponse if fc == 3 else ReadInputRegistersResponse
            return cls(registers=regs, dev_id=self.unit)
        return _exception(fc, 1, self.unit)  # illegal function

    def _write_single(self, address: int, value: int, now: float) -> bool:
        n = len(self.coils)
        if address < n and value in (0x0000, 0xFF00):
            self.coils[address] = value == 0xFF00
            self._flash.pop(address, None)
            return True
        if not self.waveshare:
            return False
        if address == ALL_RELAYS and value in (0x0000, 0xFF00):
            self.coils = [value == 0xFF00] * n
            self._flash.clear()
            return True
        for base, during in ((FLASH_ON, True), (FLASH_OFF, False)):
            relay = address - base
            if 0 <= relay < n:
                self.coils[relay] = during
                self._flash[relay] = (now + value / 10, not during)
                return True
        return False


def _exception(function: int, code: int, unit: int) -> ExceptionResponse:
    response = ExceptionResponse(function, code)
    response.dev_id = unit
    return response


class PnsTowerSim:
    """A Patlite network tower: operation control commands in, ACK or NAK out."""

    def __init__(self) -> None:
        self.state = Outputs({lamp: LampMode.OFF for lamp in Lamp}, Buzzer.OFF)
        self.faults = Faults()
        self.requests = 0
        self._buffer = b""

    def outputs(self) -> Outputs:
        return self.state

    def receive(self, data: bytes, now: float) -> bytes:
        self._buffer += data
        out = b""
        while self._buffer:
            try:
                command, used = patlite.decode_command(self._buffer)
            except DecodeError as exc:
                log.info("sim: bad PNS command: %s", exc)
                self._buffer = b""
                out += bytes([patlite.NAK])
                break
            if command is None:
                break
            self._buffer = self._buffer[used:]
            self.requests += 1
            fault = self.faults.take()
            if fault == "mute":
                continue
            if fault in ("nak", "garble"):
                out += bytes([patlite.NAK]) if fault == "nak" else GARBAGE
                continue
            lamps = {**self.state.lamps, **command.lamps}
            buzzer = command.buzzer if command.buzzer is not None else self.state.buzzer
            self.state = Outputs(lamps, buzzer)
            out += self.faults.noise + bytes([patlite.ACK])
            self.faults.noise = b""
        return out

    def tick(self, now: float) -> None:
        pass


class UsbTowerSim:
    """The one-byte USB tower: obeys valid bytes, ignores the rest, never answers."""

    def __init__(self) -> None:
        self.state = Outputs({lamp: LampMode.OFF for lamp in usb_tower.BITS}, Buzzer.OFF)
        self.faults = Faults()
        self.requests = 0
        self.rejected = 0

    def outputs(self) -> Outputs:
        return self.state

    def receive(self, data: bytes, now: float) -> bytes:
        for byte in data:
            try:
                action, names = usb_tower.decode_command(byte)
            except DecodeError:
                self.rejected += 1
                continue
            self.requests += 1
            mode = {
                usb_tower.ON: LampMode.ON,
                usb_tower.OFF: LampMode.OFF,
                usb_tower.BLINK: LampMode.BLINK,
            }[action]
            lamps = dict(self.state.lamps)
            buzzer = self.state.buzzer
            for name in names:
                if name == "buzzer":
                    buzzer = {
                        LampMode.ON: Buzzer.CONTINUOUS,
                        LampMode.OFF: Buzzer.OFF,
                        LampMode.BLINK: Buzzer.PULSE,
                    }[mode]
                else:
                    lamps[Lamp(name)] = mode
            self.state = Outputs(lamps, buzzer)
        return b""

    def tick(self, now: float) -> None:
        pass


class BadgeReaderSim:
    """An RDM6300: when a card is presented it sends its frame a few times, like the real one."""

    repeats = 3

    def __init__(self) -> None:
        self.faults = Faults()
        self._outgoing: list[bytes] = []
        self._lock = threading.Lock()

    def present(self, tag: str) -> None:
        with self._lock:
            self._outgoing += [rdm6300.encode_frame(tag)] * self.repeats

    def send_raw(self, data: bytes) -> None:
        with self._lock:
            self._outgoing.append(data)

    def receive(self, data: bytes, now: float) -> bytes:
        with self._lock:
            out, self._outgoing = b"".join(self._outgoing), []
        return out

    def tick(self, now: float) -> None:
        pass
