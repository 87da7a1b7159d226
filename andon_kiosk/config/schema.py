"""The TOML file's schema: every section and key, with its type, range and default.

Strict pydantic models: unknown keys, wrong types and out-of-range values are refused here and
worded for the file's editor by `andon_kiosk.config.parse`. Cross-references (a reason's
department, an escalation's category) are checked in `build.py`.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from andon_kiosk.core import limits, text
from andon_kiosk.core.light import LightPolicy, Signal

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
COLOUR_PATTERN = r"^(#[0-9a-fA-F]{6})?$"
_KEY = KEY_PATTERN


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _plain(value: str) -> str:
    """Names and ids: no control characters or broken characters (core/text.py)."""
    why = text.problem(value, len(value) + 1)
    if why is not None:
        raise ValueError(why)
    return value


class StationSection(Strict):
    line: str = Field("L1", min_length=1, max_length=limits.LINE)
    line_name: str = Field("", max_length=limits.LINE_NAME)
    station: str = Field("L1-1", min_length=1, max_length=limits.STATION)
    kind: Literal["line", "maintenance", "board"] = "line"
    lines: list[str] = []  # maintenance / board: the lines it sees; [] = the whole plant
    language: Literal["en", "zh_CN"] = "zh_CN"
    fullscreen: bool = False
    timezone: str = ""

    _names = field_validator("line", "line_name", "station")(_plain)

    @field_validator("lines")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        for line in value:
            if not line or len(line) > limits.LINE:
                raise ValueError(f"a line id is 1 to {limits.LINE} characters (got {line!r})")
            _plain(line)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
        return value


class StoreSection(Strict):
    path: str = ""


class SharedSection(Strict):
    url: str = ""  # postgresql://user@host:5432/andon; "" = this station works alone
    password_env: str = ""  # the password is never in this file: an environment variable ...
    password_file: str = ""  # ... or a file that holds it
    connect_timeout_seconds: float = Field(3.0, gt=0, le=60)
    operation_timeout_seconds: float = Field(10.0, gt=0, le=300)
    batch_size: int = Field(500, ge=1, le=10_000)
    poll_seconds: float = Field(2.0, gt=0, le=60)  # safety net under LISTEN/NOTIFY
    # a record stamped further ahead of this station's clock is quarantined, not adopted
    max_clock_ahead_seconds: float = Field(300, ge=10, le=7 * 24 * 3600)
    # users added or changed here reach the plant (needs a login made with --admin)
    admin_station: bool = False


class DisplaySection(Strict):
    # the panel's diagonal in inches; 0 = as the screen reports it (EDID), for panels and TVs
    # that report no size or a wrong one
    inches: float = Field(0, ge=0, le=150)
    reading_distance_m: float = Field(3.0, ge=0.5, le=20)  # where plan / actual / gap are read
    page_seconds: float = Field(10, ge=3, le=300)  # board: a page of lines, then the next

    @field_validator("inches")
    @classmethod
    def _inches(cls, value: float) -> float:
        if 0 < value < 5:
            raise ValueError("a panel is 5 inches or more across its diagonal (0: ask the screen)")
        return value


class SignInSection(Strict):
    max_pin_attempts: int = Field(5, ge=1, le=20)
    lockout_minutes: float = Field(15, gt=0, le=24 * 60)
    inactivity_seconds: float = Field(120, ge=10, le=24 * 3600)
    min_pin_length: int = Field(6, ge=4, le=8)  # for users added from now on


class LabelRow(Strict):
    """Words shown on a button or label: no control, format or broken characters (they would
    show as boxes, or as a phrase the store refuses), not blank."""

    en: str = Field(min_length=1)
    zh_CN: str = ""

    @field_validator("en", "zh_CN")
    @classmethod
    def _shown(cls, value: str) -> str:
        _plain(value)
        for ch in value:
            if unicodedata.category(ch) == "Cf":  # zero-width space, soft hyphen, BOM …
                raise ValueError(f"holds an invisible character (U+{ord(ch):04X})")
        if value and all(_blank(ch) for ch in value):
            raise ValueError("is blank (nothing would show)")
        return value.strip()


# characters that draw nothing although they are not spaces (a button would look empty)
_BLANK_GLYPHS = frozenset("\u2800\u3164\u115f\u1160\uffa0")


def _blank(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK_GLYPHS or unicodedata.category(ch) in ("Mn", "Me", "Zs")


class ReasonRow(LabelRow):
    key: str = Field(pattern=_KEY)
    department: str | None = None
    stops_line: bool | None = None
    safety: bool = False


class CategoryRow(LabelRow):
    key: str = Field(pattern=_KEY)
    symbol: str = Field(min_length=1, max_length=2)
    department: str
    stops_line: bool = True
    safety: bool = False
    colour: str = Field("", pattern=COLOUR_PATTERN)  # its stops on the chart
    reasons: list[ReasonRow] = []


class PhraseRow(LabelRow):
    field: Literal["containment", "root_cause", "countermeasure", "cancel", "reopen", "note"]
    code: str = Field(pattern=_KEY)
    category: str = ""  # "" = any category
    reason: str = ""  # "" = any reason of the category (needs `category`)


class LevelRow(Strict):
    after_minutes: float = Field(ge=0)
    notify: list[str] = Field(min_length=1)


class EscalationSection(Strict):
    default: list[LevelRow] | None = None
    categories: dict[str, list[LevelRow]] = {}
    safety_report_hours: float = Field(2.0, gt=0, le=72)  # a safety event's written report


LampName = Literal["red", "amber", "green", "blue", "white"]


class SignalRow(Strict):
    """`lamp = "red"` (or "none"), or several at once: `lamps = ["red", "amber"]`."""

    lamp: Literal["red", "amber", "green", "blue", "white", "none"] | None = None
    lamps: list[LampName] | None = None
    buzzer: Literal["off", "pulse", "continuous"] = "off"
    blink: bool = False


_DEFAULT_LIGHT = LightPolicy()


def _signal(s: Signal) -> dict[str, Any]:
    lamps: dict[str, Any] = (
        {"lamps": [lamp.value for lamp in s.lamps]}
        if len(s.lamps) > 1
        else {"lamp": s.lamp.value if s.lamp else "none"}
    )
    return {**lamps, "buzzer": s.buzzer.name.lower(), "blink": s.blink}


class LightSection(Strict):
    unacknowledged_stop: SignalRow = SignalRow(**_signal(_DEFAULT_LIGHT.unacknowledged_stop))
    stop_in_progress: SignalRow = SignalRow(**_signal(_DEFAULT_LIGHT.stop_in_progress))
    call: SignalRow = SignalRow(**_signal(_DEFAULT_LIGHT.call))
    running: SignalRow = SignalRow(**_signal(_DEFAULT_LIGHT.running))
    fault: SignalRow = SignalRow(**_signal(_DEFAULT_LIGHT.fault))
    safety: SignalRow = SignalRow(**_signal(_DEFAULT_LIGHT.safety))
    blink_when_escalated: bool = True
    escalated_buzzer: Literal["off", "pulse", "continuous"] = "continuous"


class BreakRow(Strict):
    start: str | time  # "12:00" or a TOML local time 12:00:00
    end: str | time
    kind: Literal["break", "planned"] = "break"  # planned: a planned stop (5S round, meeting)
    reason: str = ""


class ShiftRow(Strict):
    name: str = Field(min_length=1, max_length=32)
    start: str | time
    end: str | time
    breaks: list[BreakRow] = []


class UserRow(Strict):
    id: str = Field(min_length=1, max_length=limits.USER_ID)
    name: str = Field(min_length=1, max_length=limits.USER_NAME)
    role: Literal["operator", "leader", "responder", "admin"]
    badge: str = Field("", max_length=limits.BADGE)
    pin: str = ""
    pin_hash: str = Field("", max_length=limits.PIN_HASH)

    _names = field_validator("id", "name", "badge")(_plain)


OutputName = Literal["red", "amber", "green", "blue", "white", "buzzer"]
_DEFAULT_COILS = {"red": 0, "amber": 1, "green": 2, "blue": 3, "white": 4, "buzzer": 5}


class LightDeviceSection(Strict):
    # "none" unless the file says: a station file never gets a pretend tower by omission
    protocol: Literal["none", "simulated", "modbus-rtu", "patlite-pns", "usb-tower"] = "none"
    port: str = ""
    baudrate: int = Field(9600, gt=0)
    unit: int = Field(1, ge=1, le=247)
    board: Literal["waveshare", "generic"] = "waveshare"
    lease_seconds: float = Field(0, ge=0, le=600)
    coils: dict[OutputName, int] = _DEFAULT_COILS
    reply_timeout_ms: int = Field(300, ge=20, le=10_000)
    heartbeat_seconds: float = Field(0.5, gt=0, le=60)
    blink_seconds: float = Field(1.0, ge=0.2, le=10)


class CounterDeviceSection(Strict):
    protocol: Literal["none", "simulated", "modbus-rtu"] = "none"  # never pretend parts
    port: str = ""
    baudrate: int = Field(9600, gt=0)
    unit: int = Field(2, ge=1, le=247)
    address: int = Field(0, ge=0, le=65534)
    function: Literal[3, 4] = 3
    word_order: Literal["big", "little"] = "big"
    poll_seconds: float = Field(1.0, ge=0.1, le=60)
    max_step: int = Field(10_000, ge=1)
    reply_timeout_ms: int = Field(300, ge=20, le=10_000)
    parts_per_minute: float = Field(2.0, ge=0, le=6000)  # how fast a simulated line makes parts


class BadgeDeviceSection(Strict):
    protocol: Literal["none", "simulated", "rdm6300"] = "none"
    port: str = ""
    baudrate: int = Field(9600, gt=0)
    id_format: Literal["decimal10", "hex10"] = "decimal10"
    repeat_seconds: float = Field(2.0, ge=0, le=60)


class DevicesSection(Strict):
    light: LightDeviceSection = LightDeviceSection()
    counter: CounterDeviceSection = CounterDeviceSection()
    badge: BadgeDeviceSection = BadgeDeviceSection()


class PlannedStopRow(Strict):
    start: str | datetime  # "2026-11-24 14:00" or a TOML local date-time
    end: str | datetime
    reason: str = ""


class CalendarSection(Strict):
    closed_dates: list[str | date] = []  # holidays: "2026-10-01" or a TOML date
    closed_weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = []
    planned_stops: list[PlannedStopRow] = []


class ProductRow(LabelRow):
    key: str = Field(pattern=_KEY)
    # bounded so that no figure on the screen or in a report runs to hundreds of digits
    ideal_cycle_seconds: float = Field(ge=0.01, le=86_400)
    demand_per_shift: float | None = Field(None, gt=0, le=10_000_000)
    takt_seconds: float | None = Field(None, ge=0.01, le=86_400)


class NotifyChannelRow(Strict):
    name: str = Field(pattern=_KEY)
    kind: Literal["wecom", "dingtalk", "feishu", "webhook", "email", "log"]
    url: str = ""  # a URL that holds no key (a test receiver, a gateway)
    url_env: str = ""  # the robot's webhook URL, which holds its key: a secret
    url_file: str = ""
    secret_env: str = ""  # signing secret (dingtalk, feishu, webhook) or SMTP password
    secret_file: str = ""
    per_minute: int = Field(0, ge=0, le=10_000)  # 0: the service's own limit
    timeout_seconds: float = Field(5.0, gt=0, le=60)
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    username: str = ""
    sender: str = ""

    _plain_fields = field_validator("smtp_host", "username", "sender")(_plain)


_CHAT_ID = r"^[A-Za-z0-9_.:@+\-]*$"  # a chat's user id: never markup, never "all"


class NotifyPersonRow(Strict):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=limits.USER_NAME)
    mobile: str = Field("", max_length=32, pattern=r"^\+?[0-9][0-9 \-]*$|^$")  # not "@all"
    email: str = Field("", max_length=200)
    wecom: str = Field("", max_length=100, pattern=_CHAT_ID)  # chat ids, for @-mentions
    dingtalk: str = Field("", max_length=100, pattern=_CHAT_ID)
    feishu: str = Field("", max_length=100, pattern=_CHAT_ID)

    _names = field_validator("id", "name", "mobile", "email")(_plain)


class NotifyDutyRow(Strict):
    role: str = Field(pattern=_KEY)
    shift: str = ""  # "" = every shift
    people: list[str] = Field(min_length=1)
    channels: list[str] = Field(min_length=1)


class MqttSection(Strict):
    host: str = Field("", pattern=r"^[^\s]*$")  # "" = no MQTT
    port: int = Field(1883, ge=1, le=65535)
    prefix: str = Field("plant/site/area", min_length=1, max_length=200)  # ISA-95 levels
    username: str = ""
    password_env: str = ""
    password_file: str = ""

    _plain_fields = field_validator("prefix", "username")(_plain)


class NotifySection(Strict):
    # auto: this station sends when it works alone (no [shared]); with a shared database the
    # plant service sends. "station": this station sends anyway. "off": nobody here does.
    sender: Literal["auto", "station", "off"] = "auto"
    safety_roles: list[str] = []
    channels: list[NotifyChannelRow] = []
    people: list[NotifyPersonRow] = []
    duty: list[NotifyDutyRow] = []
    mqtt: MqttSection = MqttSection()


class StationFile(Strict):
    station: StationSection = StationSection()
    store: StoreSection = StoreSection()
    shared: SharedSection = SharedSection()
    sign_in: SignInSection = SignInSection()
    display: DisplaySection = DisplaySection()
    departments: dict[str, LabelRow] = {}
    categories: list[CategoryRow] = []
    phrases: list[PhraseRow] = []  # [] = the embedded defaults (core.phrases)
    escalation: EscalationSection = EscalationSection()
    light: LightSection = LightSection()
    shifts: list[ShiftRow] = []
    calendar: CalendarSection = CalendarSection()
    products: list[ProductRow] = []
    users: list[UserRow] = []
    devices: DevicesSection = DevicesSection()
    notify: NotifySection = NotifySection()
