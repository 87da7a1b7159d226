"""The demo station: embedded defaults, one user per role, and a sample scenario for screenshots.

The PINs are printed in the README; a plant's own configuration never contains these users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import cache

from andon_kiosk import config as station_config
from andon_kiosk.config import BootstrapUser, Devices, StationConfig
from andon_kiosk.core.accounts import User, hash_pin
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind, Origin
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.reasons import Text

from .station import Station

DEMO_PINS = {"1001": "1111", "2001": "2222", "3001": "3333", "9001": "9999"}
_DEMO_PEOPLE = (
    User("1001", "王芳 Wang Fang", Role.OPERATOR, "0001001001"),
    User("2001", "李伟 Li Wei", Role.LEADER, "0002001001"),
    User("3001", "张军 Zhang Jun", Role.RESPONDER, "0003001001"),
    User("9001", "陈静 Chen Jing", Role.ADMIN, "0009001001"),
)


def demo_users() -> tuple[BootstrapUser, ...]:
    """Demo users with plain PINs: hashed (slowly, on purpose) only when first created."""
    return tuple(BootstrapUser(u, pin=DEMO_PINS[u.id]) for u in _DEMO_PEOPLE)


@cache
def demo_users_hashed() -> tuple[BootstrapUser, ...]:
    """The same users with their PIN hashes computed once per process (tests, benchmarks)."""
    return tuple(BootstrapUser(u, pin_hash=hash_pin(DEMO_PINS[u.id])) for u in _DEMO_PEOPLE)


def demo_config(language: str | None = None, *, prehashed: bool = False) -> StationConfig:
    base = station_config.load(None)
    return replace(
        base,
        line="L3",
        line_name="Line 3 · 总装三线",
        station="L3-ST1",
        language=language or base.language,
        users=demo_users_hashed() if prehashed else demo_users(),
        devices=Devices.simulated(),
        # the demo's people have short PINs to try it with; a plant's default is 6 digits
        sign_in=replace(base.sign_in, min_pin_length=4),
    )


def demo_user(role: Role) -> User:
    return next(u for u in _DEMO_PEOPLE if u.role is role)


# The demo's morning, in minutes from the shift's start (08:00 on the day shift): ahead at
# first, then behind; one ticket in each state; the line stands while a stop is not contained.
# (from, to, seconds per part) while the line runs; the plan's takt is 33 s
_RUNS = ((0, 63, 31.0), (79, 95, 36.0))
# (minute raised, category, reason, [(minute, step)]): each ticket and how far it got
_STORY: tuple[tuple[int, str, str, list[tuple[int, str]]], ...] = (
    (
        63,
        "method",
        "first_article",
        [(67, "acknowledged"), (70, "started"), (79, "contained"), (90, "resolved")],
    ),
    (95, "material", "shortage", [(97, "acknowledged"), (103, "started")]),
    (103, "material", "material_low", []),  # a call: the line would run on
    (110, "machine", "breakdown", []),  # nobody has acknowledged it yet
    (125, "person", "leave", [(128, "acknowledged")]),
)
STORY_MINUTES = 133  # 10:13 on the day shift
_WORDS = {
    "containment": ("Fixture re-zeroed, 5 pcs checked OK", "夹具重新归零，首5件检验合格"),
    "root_cause": ("Fixture locating pin worn", "夹具定位销磨损"),
    "countermeasure": ("Pin replaced; checked at each changeover", "更换定位销；每次换型点检"),
}


def seed_scenario(station: Station, clock: ManualClock) -> None:
    """A lived-in morning for screenshots: `clock` is the station's, at the shift's start; it
    ends at 10:13 (`STORY_MINUTES` later) with the story told."""
    start = clock.now()
    seed_story(station, start, start + STORY_MINUTES * 60)
    clock.set(start + STORY_MINUTES * 60)


def seed_live(station: Station) -> None:
    """The live demo's first start: the story of the shift under way, up to now."""
    now = station.clock.now()
    seed_story(station, shift_start(station.config, now), now)


def shift_start(cfg: StationConfig, now: float) -> float:
    """When the shift at `now` began (two hours ago outside any shift)."""
    instance = cfg.shifts.at(datetime.fromtimestamp(now, tz=cfg.zone))
    return cfg.shifts.plan(instance, cfg.zone).span.start if instance else now - 2 * 3600


def seed_story(station: Station, start: float, now: float) -> None:
    """The demo's morning on the station's own line, from the shift's `start` to `now`
    (told faster when less of the shift has gone by): parts counted while the line ran,
    and the tickets. Written as the station, with timestamps in the past."""
    from andon_kiosk.core.clock import HybridClock

    cfg = station.config
    pace = min(1.0, (now - start) / (STORY_MINUTES * 60))

    def at(minute: float) -> float:
        return start + minute * 60 * pace

    clock = ManualClock(start)
    origin = Origin(cfg.line, cfg.station, HybridClock(clock), clock)
    for begin, end, cycle in _RUNS:
        _seed_counts(station, origin, at(begin), at(end), cycle)
    _seed_tickets(station, origin, clock, list(_STORY), at)


PLANT_LINES = (
    ("L1", "Line 1 · 冲压线"),
    ("L2", "Line 2 · 焊装线"),
    ("L3", "Line 3 · 总装三线"),
    ("L4", "Line 4 · 涂装线"),
    ("L5", "Line 5 · 机加线"),
    ("L6", "Line 6 · 包装线"),
)
# (minutes ago, category, reason, [(minutes ago, event kind)]): a stop and its steps
_Stop = tuple[int, str, str, list[tuple[int, str]]]
# line -> (seconds per part, its stops, minutes its kiosk has been silent)
_PLANT_DAY: dict[str, tuple[int, list[_Stop], int]] = {
    "L1": (36, [(12, "machine", "tooling", [(10, "acknowledged"), (6, "started")])], 0),
    "L2": (32, [], 0),
    "L3": (
        35,
        [
            (
                40,
                "method",
                "first_article",
                [(37, "acknowledged"), (34, "started"), (30, "contained")],
            )
        ],
        0,
    ),
    "L4": (34, [(4, "material", "material_low", [])], 0),
    "L5": (37, [(25, "machine", "breakdown", [])], 0),
    "L6": (33, [], 14),
}


def seed_plant(station: Station, now: float, skip: tuple[str, ...] = ()) -> None:
    """A demo plant for the board: its kiosks in the station register and, except for the
    lines in `skip` (seeded otherwise), their counts since the shift started and their
    tickets, as of `now`."""
    from andon_kiosk.core.clock import HybridClock
    from andon_kiosk.store.models import StationRow

    cfg = station.config
    start = shift_start(cfg, now)
    for line, name in PLANT_LINES:
        cycle, stops, silent = _PLANT_DAY[line]
        clock = ManualClock(start)
        origin = Origin(line, f"{line}-ST1", HybridClock(clock), clock)
        with station.sessions.begin() as session:
            session.merge(
                StationRow(
                    station=origin.station,
                    line=line,
                    line_name=name,
                    kind="line",
                    last_seen=now - silent * 60 - 5,
                    outbox_depth=0,
                )
            )
        if line in skip:
            continue
        down = [
            now - ago * 60
            for ago, category, reason, _ in stops
            if cfg.reasons.classify(category, reason).stops_line
        ]
        _seed_counts(station, origin, start, min([*down, now - silent * 60]), cycle)
        _seed_tickets(station, origin, clock, stops, lambda ago: now - ago * 60)


def _seed_counts(
    station: Station, origin: Origin, start: float, until: float, cycle: float
) -> None:
    """A part every `cycle` seconds from `start` to `until`, written in one transaction."""
    from andon_kiosk.core.counts import CountSource, PartCount
    from andon_kiosk.core.events import new_id
    from andon_kiosk.store import counts as count_repo

    with station.sessions.begin() as session:
        t = start + cycle
        while t < until:
            count = PartCount(
                new_id(), origin.line, origin.station, origin.hlc.tick(), t, 1, 0,
                CountSource.COUNTER, "counter", None,
            )  # fmt: skip
            count_repo.append(session, count, outbox=False)
            t += cycle


def _seed_tickets(
    station: Station,
    origin: Origin,
    clock: ManualClock,
    stops: list[_Stop],
    at: Callable[[float], float],
) -> None:
    """Each stop raised at `at(when)`, then taken through its steps at theirs."""
    from .tickets import TicketService

    people = {
        "acknowledged": Role.LEADER,
        "started": Role.RESPONDER,
        "contained": Role.RESPONDER,
        "resolved": Role.RESPONDER,
    }
    words = {key: Text(en, zh) for key, (en, zh) in _WORDS.items()}
    language = station.config.language
    data = {
        "contained": {"containment": words["containment"].get(language)},
        "resolved": {
            "root_cause": words["root_cause"].get(language),
            "countermeasure": words["countermeasure"].get(language),
        },
    }
    tickets = TicketService(station.sessions, origin, station.config.reasons, lines=None)
    for when, category, reason, steps in stops:
        clock.set(at(when))
        ticket = tickets.raise_ticket(demo_user(Role.OPERATOR), category, reason)
        for step_when, kind in steps:
            clock.set(at(step_when))
            tickets.act(demo_user(people[kind]), ticket.id, EventKind(kind), data.get(kind, {}))


def with_demo_notices(config: StationConfig) -> StationConfig:
    """`--demo`: notices go to the kiosk's log (channel "log"), so a newcomer sees who would
    be told, when, and the follow-ups, without a chat robot."""
    from andon_kiosk.config.types import NotifyConfig
    from andon_kiosk.core.notices import Channel, Duty, Person, Roster

    people = {
        "2001": Person("2001", "李伟 Li Wei", mobile="13800002001"),
        "3001": Person("3001", "张军 Zhang Jun", mobile="13800003001"),
        "5001": Person("5001", "赵敏 Zhao Min (production supervisor)"),
        "5002": Person("5002", "孙强 Sun Qiang (engineering supervisor)"),
    }
    duty = (
        Duty("team_leader", ("2001",), ("log",)),
        Duty("department_contact", ("3001",), ("log",)),
        Duty("production_supervisor", ("5001",), ("log",)),
        Duty("engineering_supervisor", ("5002",), ("log",)),
    )
    roster = Roster(people, duty, safety_roles=("production_supervisor",))
    notify = NotifyConfig(roster=roster, channels={"log": Channel("log", "log")}, sender="auto")
    return replace(config, notify=notify)
