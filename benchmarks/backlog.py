"""Backlog: a kiosk that was offline drains its outbox when the network returns, losing and
doubling nothing (issue: one plant, one truth).

    python benchmarks/backlog.py --json [--events 10000]

Kiosk A reaches PostgreSQL through a TCP proxy that drops every connection; meanwhile
`--events` ticket events (raise, acknowledge, start, contain, comment) are written into A's
store with their outbox rows, 250 to a transaction (a long offline spell, compressed). Then
the proxy heals. Kiosk B (plain connection) is listening all along.

events        events queued at A while offline
drain_s       from the moment the network heals to A's outbox being empty (includes the
              relay's backoff noticing the network is back)
reconnect_s   of which: until the first batch went (the relay's backoff, at most ~5 s)
seen_on_b_s   from the heal to all of them committed in B's store (measured to within the
              last page B applied)
lost          events of A missing in the shared database or in B's store
duplicated    feed rows beyond one per event (an event fed twice)
poisoned      records mixed into the backlog that PostgreSQL refuses (comments holding a NUL
              or an unpaired surrogate, as an older release stored them), `--poison`
quarantined   of which parked at A with the reason (goal: all of them, and none in the
              shared database, while every good event still arrives)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sync_bench import Arrivals, open_station, shared_database  # noqa: E402


def load_proxy():  # the tests' misbehaving TCP proxy, standard library only
    spec = importlib.util.spec_from_file_location("tcp_proxy", ROOT / "tests/sync/proxy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TcpProxy


POISON = ("oil on the floor\x00", "sensor \ud800 broken")


def fill_offline(station, events: int, poison: int = 0) -> tuple[set[str], set[str]]:
    """`events` events of whole ticket histories, written as the services would, with
    `poison` comments PostgreSQL refuses spread evenly among them; (good ids, poison ids)."""
    from andon_kiosk.core.events import EventKind as K
    from andon_kiosk.core.events import new_id
    from andon_kiosk.store import tickets as repo

    origin = station.tickets.origin
    raise_data = {
        "category": "machine",
        "reason": "breakdown",
        "department": "equipment",
        "stops_line": True,
        "safety": False,
    }
    steps = [
        (K.ACKNOWLEDGED, "2001", {}),
        (K.STARTED, "3001", {}),
        (K.CONTAINED, "3001", {"containment": "spare fitted"}),
        (K.COMMENTED, "3001", {"text": "root cause tomorrow"}),
    ]
    made: set[str] = set()
    bad: set[str] = set()
    every = max(1, events // poison) if poison else 0
    while len(made) < events:
        with station.sessions.begin() as session:
            for _ in range(50):  # 50 tickets x 5 events per transaction
                ticket_id = new_id()
                history = [origin.event(ticket_id, K.RAISED, "1001", raise_data)]
                history += [origin.event(ticket_id, kind, who, data) for kind, who, data in steps]
                for ev in history[: events - len(made)]:
                    session.add(repo.to_row(ev))
                    session.add(repo.OutboxRow(kind="event", record_id=ev.id))
                    made.add(ev.id)
                    if every and len(made) % every == 0 and len(bad) < poison:
                        text = {"text": POISON[len(bad) % 2]}
                        poison_event = origin.event(ticket_id, K.COMMENTED, "3001", text)
                        session.add(repo.to_row(poison_event))
                        session.add(repo.OutboxRow(kind="event", record_id=poison_event.id))
                        bad.add(poison_event.id)
                session.flush()
                repo.refresh_projection(session, ticket_id)
    return made, bad


def parked_at(station) -> set[str]:
    from andon_kiosk.sync import parking

    with station.sessions() as s:
        return {p.record_id for p in parking.listing(s) if p.direction == "out"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--poison", type=int, default=12, help="refused records mixed in")
    args = parser.parse_args()

    from sqlalchemy import func, select, text
    from sqlalchemy.engine import make_url

    from andon_kiosk.store import db
    from andon_kiosk.store.models import EventRow

    TcpProxy = load_proxy()
    with shared_database() as url, tempfile.TemporaryDirectory(prefix="andon-backlog-") as tmp:
        target = make_url(url)
        proxy = TcpProxy(target.host, target.port or 5432)
        via_proxy = target.set(port=proxy.port).render_as_string(hide_password=False)
        a = open_station("L1-1", "L1", via_proxy, Path(tmp) / "a.sqlite3")
        b = open_station("L1-2", "L1", url, Path(tmp) / "b.sqlite3")
        at_a, at_b = Arrivals(), Arrivals()
        b.start_sync(at_b)
        proxy.drop()
        a.start_sync(at_a)
        if not at_a.wait_for(lambda: at_a.online is False, 30):
            raise SystemExit("A never noticed it was offline")
        made, bad = fill_offline(a, args.events, args.poison)
        a.sync.wake()  # A's screen shows the queue (the relay counts it while offline)
        at_a.wait_for(lambda: at_a.queued >= len(made) + len(bad), 30)

        healed = time.monotonic()
        proxy.heal()
        at_a.wait_for(lambda: at_a.queued == 0, 120)
        drained = time.monotonic() - healed
        first = next((t for t, d in at_a.depths if t > healed and d < len(made) + len(bad)), healed)

        def b_has_all() -> bool:
            with b.sessions() as s:
                return s.scalar(select(func.count()).select_from(EventRow)) >= len(made)

        complete = at_b.wait_for(b_has_all, 120)
        seen_on_b = time.monotonic() - healed if complete else None

        with b.sessions() as s:
            on_b = set(s.scalars(select(EventRow.id)))
        parked = parked_at(a)
        engine = db.make_engine(url)
        with engine.connect() as c:
            shared = set(c.scalars(select(EventRow.id)))
            fed = c.scalar(text("SELECT count(*) FROM feed WHERE kind = 'event'"))
            distinct = c.scalar(
                text("SELECT count(DISTINCT record_id) FROM feed WHERE kind = 'event'")
            )
            total = c.scalar(select(func.count()).select_from(EventRow))
        engine.dispose()
        a.close()
        b.close()
        proxy.close()

    figures = {
        "events": len(made),
        "drain_s": round(drained, 2),
        "reconnect_s": round(first - healed, 2),
        "seen_on_b_s": round(seen_on_b, 2) if seen_on_b is not None else None,
        "lost": len(made - shared) + len(made - on_b),
        "duplicated": (fed - distinct) + (total - len(shared)),
        "poisoned": len(bad),
        "quarantined": len(bad & parked),
        "poison_shared": len(bad & shared),
        "goals": {
            "events": 10000,
            "lost": 0,
            "duplicated": 0,
            "drain_s": 10,
            "poisoned": ">= 10",
            "quarantined": "= poisoned",
        },
    }
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
