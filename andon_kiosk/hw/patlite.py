"""The Patlite PNS protocol (LA6-POE and other network towers), over TCP port 10000.

Operation control: 'A' 'B' 'S' 00, a 2-byte big-endian data length (6), then one byte each for
red, amber, green, blue, white and the buzzer: 0 off, 1 on, 2-4 blink patterns (buzzer 1-4
patterns), 9 unchanged. The tower answers ACK 06 or NAK 15. It blinks and pulses by itself.
"""

from __future__ import annotations

from andon_kiosk.core.light import Buzzer, Lamp, LampMode

from .base import Capabilities, DecodeError, Outputs, Reply, Request

HEADER = b"ABS\x00"
LENGTH = 6
FRAME = len(HEADER) + 2 + LENGTH
ACK, NAK = 0x06, 0x15
UNCHANGED = 9
ORDER = (Lamp.RED, Lamp.AMBER, Lamp.GREEN, Lamp.BLUE, Lamp.WHITE)
LAMP_CODE = {LampMode.OFF: 0, LampMode.ON: 1, LampMode.BLINK: 2}
BUZZER_CODE = {Buzzer.OFF: 0, Buzzer.CONTINUOUS: 1, Buzzer.PULSE: 2}


class PatlitePns:
    name = "patlite-pns"
    refresh_s = None
    caps = Capabilities(
        lamps=frozenset(ORDER), buzzer=True, blinks=True, buzzer_patterns=True, answers=True
    )

    def encode(self, target: Outputs, current: Outputs | None) -> list[Request]:
        if current is not None and target == current:
            return []
        return [command(target)]

    def heartbeat(self, current: Outputs) -> list[Request]:
        return [command(current)]

    def all_off(self) -> list[Request]:
        return [command(Outputs(dict.fromkeys(ORDER, LampMode.OFF), Buzzer.OFF))]

    def parse_reply(self, data: bytes, request: Request) -> tuple[Reply | None, int]:
        """ACK or NAK, one byte; anything before it is line noise, reported as bytes to drop.

        Our own frame coming back (a loopback, an adapter that echoes) is not an answer: its
        length field holds 0x06, the ACK byte, and was once taken for the tower's ACK."""
        frame = request.frame
        if data[: len(frame)] == frame[: len(data)]:
            return None, len(frame) if len(data) >= len(frame) else 0  # (part of) the echo
        for index, byte in enumerate(data):
            if byte in (ACK, NAK):
                if index:
                    return None, index
                return (Reply.ACK if byte == ACK else Reply.NAK), 1
        return None, len(data)


def command(outputs: Outputs) -> Request:
    codes = [
        LAMP_CODE[outputs.lamps[lamp]] if lamp in outputs.lamps else UNCHANGED for lamp in ORDER
    ]
    codes.append(BUZZER_CODE[outputs.buzzer] if outputs.buzzer is not None else UNCHANGED)
    label = " ".join(f"{lamp.value}={c}" for lamp, c in zip(ORDER, codes, strict=False))
    return Request(HEADER + LENGTH.to_bytes(2, "big") + bytes(codes), f"{label} buzzer={codes[-1]}")


def decode_command(data: bytes) -> tuple[Outputs | None, int]:
    """Tower side (simulator): the first operation-control command in `data` and bytes used.

    (None, 0) waits for more bytes; anything that is not such a command raises DecodeError.
    """
    if len(data) < len(HEADER):
        if not HEADER.startswith(data):
            raise DecodeError(f"not a PNS command: {data.hex(' ')}")
        return None, 0
    if data[: len(HEADER)] != HEADER:
        raise DecodeError(f"not a PNS operation command: {data[:8].hex(' ')}")
    if len(data) < len(HEADER) + 2:
        return None, 0
    length = int.from_bytes(data[4:6], "big")
    if length != LENGTH:
        raise DecodeError(f"PNS data length {length}, expected {LENGTH}")
    if len(data) < FRAME:
        return None, 0
    codes = data[6:FRAME]
    lamps = {}
    for lamp, code in zip(ORDER, codes[:5], strict=True):
        if code == UNCHANGED:
            continue
        if code > 4:
            raise DecodeError(f"PNS {lamp.value} value {code} is not 0-4 or 9")
        lamps[lamp] = LampMode.OFF if code == 0 else LampMode.ON if code == 1 else LampMode.BLINK
    code = codes[5]
    if code == UNCHANGED:
        buzzer = None
    elif code > 4:
        raise DecodeError(f"PNS buzzer value {code} is not 0-4 or 9")
    else:
        buzzer = Buzzer.OFF if code == 0 else Buzzer.CONTINUOUS if code == 1 else Buzzer.PULSE
    return Outputs(lamps, buzzer), FRAME
