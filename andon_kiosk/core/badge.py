"""Telling a keyboard-wedge badge reader from a person typing.

A wedge reader "types" the badge number in a fast burst followed by Enter; a person's fingers
are an order of magnitude slower. The decoder sees key presses with their times and reports a
badge id only for a burst that is long enough and fast enough, so a PIN typed on a USB
keyboard never signs anyone in by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WedgeDecoder:
    max_gap_s: float = 0.05
    min_length: int = 6
    max_length: int = 32
    _chars: list[str] = field(default_factory=list)
    _last_t: float | None = None

    def feed(self, text: str, t: float) -> str | None:
        """Feed one key press (`"\\r"`/`"\\n"` for Enter); returns a badge id when one ends."""
        gap_ok = self._last_t is not None and t - self._last_t <= self.max_gap_s
        self._last_t = t
        if text in ("\r", "\n"):
            badge = "".join(self._chars)
            complete = gap_ok and self.min_length <= len(badge) <= self.max_length
            self.reset()
            return badge if complete else None
        if not (len(text) == 1 and text.isprintable() and not text.isspace()):
            self.reset()
            return None
        if not gap_ok:
            self._chars = []
        self._chars.append(text)
        if len(self._chars) > self.max_length:
            self.reset()
        return None

    def reset(self) -> None:
        self._chars = []
