"""The plant service as a real process, killed with SIGKILL in the middle of its sends and
started again: no notice is lost, and none is sent again except those in flight at the kill
(at most two chunks per channel: one sent side by side while the one before it is being
stored); each carries its key (Idempotency-Key), so the
receiver drops the repeat."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.notify.dispatcher import CHUNK

from .conftest import MakeStation, eventually
from .test_sync import up

PLANT = """
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
[[notify.people]]
id = "lead"
name = "Li Wei"
[[notify.people]]
id = "tech"
name = "Zhang Jun"
[[notify.duty]]
role = "team_leader"
people = ["lead"]
channels = ["gateway"]
[[notify.duty]]
role = "department_contact"
people = ["tech"]
channels = ["gateway"]
"""


def start(tmp_path: Path, config: Path) -> subprocess.Popen:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "ANDON_KIOSK_CONFIG": ""}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "andon_kiosk", "plant-service", "--config", str(config),
         "--store", str(tmp_path / "plant.sqlite3")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_killing_the_plant_service_mid_send_loses_and_doubles_nothing(
    make_station: MakeStation, shared_url: str, tmp_path: Path, receiver
) -> None:
    kiosk = make_station("L1-1")
    tickets = [kiosk.tickets.raise_ticket(STATION_OPERATOR, "machine") for _ in range(5)]
    up(kiosk)
    expected = {f"{t.id}/level-0/{p}/gateway" for t in tickets for p in ("lead", "tech")}
    url = make_url(shared_url).set(drivername="postgresql").render_as_string(hide_password=False)
    config = tmp_path / "plant.toml"
    config.write_text(PLANT.format(url=url, hook=receiver.url()), encoding="utf-8")
    receiver.delay_s = 0.5  # a slow gateway: the kill lands while a notice is in flight

    def keys() -> list[str]:
        return [json.loads(body)["key"] for _, _, body in receiver.requests]

    first = start(tmp_path, config)
    try:
        eventually(lambda: len(keys()) >= 3, 60, "three notices sent before the kill")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    before = len(keys())
    second = start(tmp_path, config)
    try:
        eventually(lambda: set(keys()) >= expected, 60, "every notice after the restart")
        time.sleep(1.0)  # a real process, not Qt: give a wrong extra send time to show
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(15)
    sent = keys()
    assert set(sent) == expected  # lost: none
    repeated = len(sent) - len(set(sent))
    assert repeated <= 2 * CHUNK, (before, sent)  # only what was in flight at the kill
    assert len(set(sent[:before])) == before  # before the kill: each key once
    assert second.returncode == 0
