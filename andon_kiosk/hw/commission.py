"""Commissioning a tower from the command line: set lamps, run the lamp test.

Synchronous, for a person at a terminal wiring a tower: no worker thread, no reconnect.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import serial

from andon_kiosk.core.light import Buzzer, Lamp, LampMode

from .base import Capabilities, Outputs, Reply
from .line_worker import exchange
from .link import PortSpec, open_port
from .tower_worker import TowerProtocol

STATES = {"on": LampMode.ON, "off": LampMode.OFF, "blink": LampMode.BLINK}
BUZZER_STATES = {"on": Buzzer.CONTINUOUS, "off": Buzzer.OFF, "blink": Buzzer.PULSE}
OUTPUTS = [lamp.value for lamp in Lamp] + ["buzzer"]


class UsageError(ValueError):
    pass


def parse_settings(items: list[str], caps: Capabilities) -> Outputs:
    """`["red=on", "buzzer=blink"]` → the outputs to set; the rest are left as they are."""
    lamps: dict[Lamp, LampMode] = {}
    buzzer: Buzzer | None = None
    for item in items:
        name, sep, state = item.partition("=")
        name, state = name.strip().lower(), state.strip().lower()
        if not sep or name not in OUTPUTS or state not in STATES:
            raise UsageError(
                f"{item!r}: write LAMP=STATE, LAMP one of {', '.join(OUTPUTS)}, "
                "STATE one of on, off, blink"
            )
        if name == "buzzer":
            if not caps.buzzer:
                raise UsageError("this tower has no buzzer output")
            if state == "blink" and not caps.buzzer_patterns:
                raise UsageError(
                    "this tower cannot pulse its buzzer by itself (the kiosk "
                    "times it); use buzzer=on"
                )
            buzzer = BUZZER_STATES[state]
            continue
        lamp = Lamp(name)
        if lamp not in caps.lamps:
            raise UsageError(f"this tower has no {name} lamp")
        if state == "blink" and not caps.blinks:
            raise UsageError(
                f"this tower cannot blink by itself (the kiosk times it); use {name}=on"
            )
        lamps[lamp] = STATES[state]
    if not lamps and buzzer is None:
        raise UsageError("name at least one LAMP=STATE")
    return Outputs(lamps, buzzer)


@dataclass
class Result:
    frames: list[str]
    confirmed: bool  # False: written to a tower that never answers


@contextmanager
def connected(spec: PortSpec) -> Iterator[serial.SerialBase]:
    port = open_port(spec)
    try:
        yield port
    finally:
        port.close()


def apply(
    port: serial.SerialBase, spec: PortSpec, protocol: TowerProtocol, outputs: Outputs
) -> Result:
    """Send `outputs`; raises LineDown or Refused if the tower does not take them."""
    answers = protocol.caps.answers
    frames = []
    for request in protocol.encode(outputs, None):
        parse = partial(protocol.parse_reply, request=request) if answers else None
        assert exchange(port, request, parse, spec, name="tower") is Reply.ACK
        frames.append(request.frame.hex(" "))
    return Result(frames, answers)


def lamp_test_steps(caps: Capabilities) -> list[tuple[str, Outputs]]:
    """Each lamp alone, then the buzzer alone, then everything off."""
    dark = {lamp: LampMode.OFF for lamp in Lamp if lamp in caps.lamps}
    steps = []
    for lamp in Lamp:
        if lamp in caps.lamps:
            lit = Outputs({**dark, lamp: LampMode.ON}, Buzzer.OFF if caps.buzzer else None)
            steps.append((f"{lamp.value} lamp on", lit))
    if caps.buzzer:
        steps.append(("buzzer on", Outputs(dark, Buzzer.CONTINUOUS)))
    steps.append(("all off", Outputs(dark, Buzzer.OFF if caps.buzzer else None)))
    return steps


def lamp_test(
    port: serial.SerialBase,
    spec: PortSpec,
    protocol: TowerProtocol,
    *,
    step_s: float,
    report: Callable[[int, int, str, Result], None],
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    steps = lamp_test_steps(protocol.caps)
    for index, (label, outputs) in enumerate(steps, start=1):
        result = apply(port, spec, protocol, outputs)
        report(index, len(steps), label, result)
        if index < len(steps):
            sleep(step_s)
