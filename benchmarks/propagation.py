"""Propagation: an event committed at kiosk A, to the moment it is committed in kiosk B's
store, through the shared PostgreSQL (issue: one plant, one truth).

    python benchmarks/propagation.py --json [--events 600] [--rate 20]

Two kiosk processes on separate SQLite files (A raises, B only listens), each with its own
relay and puller threads, and a fresh PostgreSQL database. A raises `--events` tickets at
`--rate` per second; the time is taken at A's local commit (SQLAlchemy after_commit) and at
B's local commit of the pulled page. Both processes read the same CLOCK_MONOTONIC.

p50_ms, p99_ms, max_ms   commit at A -> commit at B
events                   events measured (each raise is one event)
lost                     events raised at A that never reached B within 30 s
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

from _sync_bench import open_station, percentile, shared_database


def child(url: str, store: Path) -> int:
    """Kiosk B: print 'T <ticket> <monotonic>' as each ticket's events land in its store."""

    class Printer:
        def link(self, online: bool, detail: str) -> None:
            if online:
                print("ONLINE", flush=True)

        def depth(self, queued: int) -> None: ...
        def stuck(self, *a: object) -> None: ...

        def changes(self, applied) -> None:
            now = time.monotonic()
            print("\n".join(f"T {t} {now:.6f}" for t in applied.tickets), flush=True)

        def stations(self, seen) -> None: ...

    station = open_station("L1-2", "L1", url, store)
    station.start_sync(Printer())
    sys.stdin.read()  # until the parent closes our stdin
    station.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--events", type=int, default=600)
    parser.add_argument("--rate", type=float, default=20.0, help="events per second at A")
    parser.add_argument("--child", nargs=2, metavar=("URL", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], Path(args.child[1]))

    from sqlalchemy import event

    from andon_kiosk.core.accounts import STATION_OPERATOR

    with shared_database() as url, tempfile.TemporaryDirectory(prefix="andon-prop-") as tmp:
        b = subprocess.Popen(
            [sys.executable, __file__, "--child", url, str(Path(tmp) / "b.sqlite3")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        arrived: dict[str, float] = {}
        online = threading.Event()

        def read_b() -> None:
            for line in b.stdout:
                parts = line.split()
                if parts and parts[0] == "T":
                    arrived.setdefault(parts[1], float(parts[2]))
                elif parts == ["ONLINE"]:
                    online.set()

        threading.Thread(target=read_b, daemon=True).start()

        class Quiet:
            def link(self, *a: object) -> None: ...
            def depth(self, *a: object) -> None: ...
            def stuck(self, *a: object) -> None: ...
            def changes(self, *a: object) -> None: ...
            def stations(self, *a: object) -> None: ...

        a = open_station("L1-1", "L1", url, Path(tmp) / "a.sqlite3")
        committed_at = [0.0]
        event.listen(
            a.sessions, "after_commit", lambda _s: committed_at.__setitem__(0, time.monotonic())
        )
        a.start_sync(Quiet())
        if not online.wait(30):
            raise SystemExit("kiosk B never reached the shared database")
        time.sleep(1.0)  # let the demo users' first sync settle before measuring
        sent: dict[str, float] = {}
        interval = 1.0 / args.rate
        next_at = time.monotonic()
        for _ in range(args.events):
            ticket = a.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
            sent[ticket.id] = committed_at[0]
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))  # the pace of the load
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not sent.keys() <= arrived.keys():
            time.sleep(0.05)
        a.close()
        b.stdin.close()
        b.wait(30)

    latencies = [(arrived[t] - sent[t]) * 1000 for t in sent if t in arrived]
    figures = {
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "events": len(latencies),
        "lost": len(sent) - len(latencies),
        "rate_per_s": args.rate,
        "goals": {"p50_ms": 50, "p99_ms": 250, "events": 500},
    }
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
