"""Modbus RTU framing for our devices, through pymodbus (frames, CRC and PDUs are its code).

`frame(pdu)` builds an RTU frame; `decode_response(data)` finds the first valid response frame
in received bytes. Both are pure: no port, no client object, no event loop.
"""

from __future__ import annotations

import struct

from pymodbus.exceptions import ModbusException
from pymodbus.framer import FramerRTU
from pymodbus.pdu import DecodePDU, ExceptionResponse, ModbusPDU
from pymodbus.pdu.bit_message import WriteSingleCoilRequest

from .base import DecodeError

_CLIENT = FramerRTU(DecodePDU(is_server=False))
_SERVER = FramerRTU(DecodePDU(is_server=True))


class TimedCoilRequest(WriteSingleCoilRequest):
    """Function 05 with a delay instead of FF00/0000: the relay board's "flash" commands.

    On Waveshare-type boards, address 0x0200 + n switches relay n on for `delay` × 100 ms and
    then off by itself (0x0400 + n: off for that time, then on). Used as a lease: a kiosk that
    dies stops refreshing it, and the tower goes dark instead of showing a stale green.
    """

    def __init__(self, address: int, delay: int, dev_id: int) -> None:
        super().__init__(address=address, bits=[True], dev_id=dev_id)
        self.delay = delay

    def encode(self) -> bytes:
        return struct.pack(">HH", self.address, self.delay)


def frame(pdu: ModbusPDU) -> bytes:
    return _CLIENT.buildFrame(pdu)


def decode_response(data: bytes, unit: int) -> tuple[ModbusPDU | None, int]:
    """The first response frame from `unit` in `data`, and the bytes used up to its end.

    (None, n) means "no complete frame yet": wait for more bytes; the first n are noise and may
    be dropped. Raises DecodeError for a frame that checks but is wrong: an unknown function,
    another unit answering.
    """
    pdu, unit_seen, used = _decode(_CLIENT, data)
    if pdu is not None and unit_seen != unit:
        raise DecodeError(f"answer from unit {unit_seen}, expected unit {unit}")
    return pdu, used


def decode_request(data: bytes) -> tuple[ModbusPDU | None, int, int]:
    """Device side (simulators): the first request in `data`, its unit and the bytes used."""
    return _decode(_SERVER, data)


def _decode(framer: FramerRTU, data: bytes) -> tuple[ModbusPDU | None, int, int]:
    """Hunt for the first frame whose CRC checks, the way an RTU master recovers from noise.

    RTU has no delimiter: noise followed by a frame can look like the start of a longer one.
    So a candidate that is still incomplete only means "wait" if no complete, valid frame
    starts after it.
    """
    decoder = framer.decoder
    waiting_from: int | None = None
    for start in range(len(data) - FramerRTU.MIN_SIZE + 1):
        chunk = data[start:]
        cls = decoder.lookupPduClass(chunk)
        if cls is None:
            continue  # no function code here: noise before a frame
        try:
            size = cls.calculateRtuFrameSize(chunk)
        except ModbusException:
            continue
        if not size or len(chunk) < size:
            waiting_from = start if waiting_from is None else waiting_from
            continue
        body, crc = chunk[: size - 2], chunk[size - 2 : size]
        if not FramerRTU.check_CRC(body, int.from_bytes(crc, "big")):
            continue  # not a frame after all
        try:
            pdu = decoder.decode(body[1:])
        except (ModbusException, struct.error, IndexError, ValueError) as exc:
            raise DecodeError(f"unreadable Modbus PDU {body.hex(' ')}: {exc}") from exc
        if pdu is None:
            raise DecodeError(f"unknown Modbus PDU {body.hex(' ')}")
        if start:
            return None, 0, start  # report the noise first (logged), the frame on the next call
        pdu.dev_id = chunk[0]
        return pdu, chunk[0], size
    if waiting_from is None:  # only noise so far; its last bytes may begin a frame
        waiting_from = max(0, len(data) - FramerRTU.MIN_SIZE + 1)
    return None, 0, waiting_from


def is_exception(pdu: ModbusPDU) -> bool:
    return isinstance(pdu, ExceptionResponse)
