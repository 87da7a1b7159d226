"""The RDM6300 125 kHz badge reader: 02, ten hex characters, two hex checksum characters, 03.

The ten characters are a version byte and a 4-byte card number; the checksum is the XOR of
those five bytes. While a card is held to the reader it repeats the frame several times a
second: `Debouncer` lets one read through and swallows the repeats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import DecodeError

STX, ETX = 0x02, 0x03
FRAME = 14
HEX = frozenset(b"0123456789ABCDEFabcdef")


def decode_frame(frame: bytes) -> str:
    """The 10-character tag (upper-case hex) in one 14-byte frame; DecodeError if invalid."""
    if len(frame) != FRAME or frame[0] != STX or frame[-1] != ETX:
        raise DecodeError(f"not an RDM6300 frame: {frame[:16].hex(' ')}")
    body = frame[1:13]
    if not set(body) <= HEX:
        raise DecodeError(f"RDM6300 frame with non-hex characters: {body!r}")
    data = bytes.fromhex(body.decode("ascii"))
    check = 0
    for byte in data[:5]:
        check ^= byte
    if check != data[5]:
        raise DecodeError(f"RDM6300 checksum {data[5]:02X} does not match {check:02X}")
    return body[:10].decode("ascii").upper()


def encode_frame(tag: str) -> bytes:
    """The frame a reader sends for `tag` (10 hex characters) — simulators and tests."""
    data = bytes.fromhex(tag)
    if len(data) != 5:
        raise ValueError("an RDM6300 tag is 10 hex characters")
    check = 0
    for byte in data:
        check ^= byte
    return bytes([STX]) + tag.upper().encode("ascii") + f"{check:02X}".encode() + bytes([ETX])


def split(buffer: bytes) -> tuple[list[bytes], bytes, int]:
    """Cut complete frames out of a byte stream: (frames, bytes kept for later, bytes dropped).

    Bytes before a start byte are noise and dropped; a start byte without its end byte where
    it should be is dropped too, so one garbled frame never swallows the next good one.
    """
    frames, dropped = [], 0
    while buffer:
        start = buffer.find(STX)
        if start < 0:
            return frames, b"", dropped + len(buffer)
        dropped += start
        buffer = buffer[start:]
        if len(buffer) < FRAME:
            return frames, buffer, dropped
        if buffer[FRAME - 1] == ETX:
            frames.append(buffer[:FRAME])
            buffer = buffer[FRAME:]
        else:
            dropped += 1
            buffer = buffer[1:]
    return frames, b"", dropped


def badge_id(tag: str, fmt: str = "decimal10") -> str:
    """The badge id the kiosk's users table holds: by default the 10-digit decimal card number
    printed on most cards (what keyboard-wedge readers type), else the raw 10 hex characters."""
    if fmt == "hex10":
        return tag
    return f"{int(tag[2:], 16):010d}"


@dataclass
class Debouncer:
    repeat_s: float = 2.0
    _last_seen: dict[str, float] = field(default_factory=dict)

    def accept(self, badge: str, t: float) -> bool:
        """True for a new read; False for the reader repeating a card that is still there."""
        previous = self._last_seen.get(badge)
        self._last_seen[badge] = t
        return previous is None or t - previous > self.repeat_s
