"""Crash safety: kill -9 a kiosk process at random points of a stream of operations.

Every operation the process reported as committed must still be there after the kill, the
SQLite file must pass `PRAGMA integrity_check`, the tickets projection must agree with the
event log, and every event must still be queued in the outbox. The store is reused across
kills, so later runs also start up on a file a crash has just left behind.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.events import Event, EventKind
from andon_kiosk.core.tickets import fold

WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = 50
LANES = 2


def check_store(path: Path, committed: set[str]) -> None:
    db = sqlite3.connect(path)  # plain sqlite3: the checker shares no code with the writer
    db.row_factory = sqlite3.Row
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:  # killed in the very first migration: it is all or nothing
            assert not committed, "operations reported committed on a store with no schema"
            return
        assert {"alembic_version", "events", "outbox", "tickets", "feed"} <= tables, tables
        rows = db.execute("SELECT * FROM events").fetchall()
        missing = committed - {row["id"] for row in rows}
        assert not missing, f"{len(missing)} committed events lost"
        outbox = {row[0] for row in db.execute("SELECT record_id FROM outbox WHERE kind = 'event'")}
        assert outbox == {row["id"] for row in rows}, "an event without its outbox row"
        events: dict[str, list[Event]] = {}
        for r in rows:
            events.setdefault(r["ticket_id"], []).append(
                Event(
                    r["id"],
                    r["ticket_id"],
                    EventKind(r["kind"]),
                    Stamp.decode(r["stamp"]),
                    r["occurred_at"],
                    r["actor"],
                    r["station"],
                    r["line"],
                    json.loads(r["data"]),
                )
            )
        projection = dict(db.execute("SELECT id, state FROM tickets").fetchall())
        folded = {tid: fold(evs) for tid, evs in events.items()}
        assert projection == {tid: t.state.value for tid, t in folded.items() if t}
    finally:
        db.close()


def run_once(store: Path, seed: int, rnd: random.Random) -> set[str]:
    """Start a worker, kill -9 it at a random point, return the ids it reported committed."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(store), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    committed: set[str] = set()
    try:
        if rnd.random() < 0.15:
            time.sleep(rnd.uniform(0.0, 0.6))  # somewhere in start-up: imports, migration
        else:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            for _ in range(rnd.randint(0, 60)):
                line = proc.stdout.readline()
                if not line:
                    break
                committed.add(line.split()[1])
            spin_until = time.perf_counter() + rnd.uniform(0, 0.004)  # land mid-transaction
            while time.perf_counter() < spin_until:
                pass
    finally:
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        out, err = proc.communicate()
    assert "Traceback" not in err, err
    committed |= {line.split()[1] for line in out.splitlines() if line.startswith("committed")}
    return committed


def lane(store: Path, kills: int, seed: int) -> int:
    rnd = random.Random(seed)
    committed: set[str] = set()
    for i in range(kills):
        committed |= run_once(store, seed * 1000 + i, rnd)
        if store.exists():  # a kill during the very first start may come before the file
            check_store(store, committed)
    return len(committed)


def test_kill_minus_nine_at_random_points_loses_no_committed_operation(tmp_path: Path) -> None:
    seed = random.SystemRandom().randrange(1_000_000)
    with ThreadPoolExecutor(LANES) as pool:
        futures = [
            pool.submit(lane, tmp_path / f"lane{n}.sqlite3", KILLS // LANES, seed + n)
            for n in range(LANES)
        ]
        totals = [f.result() for f in futures]
    print(f"seed {seed}: {sum(totals)} committed operations checked over {KILLS} kills")
    assert sum(totals) > KILLS  # the workers really did work between the kills
