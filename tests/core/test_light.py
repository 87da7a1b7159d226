from __future__ import annotations

from andon_kiosk.core.clock import HybridClock, ManualClock
from andon_kiosk.core.events import Event, EventKind, Origin, new_id
from andon_kiosk.core.light import (
    Buzzer,
    Health,
    Lamp,
    LampMode,
    LightPolicy,
    LightState,
    Signal,
    Situation,
    light_for,
    situation,
    worst,
)
from andon_kiosk.core.tickets import Ticket, fold

ON, BLINK, OFF = LampMode.ON, LampMode.BLINK, LampMode.OFF


def ticket(*kinds: EventKind, stops_line: bool = True, safety: bool = False) -> Ticket:
    clock = ManualClock()
    o = Origin("L1", "L1-1", HybridClock(clock), clock)
    data = {
        "category": "machine",
        "department": "equipment",
        "stops_line": stops_line,
        "safety": safety,
    }
    first = o.event(new_id(), EventKind.RAISED, "", data)
    events: list[Event] = [first]
    payload = {EventKind.CONTAINED: {"containment": "c"}}
    for kind in kinds:
        events.append(o.event(first.ticket_id, kind, "x", payload.get(kind, {})))
    t = fold(events)
    assert t is not None
    return t


def lit(state: LightState) -> dict[str, str]:
    return {lamp.value: mode.name for lamp, mode in state.lamps.items() if mode}


def test_no_tickets_is_green_and_quiet() -> None:
    state = light_for([], {}, Health())
    assert lit(state) == {"green": "ON"}
    assert state.buzzer is Buzzer.OFF


def test_unacknowledged_stop_is_red_with_buzzer() -> None:
    state = light_for([ticket()], {}, Health())
    assert lit(state) == {"red": "ON"}
    assert state.buzzer is Buzzer.PULSE


def test_acknowledged_stop_is_amber_and_silent() -> None:
    for kinds in ([EventKind.ACKNOWLEDGED], [EventKind.ACKNOWLEDGED, EventKind.STARTED]):
        state = light_for([ticket(*kinds)], {}, Health())
        assert lit(state) == {"amber": "ON"}
        assert state.buzzer is Buzzer.OFF


def test_contained_stop_lets_the_line_run_green() -> None:
    t = ticket(EventKind.ACKNOWLEDGED, EventKind.STARTED, EventKind.CONTAINED)
    assert lit(light_for([t], {t.id: 3}, Health())) == {"green": "ON"}


def test_call_is_blue_and_line_stays_green() -> None:
    state = light_for([ticket(stops_line=False)], {}, Health())
    assert lit(state) == {"blue": "ON", "green": "ON"}


def test_escalated_lamps_blink_and_escalated_unacked_buzzes_continuously() -> None:
    new, worked = ticket(), ticket(EventKind.ACKNOWLEDGED)
    state = light_for([new, worked], {new.id: 1, worked.id: 2}, Health())
    assert lit(state) == {"red": "BLINK", "amber": "BLINK"}
    assert state.buzzer is Buzzer.CONTINUOUS


def test_one_escalated_and_one_fresh_stop_keeps_the_lamp_blinking() -> None:
    a, b = ticket(), ticket()
    assert lit(light_for([a, b], {a.id: 1, b.id: 0}, Health())) == {"red": "BLINK"}


def test_safety_event_blinks_red_with_continuous_buzzer_even_when_acknowledged() -> None:
    state = light_for([ticket(EventKind.ACKNOWLEDGED, safety=True)], {}, Health())
    assert lit(state) == {"red": "BLINK"}
    assert state.buzzer is Buzzer.CONTINUOUS


def test_a_fault_shows_red_and_amber_blinking_and_never_running() -> None:
    state = light_for([], {}, Health(frozenset({"store"})))
    assert lit(state) == {"red": "BLINK", "amber": "BLINK"}  # no green: we cannot know
    call = ticket(stops_line=False)
    assert lit(light_for([call], {}, Health(frozenset({"store"})))) == {
        "red": "BLINK",
        "amber": "BLINK",
        "blue": "ON",
    }
    stop = ticket()  # what the kiosk still knows keeps its buzzer
    assert light_for([stop], {}, Health(frozenset({"store"}))).buzzer is Buzzer.PULSE


def test_situations_order_every_list_and_colour_every_card() -> None:
    safety = ticket(EventKind.ACKNOWLEDGED, safety=True)
    new, worked = ticket(), ticket(EventKind.ACKNOWLEDGED)
    call, running = (
        ticket(stops_line=False),
        ticket(EventKind.ACKNOWLEDGED, EventKind.STARTED, EventKind.CONTAINED),
    )
    ordered = sorted([running, call, worked, new, safety], key=situation)
    assert ordered == [safety, new, worked, call, running]
    policy = LightPolicy()
    assert [policy.tone(situation(t)) for t in ordered] == [
        Lamp.RED,
        Lamp.RED,
        Lamp.AMBER,
        Lamp.BLUE,
        Lamp.GREEN,
    ]
    assert worst([call, worked]) is Situation.STOP_IN_PROGRESS and worst([]) is Situation.RUNNING
    plant = LightPolicy(stop_in_progress=Signal(Lamp.WHITE), call=Signal(None))
    assert plant.tone(Situation.STOP_IN_PROGRESS) is Lamp.WHITE  # the plant's colour
    assert plant.tone(Situation.CALL) is Lamp.BLUE  # lights nothing: the default's colour


def test_policy_is_configurable() -> None:
    policy = LightPolicy(
        unacknowledged_stop=Signal(Lamp.RED, Buzzer.CONTINUOUS),
        running=Signal(None),
        blink_when_escalated=False,
    )
    t = ticket()
    state = light_for([t], {t.id: 4}, Health(), policy)
    assert lit(state) == {"red": "ON"}
    assert state.buzzer is Buzzer.CONTINUOUS
    assert lit(light_for([], {}, Health(), policy)) == {}


def test_light_state_equality_is_by_value() -> None:
    a = LightState({Lamp.RED: ON}, Buzzer.PULSE)
    b = LightState({Lamp.RED: ON, Lamp.GREEN: OFF}, Buzzer.PULSE)
    assert a == b and hash(a) == hash(b)
    assert a.describe() == "red:on buzzer:pulse"
