"""A 24 V signal tower switched by a Modbus RTU relay board (function 05/0F coils).

Default wiring: relay 0 red, 1 amber, 2 green, 3 blue, 4 white, 5 buzzer (configurable). The
board cannot blink, so the worker times blinking and buzzer pulses. On a board with timed
"flash" commands (`board = "waveshare"` with a lease), a lit output is written as "on for
`lease` seconds" and refreshed well before it runs out: if the kiosk dies the tower goes
dark within the lease instead of showing a stale green.
"""

from __future__ import annotations

from collections.abc import Mapping

from pymodbus.pdu.bit_message import (
    WriteMultipleCoilsRequest,
    WriteMultipleCoilsResponse,
    WriteSingleCoilRequest,
    WriteSingleCoilResponse,
)

from andon_kiosk.core.light import Buzzer, Lamp, LampMode

from . import modbus
from .base import Capabilities, DecodeError, Outputs, Reply, Request

BUZZER = "buzzer"
DEFAULT_COILS: Mapping[str, int] = {
    "red": 0,
    "amber": 1,
    "green": 2,
    "blue": 3,
    "white": 4,
    BUZZER: 5,
}
ALL_RELAYS = 0x00FF  # Waveshare: write 0000/FF00 here to switch every relay off/on
FLASH_ON = 0x0200  # Waveshare: + relay number; value = on-time in 100 ms
# Write lit outputs first (most important signal first), then the ones going dark.
PRIORITY = ("red", "amber", "blue", "white", "green", BUZZER)


class RelayTower:
    name = "modbus-rtu"

    def __init__(
        self,
        unit: int = 1,
        coils: Mapping[str, int] = DEFAULT_COILS,
        board: str = "waveshare",
        lease_s: float = 0.0,
    ) -> None:
        if lease_s and board != "waveshare":
            raise ValueError("a lease needs a board with timed (flash) commands")
        self.unit = unit
        self.coils = dict(coils)
        self.board = board
        self.lease_s = lease_s
        addresses = sorted(self.coils.values())
        self._block = (
            addresses[0] if addresses == list(range(addresses[0], addresses[-1] + 1)) else None
        )
        self.caps = Capabilities(
            lamps=frozenset(Lamp(k) for k in self.coils if k != BUZZER),
            buzzer=BUZZER in self.coils,
            blinks=False,
            buzzer_patterns=False,
            answers=True,
        )

    @property
    def refresh_s(self) -> float | None:
        """How often a lease must be renewed (a third of it), or None without a lease."""
        return self.lease_s / 3 if self.lease_s else None

    # ---- encoding --------------------------------------------------------------------
    def encode(self, target: Outputs, current: Outputs | None) -> list[Request]:
        """Frames that take the relays from `current` (None: unknown) to `target`."""
        want = self._relays(target)
        had = self._relays(current) if current is not None else {}
        changed = {name: on for name, on in want.items() if had.get(name) != on}
        if not changed:
            return []
        if (
            current is None
            and self._block is not None
            and not self.lease_s
            and set(want) == set(self.coils)
        ):
            return [self._write_block(want)]
        return [self._write_one(name, changed[name]) for name in _ordered(changed)]

    def heartbeat(self, current: Outputs) -> list[Request]:
        """Periodic frames. With a lease: renew it for the lit relays (a board that restarted
        has every relay off already). Without: re-assert the whole state, which also puts
        back a board that lost power."""
        if not self.lease_s:
            return self.encode(current, None)
        lit = {name: True for name, on in self._relays(current).items() if on}
        return [self._write_one(name, True) for name in _ordered(lit)]

    def all_off(self) -> list[Request]:
        if self.board == "waveshare":
            pdu = WriteSingleCoilRequest(address=ALL_RELAYS, bits=[False], dev_id=self.unit)
            return [Request(modbus.frame(pdu), "all relays off")]
        off = Outputs({Lamp(k): LampMode.OFF for k in self.coils if k != BUZZER}, Buzzer.OFF)
        return self.encode(off, None)

    def _relays(self, outputs: Outputs) -> dict[str, bool]:
        relays = {lamp.value: mode is not LampMode.OFF for lamp, mode in outputs.lamps.items()}
        if outputs.buzzer is not None:
            relays[BUZZER] = outputs.buzzer is not Buzzer.OFF
        return {name: on for name, on in relays.items() if name in self.coils}

    def _write_one(self, name: str, on: bool) -> Request:
        coil = self.coils[name]
        if on and self.lease_s:
            tenths = max(1, min(0xFFFF, round(self.lease_s * 10)))
            pdu = modbus.TimedCoilRequest(FLASH_ON + coil, tenths, self.unit)
            return Request(modbus.frame(pdu), f"{name} on for {self.lease_s:g} s")
        pdu = WriteSingleCoilRequest(address=coil, bits=[on], dev_id=self.unit)
        return Request(modbus.frame(pdu), f"{name} {'on' if on else 'off'}")

    def _write_block(self, relays: dict[str, bool]) -> Request:
        by_address = {self.coils[name]: on for name, on in relays.items()}
        start = self._block or 0
        bits = [by_address[a] for a in range(start, start + len(by_address))]
        pdu = WriteMultipleCoilsRequest(address=start, bits=bits, dev_id=self.unit)
        return Request(modbus.frame(pdu), f"coils {start}-{start + len(bits) - 1}")

    # ---- decoding --------------------------------------------------------------------
    def parse_reply(self, data: bytes, request: Request) -> tuple[Reply | None, int]:
        """The board's answer to `request`: (ACK/NAK, bytes used) or (None, 0) to wait."""
        pdu, used = modbus.decode_response(data, self.unit)
        if pdu is None:
            return None, used
        if modbus.is_exception(pdu):
            return Reply.NAK, used
        sent, _unit, _ = modbus.decode_request(request.frame)
        if not _answers(sent, pdu):
            raise DecodeError(f"answer {data[:used].hex(' ')} does not match {request}")
        return Reply.ACK, used


def _answers(sent: object, got: object) -> bool:
    if isinstance(sent, WriteSingleCoilRequest):
        return isinstance(got, WriteSingleCoilResponse) and got.address == sent.address
    if isinstance(sent, WriteMultipleCoilsRequest):
        return (
            isinstance(got, WriteMultipleCoilsResponse)
            and got.address == sent.address
            and got.count == sent.count
        )
    return False


def _ordered(changed: dict[str, bool]) -> list[str]:
    rank = {name: i for i, name in enumerate(PRIORITY)}
    return sorted(changed, key=lambda n: (not changed[n], rank.get(n, len(rank))))
