"""The simulated tower in a terminal: one line per change, coloured when the terminal can."""

from __future__ import annotations

from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.hw.base import Outputs

ANSI = {
    Lamp.RED: "31",
    Lamp.AMBER: "33",
    Lamp.GREEN: "32",
    Lamp.BLUE: "34",
    Lamp.WHITE: "37",
}
MARK = {LampMode.ON: "●", LampMode.BLINK: "◉", LampMode.OFF: "○"}


def render(outputs: Outputs, colour: bool) -> str:
    parts = []
    for lamp in Lamp:
        if lamp not in outputs.lamps:
            continue
        mode = outputs.lamps[lamp]
        text = f"{MARK[mode]} {lamp.value}{' (blink)' if mode is LampMode.BLINK else ''}"
        if colour and mode is not LampMode.OFF:
            text = f"\x1b[1;{ANSI[lamp]}m{text}\x1b[0m"
        parts.append(text)
    buzzer = outputs.buzzer or Buzzer.OFF
    parts.append(f"buzzer {buzzer.name.lower()}")
    return "  ".join(parts)
