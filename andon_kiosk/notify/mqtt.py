"""The plant's unified namespace over MQTT: each line's andon state and every ticket event,
published by the plant service so SCADA, MES, Node-RED or a dashboard can subscribe without
touching the database (docs/notifications.md, "MQTT").

Topics, under the configured ISA-95 prefix `<enterprise>/<site>/<area>`:

    <prefix>/<line>/andon/state    retained, QoS 1: the line's light, worst open ticket, since
    <prefix>/<line>/andon/events   QoS 1: every ticket event, once, in the order it arrived

Events are read from the local store in arrival order (its rowid) behind a durable cursor
(`sync_cursors` "mqtt-events"), advanced only once the broker has acknowledged: a broker
that is down delays them, a restart sends what was not acknowledged (QoS 1: at least once;
each event carries its id for subscribers that drop repeats).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.light import Health, LightPolicy, light_for, situation, worst
from andon_kiosk.core.shift_stats import ShiftStats
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.store.models import EventRow, SyncCursorRow

log = logging.getLogger(__name__)

CURSOR = "mqtt-events"
_LEVEL = re.compile(r"[^A-Za-z0-9_.\-]")


@dataclass(frozen=True)
class MqttSettings:
    host: str
    port: int = 1883
    prefix: str = "plant/site/area"  # ISA-95: enterprise/site/area
    username: str = ""
    password: str = field(default="", repr=False)
    client_id: str = "andon-plant-service"
    timeout_s: float = 5.0


def topic(prefix: str, line: str, leaf: str) -> str:
    """`<prefix>/<line>/andon/<leaf>`, the line made safe as one topic level."""
    return f"{prefix.rstrip('/')}/{_LEVEL.sub('_', line) or '_'}/andon/{leaf}"


def line_state(
    line: str,
    tickets: Iterable[Ticket],
    policy: LightPolicy,
    now: float,
    production: dict | None = None,
) -> dict:
    """A line's andon state, as published (retained) on `…/andon/state`; `production`: the
    running shift's figures (`production_figures`), None outside a shift."""
    open_ = [t for t in tickets if t.is_open]
    light = light_for(open_, {t.id: t.escalation_level for t in open_}, Health(), policy)
    state: dict = {
        "line": line,
        "situation": worst(open_).name.lower(),
        "light": {lamp.value: mode.name.lower() for lamp, mode in light.lamps.items()},
        "buzzer": light.buzzer.name.lower(),
        "open_tickets": len(open_),
        "stopped": any(t.line_stopped for t in open_),
        "updated_at": now,
        "worst": None,
        "production": production,
    }
    if open_:
        first = min(open_, key=lambda t: (situation(t), t.raised.at))
        state["worst"] = {
            "ticket": first.id,
            "category": first.category,
            "reason": first.reason,
            "state": first.state.value,
            "since": first.raised.at,
            "level": first.escalation_level,
        }
    return state


def production_figures(shift: str, stats: ShiftStats) -> dict:
    """The running shift in whole pieces and minutes, as a board shows it (so the retained
    state changes once a piece, not at every pass): `gap` is actual − plan (negative:
    behind), `gap_minutes` the same in minutes of takt."""
    planned = math.floor(stats.planned)
    behind_s = (planned - stats.actual) * (stats.takt_s or 0.0)
    return {
        "shift": shift,
        "product": stats.product,
        "takt_s": stats.takt_s,
        "plan": planned,
        "actual": stats.actual,
        "gap": stats.actual - planned,
        "gap_minutes": round(-behind_s / 60, 1),
        "scrap": stats.scrap,
        "oee": round(stats.oee.oee, 3) if stats.oee else None,
        "downtime_min": math.floor(stats.downtime_s / 60),
    }


class Publisher:
    """Connects once, reconnects by itself (paho's loop thread); `publish_*` report whether
    the broker acknowledged."""

    def __init__(self, settings: MqttSettings) -> None:
        self.settings = settings
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=settings.client_id, clean_session=True
        )
        if settings.username:
            self.client.username_pw_set(settings.username, settings.password or None)
        self.client.reconnect_delay_set(1, 30)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_connect_fail = self._on_connect_fail
        self._states: dict[str, str] = {}  # line -> last state published (without the time)
        self._started = False
        self._said = ""  # the last thing logged about the broker: each change once
        self._stopping = False

    # ---- what an operator reads in the log (on paho's thread) ------------------------------
    def _say(self, level: int, text: str) -> None:
        if text != self._said:
            self._said = text
            log.log(level, "MQTT broker %s:%s %s", self.settings.host, self.settings.port, text)

    def _on_connect(self, _c: object, _u: object, _f: object, reason: object, _p: object) -> None:
        if getattr(reason, "is_failure", False):
            self._say(logging.WARNING, f"refused the connection: {reason}")
        else:
            self._say(logging.INFO, "connected: publishing line states and events")

    def _on_disconnect(self, _c: object, _u: object, _f: object, why: object, _p: object) -> None:
        if self._stopping:
            self._say(logging.INFO, "disconnected: the plant service stops")
        else:
            self._say(logging.WARNING, f"disconnected ({why}): states and events wait")

    def _on_connect_fail(self, _c: object, _u: object) -> None:
        self._say(logging.WARNING, "cannot be reached: states and events wait, retrying")

    def start(self) -> None:
        """Connect (in the background, retrying); once, however often it is called."""
        if self._started:
            return
        self._started = True
        self.client.connect_async(self.settings.host, self.settings.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self._stopping = True
        self.client.disconnect()
        self.client.loop_stop()

    @property
    def connected(self) -> bool:
        return self.client.is_connected()

    def _send(self, where: str, payload: Mapping, retain: bool) -> bool:
        if not self.connected:
            return False
        info = self.client.publish(
            where, json.dumps(payload, ensure_ascii=False), qos=1, retain=retain
        )
        try:
            info.wait_for_publish(self.settings.timeout_s)
        except (RuntimeError, ValueError):
            return False
        return info.is_published()

    def publish_states(self, states: Iterable[dict]) -> int:
        """Each line's state, when it changed; how many were published. Stops at the first
        the broker does not acknowledge: each would wait as long (the rest go next pass)."""
        sent = 0
        for state in states:
            same = json.dumps({k: v for k, v in state.items() if k != "updated_at"}, sort_keys=True)
            if self._states.get(state["line"]) == same:
                continue
            if not self._send(topic(self.settings.prefix, state["line"], "state"), state, True):
                break
            self._states[state["line"]] = same
            sent += 1
        return sent

    def publish_events(self, sessions: sessionmaker[Session], batch: int = 500) -> int:
        """Events that arrived in the store since the cursor, in arrival order; the cursor
        moves only past what the broker acknowledged. How many were published."""
        with sessions() as session:
            after = session.scalar(select(SyncCursorRow.seq).where(SyncCursorRow.name == CURSOR))
            rows = session.execute(
                select(text("events.rowid"), EventRow)
                .where(text("events.rowid > :after"))
                .order_by(text("events.rowid"))
                .limit(batch),
                {"after": after or 0},
            ).all()
        done, sent = after or 0, 0
        for rowid, event in rows:
            payload = {
                "id": event.id,
                "ticket": event.ticket_id,
                "kind": event.kind,
                "stamp": event.stamp,
                "occurred_at": event.occurred_at,
                "station": event.station,
                "actor": event.actor,
                "line": event.line,
                "data": event.data,
            }
            if not self._send(topic(self.settings.prefix, event.line, "events"), payload, False):
                break
            done, sent = rowid, sent + 1
        if done != (after or 0):
            with sessions.begin() as session:
                session.merge(SyncCursorRow(name=CURSOR, seq=done))
        return sent
