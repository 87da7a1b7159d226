"""The andon light policy: open tickets + escalation + kiosk health → lamps and buzzer.

The stack light is the andon's main output (everyone on the floor reads it from a distance),
so this is a pure function with a configurable table, tested on its own. Lamps are decided
independently, so a tower can show red (a new stop) and amber (another one being worked on)
at the same time. Colours follow IEC 60073: red stop, amber attention, green normal, blue
call, white information.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from types import MappingProxyType

from .tickets import Ticket, TicketState


class Lamp(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    WHITE = "white"


class LampMode(IntEnum):
    """Ordered by urgency, so combining two rules for one lamp keeps the louder one."""

    OFF = 0
    ON = 1
    BLINK = 2


class Buzzer(IntEnum):
    OFF = 0
    PULSE = 1  # intermittent beeping
    CONTINUOUS = 2


@dataclass(frozen=True)
class LightState:
    lamps: Mapping[Lamp, LampMode]
    buzzer: Buzzer = Buzzer.OFF

    def __post_init__(self) -> None:
        full = {lamp: LampMode(self.lamps.get(lamp, LampMode.OFF)) for lamp in Lamp}
        object.__setattr__(self, "lamps", MappingProxyType(full))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LightState):
            return NotImplemented
        return dict(self.lamps) == dict(other.lamps) and self.buzzer == other.buzzer

    def __hash__(self) -> int:
        return hash((tuple(self.lamps.items()), self.buzzer))

    def mode(self, lamp: Lamp) -> LampMode:
        return self.lamps[lamp]

    def describe(self) -> str:
        lit = [f"{lamp.value}:{mode.name.lower()}" for lamp, mode in self.lamps.items() if mode]
        return " ".join(lit or ["dark"]) + f" buzzer:{self.buzzer.name.lower()}"


@dataclass(frozen=True, slots=True)
class Signal:
    lamp: Lamp | None
    buzzer: Buzzer = Buzzer.OFF
    blink: bool = False  # always blink, escalated or not


@dataclass(frozen=True)
class LightPolicy:
    """Which signal each situation gives. Defaults follow the issue and IEC 60073."""

    unacknowledged_stop: Signal = Signal(Lamp.RED, Buzzer.PULSE)
    stop_in_progress: Signal = Signal(Lamp.AMBER)
    call: Signal = Signal(Lamp.BLUE)
    running: Signal = Signal(Lamp.GREEN)
    fault: Signal = Signal(Lamp.WHITE)
    safety: Signal = Signal(Lamp.RED, Buzzer.CONTINUOUS, blink=True)
    blink_when_escalated: bool = True
    escalated_buzzer: Buzzer = Buzzer.CONTINUOUS


@dataclass(frozen=True)
class Health:
    """What is wrong with the kiosk itself; any fault lights the fault lamp."""

    faults: frozenset[str] = field(default_factory=frozenset)

    @property
    def ok(self) -> bool:
        return not self.faults


def light_for(
    tickets: Iterable[Ticket],
    levels: Mapping[str, int],
    health: Health,
    policy: LightPolicy | None = None,
) -> LightState:
    """The tower pattern for the open tickets; `levels` maps ticket id → escalation level."""
    policy = policy or LightPolicy()
    lamps: dict[Lamp, LampMode] = {}
    buzzer = Buzzer.OFF
    line_down = False

    def show(signal: Signal, escalated: bool = False) -> None:
        nonlocal buzzer
        if signal.lamp is not None:
            blink = signal.blink or (escalated and policy.blink_when_escalated)
            mode = LampMode.BLINK if blink else LampMode.ON
            lamps[signal.lamp] = max(lamps.get(signal.lamp, LampMode.OFF), mode)
        buzzer = max(buzzer, signal.buzzer)

    for ticket in tickets:
        if not ticket.state.line_stopped:
            continue  # contained or later: the line runs again
        escalated = levels.get(ticket.id, 0) >= 1
        if ticket.safety:
            line_down = True
            show(policy.safety, escalated)
        elif not ticket.stops_line:
            show(policy.call, escalated)
        elif ticket.state is TicketState.RAISED:
            line_down = True
            show(policy.unacknowledged_stop, escalated)
            if escalated:
                buzzer = max(buzzer, policy.escalated_buzzer)
        else:
            line_down = True
            show(policy.stop_in_progress, escalated)
    if not line_down:
        show(policy.running)
    if not health.ok:
        show(policy.fault)
    return LightState(lamps, buzzer)


DARK = LightState({})
