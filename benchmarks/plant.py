"""A plant: many kiosks against one PostgreSQL, watched by the plant board (issue: one
plant, one truth).

    python benchmarks/plant.py --json [--kiosks 50] [--processes 5] [--rate 1] [--seconds 30]

`--kiosks` line kiosks (each its own SQLite store, its own sync link and connection, line
L<n>) run in `--processes` worker processes; each kiosk raises `--rate` tickets a second for
`--seconds`. A plant board (whole-plant scope) in this process notes when each ticket lands
in its store. Clocks: CLOCK_MONOTONIC, shared by the processes.

kiosks          kiosks that ran
events          events raised (each raise is one event)
events_per_s    events that reached the board, per second of load
p50_ms, p99_ms  commit at a kiosk -> commit in the board's store
lost            events never seen by the board within 60 s
connections     connections the shared database held at the peak (one per station)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sync_bench import Arrivals, open_station, percentile, shared_database


class Quiet:
    online = False

    def link(self, online: bool, detail: str) -> None:
        self.online = online

    def depth(self, queued: int) -> None: ...
    def stuck(self, *a: object) -> None: ...
    def changes(self, applied: object) -> None: ...
    def stations(self, seen: object) -> None: ...


def worker(url: str, tmp: Path, kiosks: range, *, rate: float, seconds: float) -> int:
    """Kiosks L<n> for n in `kiosks`: start, report READY, raise on GO, report C lines."""
    from sqlalchemy import event

    from andon_kiosk.core.accounts import STATION_OPERATOR

    numbers, kiosks, listeners, commits = kiosks, [], [], {}
    count = len(numbers)
    for n in numbers:
        station = open_station(f"L{n}-1", f"L{n}", url, tmp / f"k{n}.sqlite3")
        stamp = [0.0]
        event.listen(
            station.sessions, "after_commit", lambda _s, s=stamp: s.__setitem__(0, time.monotonic())
        )
        commits[station.config.station] = stamp
        listener = Quiet()
        station.start_sync(listener)
        kiosks.append(station)
        listeners.append(listener)
    while not all(q.online for q in listeners):
        time.sleep(0.05)
    print("READY", flush=True)
    sys.stdin.readline()  # GO
    interval = 1.0 / (rate * count)  # kiosks take turns, each at `rate`
    next_at, end = time.monotonic(), time.monotonic() + seconds
    turn = 0
    out = []
    while time.monotonic() < end:
        station = kiosks[turn % count]
        ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
        out.append(f"C {ticket.id} {commits[station.config.station][0]:.6f}")
        turn += 1
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))  # the pace of the load
    print("\n".join(out), flush=True)
    print("DONE", flush=True)
    sys.stdin.readline()  # until told to stop: the links keep sending meanwhile
    for station in kiosks:
        station.close()
    return 0


def main() -> int:  # noqa: PLR0915 (one straight-line measurement)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--rate", type=float, default=1.0, help="tickets per second per kiosk")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)  # url tmp first count
    args = parser.parse_args()
    if args.worker:
        url, tmp, first, count = args.worker
        kiosks = range(int(first), int(first) + int(count))
        return worker(url, Path(tmp), kiosks, rate=args.rate, seconds=args.seconds)

    from sqlalchemy import create_engine, text

    with shared_database() as url, tempfile.TemporaryDirectory(prefix="andon-plant-") as tmp:
        board = open_station("BOARD", "L0", url, Path(tmp) / "board.sqlite3", kind="board")
        arrivals = Arrivals()
        board.start_sync(arrivals)
        per = -(-args.kiosks // args.processes)
        workers = []
        for p in range(args.processes):
            first, count = 1 + p * per, min(per, args.kiosks - p * per)
            if count <= 0:
                break
            workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        __file__,
                        "--rate",
                        str(args.rate),
                        "--seconds",
                        str(args.seconds),
                        "--worker",
                        url,
                        tmp,
                        str(first),
                        str(count),
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        for w in workers:
            if w.stdout.readline().strip() != "READY":
                raise SystemExit("a worker did not start")
        engine = create_engine(url)
        peak = [0]

        def watch_connections() -> None:
            query = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            with engine.connect() as c:
                while not done.is_set():
                    n = c.execute(query).scalar()
                    peak[0] = max(peak[0], n - 1)  # not this one
                    done.wait(0.5)

        done = threading.Event()
        threading.Thread(target=watch_connections, daemon=True).start()
        started = time.monotonic()
        for w in workers:
            w.stdin.write("GO\n")
            w.stdin.flush()
        sent: dict[str, float] = {}
        for w in workers:
            for line in w.stdout:
                if line.startswith("DONE"):
                    break
                _, ticket, at = line.split()
                sent[ticket] = float(at)
        arrivals.wait_for(lambda: sent.keys() <= arrivals.at.keys(), 60)
        done.set()
        load_s = max(arrivals.at.get(t, started) for t in sent) - started
        for w in workers:
            w.stdin.write("STOP\n")
            w.stdin.flush()
        for w in workers:
            w.wait(60)
        board.close()
        engine.dispose()

    latencies = [(arrivals.at[t] - sent[t]) * 1000 for t in sent if t in arrivals.at]
    figures = {
        "kiosks": args.kiosks,
        "events": len(sent),
        "events_per_s": round(len(latencies) / load_s, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "lost": len(sent) - len(latencies),
        "connections": peak[0],
        "offered_per_s": args.rate * args.kiosks,
    }
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
