"""Killing the relay (SIGKILL) anywhere in a batch loses nothing and doubles nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text

from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.store import db
from andon_kiosk.store.models import EventRow, OutboxRow

from .conftest import MakeStation

HELPER = Path(__file__).with_name("relay_proc.py")


def relay(store: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HELPER), "--store", str(store), "--url", url, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def kill_when(proc: subprocess.Popen[str], line: str) -> None:
    for out in proc.stdout:
        if out.strip() == line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL


def shared_state(url: str) -> tuple[set[str], int, int]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as c:
            ids = set(c.scalars(select(EventRow.id)))
            rows = c.scalar(text("SELECT count(*) FROM feed"))
            distinct = c.scalar(text("SELECT count(DISTINCT (kind, record_id)) FROM feed"))
    finally:
        engine.dispose()
    return ids, rows, distinct


def test_sigkill_in_mid_batch_loses_and_doubles_nothing(
    make_station: MakeStation, shared_url: str, tmp_path: Path
) -> None:
    a = make_station("L1-1")
    for _ in range(400):
        a.tickets.raise_ticket(STATION_OPERATOR, "material")
    with a.sessions() as s:
        local_ids = set(s.scalars(select(EventRow.id)))
    store = a.store_path
    a.close()

    # inside the shared transaction, before its commit: the batch must not be there
    kill_when(relay(store, shared_url, "--hang-at", "publish"), "AT publish")
    assert shared_state(shared_url)[0] == set()
    # after the shared commit, before the outbox is cleared: it is there once, still queued
    kill_when(relay(store, shared_url, "--hang-at", "sent"), "AT sent")
    first, rows, distinct = shared_state(shared_url)
    assert 0 < len(first) <= 100 and rows == distinct
    # and at random moments while batches go
    rng = random.Random(7)
    for _ in range(6):
        proc = relay(store, shared_url)
        batches = rng.randint(0, 2)
        for out in proc.stdout:
            if out.startswith("BATCH"):
                batches -= 1
            if batches < 0 or out.startswith("DRAINED"):
                break
        os.kill(proc.pid, signal.SIGKILL)  # mid-batch, or between two
        proc.wait(30)
    proc = relay(store, shared_url)
    assert "DRAINED" in proc.communicate(timeout=120)[0]

    ids, rows, distinct = shared_state(shared_url)
    assert ids == local_ids  # nothing lost
    assert rows == distinct  # nothing fed twice
    engine = db.make_engine(db.sqlite_url(store))
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(OutboxRow)) == 0
    engine.dispose()
