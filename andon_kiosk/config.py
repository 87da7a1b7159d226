"""The station's TOML configuration: parsing, validation and the embedded defaults.

A kiosk must not start half-configured: any unknown key, wrong type or impossible value stops
it with a message that names the file and the key, e.g.

    station.toml: escalation.default[1].after_minutes: must be >= 0 (got -5)

Every section is optional; what is left out takes the embedded default (DOMAIN.md's reason
tree, escalation times and light policy), so `andon-kiosk --demo` needs no file at all.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from andon_kiosk.core.accounts import SignInPolicy, User, check_pin_format
from andon_kiosk.core.escalation import DEFAULT_LEVELS, EscalationLevel, EscalationPolicy
from andon_kiosk.core.light import Buzzer, Lamp, LightPolicy, Signal
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.reasons import (
    DEFAULT_DEPARTMENTS,
    Category,
    Department,
    Reason,
    ReasonTree,
    Text,
    default_reason_tree,
)
from andon_kiosk.core.shifts import DEFAULT_SHIFTS, Break, Shift, ShiftCalendar

EMBEDDED = "<embedded defaults>"
_KEY = r"^[a-z][a-z0-9_]{0,31}$"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ConfigError(ValueError):
    """A configuration problem, worded for the plant engineer who edits the file."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key = source, key
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {message}")


Fail = Callable[[str, str], ConfigError]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Station(_Model):
    line: str = Field("L1", min_length=1, max_length=64)
    line_name: str = ""
    station: str = Field("L1-1", min_length=1, max_length=64)
    language: Literal["en", "zh_CN"] = "zh_CN"
    fullscreen: bool = False
    timezone: str = ""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
        return value


class _Store(_Model):
    path: str = ""


class _SignIn(_Model):
    max_pin_attempts: int = Field(5, ge=1, le=20)
    lockout_minutes: float = Field(15, gt=0, le=24 * 60)
    inactivity_seconds: float = Field(120, ge=10, le=24 * 3600)


class _Label(_Model):
    en: str = Field(min_length=1)
    zh_CN: str = ""


class _Reason(_Label):
    key: str = Field(pattern=_KEY)
    department: str | None = None
    stops_line: bool | None = None
    safety: bool = False


class _Category(_Label):
    key: str = Field(pattern=_KEY)
    symbol: str = Field(min_length=1, max_length=2)
    department: str
    stops_line: bool = True
    safety: bool = False
    reasons: list[_Reason] = []


class _Level(_Model):
    after_minutes: float = Field(ge=0)
    notify: list[str] = Field(min_length=1)


class _Escalation(_Model):
    default: list[_Level] | None = None
    categories: dict[str, list[_Level]] = {}


class _Signal(_Model):
    lamp: Literal["red", "amber", "green", "blue", "white", "none"]
    buzzer: Literal["off", "pulse", "continuous"] = "off"
    blink: bool = False


_D = LightPolicy()


def _signal(s: Signal) -> dict[str, Any]:
    return {
        "lamp": s.lamp.value if s.lamp else "none",
        "buzzer": s.buzzer.name.lower(),
        "blink": s.blink,
    }


class _Light(_Model):
    unacknowledged_stop: _Signal = _Signal(**_signal(_D.unacknowledged_stop))
    stop_in_progress: _Signal = _Signal(**_signal(_D.stop_in_progress))
    call: _Signal = _Signal(**_signal(_D.call))
    running: _Signal = _Signal(**_signal(_D.running))
    fault: _Signal = _Signal(**_signal(_D.fault))
    safety: _Signal = _Signal(**_signal(_D.safety))
    blink_when_escalated: bool = True
    escalated_buzzer: Literal["off", "pulse", "continuous"] = "continuous"


class _Break(_Model):
    start: str | time  # "12:00" or a TOML local time 12:00:00
    end: str | time


class _Shift(_Model):
    name: str = Field(min_length=1, max_length=32)
    start: str | time
    end: str | time
    breaks: list[_Break] = []


class _User(_Model):
    id: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    role: Literal["operator", "leader", "responder", "admin"]
    badge: str = ""
    pin: str = ""
    pin_hash: str = ""


class _File(_Model):
    station: _Station = _Station()
    store: _Store = _Store()
    sign_in: _SignIn = _SignIn()
    departments: dict[str, _Label] = {}
    categories: list[_Category] = []
    escalation: _Escalation = _Escalation()
    light: _Light = _Light()
    shifts: list[_Shift] = []
    users: list[_User] = []


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


def load(path: Path | None) -> StationConfig:
    """The configuration in `path`, or the embedded defaults when `path` is None."""
    if path is None:
        return parse({}, EMBEDDED)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read the file ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(source, "", "the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"not valid TOML: {exc}") from None
    return parse(data, source)


def _key(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _suggestion(loc: tuple[Any, ...]) -> str:
    """ " (did you mean 'line'?)" for a misspelt key, found by walking the schema along `loc`."""
    model: Any = _File
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) else None
        if field is None:
            return ""
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        model = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:
            return ""
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse(data: dict[str, Any], source: str) -> StationConfig:
    try:
        model = _File.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if p not in ("function-after",))
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "unknown key" + _suggestion(loc)
        elif first["type"] == "string_pattern_mismatch":
            message = "use lowercase letters, digits and _, starting with a letter"
        if "input" in first and first["type"] not in ("missing", "extra_forbidden"):
            message += f" (got {first['input']!r})"
        raise ConfigError(source, _key(loc), message) from None
    return _build(model, source)


def _build(m: _File, source: str) -> StationConfig:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(source, key, message)

    reasons = _reason_tree(m, fail)
    return StationConfig(
        source=source,
        line=m.station.line,
        line_name=m.station.line_name or m.station.line,
        station=m.station.station,
        language=m.station.language,
        fullscreen=m.station.fullscreen,
        timezone=m.station.timezone,
        store_path=Path(m.store.path).expanduser() if m.store.path else None,
        reasons=reasons,
        escalation=_escalation(m.escalation, reasons, fail),
        light=_light(m.light),
        sign_in=SignInPolicy(
            max_attempts=m.sign_in.max_pin_attempts,
            lockout_s=m.sign_in.lockout_minutes * 60,
            inactivity_s=m.sign_in.inactivity_seconds,
        ),
        shifts=_shifts(m.shifts, fail),
        users=_users(m.users, fail),
    )


def _reason_tree(m: _File, fail: Fail) -> ReasonTree:
    departments = (
        {k: Department(k, Text(v.en, v.zh_CN)) for k, v in m.departments.items()}
        if m.departments
        else {d.key: d for d in DEFAULT_DEPARTMENTS}
    )
    if not m.categories:
        tree = default_reason_tree()
        return ReasonTree(tree.categories, departments) if m.departments else tree
    categories, seen = [], set()
    for i, c in enumerate(m.categories):
        where = f"categories[{i}]"
        if c.key in seen:
            raise fail(f"{where}.key", f"duplicate category {c.key!r}")
        seen.add(c.key)
        _department(c.department, departments, f"{where}.department", fail)
        reasons, reason_keys = [], set()
        for j, r in enumerate(c.reasons):
            if r.key in reason_keys:
                raise fail(f"{where}.reasons[{j}].key", f"duplicate reason {r.key!r}")
            reason_keys.add(r.key)
            department = r.department or c.department
            _department(department, departments, f"{where}.reasons[{j}].department", fail)
            stops = c.stops_line if r.stops_line is None else r.stops_line
            reasons.append(Reason(r.key, Text(r.en, r.zh_CN), department, stops, r.safety))
        categories.append(
            Category(
                c.key,
                c.symbol,
                Text(c.en, c.zh_CN),
                c.department,
                c.stops_line,
                c.safety,
                tuple(reasons),
            )
        )
    return ReasonTree(tuple(categories), departments)


def _department(key: str, known: dict[str, Department], where: str, fail: Fail) -> None:
    if key not in known:
        raise fail(where, f"unknown department {key!r} (known: {', '.join(sorted(known))})")


def _levels(rows: list[_Level]) -> tuple[EscalationLevel, ...]:
    return tuple(EscalationLevel(r.after_minutes * 60, tuple(r.notify)) for r in rows)


def _escalation(e: _Escalation, reasons: ReasonTree, fail: Fail) -> EscalationPolicy:
    if e.default is not None and not e.default:
        raise fail("escalation.default", "needs at least one level")
    default = _levels(e.default) if e.default else DEFAULT_LEVELS
    by_category = {}
    known = {c.key for c in reasons.categories}
    for key, rows in e.categories.items():
        if key not in known:
            raise fail(f"escalation.categories.{key}", f"unknown category {key!r}")
        if not rows:
            raise fail(f"escalation.categories.{key}", "needs at least one level")
        by_category[key] = _levels(rows)
    for name, levels in {"default": default, **by_category}.items():
        delays = [level.after_s for level in levels]
        if delays != sorted(set(delays)):
            key = "escalation.default" if name == "default" else f"escalation.categories.{name}"
            raise fail(key, "after_minutes must strictly increase from level to level")
    return EscalationPolicy(default, by_category)


def _to_signal(s: _Signal) -> Signal:
    return Signal(None if s.lamp == "none" else Lamp(s.lamp), Buzzer[s.buzzer.upper()], s.blink)


def _light(lp: _Light) -> LightPolicy:
    return LightPolicy(
        unacknowledged_stop=_to_signal(lp.unacknowledged_stop),
        stop_in_progress=_to_signal(lp.stop_in_progress),
        call=_to_signal(lp.call),
        running=_to_signal(lp.running),
        fault=_to_signal(lp.fault),
        safety=_to_signal(lp.safety),
        blink_when_escalated=lp.blink_when_escalated,
        escalated_buzzer=Buzzer[lp.escalated_buzzer.upper()],
    )


def _clock_time(text: str | time, key: str, fail: Fail) -> time:
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0)
    match = _HHMM.match(text)
    if not match:
        raise fail(key, f"expected a time as HH:MM (got {text!r})")
    return time(int(match[1]), int(match[2]))


def _shifts(rows: list[_Shift], fail: Fail) -> ShiftCalendar:
    if not rows:
        return ShiftCalendar(DEFAULT_SHIFTS)
    shifts = []
    for i, s in enumerate(rows):
        where = f"shifts[{i}]"
        start = _clock_time(s.start, f"{where}.start", fail)
        end = _clock_time(s.end, f"{where}.end", fail)
        if start == end:
            raise fail(f"{where}.end", "a shift cannot start and end at the same time")
        breaks = tuple(
            Break(
                _clock_time(b.start, f"{where}.breaks[{j}].start", fail),
                _clock_time(b.end, f"{where}.breaks[{j}].end", fail),
            )
            for j, b in enumerate(s.breaks)
        )
        shifts.append(Shift(s.name, start, end, breaks))
    return ShiftCalendar(tuple(shifts))


def _users(rows: list[_User], fail: Fail) -> tuple[BootstrapUser, ...]:
    out, ids, badges = [], set(), set()
    for i, u in enumerate(rows):
        where = f"users[{i}]"
        if u.id in ids:
            raise fail(f"{where}.id", f"duplicate user id {u.id!r}")
        ids.add(u.id)
        if u.badge:
            if u.badge in badges:
                raise fail(f"{where}.badge", f"badge {u.badge!r} is given to two users")
            badges.add(u.badge)
        if bool(u.pin) == bool(u.pin_hash):
            raise fail(where, "give exactly one of pin or pin_hash")
        if u.pin:
            try:
                check_pin_format(u.pin)
            except ValueError as exc:
                raise fail(f"{where}.pin", str(exc)) from None
        user = User(u.id, u.name, Role(u.role), u.badge or None)
        out.append(BootstrapUser(user, u.pin, u.pin_hash))
    return tuple(out)
