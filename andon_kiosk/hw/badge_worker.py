"""Reads an RDM6300 badge reader: one sign-in per card presented, however long it is held."""

from __future__ import annotations

import logging
from typing import Any, Protocol

import serial

from . import rdm6300
from .base import DecodeError
from .line_worker import LINE_ERRORS, LineDown, LineWorker
from .link import PortSpec

log = logging.getLogger(__name__)


class BadgeListener(Protocol):
    def badge_read(self, badge: str) -> None: ...
    def badge_status(self, online: bool, detail: str) -> None: ...


# How long one read waits for a card: long enough not to spin while nobody badges, short
# enough that stopping the kiosk is not held up.
READ_WAIT_S = 0.25


class BadgeWorker(LineWorker):
    name = "badge reader"

    def __init__(
        self,
        spec: PortSpec,
        listener: BadgeListener,
        *,
        id_format: str = "decimal10",
        repeat_s: float = 2.0,
        **line: Any,
    ) -> None:
        super().__init__(spec, listener.badge_status, **line)
        self.listener, self.id_format = listener, id_format
        self.debounce = rdm6300.Debouncer(repeat_s)

    def _drive(self, port: serial.SerialBase) -> None:
        # A reader says nothing until a card comes: an open port is all "online" can mean.
        self._status(True, f"listening on {self.spec.describe()}")
        port.timeout = READ_WAIT_S
        buffer = b""
        while not self._stopping:
            try:
                buffer += port.read(max(1, port.in_waiting))
            except LINE_ERRORS as exc:
                raise LineDown(f"line to the badge reader failed: {exc}") from exc
            frames, buffer, dropped = rdm6300.split(buffer)
            if dropped:
                log.debug("badge reader: skipped %d bytes of line noise", dropped)
            for frame in frames:
                try:
                    tag = rdm6300.decode_frame(frame)
                except DecodeError as exc:
                    log.warning("badge reader: garbled frame skipped: %s", exc)
                    continue
                badge = rdm6300.badge_id(tag, self.id_format)
                if self.debounce.accept(badge, self._clock()):
                    self.listener.badge_read(badge)
