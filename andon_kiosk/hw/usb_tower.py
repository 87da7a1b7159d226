"""A single-byte USB-serial signal tower (red, amber, green and a buzzer).

Each byte is a command: high nibble the action (1 on, 2 off, 4 blink), low nibble the outputs
it applies to (1 red, 2 amber, 4 green, 8 buzzer; combinations allowed). The tower never
answers, so a completed write is all the confirmation there is. It has no blue or white
lamp; a buzzer "blink" is its pulsing pattern.
"""

from __future__ import annotations

from andon_kiosk.core.light import Buzzer, Lamp, LampMode

from .base import Capabilities, DecodeError, Outputs, Reply, Request

ON, OFF, BLINK = 0x10, 0x20, 0x40
BITS = {Lamp.RED: 0x1, Lamp.AMBER: 0x2, Lamp.GREEN: 0x4}
BUZZER_BIT = 0x8
ACTION = {LampMode.ON: ON, LampMode.OFF: OFF, LampMode.BLINK: BLINK}
BUZZER_ACTION = {Buzzer.CONTINUOUS: ON, Buzzer.OFF: OFF, Buzzer.PULSE: BLINK}


class UsbTower:
    name = "usb-tower"
    refresh_s = None
    caps = Capabilities(
        lamps=frozenset(BITS), buzzer=True, blinks=True, buzzer_patterns=True, answers=False
    )

    def encode(self, target: Outputs, current: Outputs | None) -> list[Request]:
        masks = {ON: 0, OFF: 0, BLINK: 0}
        for lamp, mode in target.lamps.items():
            if lamp in BITS and (current is None or current.lamps.get(lamp) != mode):
                masks[ACTION[mode]] |= BITS[lamp]
        if target.buzzer is not None and (current is None or current.buzzer != target.buzzer):
            masks[BUZZER_ACTION[target.buzzer]] |= BUZZER_BIT
        # Lit first: the most important change reaches the tower first.
        return [
            Request(bytes([action | mask]), f"{_NAMES[action]} {mask:#x}")
            for action, mask in masks.items()
            if mask
        ]

    def heartbeat(self, current: Outputs) -> list[Request]:
        return self.encode(current, None)

    def all_off(self) -> list[Request]:
        return [Request(bytes([OFF | 0xF]), "all off")]

    def parse_reply(self, data: bytes, request: Request) -> tuple[Reply | None, int]:
        raise DecodeError(f"the USB tower never answers, got {data[:8].hex(' ')}")


_NAMES = {ON: "on", OFF: "off", BLINK: "blink"}


def decode_command(byte: int) -> tuple[int, frozenset[str]]:
    """Tower side (simulator): (action, outputs) of one command byte; DecodeError if invalid."""
    action, mask = byte & 0xF0, byte & 0x0F
    if action not in _NAMES or not mask:
        raise DecodeError(f"not a USB tower command: {byte:#04x}")
    names = {lamp.value for lamp, bit in BITS.items() if mask & bit}
    if mask & BUZZER_BIT:
        names.add("buzzer")
    return action, frozenset(names)
