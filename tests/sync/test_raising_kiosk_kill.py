"""The kiosk that raised a stop is killed (SIGKILL) in the middle of its escalation, at
several moments around the level falling due: before it is due, right when the kiosk has
recorded it (racing its relay), while its link is dead (recorded here, not relayed), and
after it was relayed. The plant service follows the feed, records the levels that fall due
and sends; the kiosk is started again on the same store and relays what it had.

Every person is told of every level exactly once (raw requests at the receiver, nothing
dropped as a repeat), each level is on the shared ticket once, and nothing the kiosk had
committed before the kill is lost.

The kiosk is a real process (kiosk_proc.py, its own escalation tick and relay) whose clock is
moved 20 minutes on with its `clock` op, once a round: level 1 of the round's two stops falls
due a moment later, and the earlier rounds' stops reach level 2 (60 min) on the way. The plant
service runs in this process, driven a pass at a time with a ManualClock set to the kiosk's
time (as in test_plant_service.py). The kiosk reaches PostgreSQL through a TcpProxy, so its
link can be made dead ("link-dead")."""

from __future__ import annotations

import collections
import json
import random
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from andon_kiosk.app.plant_service import PlantService
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.store import db
from andon_kiosk.store.models import EventRow
from andon_kiosk.sync.retry import LINK_ERRORS

from .conftest import eventually
from .proxy import TcpProxy
from .test_network import via
from .test_plant_service import plant_config as plant_station
from .test_sync import down, up
from .test_two_kiosks import KioskProcess

ROLES = {
    "team_leader": "lead",
    "department_contact": "tech",
    "production_supervisor": "prod",
    "engineering_supervisor": "eng",
    "quality_supervisor": "qual",
    "planning_supervisor": "plan",
}
LEVEL_1_S = 20 * 60  # DOMAIN.md §3: a line stop not recovered after 20 min
MODES = ("early", "at-record", "link-dead", "relayed")  # when the kiosk is killed
KIOSK = "L1-1"


def until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    """`eventually`, polling every 2 ms: the kill lands right after the state shows."""
    end = time.monotonic() + timeout
    pause = threading.Event()
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        pause.wait(0.002)


class Kiosk(KioskProcess):
    """kiosk_proc.py with its clock `offset` seconds from the wall clock."""

    def __init__(self, store: Path, url: str, log: Path, offset: float) -> None:
        self.store, self.offset = store, offset
        super().__init__(KIOSK, store, url, log, ("--line", "L1", "--clock-offset", repr(offset)))

    def now(self) -> float:
        return time.time() + self.offset

    def move_clock(self, offset: float) -> None:
        self.offset = offset
        self.ask(op="clock", offset=offset)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.close()

    def quit(self) -> None:
        self.close()


def stored(store: Path) -> dict[str, tuple[str, str, str, str]]:
    """What the kiosk's store holds committed (read beside it, or after its death):
    event id -> (ticket, kind, level, station)."""
    c = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=10)
    try:
        rows = c.execute("SELECT id, ticket_id, kind, data, station FROM events").fetchall()
    finally:
        c.close()
    return {i: (t, k, str(json.loads(d).get("level", "")), st) for i, t, k, d, st in rows}


def plant_config(config: StationConfig, url: str, receiver) -> StationConfig:
    return plant_station(config, url, receiver, ROLES)


@pytest.fixture
def proxy(shared_url: str) -> Iterator[TcpProxy]:
    target = make_url(shared_url)
    p = TcpProxy(target.host, target.port or 5432)
    yield p
    p.close()


def escalated(events: Iterator[tuple[str, str, str, str]], level: int = 1) -> set[str]:
    """The tickets of `events` (ticket, kind, level, station) with `level` recorded at L1-1."""
    return {t for t, k, lv, st in events if k == "escalated" and lv == str(level) and st == KIOSK}


def test_killing_the_raising_kiosk_mid_escalation_loses_and_doubles_nothing(
    config: StationConfig, shared_url: str, tmp_path: Path, receiver, proxy: TcpProxy
) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    modes = rng.sample(MODES, len(MODES))  # one round each, in a random order
    url, store = via(proxy, shared_url), tmp_path / "kiosk.sqlite3"
    engine = db.make_engine(shared_url)

    def shared() -> dict[str, EventRow]:
        with engine.connect() as c:
            return {r.id: r for r in c.execute(select(EventRow))}

    def in_shared() -> Iterator[tuple[str, str, str, str]]:
        return ((e.ticket_id, e.kind, str(e.data.get("level", "")), e.station)
                for e in shared().values())  # fmt: skip

    def in_store() -> Iterator[tuple[str, str, str, str]]:
        return iter(stored(store).values())

    clock = ManualClock()
    plant = Station.open(plant_config(config, shared_url, receiver), clock=clock,
                         store_path=tmp_path / "plant.sqlite3")  # fmt: skip
    service = PlantService(plant)  # driven a pass at a time, on the kiosk's clock
    plant.start_sync(service, start=False)

    def plant_pass(now: float) -> None:
        """What the plant service's threads do: pull, record what fell due, send, relay."""
        clock.set(now)
        down(plant)
        service.clock.step()
        while service.dispatcher.deliver():
            pass
        eventually(publish, 30, "the plant service published")

    def publish() -> bool:
        """The plant service's levels and notices' outcomes, for every station; tried again
        as its link does when the shared database did not answer (a killed kiosk's open
        transaction holds what it inserted until the server ends it)."""
        try:
            up(plant)
        except LINK_ERRORS:
            return False
        return True

    def relayed_all() -> bool:
        """Every event in the kiosk's store is in the shared database (its own, relayed)."""
        return set(stored(store)) <= set(shared())

    kiosk = Kiosk(store, url, tmp_path / "kiosk-0.log", 0.0)
    seen: list[str] = [f"seed {seed}"]  # what each kill left, for the failure messages
    try:
        for round_, mode in enumerate(modes, 1):
            raised = {kiosk.ask(op="raise", category="machine")["ticket"] for _ in range(2)}
            eventually(relayed_all, 30, "the raises relayed")
            if rng.random() < 0.5:
                plant_pass(kiosk.now())  # level 0 goes out now, or with level 1 later
            raised_at = min(
                e.occurred_at for e in shared().values() if e.ticket_id in raised
            )  # the first raise: level 1 falls due on the kiosk `lead` s after its clock moves
            lead = rng.uniform(0.1, 0.8)
            if mode == "link-dead":
                proxy.blackhole()
            kiosk.move_clock(raised_at + LEVEL_1_S - lead - time.time())
            if mode == "early":  # at a random moment, level 1 due or not yet
                threading.Event().wait(rng.uniform(0.0, lead + 0.3))
            elif mode in ("at-record", "link-dead"):  # as soon as its store has level 1
                until(lambda r=raised: escalated(in_store()) >= r, 30, "level 1 recorded here")
            else:  # after it relayed level 1
                until(lambda r=raised: escalated(in_shared()) >= r, 30, "level 1 relayed")
                threading.Event().wait(rng.uniform(0.0, 0.3))
            kiosk.kill()
            before = stored(store)  # what it had committed
            here, there = escalated(in_store()) & raised, escalated(in_shared()) & raised
            seen.append(f"round {round_} {mode}: level 1 recorded at the kiosk for "
                        f"{len(here)}/2, relayed {len(there)}/2")  # fmt: skip
            proxy.heal()

            plant_pass(kiosk.now())  # the plant service goes on alone
            kiosk = Kiosk(store, url, tmp_path / f"kiosk-{round_}.log", kiosk.offset)
            eventually(relayed_all, 30, "the restarted kiosk relayed its store")
            assert set(before) <= set(stored(store)) & set(shared()), f"lost: {seen}"
            plant_pass(kiosk.now())  # what the kiosk relayed late is heard
        eventually(relayed_all, 30, "the kiosk relayed its store")
        kiosk.quit()
        final = kiosk.now()
        plant_pass(final)

        # ---- who was told: each (ticket, trigger, person) exactly once, raw requests
        policy = plant.config.escalation
        tickets = [t for t in plant.tickets.open_tickets() if t.line == "L1"]
        assert len(tickets) == 2 * len(modes)
        expected = set()
        for t in tickets:
            levels = policy.levels_for(t.category)
            for i in range(policy.level(t, final) + 1):
                expected |= {(t.id, f"level-{i}", ROLES[r]) for r in levels[i].notify}
        told = collections.Counter(
            (b["ticket"], b["trigger"], b["to"][0]["id"])
            for b in (json.loads(body) for _, _, body in receiver.requests)
        )
        assert set(told) == expected, seen
        assert {k: n for k, n in told.items() if n != 1} == {}, f"told twice: {seen}"

        # ---- the shared ticket's level is right, and each level is recorded on it once
        for t in tickets:
            assert t.escalation_level == policy.level(t, final) >= 1, seen
        recorded = collections.defaultdict(list)
        for t, kind, level, station in in_shared():
            if kind == "escalated":
                recorded[t, int(level)].append(station)
        assert set(recorded) == {
            (t.id, lv) for t in tickets for lv in range(1, t.escalation_level + 1)
        }, seen
        doubled = {(t[:8], lv): st for (t, lv), st in recorded.items() if len(st) != 1}
        assert doubled == {}, f"levels recorded more than once (by): {doubled}; {seen}"
    finally:
        kiosk.quit()
        proxy.heal()
        plant.close()
        engine.dispose()
