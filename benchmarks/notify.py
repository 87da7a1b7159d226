"""Notices and the plant's topic tree (issue 10: escalation that reaches people).

    python benchmarks/notify.py --json [--tickets 200]

Needs PostgreSQL (127.0.0.1:5432) and Mosquitto (127.0.0.1:1883), like the tests.

A kiosk (line L1) and the plant service (every line), each with its own store and sync
thread, share a throw-away PostgreSQL. The plant service runs as in production: its
escalation clock, its dispatcher (a webhook channel to a local receiver) and its MQTT
publisher, on threads.

due_to_delivered_ms_p50, _p99   level 1 of `--tickets` stops falls due at one moment (all
                                raised 20 minutes before, by a clock set back); from that
                                moment to each request received at the receiver
burst                           notices due at that one moment
lost, duplicated                notices never received / received more than once
rate_limit_ok                   a 20-a-minute channel given 30 notices sends 20 and holds
                                the other 10 for the next minute
mqtt_state_ms_p99               a raise on the kiosk → the line's retained state at an
                                independent MQTT subscriber (sync, escalation clock, publish)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sync_bench import open_station, shared_database

MQTT = ("127.0.0.1", 1883)


class ShiftedClock:
    """The wall clock, set back by `offset` seconds until told otherwise (to raise stops
    "20 minutes ago" and watch their escalation fall due now)."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() - self.offset


class _Server(ThreadingHTTPServer):
    # a real service's listen backlog (the standard library's 5 drops concurrent
    # connections, and each dropped one costs a 1 s SYN retry: the sender is not slow)
    request_queue_size = 128


def receiver() -> tuple[ThreadingHTTPServer, list[tuple[float, dict]]]:
    got: list[tuple[float, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((time.time(), json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got


def config_of(name: str, line: str, url: str, tmp: Path, **kw: object):
    """A station's config as the sync benchmarks make it (the station itself closed)."""
    station = open_station(name, line, url, tmp / f"cfg-{name}.sqlite3", **kw)
    station.close()
    return station.config


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def notify_config(cfg, url: str, per_minute: int, mqtt_prefix: str | None):
    from andon_kiosk.config.types import MqttConfig, NotifyConfig
    from andon_kiosk.core.notices import Channel, Duty, Person, Roster

    roster = Roster(
        {"prod": Person("prod", "Production Supervisor")},
        (Duty("production_supervisor", ("prod",), ("gateway",)),),
    )
    gateway = Channel("gateway", "webhook", url=url, per_minute=per_minute)
    mqtt = MqttConfig(*MQTT, prefix=mqtt_prefix) if mqtt_prefix else None
    return replace(cfg, notify=NotifyConfig(roster, {"gateway": gateway}, mqtt=mqtt))


PLANT_TOML = """
[station]
station = "PLANT"
kind = "board"
language = "en"
[shared]
url = "{url}"
poll_seconds = 0.5
[[notify.channels]]
name = "gateway"
kind = "webhook"
url = "{hook}"
per_minute = 10000
[[notify.people]]
id = "prod"
name = "Production Supervisor"
[[notify.duty]]
role = "production_supervisor"
people = ["prod"]
channels = ["gateway"]
"""


def burst(url: str, tmp: Path, tickets: int) -> dict:
    """Level 1 of `tickets` stops falls due at one moment; the plant service (a process of
    its own, as in production) tells them to a receiver in this process."""
    from sqlalchemy.engine import make_url

    from andon_kiosk.app.station import Station
    from andon_kiosk.core.accounts import STATION_OPERATOR

    server, got = receiver()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
    lead_s = 20 * 60 - 20.0  # raised this long ago: level 1 (20 min) falls due 20 s from now
    clock = ShiftedClock(lead_s)
    kiosk = Station.open(config_of("L1-1", "L1", url, tmp), clock=clock,
                         store_path=tmp / "kiosk.sqlite3")  # fmt: skip
    ids = [kiosk.tickets.raise_ticket(STATION_OPERATOR, "machine").id for _ in range(tickets)]
    due = {t.id: t.raised.at + 20 * 60 for t in kiosk.tickets.open_tickets()}
    kiosk.start_sync(_Quiet(), start=False)
    while kiosk.sync.relay.send_batch():
        pass
    kiosk.close()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    config = tmp / "plant.toml"
    config.write_text(PLANT_TOML.format(url=plain, hook=hook), encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp), "XDG_DATA_HOME": str(tmp / "data"),
           "ANDON_KIOSK_CONFIG": ""}  # fmt: skip
    log_file = (tmp / "plant.log").open("w")
    plant = subprocess.Popen(
        [sys.executable, "-m", "andon_kiosk", "plant-service", "--config", str(config),
         "--store", str(tmp / "plant.sqlite3")],
        env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        ready = plant_heard(url, time.time() + 30)  # up, connected, its heartbeat in
        first_due = min(due.values())
        if not ready or time.time() > first_due - 2:
            raise SystemExit("the plant service was not up 2 s before the burst fell due")
        end = time.time() + 60
        while len({p["key"] for _, p in got if p["trigger"] == "level-1"}) < tickets:
            if time.time() > end:
                break
            time.sleep(0.05)
    finally:
        plant.terminate()
        plant.wait(15)
        server.shutdown()
        log_file.close()
        if not got or os.environ.get("ANDON_BENCH_LOG"):  # say why, not only that nothing came
            sys.stderr.write((tmp / "plant.log").read_text(encoding="utf-8")[-3000:])
    level1 = [(at, p) for at, p in got if p["trigger"] == "level-1"]
    latencies = [(at - due[p["ticket"]]) * 1000 for at, p in level1]
    keys = [p["key"] for _, p in level1]
    return {
        "due_to_delivered_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "due_to_delivered_ms_p99": round(percentile(latencies, 99), 1) if latencies else None,
        "burst": tickets,
        "lost": len(set(ids)) - len({p["ticket"] for _, p in level1}),
        "duplicated": len(keys) - len(set(keys)),
    }


def plant_heard(url: str, until: float) -> bool:
    """Wait for the plant service's heartbeat in the shared station register."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        while time.time() < until:
            with engine.connect() as c:
                if c.scalar(text("SELECT count(*) FROM stations WHERE station = 'PLANT'")):
                    return True
            time.sleep(0.1)
        return False
    finally:
        engine.dispose()


def rate_limit(tmp: Path) -> bool:
    """30 notices for a 20-a-minute channel: 20 go, 10 wait for the next minute."""
    from andon_kiosk.app.demo import demo_config
    from andon_kiosk.app.notices import dispatcher_for
    from andon_kiosk.app.station import Station
    from andon_kiosk.config import Devices
    from andon_kiosk.core.accounts import STATION_OPERATOR
    from andon_kiosk.store.models import NoticeRow

    server, got = receiver()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
    cfg = replace(demo_config(prehashed=True), devices=Devices.none(), shared=None)
    cfg = notify_config(cfg, hook, 20, None)
    roster = cfg.notify.roster
    duties = (*roster.duties, replace(roster.duties[0], role="team_leader"))
    cfg = replace(cfg, notify=replace(cfg.notify, roster=replace(roster, duties=duties)))
    station = Station.open(cfg, store_path=tmp / "rate.sqlite3")
    tickets = [station.tickets.raise_ticket(STATION_OPERATOR, "machine") for _ in range(30)]
    dispatcher = dispatcher_for(station)
    dispatcher.consider([t.id for t in tickets])
    start = time.time()
    while time.time() - start < 3:
        dispatcher.deliver()
        time.sleep(0.05)
    with station.sessions() as s:
        waiting = [r for r in s.query(NoticeRow) if r.status == "pending"]
    station.close()
    server.shutdown()
    first = got[0][0] if got else start
    return (
        len(got) == 20 and len(waiting) == 10 and all(r.next_try_at >= first + 59 for r in waiting)
    )


def mqtt_state(url: str, tmp: Path, raises: int) -> float | None:
    """Raise on the kiosk → the line's retained state at an independent subscriber."""
    import paho.mqtt.client as mqtt

    from andon_kiosk.app.demo import demo_user
    from andon_kiosk.app.plant_service import PlantService
    from andon_kiosk.app.station import Station
    from andon_kiosk.core.accounts import STATION_OPERATOR
    from andon_kiosk.core.events import EventKind as K
    from andon_kiosk.core.permissions import Role
    from andon_kiosk.notify.mqtt import topic

    prefix = f"andon-bench/{uuid.uuid4().hex[:8]}/area"
    state_topic = topic(prefix, "L1", "state")
    seen: list[tuple[float, dict]] = []
    ready = threading.Event()
    sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    sub.on_connect = lambda c, *_: c.subscribe(state_topic, qos=1)
    sub.on_subscribe = lambda *_: ready.set()
    sub.on_message = lambda _c, _d, m: (
        m.payload and seen.append((time.time(), json.loads(m.payload)))
    )
    sub.connect(*MQTT)
    sub.loop_start()
    ready.wait(5)
    kiosk = open_station("L1-9", "L1", url, tmp / "mk.sqlite3", poll_s=0.5)
    kiosk.start_sync(_Quiet())
    plant = config_of("PLANT2", "L0", url, tmp, kind="board", poll_s=0.5)
    plant_cfg = notify_config(plant, "http://127.0.0.1:1/", 60, prefix)
    plant = Station.open(plant_cfg, store_path=tmp / "mplant.sqlite3")
    service = PlantService(plant)
    service.start()
    latencies = []
    for _ in range(raises):
        t0 = time.time()
        ticket = kiosk.tickets.raise_ticket(STATION_OPERATOR, "machine")
        end = t0 + 10
        while not any(p.get("worst") and p["worst"]["ticket"] == ticket.id for _, p in seen):
            if time.time() > end:
                break
            time.sleep(0.002)
        hit = [at for at, p in seen if p.get("worst") and p["worst"]["ticket"] == ticket.id]
        if hit:
            latencies.append((hit[0] - t0) * 1000)
        kiosk.tickets.act(demo_user(Role.ADMIN), ticket.id, K.CANCELLED, {"text": "bench"})
        end = time.time() + 10
        while not (seen and seen[-1][1]["situation"] == "running") and time.time() < end:
            time.sleep(0.002)
    service.stop()
    plant.close()
    kiosk.close()
    sub.publish(state_topic, b"", qos=1, retain=True).wait_for_publish(5)
    sub.loop_stop()
    sub.disconnect()
    return round(percentile(latencies, 99), 1) if latencies else None


class _Quiet:
    def link(self, *a: object) -> None: ...
    def depth(self, *a: object) -> None: ...
    def stuck(self, *a: object) -> None: ...
    def changes(self, *a: object) -> None: ...
    def stations(self, *a: object) -> None: ...


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--raises", type=int, default=40)
    args = parser.parse_args()
    with shared_database() as url, tempfile.TemporaryDirectory(prefix="andon-notify-") as tmp:
        figures = burst(url, Path(tmp), args.tickets)
        figures["rate_limit_ok"] = rate_limit(Path(tmp))
    with shared_database() as url, tempfile.TemporaryDirectory(prefix="andon-mqtt-") as tmp:
        figures["mqtt_state_ms_p99"] = mqtt_state(url, Path(tmp), args.raises)
    figures["goals"] = {
        "due_to_delivered_ms_p99": 1000,
        "burst": 200,
        "lost": 0,
        "duplicated": 0,
        "rate_limit_ok": True,
        "mqtt_state_ms_p99": 250,
    }
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
