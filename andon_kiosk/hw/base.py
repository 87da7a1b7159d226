"""What every device protocol shares: outputs to show, requests on the wire, replies, errors.

Protocols are pure: they turn wanted outputs into bytes and bytes into replies, and know
nothing of ports, threads or time. The workers in this package do the I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from andon_kiosk.core.light import Buzzer, Lamp, LampMode, LightState


class DecodeError(ValueError):
    """Bytes that are not a valid frame of the protocol. Logged and skipped, never fatal."""


class Reply(Enum):
    ACK = "ack"
    NAK = "nak"


@dataclass(frozen=True)
class Outputs:
    """What a tower should show. A lamp missing from `lamps` (or `buzzer` None) is left as it
    is on the device: `hw set red=on` touches nothing else."""

    lamps: Mapping[Lamp, LampMode] = field(default_factory=dict)
    buzzer: Buzzer | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "lamps", MappingProxyType(dict(self.lamps)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outputs):
            return NotImplemented
        return dict(self.lamps) == dict(other.lamps) and self.buzzer == other.buzzer

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.lamps.items())), self.buzzer))

    @classmethod
    def of(cls, state: LightState) -> Outputs:
        return cls(dict(state.lamps), state.buzzer)

    @property
    def complete(self) -> bool:
        return set(self.lamps) == set(Lamp) and self.buzzer is not None


@dataclass(frozen=True)
class Request:
    """One frame to send, and how its answer is recognised (None: the device never answers)."""

    frame: bytes
    label: str = ""  # for logs: "red on", "coils 0-5"

    def __repr__(self) -> str:
        return f"Request({self.label or ''} {self.frame.hex(' ')})"


@dataclass(frozen=True)
class Capabilities:
    """What a tower can do by itself; the worker times whatever it cannot."""

    lamps: frozenset[Lamp]
    buzzer: bool
    blinks: bool  # the device blinks lamps itself
    buzzer_patterns: bool  # the device pulses the buzzer itself
    answers: bool  # the device acknowledges each frame


def render(state: Outputs, caps: Capabilities, phase_on: bool) -> Outputs:
    """The outputs to send at this moment: blinking and pulsing the device cannot do itself
    become on/off by the worker's blink phase; lamps the tower lacks are dropped."""
    timed = LampMode.ON if phase_on else LampMode.OFF
    lamps = {
        lamp: timed if mode is LampMode.BLINK and not caps.blinks else mode
        for lamp, mode in state.lamps.items()
        if lamp in caps.lamps
    }
    buzzer = state.buzzer if caps.buzzer else None
    if buzzer is Buzzer.PULSE and not caps.buzzer_patterns:
        buzzer = Buzzer.CONTINUOUS if phase_on else Buzzer.OFF
    return Outputs(lamps, buzzer)


def needs_timing(state: Outputs, caps: Capabilities) -> bool:
    """Whether the worker must keep re-rendering `state` on the blink phase."""
    timed_lamps = not caps.blinks and any(m is LampMode.BLINK for m in state.lamps.values())
    timed_buzzer = not caps.buzzer_patterns and state.buzzer is Buzzer.PULSE
    return timed_lamps or timed_buzzer
