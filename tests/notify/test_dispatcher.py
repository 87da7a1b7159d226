"""The notice ledger and its dispatcher, with an injected clock, a real store and a local
webhook receiver: each level's people at the DOMAIN.md times, follow-ups on acknowledge and
close, a channel that is down retried and shown as failing, the rate limit kept, and a
restart that neither forgets nor repeats."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.notices import Channel, Duty, Person, Roster, calls_told, compose
from andon_kiosk.core.permissions import Role
from andon_kiosk.notify.dispatcher import Dispatcher
from andon_kiosk.store.notices import for_ticket as ledger

from .conftest import Receiver

ROLES = {
    "team_leader": "lead",
    "department_contact": "tech",
    "production_supervisor": "prod",
    "engineering_supervisor": "eng",
}


def roster() -> Roster:
    people = {pid: Person(pid, f"Person {pid}", mobile=f"1380000{i:04d}")
              for i, pid in enumerate(ROLES.values())}  # fmt: skip
    duties = tuple(Duty(role, (pid,), ("gateway",)) for role, pid in ROLES.items())
    return Roster(people, duties)


@pytest.fixture
def dispatcher(station: Station, clock: ManualClock, receiver: Receiver) -> Iterator[Dispatcher]:
    made = make(station, clock, receiver)
    yield made


def make(station: Station, clock: ManualClock, receiver: Receiver, per_minute: int = 60):
    gateway = Channel("gateway", "webhook", url=receiver.url(), secret="s", per_minute=per_minute)

    def words(ticket, trigger, now):
        return compose(ticket, trigger, now=now, line_name="Line 3", category="机 Machine",
                       reason="", chinese_first=True)  # fmt: skip

    return Dispatcher(
        station.sessions,
        policy=station.config.escalation,
        roster=roster(),
        channels={"gateway": gateway},
        shift_at=lambda _now: None,
        compose=words,
        record=station.tickets.record_notices,
        clock=clock.now,
    )


def received(receiver: Receiver) -> list[tuple[str, str]]:
    """(trigger, person) of every request, in order."""
    out = []
    for _, _, body in receiver.requests:
        sent = json.loads(body)
        out.append((sent["trigger"], sent["to"][0]["id"]))
    return out


def test_a_machine_stop_reaches_each_level_at_its_time_and_the_follow_ups_reach_everyone(
    station: Station, clock: ManualClock, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 2
    assert sorted(received(receiver)) == [("level-0", "lead"), ("level-0", "tech")]
    clock.advance(19 * 60)
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 0  # nothing new before 20 minutes
    clock.advance(60)
    rule = station.config.escalation.levels_for("machine")[1]
    station.tickets.record_escalation(ticket.id, 1, rule)  # what the kiosk's scheduler does
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 1 and received(receiver)[-1] == ("level-1", "prod")
    station.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 3
    assert sorted(received(receiver)[-3:]) == [
        ("acknowledged", "lead"), ("acknowledged", "prod"), ("acknowledged", "tech"),
    ]  # fmt: skip
    # every outcome is on the ticket, for every station to show
    notices = station.tickets.get(ticket.id).notices
    assert len(notices) == 6 and all(data["ok"] for _, data in notices)
    assert notices[2][1]["name"] == "Person prod" and notices[2][1]["level"] == 1


def test_the_message_says_what_a_supervisor_needs(
    station: Station, clock: ManualClock, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    station.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
    clock.advance(21 * 60)
    dispatcher.consider([ticket.id])
    dispatcher.deliver()
    # the call reaches each person before its follow-up (never side by side)
    order = received(receiver)
    for person in ("lead", "tech"):
        assert order.index(("level-0", person)) < order.index(("acknowledged", person))
    sent = json.loads(receiver.requests[order.index(("level-0", "lead"))][2])
    assert sent["title"] == "【停线 Line stop】Line 3"
    assert "21 min 停线 down" in sent["text"] and "L3-ST1" in sent["text"]
    assert f"处理人 On it: {demo_user(Role.LEADER).id}" in sent["text"]


def test_a_channel_that_is_down_is_retried_with_backoff_and_shown_failing(
    station: Station, clock: ManualClock, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    receiver.status = 503
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 0
    with station.sessions() as s:
        rows = ledger(s, ticket.id)
    assert {r.status for r in rows} == {"failing"} and all("HTTP 503" in r.last_error for r in rows)
    shown = station.tickets.get(ticket.id).notices
    assert len(shown) == 2 and not any(data["ok"] for _, data in shown)
    assert dispatcher.deliver() == 0 and len(receiver.requests) == 2  # waits for its retry time
    clock.advance(5)
    assert dispatcher.deliver() == 0 and len(receiver.requests) == 4  # tried again, still down
    assert len(station.tickets.get(ticket.id).notices) == 2  # the same reason: not repeated
    receiver.status = 200
    clock.advance(10)
    assert dispatcher.deliver() == 2
    with station.sessions() as s:
        assert {r.status for r in ledger(s, ticket.id)} == {"sent"}
    assert [d["ok"] for _, d in station.tickets.get(ticket.id).notices] == [
        False, False, True, True,
    ]  # fmt: skip


def test_each_call_shows_who_was_told_with_its_latest_outcome(
    station: Station, clock: ManualClock, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    receiver.status = 503
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.consider([ticket.id])
    dispatcher.deliver()
    failing = calls_told(station.tickets.get(ticket.id))
    assert [(t.trigger, t.ok) for t in failing] == [("level-0", False), ("level-0", False)]
    assert all("HTTP 503" in t.error for t in failing)
    receiver.status = 200
    clock.advance(5)
    dispatcher.deliver()
    told = calls_told(station.tickets.get(ticket.id))
    # one line each: the later success replaces the failure
    assert [(t.trigger, t.name, t.ok, t.at) for t in told] == [
        ("level-0", "Person lead", True, clock.now()),
        ("level-0", "Person tech", True, clock.now()),
    ]
    station.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
    dispatcher.consider([ticket.id])
    dispatcher.deliver()
    assert len(calls_told(station.tickets.get(ticket.id))) == 2  # follow-ups are not calls


def test_the_rate_limit_holds_and_what_is_over_waits(
    station: Station, clock: ManualClock, receiver: Receiver
) -> None:
    dispatcher = make(station, clock, receiver, per_minute=3)
    tickets = [station.tickets.raise_ticket(STATION_OPERATOR, "machine") for _ in range(4)]
    dispatcher.consider([t.id for t in tickets])  # 8 notices
    assert dispatcher.deliver() == 3
    assert dispatcher.deliver() == 0  # the minute is full
    clock.advance(61)
    assert dispatcher.deliver() == 3
    clock.advance(61)
    assert dispatcher.deliver() == 2
    keys = [json.loads(body)["key"] for _, _, body in receiver.requests]
    assert len(keys) == 8 and len(set(keys)) == 8


def test_a_restart_neither_forgets_nor_repeats(
    station: Station, clock: ManualClock, receiver: Receiver
) -> None:
    first = make(station, clock, receiver, per_minute=1)
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    first.consider([ticket.id])
    assert first.deliver() == 1  # one sent, one recorded and waiting
    again = make(station, clock, receiver, per_minute=60)  # the kiosk restarted
    again.consider([ticket.id])
    assert again.deliver() == 0  # the waiting one keeps the time the rate limit gave it
    clock.advance(61)
    assert again.deliver() == 1
    assert sorted(received(receiver)) == [("level-0", "lead"), ("level-0", "tech")]
    again.consider([ticket.id])
    assert again.deliver() == 0 and len(receiver.requests) == 2


def test_a_ticket_closed_while_the_sender_was_down_still_gets_its_follow_ups(
    station: Station, clock: ManualClock, receiver: Receiver
) -> None:
    first = make(station, clock, receiver)
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    first.consider([ticket.id])
    assert first.deliver() == 2
    # down: meanwhile the stop is acknowledged and cancelled elsewhere
    station.tickets.act(demo_user(Role.LEADER), ticket.id, K.CANCELLED, {"text": "false alarm"})
    again = make(station, clock, receiver)
    again.before()  # what the thread does first: tickets still owed their follow-ups
    assert again.deliver() == 2
    assert sorted(received(receiver)[-2:]) == [("cancelled", "lead"), ("cancelled", "tech")]


def test_a_shift_change_sends_no_second_call_and_follow_ups_reach_who_was_told(
    station: Station, clock: ManualClock, receiver: Receiver
) -> None:
    dispatcher = make(station, clock, receiver)
    on_duty = {"shift": "day"}
    dispatcher._shift_at = lambda _now: on_duty["shift"]
    night = Person("night", "Night Lead")
    dispatcher.roster = Roster(
        {**roster().people, "night": night},
        (
            Duty("team_leader", ("lead",), ("gateway",), shift="day"),
            Duty("team_leader", ("night",), ("gateway",), shift="night"),
        ),
    )
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 1 and received(receiver) == [("level-0", "lead")]
    on_duty["shift"] = "night"
    station.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 1
    assert received(receiver) == [("level-0", "lead"), ("acknowledged", "lead")]


def test_notices_for_a_channel_no_longer_configured_do_not_hold_up_the_others(
    station: Station, clock: ManualClock, receiver: Receiver
) -> None:
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    first = make(station, clock, receiver)
    assert first.plan([ticket.id]) == 2  # recorded, not yet sent
    removed = make(station, clock, receiver)
    removed.channels = {}  # the plant removed the gateway
    assert removed.deliver() == 0 and removed._until_next() == 30.0  # parked, not spinning
    assert received(receiver) == []
