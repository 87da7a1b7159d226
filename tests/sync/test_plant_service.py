"""The plant service follows the shared feed: a stop whose kiosk died keeps escalating, its
people are told at the DOMAIN.md times, and the follow-ups reach them when another station
acknowledges. Kiosks with a shared database leave the sending to it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.notices import sends_here
from andon_kiosk.app.plant_service import PlantService
from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.config.types import NotifyConfig, SharedConfig
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.notices import Channel, Duty, Person, Roster
from andon_kiosk.core.permissions import Role

from .conftest import MakeStation
from .test_sync import down, up

ROLES = {"team_leader": "lead", "department_contact": "tech", "production_supervisor": "prod"}


def plant_config(
    config: StationConfig, url: str, receiver, roles: dict[str, str] = ROLES
) -> StationConfig:
    """The plant service's station: every line, a webhook to `receiver`, one person per role."""
    people = {pid: Person(pid, f"Person {pid}") for pid in roles.values()}
    roster = Roster(people, tuple(Duty(r, (p,), ("gateway",)) for r, p in roles.items()))
    gateway = Channel("gateway", "webhook", url=receiver.url(), secret="s")
    return replace(
        config,
        station="PLANT",
        kind="board",
        lines=(),
        shared=SharedConfig(url=url, operation_timeout_s=2.0, poll_s=0.5),
        notify=NotifyConfig(roster, {"gateway": gateway}),
    )


def told(receiver) -> list[tuple[str, str]]:
    return [
        (json.loads(body)["trigger"], json.loads(body)["to"][0]["id"])
        for _, _, body in receiver.requests
    ]


def test_a_stop_whose_kiosk_died_keeps_escalating_and_its_people_are_told(
    make_station: MakeStation,
    config: StationConfig,
    shared_url: str,
    tmp_path: Path,
    clock: ManualClock,
    receiver,
) -> None:
    kiosk = make_station("L1-1")
    assert not sends_here(replace(kiosk.config, notify=plant_config(config, "", receiver).notify))
    ticket = kiosk.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(kiosk)
    kiosk.close()  # the raising kiosk is dead from here on

    station = Station.open(plant_config(config, shared_url, receiver), clock=clock,
                           store_path=tmp_path / "plant.sqlite3")  # fmt: skip
    service = PlantService(station)  # driven step by step here; threads in production
    station.start_sync(service, start=False)  # it hears what the feed brings
    try:
        down(station)
        service.clock.step()
        assert service.dispatcher.deliver() == 2
        assert sorted(told(receiver)) == [("level-0", "lead"), ("level-0", "tech")]
        # the line by the name its kiosk reports, not its bare id
        assert kiosk.config.line_name in json.loads(receiver.requests[0][2])["text"]

        clock.advance(20 * 60)
        service.clock.step()  # level 1 falls due: recorded by the plant service
        assert service.dispatcher.deliver() == 1 and told(receiver)[-1] == ("level-1", "prod")
        up(station)

        leader = make_station("L1-2")  # another kiosk of the line sees it, and acknowledges
        down(leader)
        assert leader.tickets.get(ticket.id).escalation_level == 1
        leader.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
        up(leader)
        down(station)
        service.clock.step()
        assert service.dispatcher.deliver() == 3
        assert sorted(told(receiver)[-3:]) == [
            ("acknowledged", "lead"), ("acknowledged", "prod"), ("acknowledged", "tech"),
        ]  # fmt: skip
        up(station)  # the outcomes travel too: every station shows who was told
        down(leader)
        assert len(leader.tickets.get(ticket.id).notices) == 6
    finally:
        station.close()


def test_a_second_plant_service_on_the_database_is_called_out(
    config: StationConfig, shared_url: str, tmp_path: Path, clock: ManualClock, receiver, caplog
) -> None:
    from andon_kiosk.sync.feed import StationSeen

    station = Station.open(plant_config(config, shared_url, receiver), clock=clock,
                           store_path=tmp_path / "plant.sqlite3")  # fmt: skip
    service = PlantService(station)
    try:
        with caplog.at_level("ERROR", logger="andon_kiosk.app.plant_service"):
            service.stations([StationSeen("PLANT", "L0", "", "plant", 1.0, 0)])  # itself
            service.stations([StationSeen("PLANT-OLD", "L0", "", "plant", 3600.0, 0)])  # gone
            assert caplog.records == []
            twin = StationSeen("PLANT2", "L0", "", "plant", 4.0, 0)
            service.stations([twin])
            service.stations([twin])  # said once, not at every heartbeat
        [said] = [r.getMessage() for r in caplog.records]
        assert "another plant service runs on this shared database (PLANT2)" in said
        assert "every notice twice" in said
    finally:
        station.close()
