"""What a loaded configuration is (`StationConfig`), and the error a bad file gives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from andon_kiosk.core.accounts import SignInPolicy, User
from andon_kiosk.core.escalation import EscalationPolicy
from andon_kiosk.core.light import LightPolicy
from andon_kiosk.core.notices import Channel, Roster
from andon_kiosk.core.phrases import PhraseBook, default_phrases
from andon_kiosk.core.products import DEFAULT_PRODUCTS, Product
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
class LightDevice:
    protocol: str = "none"  # none | simulated | modbus-rtu | patlite-pns | usb-tower
    port: str = ""
    baudrate: int = 9600
    unit: int = 1
    board: str = "waveshare"
    lease_s: float = 0.0
    coils: tuple[tuple[str, int], ...] = (
        ("red", 0),
        ("amber", 1),
        ("green", 2),
        ("blue", 3),
        ("white", 4),
        ("buzzer", 5),
    )
    reply_timeout_s: float = 0.3
    heartbeat_s: float = 0.5
    blink_s: float = 1.0


@dataclass(frozen=True)
class CounterDevice:
    protocol: str = "none"  # none | simulated | modbus-rtu
    port: str = ""
    baudrate: int = 9600
    unit: int = 2
    address: int = 0
    function: int = 3
    word_order: str = "big"
    poll_s: float = 1.0
    max_step: int = 10_000
    reply_timeout_s: float = 0.3
    parts_per_minute: float = 2.0


@dataclass(frozen=True)
class BadgeDevice:
    protocol: str = "none"  # none | simulated | rdm6300
    port: str = ""
    baudrate: int = 9600
    id_format: str = "decimal10"
    repeat_s: float = 2.0


@dataclass(frozen=True)
class Devices:
    light: LightDevice = LightDevice()
    counter: CounterDevice = CounterDevice()
    badge: BadgeDevice = BadgeDevice()

    @classmethod
    def none(cls) -> Devices:
        """No devices at all: the screen shows the light policy's state directly."""
        return cls(LightDevice("none"), CounterDevice("none"), BadgeDevice("none"))

    @classmethod
    def simulated(cls) -> Devices:
        """`--demo`: a simulated tower and part counter, driven like real ones (a station
        file only gets these by asking: a simulated counter makes parts)."""
        return cls(LightDevice("simulated"), CounterDevice("simulated"), BadgeDevice("none"))


class Secret:
    """A password: readable by the code that connects, never by a log line or a repr."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class SharedConfig:
    """The plant's shared PostgreSQL; `url` never holds the password."""

    url: str
    password: Secret | None = None
    connect_timeout_s: float = 3.0
    operation_timeout_s: float = 10.0
    batch_size: int = 500
    poll_s: float = 2.0
    max_clock_ahead_s: float = 300.0
    admin_station: bool = False  # sends its users' changes to the plant


@dataclass(frozen=True)
class NotifyConfig:
    """Who is told on which channels (core/notices.py); `sender`: auto | station | off."""

    roster: Roster = field(default_factory=Roster)
    channels: Mapping[str, Channel] = field(default_factory=dict)
    sender: str = "auto"
    mqtt: MqttConfig | None = None  # the plant service publishes line states here


@dataclass(frozen=True)
class MqttConfig:
    host: str
    port: int = 1883
    prefix: str = "plant/site/area"
    username: str = ""
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class DisplayConfig:
    """The screen as a person reads it: its size (None: as the screen reports it) and from
    how far away its figures are read."""

    inches: float | None = None
    reading_distance_m: float = 3.0
    page_s: float = 10.0


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
    devices: Devices = Devices()
    products: tuple[Product, ...] = DEFAULT_PRODUCTS
    kind: str = "line"  # line | maintenance | board
    lines: tuple[str, ...] = ()  # maintenance / board: the lines it sees; () = whole plant
    shared: SharedConfig | None = None
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    phrases: PhraseBook = field(default_factory=default_phrases)
    display: DisplayConfig = DisplayConfig()

    def product(self, key: str) -> Product | None:
        return next((p for p in self.products if p.key == key), None)

    @property
    def zone(self) -> ZoneInfo | None:
        """The station's time zone (None: the machine's own)."""
        return ZoneInfo(self.timezone) if self.timezone else None

    def local_time(self, t: float) -> datetime:
        """`t` as the station's wall clock shows it (aware, in the station's zone)."""
        zone = self.zone
        moment = datetime.fromtimestamp(t, tz=zone)
        return moment if zone else moment.astimezone()

    @property
    def scope(self) -> tuple[str, ...] | None:
        """The lines this station sees and acts on; None means every line of the plant."""
        if self.kind == "line":
            return (self.line,)
        return self.lines or None
