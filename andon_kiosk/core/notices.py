"""Who is told about a ticket, when, on which channel, and what they read (DOMAIN.md §3).

Pure: the roster (people, and who answers for each role of the escalation matrix during
which shift, on which channels) and the ticket decide the notices a ticket calls for. Each
notice has a key (ticket, trigger, person, channel), so deriving them again from the same
events, after a restart or on another process, asks for the same notices, never new ones.

Triggers: "level-N" once level N of the escalation has been recorded on the ticket (level 0,
the immediate call, once it is raised); "safety" at once for a safety event; then follow-ups
"acknowledged", "contained", "closed" (or "cancelled") to everyone already told, so a
supervisor knows when to stop walking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .escalation import EscalationPolicy
from .tickets import Ticket

FOLLOW_UPS = ("acknowledged", "contained", "closed", "cancelled")
CHANNEL_KINDS = ("wecom", "dingtalk", "feishu", "webhook", "email", "log")
DEFAULT_PER_MINUTE = {"wecom": 20, "dingtalk": 20, "feishu": 100, "webhook": 120, "email": 30}


@dataclass(frozen=True)
class Channel:
    name: str
    kind: str  # one of KINDS
    url: str = field(default="", repr=False)  # the robot's or webhook's URL (may hold a key)
    secret: str = field(default="", repr=False)  # signing secret; SMTP password
    per_minute: int = 20
    timeout_s: float = 5.0
    # e-mail
    smtp_host: str = ""
    smtp_port: int = 587
    starttls: bool = True
    username: str = ""
    sender: str = ""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    mobile: str = ""  # for @-mentions in WeCom and DingTalk, and SMS gateways
    email: str = ""
    chat_ids: Mapping[str, str] = field(default_factory=dict)  # channel kind -> user id there


@dataclass(frozen=True)
class Duty:
    """Who answers for `role` (a recipient of the escalation matrix) during `shift` (None:
    every shift), and on which channels they are reached."""

    role: str
    people: tuple[str, ...]
    channels: tuple[str, ...]
    shift: str | None = None


@dataclass(frozen=True)
class Roster:
    people: Mapping[str, Person] = field(default_factory=dict)
    duties: tuple[Duty, ...] = ()
    safety_roles: tuple[str, ...] = ()  # told at once of a safety event, whatever its level

    def on_duty(self, role: str, shift: str | None) -> list[tuple[Person, str]]:
        """(person, channel) for `role` in `shift`: the shift's own duty if there is one, else
        the duty for every shift."""
        duties = [d for d in self.duties if d.role == role and d.shift == shift]
        duties = duties or [d for d in self.duties if d.role == role and d.shift is None]
        return [
            (self.people[p], channel)
            for duty in duties
            for p in duty.people
            if p in self.people
            for channel in duty.channels
        ]


@dataclass(frozen=True)
class Notice:
    ticket_id: str
    trigger: str  # level-N | safety | acknowledged | contained | closed | cancelled
    person: str
    channel: str
    level: int  # the escalation level it belongs to (follow-ups: the ticket's level)

    @property
    def key(self) -> str:
        return f"{self.ticket_id}/{self.trigger}/{self.person}/{self.channel}"


def wanted(
    ticket: Ticket,
    policy: EscalationPolicy,
    roster: Roster,
    shift: str | None,
    told: Sequence[Notice] = (),
) -> list[Notice]:
    """Every notice the ticket calls for now (already recorded ones included: the caller
    keeps what is new by key). `told`: the notices recorded for it so far. A level (or the
    safety call) already recorded is not planned again for whoever is on duty now: after a
    shift change the new shift gets no second "line stop"; the follow-ups go to the people
    who were told."""
    levels = policy.levels_for(ticket.category)
    calls = [f"level-{i}" for i in range(min(ticket.escalation_level, len(levels) - 1) + 1)]
    planned = {n.trigger for n in told}
    out: list[Notice] = []
    for index, trigger in enumerate(calls):
        if trigger not in planned:
            for role in levels[index].notify:
                for person, channel in roster.on_duty(role, shift):
                    out.append(Notice(ticket.id, trigger, person.id, channel, index))
    if ticket.safety and "safety" not in planned:
        for role in roster.safety_roles:
            for person, channel in roster.on_duty(role, shift):
                out.append(Notice(ticket.id, "safety", person.id, channel, 0))
    audience = {(n.person, n.channel) for n in [*told, *out] if n.trigger not in FOLLOW_UPS}
    for trigger in _follow_ups(ticket):
        for person, channel in sorted(audience):
            out.append(Notice(ticket.id, trigger, person, channel, ticket.escalation_level))
    return list({n.key: n for n in out}.values())


@dataclass(frozen=True)
class Told:
    """How one call reached one person on one channel, as the ticket's events last said."""

    trigger: str  # level-N | safety
    level: int
    name: str
    channel: str
    ok: bool
    at: float  # when that outcome was recorded
    error: str = ""


def calls_told(ticket: Ticket) -> list[Told]:
    """The ticket's calls (levels and the safety call, not the follow-ups), one per person
    and channel with its latest outcome, in the order first recorded: a failing notice that
    later went shows as sent."""
    latest: dict[tuple[str, str, str], Told] = {}
    for step, data in ticket.notices:
        trigger = str(data.get("trigger", ""))
        if trigger in FOLLOW_UPS:
            continue
        person, channel = str(data.get("person", "")), str(data.get("channel", ""))
        latest[(trigger, person, channel)] = Told(
            trigger=trigger,
            level=int(data.get("level", 0) or 0),
            name=str(data.get("name") or person),
            channel=channel,
            ok=bool(data.get("ok")),
            at=step.at,
            error=str(data.get("error", "")),
        )
    return list(latest.values())


def _follow_ups(ticket: Ticket) -> list[str]:
    steps = {
        "acknowledged": ticket.acknowledged,
        "contained": ticket.contained,
        "closed": ticket.closed,
        "cancelled": ticket.cancelled,
    }
    return [name for name in FOLLOW_UPS if steps[name] is not None]


@dataclass(frozen=True)
class Text:
    """What a notice says: a short title and a few lines, in the station's language first."""

    title: str
    lines: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


_WORDS = {  # (English, Chinese)
    "level-0": ("Line stop", "停线"),
    "call": ("Call", "呼叫"),
    "safety": ("SAFETY", "安全事件"),
    "acknowledged": ("Acknowledged", "已响应"),
    "contained": ("Line running again", "已恢复生产"),
    "closed": ("Closed", "已关闭"),
    "cancelled": ("Cancelled", "已取消"),
    "escalated": ("Escalation level", "升级"),
    "down": ("down", "停线"),
    "open": ("open", "已持续"),
    "on_it": ("On it", "处理人"),
}


def _word(key: str, chinese_first: bool) -> str:
    en, zh = _WORDS[key]
    return f"{zh} {en}" if chinese_first else f"{en} {zh}"


def compose(
    ticket: Ticket,
    trigger: str,
    *,
    now: float,
    line_name: str,
    category: str,
    reason: str,
    chinese_first: bool,
    names: Mapping[str, str] | None = None,
) -> Text:
    """The notice's words: line, station, category and reason, how long the line has been
    down, the level and who is already on it; bilingual, the station's language first."""
    names = names or {}
    if trigger.startswith("level-") and trigger != "level-0":
        head = f"{_word('escalated', chinese_first)} {trigger.removeprefix('level-')}"
    elif trigger == "level-0":
        head = _word("level-0" if ticket.stops_line else "call", chinese_first)
    else:
        head = _word(trigger, chinese_first)
    if ticket.safety and trigger in ("level-0", "safety"):
        head = f"{_word('safety', chinese_first)} · {head}"
    minutes = max(0, round(ticket.downtime_s(now) / 60))
    if not ticket.stops_line:
        minutes = max(0, round((now - ticket.raised.at) / 60))
    state = _word("down" if ticket.stops_line else "open", chinese_first)
    lines = [
        f"{line_name} · {ticket.station}",
        f"{category}" + (f" · {reason}" if reason else ""),
        f"{minutes} min {state}",
    ]
    helpers = [s for s in (ticket.acknowledged, ticket.started) if s is not None]
    if helpers:
        who = ", ".join(dict.fromkeys(names.get(s.actor, s.actor) for s in helpers))
        lines.append(f"{_word('on_it', chinese_first)}: {who}")
    return Text(f"【{head}】{line_name}", tuple(lines))
