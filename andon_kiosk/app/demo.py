"""The demo station: embedded defaults, one user per role, and a sample scenario for screenshots.

The PINs are printed in the README; a plant's own configuration never contains these users.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from andon_kiosk import config as station_config
from andon_kiosk.config import BootstrapUser, StationConfig
from andon_kiosk.core.accounts import User, hash_pin
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role

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
    )


def demo_user(role: Role) -> User:
    return next(u for u in _DEMO_PEOPLE if u.role is role)


def seed_scenario(station: Station, clock: ManualClock) -> None:
    """A lived-in morning for screenshots, from 08:00: the line makes a part every ~38 s
    while it runs (takt is 33 s, so it falls a little behind), stops for a first-article
    failure, then for a material shortage still being fixed, a call for material, and a
    breakdown nobody has acknowledged yet. `clock` must be the station's clock, at 08:00."""
    svc, production = station.tickets, station.production
    operator, leader = demo_user(Role.OPERATOR), demo_user(Role.LEADER)
    responder = demo_user(Role.RESPONDER)

    def run(minutes: float) -> None:
        made, until = 0, clock.now() + minutes * 60
        while clock.now() + 38 <= until:
            clock.advance(38)
            production.record_counter(1)
            made += 1
            if made % 60 == 0:
                production.record_entry(leader, scrap=1)
        clock.set(until)

    run(63)  # 08:00 - 09:03
    t = svc.raise_ticket(operator, "method", "first_article")
    clock.advance(4 * 60)
    svc.act(leader, t.id, EventKind.ACKNOWLEDGED)
    clock.advance(3 * 60)
    svc.act(responder, t.id, EventKind.STARTED)
    clock.advance(9 * 60)
    note = {"en": "Fixture re-zeroed, 5 pcs checked OK", "zh_CN": "夹具重新归零，首5件检验合格"}
    containment = note.get(station.config.language, note["en"])
    svc.act(responder, t.id, EventKind.CONTAINED, {"containment": containment})

    run(16)  # 09:19 - 09:35
    t = svc.raise_ticket(operator, "material", "shortage")
    clock.advance(2 * 60)
    svc.act(leader, t.id, EventKind.ACKNOWLEDGED)
    clock.advance(6 * 60)
    svc.act(responder, t.id, EventKind.STARTED)
    svc.raise_ticket(operator, "material", "material_low")  # 09:43
    clock.advance(7 * 60)
    svc.raise_ticket(operator, "machine", "breakdown")  # 09:50
    clock.advance(23 * 60)  # 10:13
