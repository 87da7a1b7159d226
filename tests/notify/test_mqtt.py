"""The plant's unified namespace, against the real Mosquitto on 127.0.0.1:1883 with an
independent subscriber: each line's state retained, every ticket event once, in order; a
restart does not publish the same events again."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import pytest

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.plant_service import EscalationClock, LinePublisher
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.permissions import Role
from andon_kiosk.notify.mqtt import MqttSettings, Publisher, topic

from .conftest import HOST, PORT


class Subscriber:
    """An independent MQTT client: what SCADA or Node-RED would see."""

    def __init__(self, pattern: str) -> None:
        self.messages: list[tuple[str, dict, bool]] = []
        self._ready = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"t-{uuid.uuid4()}")
        self.client.on_connect = lambda c, *_: c.subscribe(pattern, qos=1)
        self.client.on_subscribe = lambda *_: self._ready.set()
        self.client.on_message = self._on_message
        self.client.connect(HOST, PORT)
        self.client.loop_start()
        assert self._ready.wait(5), "the subscriber never subscribed"

    def _on_message(self, _client, _data, message) -> None:
        if message.payload:
            self.messages.append((message.topic, json.loads(message.payload), message.retain))

    def wait(self, predicate, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < end, f"not within {timeout} s: {self.messages}"
            threading.Event().wait(0.05)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def prefix(broker: None) -> Iterator[str]:
    name = f"andon-test/{uuid.uuid4().hex[:8]}/assembly"
    yield name
    cleaner = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    cleaner.connect(HOST, PORT)
    cleaner.loop_start()
    for line in ("L3",):  # retained states are removed by an empty retained message
        cleaner.publish(topic(name, line, "state"), b"", qos=1, retain=True).wait_for_publish(5)
    cleaner.loop_stop()
    cleaner.disconnect()


def started(prefix: str) -> Publisher:
    publisher = Publisher(MqttSettings(HOST, PORT, prefix, client_id=f"andon-{uuid.uuid4()}"))
    publisher.start()
    end = time.monotonic() + 5
    while not publisher.connected:
        assert time.monotonic() < end, "the publisher never connected"
        threading.Event().wait(0.05)
    return publisher


def test_line_state_and_events_reach_an_independent_subscriber(
    station: Station, prefix: str
) -> None:
    watcher = Subscriber(f"{prefix}/#")
    publisher = started(prefix)
    lines = LinePublisher(station, publisher)  # its own thread, as in the plant service
    lines.start()
    clock = EscalationClock(station, None, lines)
    try:
        ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
        clock.step()
        state_topic, events_topic = topic(prefix, "L3", "state"), topic(prefix, "L3", "events")
        watcher.wait(lambda: any(t == state_topic for t, _, _ in watcher.messages))
        state = next(p for t, p, _ in watcher.messages if t == state_topic)
        assert state["situation"] == "unacknowledged_stop" and state["stopped"]
        assert state["light"]["red"] == "on" and state["worst"]["ticket"] == ticket.id
        watcher.wait(lambda: any(t == events_topic for t, _, _ in watcher.messages))
        [raised] = [p for t, p, _ in watcher.messages if t == events_topic]
        assert raised["kind"] == "raised" and raised["ticket"] == ticket.id

        station.tickets.act(demo_user(Role.LEADER), ticket.id, K.ACKNOWLEDGED)
        clock.step()
        watcher.wait(lambda: sum(t == events_topic for t, _, _ in watcher.messages) == 2)
        watcher.wait(lambda: [p for t, p, _ in watcher.messages if t == state_topic][-1]
                     ["situation"] == "stop_in_progress")  # fmt: skip
        # a dashboard that connects later gets the line's state at once (retained)
        late = Subscriber(state_topic)
        late.wait(lambda: late.messages and late.messages[-1][2])
        assert late.messages[-1][1]["light"]["amber"] == "on"
        late.close()

        # the night shift's plan at midnight: 4 h before its break at a takt of 33 s
        assert state["production"]["plan"] == 436 and state["production"]["actual"] == 0
        station.production.record_counter(5)
        lines.counted(["L3"])  # as the plant service does for counts pulled from the feed
        watcher.wait(lambda: [p for t, p, _ in watcher.messages if t == state_topic][-1]
                     ["production"]["actual"] == 5)  # fmt: skip
        figures = [p for t, p, _ in watcher.messages if t == state_topic][-1]["production"]
        assert (figures["plan"], figures["gap"]) == (436, -431)
        assert figures["gap_minutes"] == pytest.approx(-431 * 33 / 60, abs=0.05)
    finally:
        lines.stop()
        watcher.close()
    # restarted: the cursor is in the store, nothing is published twice
    again = started(prefix)
    try:
        assert again.publish_events(station.sessions) == 0
    finally:
        again.stop()


def test_a_broker_that_is_down_holds_the_events_back_without_losing_them(
    station: Station, prefix: str
) -> None:
    down = Publisher(MqttSettings(HOST, 1, prefix))  # nothing listens on port 1
    down.start()
    try:
        station.tickets.raise_ticket(STATION_OPERATOR, "machine")
        assert down.publish_events(station.sessions) == 0
    finally:
        down.stop()
    watcher = Subscriber(f"{prefix}/#")
    up = started(prefix)
    try:
        assert up.publish_events(station.sessions) == 1
        watcher.wait(lambda: any(t.endswith("/events") for t, _, _ in watcher.messages))
    finally:
        up.stop()
        watcher.close()


def test_a_broker_that_cannot_be_reached_is_said_once_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    publisher = Publisher(MqttSettings(HOST, port, "andon-test/x/y", client_id="t-unreachable"))
    with caplog.at_level("INFO", logger="andon_kiosk.notify.mqtt"):
        publisher.start()
        end = time.monotonic() + 10
        while not any("cannot be reached" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < end, "nothing was said of the unreachable broker"
            threading.Event().wait(0.05)
        publisher.stop()
    said = [r.getMessage() for r in caplog.records]
    assert f"MQTT broker {HOST}:{port} cannot be reached: states and events wait, retrying" in said
    assert sum("cannot be reached" in m for m in said) == 1  # not at every retry
