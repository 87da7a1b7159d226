"""What a loaded configuration is (`StationConfig`), and the error a bad file gives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from andon_kiosk.core.accounts import SignInPolicy, User
from andon_kiosk.core.escalation import EscalationPolicy
from andon_kiosk.core.light import LightPolicy
from andon_kiosk.core.reasons import ReasonTree
from andon_kiosk.core.shifts import ShiftCalendar

EMBEDDED = "<embedded defaults>"


class ConfigError(ValueError):
    """A configuration problem, worded for the plant engineer who edits the file."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key = source, key
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class BootstrapUser:
    """A user the config creates on first start (existing users are never overwritten)."""

    user: User
    pin: str = ""
    pin_hash: str = ""


@dataclass(frozen=True)
class StationConfig:
    source: str
    line: str
    line_name: str
    station: str
    language: str
    fullscreen: bool
    timezone: str
    store_path: Path | None
    reasons: ReasonTree
    escalation: EscalationPolicy
    light: LightPolicy
    sign_in: SignInPolicy
    shifts: ShiftCalendar
    users: tuple[BootstrapUser, ...] = ()
