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
    """What one situation lights: its lamps (the first is its colour on screens), blinking or
    not, and the buzzer. `Signal(Lamp.RED)` and `Signal((Lamp.RED, Lamp.AMBER))` both work."""

    lamps: tuple[Lamp, ...] = ()
    buzzer: Buzzer = Buzzer.OFF
    blink: bool = False  # always blink, escalated or not

    def __post_init__(self) -> None:
        lamps = self.lamps
        if lamps is None:
            lamps = ()
        elif isinstance(lamps, Lamp):
            lamps = (lamps,)
        object.__setattr__(self, "lamps", tuple(Lamp(lamp) for lamp in lamps))

    @property
    def lamp(self) -> Lamp | None:
        """The signal's colour: its first lamp (None: it lights nothing)."""
        return self.lamps[0] if self.lamps else None


class Situation(IntEnum):
    """What one open ticket means for the line, most urgent first: the order of every ticket
    list and the colour of every card, tile and stripe derive from it and the policy."""

    SAFETY = 0
    UNACKNOWLEDGED_STOP = 1
    STOP_IN_PROGRESS = 2
    CALL = 3
    RUNNING = 4  # contained or later, or no ticket: the line runs


def situation(ticket: Ticket) -> Situation:
    if not ticket.state.line_stopped:
        return Situation.RUNNING
    if ticket.safety:
        return Situation.SAFETY
    if not ticket.stops_line:
        return Situation.CALL
    if ticket.state is TicketState.RAISED:
        return Situation.UNACKNOWLEDGED_STOP
    return Situation.STOP_IN_PROGRESS


@dataclass(frozen=True)
class LightPolicy:
    """Which signal each situation gives. Defaults follow the issue and IEC 60073.

    `fault` is what the tower shows when the kiosk cannot trust its own store: it cannot
    record a stop, so it must never show "running" (default red + amber blinking)."""

    unacknowledged_stop: Signal = Signal(Lamp.RED, Buzzer.PULSE)
    stop_in_progress: Signal = Signal(Lamp.AMBER)
    call: Signal = Signal(Lamp.BLUE)
    running: Signal = Signal(Lamp.GREEN)
    fault: Signal = Signal((Lamp.RED, Lamp.AMBER), blink=True)
    safety: Signal = Signal(Lamp.RED, Buzzer.CONTINUOUS, blink=True)
    blink_when_escalated: bool = True
    escalated_buzzer: Buzzer = Buzzer.CONTINUOUS

    def signal(self, s: Situation) -> Signal:
        return {
            Situation.SAFETY: self.safety,
            Situation.UNACKNOWLEDGED_STOP: self.unacknowledged_stop,
            Situation.STOP_IN_PROGRESS: self.stop_in_progress,
            Situation.CALL: self.call,
            Situation.RUNNING: self.running,
        }[s]

    def tone(self, s: Situation) -> Lamp:
        """The colour a situation is shown in on screens: its signal's lamp (the default's
        when a plant's policy lights no lamp for it)."""
        return self.signal(s).lamp or _DEFAULT_TONES[s]


_DEFAULT_TONES = {
    Situation.SAFETY: Lamp.RED,
    Situation.UNACKNOWLEDGED_STOP: Lamp.RED,
    Situation.STOP_IN_PROGRESS: Lamp.AMBER,
    Situation.CALL: Lamp.BLUE,
    Situation.RUNNING: Lamp.GREEN,
}


def worst(tickets: Iterable[Ticket]) -> Situation:
    """The most urgent situation among `tickets` (RUNNING when there is none)."""
    return min((situation(t) for t in tickets), default=Situation.RUNNING)


@dataclass(frozen=True)
class Health:
    """What is wrong with the kiosk itself; any fault shows the policy's fault pattern and
    takes "running" off the tower."""

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

    def show(signal: Signal, escalated: bool = False) -> None:
        nonlocal buzzer
        blink = signal.blink or (escalated and policy.blink_when_escalated)
        mode = LampMode.BLINK if blink else LampMode.ON
        for lamp in signal.lamps:
            lamps[lamp] = max(lamps.get(lamp, LampMode.OFF), mode)
        buzzer = max(buzzer, signal.buzzer)

    line_down = False
    for ticket in tickets:
        s = situation(ticket)
        if s is Situation.RUNNING:
            continue  # contained or later: the line runs again
        escalated = levels.get(ticket.id, 0) >= 1
        show(policy.signal(s), escalated)
        line_down = line_down or s is not Situation.CALL
        if s is Situation.UNACKNOWLEDGED_STOP and escalated:
            buzzer = max(buzzer, policy.escalated_buzzer)
    if not health.ok:
        show(policy.fault)  # never "running" while the kiosk cannot know
    elif not line_down:
        show(policy.running)
    return LightState(lamps, buzzer)


DARK = LightState({})
