"""A Modbus part counter: a 32-bit count in two registers, polled about once a second.

`CountTracker` turns successive readings into counted parts, across the counter wrapping
past 2^32 - 1 and across resets (a power cycle or a reset button puts it back to 0): a reading
lower than the last one is a wrap only if both sit at the ends of the range, otherwise a reset
(and the new reading is what was counted since).
"""

from __future__ import annotations

from dataclasses import dataclass

from pymodbus.pdu.register_message import (
    ReadHoldingRegistersRequest,
    ReadHoldingRegistersResponse,
    ReadInputRegistersRequest,
    ReadInputRegistersResponse,
)

from . import modbus
from .base import DecodeError, Reply, Request

MODULUS = 2**32


class ModbusCounter:
    name = "modbus-rtu"

    def __init__(
        self, unit: int = 2, address: int = 0, function: int = 3, word_order: str = "big"
    ) -> None:
        if function not in (3, 4):
            raise ValueError("a counter is read with function 3 (holding) or 4 (input registers)")
        if word_order not in ("big", "little"):
            raise ValueError("word_order is 'big' (high word first) or 'little'")
        self.unit, self.address, self.function, self.word_order = (
            unit,
            address,
            function,
            word_order,
        )

    def read_request(self) -> Request:
        cls = ReadHoldingRegistersRequest if self.function == 3 else ReadInputRegistersRequest
        pdu = cls(address=self.address, count=2, dev_id=self.unit)
        return Request(modbus.frame(pdu), f"read registers {self.address}-{self.address + 1}")

    def parse_reading(self, data: bytes) -> tuple[int | Reply | None, int]:
        """(count, bytes used), (Reply.NAK, used) for an exception, (None, 0) to wait."""
        pdu, used = modbus.decode_response(data, self.unit)
        if pdu is None:
            return None, used
        if modbus.is_exception(pdu):
            return Reply.NAK, used
        expected = (
            ReadHoldingRegistersResponse if self.function == 3 else ReadInputRegistersResponse
        )
        if not isinstance(pdu, expected) or len(pdu.registers) != 2:
            raise DecodeError(f"unexpected counter answer {data[:used].hex(' ')}")
        return combine(pdu.registers, self.word_order), used


def combine(registers: list[int], word_order: str) -> int:
    high, low = registers if word_order == "big" else reversed(registers)
    return (high << 16) | low


def split(count: int, word_order: str) -> list[int]:
    """The two registers a counter shows for `count` (simulators and tests)."""
    words = [(count >> 16) & 0xFFFF, count & 0xFFFF]
    return words if word_order == "big" else words[::-1]


@dataclass
class CountTracker:
    max_step: int = 10_000  # more parts than this between two polls cannot be real counting
    last: int | None = None

    def feed(self, reading: int) -> int:
        """Parts counted since the previous reading (0 for the first one)."""
        previous, self.last = self.last, reading
        if previous is None:
            return 0
        if reading >= previous:
            step = reading - previous
            return step if step <= self.max_step else 0  # a jump: a preset, not production
        wrapped = reading + MODULUS - previous
        if wrapped <= self.max_step:
            return wrapped
        return reading if reading <= self.max_step else 0  # reset to 0 and counting again
