"""The `[notify]` section: channels, people and who is on duty for which role (issue 10).

Secrets (a robot's webhook URL holds its key; signing secrets; the SMTP password) come from
an environment variable or a file, like the database password, and are never in the file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from andon_kiosk.core.escalation import EscalationPolicy
from andon_kiosk.core.notices import DEFAULT_PER_MINUTE, Channel, Duty, Person, Roster

from .calendar import Fail
from .schema import MqttSection, NotifyChannelRow, NotifyDutyRow, NotifySection
from .shared import _read_password
from .types import MqttConfig, NotifyConfig

_HTTP = ("wecom", "dingtalk", "feishu", "webhook")


def notify(
    section: NotifySection,
    escalation: EscalationPolicy,
    shift_names: Sequence[str],
    source: str,
    fail: Fail,
) -> NotifyConfig:
    channels: dict[str, Channel] = {}
    for index, row in enumerate(section.channels):
        key = f"notify.channels[{index}]"
        if row.name in channels:
            raise fail(f"{key}.name", f"two channels are called {row.name!r}")
        channels[row.name] = _channel(row, key, source, fail)
    people: dict[str, Person] = {}
    for index, p in enumerate(section.people):
        if p.id in people:
            raise fail(f"notify.people[{index}].id", f"two people have the id {p.id!r}")
        chats = (("wecom", p.wecom), ("dingtalk", p.dingtalk), ("feishu", p.feishu))
        people[p.id] = Person(p.id, p.name, p.mobile, p.email, {k: v for k, v in chats if v})
    roles = {r for levels in escalation.all_levels() for lv in levels for r in lv.notify}
    roles |= set(section.safety_roles)
    duties = tuple(
        _duty(d, f"notify.duty[{i}]", (roles, people, channels, shift_names), fail)
        for i, d in enumerate(section.duty)
    )
    covered = {d.role for d in duties}
    for index, role in enumerate(section.safety_roles):
        if duties and role not in covered:  # a typo: nobody told of a safety event
            raise fail(f"notify.safety_roles[{index}]", f"no [[notify.duty]] is for {role!r}")
    roster = Roster(people, duties, tuple(section.safety_roles))
    mqtt = _mqtt(section.mqtt, source, fail)
    return NotifyConfig(roster=roster, channels=channels, sender=section.sender, mqtt=mqtt)


def _duty(d: NotifyDutyRow, key: str, known: tuple, fail: Fail) -> Duty:
    roles, people, channels, shift_names = known
    if d.role not in roles:
        named = ", ".join(sorted(roles))
        raise fail(f"{key}.role", f"no escalation level names the role {d.role!r} ({named})")
    if d.shift and d.shift not in shift_names:
        raise fail(f"{key}.shift", f"unknown shift {d.shift!r} ({', '.join(shift_names)})")
    for person in d.people:
        if person not in people:
            raise fail(
                f"{key}.people", f"unknown person {person!r} (add them to [[notify.people]])"
            )
    for channel in d.channels:
        if channel not in channels:
            named = ", ".join(sorted(channels)) or "none is configured"
            raise fail(f"{key}.channels", f"unknown channel {channel!r} ({named})")
        if channels[channel].kind == "email":
            for person in d.people:
                if not people[person].email:
                    raise fail(
                        f"{key}.people",
                        f"{person!r} has no email for the email channel {channel!r}",
                    )
    return Duty(d.role, tuple(d.people), tuple(d.channels), d.shift or None)


def _mqtt(m: MqttSection, source: str, fail: Fail) -> MqttConfig | None:
    if not m.host:
        return None
    if any(part in m.prefix for part in ("+", "#")) or m.prefix.startswith("/"):
        raise fail("notify.mqtt.prefix", "topic levels without + # or a leading /")
    password = _secret(("", m.password_env, m.password_file), "notify.mqtt.password", source, fail)
    if password and not m.username:
        raise fail("notify.mqtt.username", "a password needs its username")
    return MqttConfig(m.host, m.port, m.prefix, m.username, password)


def _channel(row: NotifyChannelRow, key: str, source: str, fail: Fail) -> Channel:
    url = _secret((row.url, row.url_env, row.url_file), f"{key}.url", source, fail)
    given = f"{key}.url_file" if row.url_file else f"{key}.url_env" if row.url_env else f"{key}.url"
    if row.kind in _HTTP and not url:
        raise fail(given, f"a {row.kind} channel needs its URL (url_env or url_file)")
    if row.kind in _HTTP and url and not url.startswith(("http://", "https://")):
        raise fail(given, "the URL must start with https:// (or http://)")
    if row.kind == "email" and not (row.smtp_host and (row.sender or row.username)):
        raise fail(f"{key}.smtp_host", "an email channel needs smtp_host and sender")
    secret = _secret(("", row.secret_env, row.secret_file), f"{key}.secret", source, fail)
    if (row.secret_env or row.secret_file) and not secret:
        where = f"{key}.secret_env" if row.secret_env else f"{key}.secret_file"
        raise fail(where, "the secret is empty (a robot would be called unsigned)")
    return Channel(
        name=row.name,
        kind=row.kind,
        url=url,
        secret=secret,
        per_minute=row.per_minute or DEFAULT_PER_MINUTE.get(row.kind, 60),
        timeout_s=row.timeout_seconds,
        smtp_host=row.smtp_host,
        smtp_port=row.smtp_port,
        starttls=row.starttls,
        username=row.username,
        sender=row.sender,
    )


def _secret(given: tuple[str, str, str], key: str, source: str, fail: Fail) -> str:
    """A value given plainly, by environment variable, or by file (one of the three)."""
    plain, env, file = given
    if sum(bool(x) for x in given) > 1:
        raise fail(key, "give one of the value, its _env or its _file")
    if env:
        value = os.environ.get(env)
        if value is None:
            raise fail(f"{key}_env", f"the environment variable {env} is not set")
        return value
    if file:
        return _read_password(file, source, fail, f"{key}_file")
    return plain
