"""`andon-kiosk sync status` against a real shared PostgreSQL, as text and as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from .conftest import MakeStation


def sync_status(tmp_path: Path, url: str, store: Path, *extra: str) -> subprocess.CompletedProcess:
    return sync(tmp_path, url, store, "status", *extra)


def sync(
    tmp_path: Path, url: str, store: Path, action: str, *extra: str
) -> subprocess.CompletedProcess:
    station = tmp_path / "station.toml"
    station.write_text(
        f'[station]\nline = "L1"\nstation = "L1-1"\n[shared]\nurl = "{url}"\n', encoding="utf-8"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    return subprocess.run(
        [sys.executable, "-m", "andon_kiosk", "sync", action, "--config", str(station),
         "--store", str(store), *extra],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def test_sync_status_reports_the_queue_the_feed_and_the_stations(
    make_station: MakeStation, shared_url: str, tmp_path: Path
) -> None:
    station = make_station("L1-1")
    station.tickets.raise_ticket(station.accounts.users()[0], "machine")
    sync = station.sync
    assert sync is not None
    store = station.store_path
    url = make_url(shared_url).set(drivername="postgresql").render_as_string(hide_password=False)

    before = sync_status(tmp_path, url, store, "--json")
    assert before.returncode == 0, before.stderr
    status = json.loads(before.stdout)
    users = len(station.accounts.users())  # the station file's users wait to be sent too
    assert status["outbox"] == users + 1 and status["shared"]["reachable"] is True

    while sync.relay.send_batch():  # what the sync thread does
        pass
    sync.relay.heartbeat_if_due()  # the first one is always due: the station is registered
    after = json.loads(sync_status(tmp_path, url, store, "--json").stdout)
    assert after["outbox"] == 0 and after["shared"]["feed_head"] >= 1
    text = sync_status(tmp_path, url, store)
    assert text.returncode == 0 and "outbox: 0 records waiting to be sent" in text.stdout
    assert f"feed at {after['shared']['feed_head']}" in text.stdout
    assert [s["station"] for s in after["shared"]["stations"]] == ["L1-1"]


def test_sync_status_with_the_database_down_says_unreachable_and_exits_2(
    make_station: MakeStation, tmp_path: Path
) -> None:
    station = make_station("L1-1")
    result = sync_status(
        tmp_path, "postgresql://postgres@127.0.0.1:1/andon", station.store_path, "--json"
    )
    assert result.returncode == 2
    status = json.loads(result.stdout)
    assert status["shared"]["reachable"] is False and status["shared"]["error"]


def test_parked_records_are_listed_then_retried_or_discarded(
    make_station: MakeStation, shared_url: str, tmp_path: Path
) -> None:
    from .test_poison import sneak_comment
    from .test_sync import up

    station = make_station("L1-1")
    ticket = station.tickets.raise_ticket(station.accounts.users()[0], "machine")
    bad = sneak_comment(station, ticket.id, "nul\x00")
    up(station)
    store = station.store_path
    url = make_url(shared_url).set(drivername="postgresql").render_as_string(hide_password=False)

    status = json.loads(sync_status(tmp_path, url, store, "--json").stdout)
    [entry] = status["parked"]
    assert (entry["direction"], entry["kind"], entry["record"]) == ("out", "event", bad)
    text = sync_status(tmp_path, url, store).stdout
    assert "PARKED: 1 records" in text and bad in text and "refused by the shared database" in text

    unknown = sync(tmp_path, url, store, "retry", "999")
    assert unknown.returncode == 2 and "no parked entry #999" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    refuse_all = sync(tmp_path, url, store, "discard")  # which ones must be said
    assert refuse_all.returncode == 2

    retried = sync(tmp_path, url, store, "retry", f"#{entry['id']}")  # as status prints it
    assert retried.returncode == 0 and "1 records queued" in retried.stdout
    assert json.loads(sync_status(tmp_path, url, store, "--json").stdout)["outbox"] == 1
    up(station)  # still refused: parked again
    again = json.loads(sync_status(tmp_path, url, store, "--json").stdout)["parked"]
    discarded = sync(tmp_path, url, store, "discard", "--all")
    assert discarded.returncode == 0 and "1 parked entries discarded" in discarded.stdout
    assert len(again) == 1
    assert json.loads(sync_status(tmp_path, url, store, "--json").stdout)["parked"] == []


def test_retrying_an_incoming_entry_by_id_says_how_it_is_taken_in(
    make_station: MakeStation, shared_url: str, tmp_path: Path
) -> None:
    from andon_kiosk.sync import parking

    station = make_station("L1-1")
    with station.sessions.begin() as s:
        parking.quarantine(s, "event", {"id": "e-1", "kind": "bogus"}, "unknown kind", 0.0)
    url = make_url(shared_url).set(drivername="postgresql").render_as_string(hide_password=False)
    [entry] = json.loads(sync_status(tmp_path, url, station.store_path, "--json").stdout)["parked"]
    refused = sync(tmp_path, url, station.store_path, "retry", f"#{entry['id']}")
    assert refused.returncode == 2 and "without ids takes in" in refused.stderr
    assert "Traceback" not in refused.stderr
