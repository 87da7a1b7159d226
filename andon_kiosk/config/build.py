"""From a validated file to the domain objects the kiosk runs on (`StationConfig`).

Also checks what the schema cannot: that every department, category and time referred to
exists and makes sense. Every refusal names its key, through `fail(key, message)`.
"""

from __future__ import annotations

from pathlib import Path

from andon_kiosk.core import limits
from andon_kiosk.core.accounts import SignInPolicy, User, check_pin_format, is_pin_hash
from andon_kiosk.core.escalation import DEFAULT_LEVELS, EscalationLevel, EscalationPolicy
from andon_kiosk.core.light import Buzzer, Lamp, LightPolicy, Signal
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.phrases import Phrase, PhraseBook, default_phrases
from andon_kiosk.core.reasons import (
    DEFAULT_DEPARTMENTS,
    Category,
    Department,
    Reason,
    ReasonTree,
    Text,
    default_reason_tree,
)
from andon_kiosk.hw.ports import baudrate_problem, port_problem, tower_lamps

from .calendar import Fail, calendar, products
from .notify import notify
from .schema import (
    DevicesSection,
    EscalationSection,
    LevelRow,
    LightSection,
    SignalRow,
    StationFile,
    UserRow,
)
from .shared import shared
from .types import (
    BadgeDevice,
    BootstrapUser,
    ConfigError,
    CounterDevice,
    Devices,
    DisplayConfig,
    LightDevice,
    StationConfig,
)


def build(m: StationFile, source: str) -> StationConfig:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(source, key, message)

    reasons = _reason_tree(m, fail)
    escalation = _escalation(m.escalation, reasons, fail)
    shifts = calendar(m.shifts, m.calendar, fail)
    return StationConfig(
        source=source,
        line=m.station.line,
        line_name=m.station.line_name or m.station.line,
        station=m.station.station,
        language=m.station.language,
        fullscreen=m.station.fullscreen,
        display=DisplayConfig(
            inches=m.display.inches or None,
            reading_distance_m=m.display.reading_distance_m,
            page_s=m.display.page_seconds,
        ),
        timezone=m.station.timezone,
        store_path=Path(m.store.path).expanduser() if m.store.path else None,
        reasons=reasons,
        escalation=escalation,
        light=_light(m.light, m.devices.light.protocol, fail),
        sign_in=SignInPolicy(
            max_attempts=m.sign_in.max_pin_attempts,
            lockout_s=m.sign_in.lockout_minutes * 60,
            inactivity_s=m.sign_in.inactivity_seconds,
            min_pin_length=m.sign_in.min_pin_length,
        ),
        shifts=shifts,
        products=products(m.products, fail),
        users=_users(m.users, m.sign_in.min_pin_length, fail),
        devices=_devices(m.devices, fail),
        kind=m.station.kind,
        lines=_lines(m, fail),
        shared=shared(m.shared, source, fail),
        notify=notify(m.notify, escalation, [s.name for s in shifts.shifts], source, fail),
        phrases=_phrases(m, reasons, fail),
    )


def _lines(m: StationFile, fail: Fail) -> tuple[str, ...]:
    if m.station.kind == "line" and m.station.lines:
        raise fail(
            "station.lines",
            'a line kiosk sees its own line; lines are for kind = "maintenance" or "board"',
        )
    for i, line in enumerate(m.station.lines):
        if not line.strip() or len(line) > 64:
            raise fail(f"station.lines[{i}]", f"not a line id: {line!r}")
    return tuple(dict.fromkeys(m.station.lines))


def _phrases(m: StationFile, reasons: ReasonTree, fail: Fail) -> PhraseBook:
    """The plant's phrases, per field instead of the embedded ones; each names a category
    and reason that exist, and no two say the same thing for the same field and place."""
    if not m.phrases:
        return default_phrases()
    phrases, seen = [], set()
    for i, row in enumerate(m.phrases):
        where = f"phrases[{i}]"
        if row.reason and not row.category:
            raise fail(f"{where}.reason", "a reason needs its category")
        if row.category:
            try:
                category = reasons.category(row.category)
            except KeyError:
                known = ", ".join(c.key for c in reasons.categories)
                raise fail(f"{where}.category", f"no category {row.category!r} ({known})") from None
            if row.reason and row.reason not in {r.key for r in category.reasons}:
                known = ", ".join(r.key for r in category.reasons)
                raise fail(
                    f"{where}.reason", f"{row.category} has no reason {row.reason!r} ({known})"
                )
        for language, words in (("en", row.en), ("zh_CN", row.zh_CN)):
            if len(words) > limits.PHRASE:  # a button's words: longer ones were cut, or
                # pushed the form's Confirm off the screen
                raise fail(
                    f"{where}.{language}",
                    f"longer than {limits.PHRASE} characters: a phrase is the words on a "
                    "button (put the detail in the text typed after it)",
                )
        if row.code == "other":
            raise fail(f"{where}.code", "'other' is the kiosk's own (type it yourself) button")
        place = (row.field, row.code, row.category, row.reason)
        if place in seen:
            raise fail(f"{where}.code", f"duplicate phrase {row.code!r} for {row.field}")
        seen.add(place)
        phrases.append(
            Phrase(row.field, row.code, Text(row.en, row.zh_CN), row.category, row.reason)
        )
    # A field the file gives phrases for takes the plant's alone; the others keep the
    # embedded ones (a plant that wrote its root causes lost every other field's phrases).
    given = {p.field for p in phrases}
    kept = [p for p in default_phrases().phrases if p.field not in given]
    return PhraseBook((*phrases, *kept))


def _reason_tree(m: StationFile, fail: Fail) -> ReasonTree:
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
            # a reason of a safety category is a safety event, however it is filed
            reasons.append(
                Reason(r.key, Text(r.en, r.zh_CN), department, stops, c.safety or r.safety)
            )
        categories.append(
            Category(
                c.key,
                c.symbol,
                Text(c.en, c.zh_CN),
                c.department,
                c.stops_line,
                c.safety,
                tuple(reasons),
                c.colour,
            )
        )
    return ReasonTree(tuple(categories), departments)


def _department(key: str, known: dict[str, Department], where: str, fail: Fail) -> None:
    if key not in known:
        raise fail(where, f"unknown department {key!r} (known: {', '.join(sorted(known))})")


def _levels(rows: list[LevelRow]) -> tuple[EscalationLevel, ...]:
    return tuple(EscalationLevel(r.after_minutes * 60, tuple(r.notify)) for r in rows)


def _escalation(e: EscalationSection, reasons: ReasonTree, fail: Fail) -> EscalationPolicy:
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
    return EscalationPolicy(default, by_category, e.safety_report_hours * 3600)


def _to_signal(s: SignalRow, key: str, fail: Fail) -> Signal:
    if (s.lamp is None) == (s.lamps is None):
        raise fail(key, 'give one of lamp = "red" or lamps = ["red", "amber"]')
    if s.lamps is not None:
        if len(set(s.lamps)) != len(s.lamps):
            raise fail(f"{key}.lamps", f"a lamp is named twice: {s.lamps}")
        lamps = tuple(Lamp(lamp) for lamp in s.lamps)
    else:
        lamps = () if s.lamp == "none" else (Lamp(s.lamp),)
    return Signal(lamps, Buzzer[s.buzzer.upper()], s.blink)


_SITUATIONS = ("unacknowledged_stop", "stop_in_progress", "call", "running", "fault", "safety")


def _light(lp: LightSection, tower: str, fail: Fail) -> LightPolicy:
    signals = {name: _to_signal(getattr(lp, name), f"light.{name}", fail) for name in _SITUATIONS}
    has = tower_lamps(tower)
    for name, signal in signals.items():
        missing = [lamp.value for lamp in signal.lamps if lamp.value not in has]
        if missing:
            raise fail(
                f"light.{name}",
                f"the {tower} tower has no {missing[0]} lamp, so this signal would never "
                f"show on the pole: choose one of {', '.join(has)} (for example "
                f'{name} = {{ lamp = "amber", blink = true }})',
            )
    return LightPolicy(
        **signals,
        blink_when_escalated=lp.blink_when_escalated,
        escalated_buzzer=Buzzer[lp.escalated_buzzer.upper()],
    )


def _users(rows: list[UserRow], min_pin: int, fail: Fail) -> tuple[BootstrapUser, ...]:
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
                check_pin_format(u.pin, min_pin)
            except ValueError as exc:
                raise fail(f"{where}.pin", str(exc)) from None
        if u.pin_hash and not is_pin_hash(u.pin_hash):
            raise fail(
                f"{where}.pin_hash",
                "not a PIN hash: make one with `andon-kiosk users hash-pin`",
            )
        user = User(u.id, u.name, Role(u.role), u.badge or None)
        out.append(BootstrapUser(user, u.pin, u.pin_hash))
    return tuple(out)


_SERIAL_PROTOCOLS = {"modbus-rtu", "patlite-pns", "usb-tower", "rdm6300"}


def _needs_port(protocol: str, port: str, key: str, fail: Fail) -> None:
    if protocol in _SERIAL_PROTOCOLS and not port:
        raise fail(
            key,
            f"protocol {protocol!r} needs a port (a path, socket://host:port or usb:SERIALNUMBER)",
        )
    if port:
        problem = port_problem(port)
        if problem:
            raise fail(key, problem)


def _check_line(section: str, port: str, baudrate: int, fail: Fail) -> None:
    """A serial line's rate (a network port has none to check)."""
    if "://" in port:
        return
    problem = baudrate_problem(baudrate)
    if problem:
        raise fail(f"devices.{section}.baudrate", problem)


def _devices(d: DevicesSection, fail: Fail) -> Devices:
    light, counter, badge = d.light, d.counter, d.badge
    _needs_port(light.protocol, light.port, "devices.light.port", fail)
    _needs_port(counter.protocol, counter.port, "devices.counter.port", fail)
    _needs_port(badge.protocol, badge.port, "devices.badge.port", fail)
    _check_line("light", light.port, light.baudrate, fail)
    _check_line("counter", counter.port, counter.baudrate, fail)
    _check_line("badge", badge.port, badge.baudrate, fail)
    if light.lease_seconds and (light.protocol != "modbus-rtu" or light.board != "waveshare"):
        raise fail(
            "devices.light.lease_seconds",
            "a lease needs protocol modbus-rtu on a board with timed commands (waveshare)",
        )
    coils = list(light.coils.values())
    if len(set(coils)) != len(coils):
        raise fail("devices.light.coils", f"two outputs on one relay: {dict(light.coils)}")
    if any(not 0 <= c <= 255 for c in coils):
        raise fail("devices.light.coils", "relay numbers are 0 to 255")
    if (
        light.protocol == "modbus-rtu"
        and counter.protocol == "modbus-rtu"
        and light.port == counter.port
        and light.unit == counter.unit
    ):
        raise fail(
            "devices.counter.unit",
            "the counter and the relay board share a bus: give them different unit numbers",
        )
    return Devices(
        LightDevice(
            protocol=light.protocol,
            port=light.port,
            baudrate=light.baudrate,
            unit=light.unit,
            board=light.board,
            lease_s=light.lease_seconds,
            coils=tuple(light.coils.items()),
            reply_timeout_s=light.reply_timeout_ms / 1000,
            heartbeat_s=light.heartbeat_seconds,
            blink_s=light.blink_seconds,
        ),
        CounterDevice(
            protocol=counter.protocol,
            port=counter.port,
            baudrate=counter.baudrate,
            unit=counter.unit,
            address=counter.address,
            function=counter.function,
            word_order=counter.word_order,
            poll_s=counter.poll_seconds,
            max_step=counter.max_step,
            reply_timeout_s=counter.reply_timeout_ms / 1000,
            parts_per_minute=counter.parts_per_minute,
        ),
        BadgeDevice(
            protocol=badge.protocol,
            port=badge.port,
            baudrate=badge.baudrate,
            id_format=badge.id_format,
            repeat_s=badge.repeat_seconds,
        ),
    )
