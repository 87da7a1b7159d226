"""A kiosk's store under a stream of operations, printing each commit; the test kills it.

Usage: python crash_worker.py STORE SEED
Prints "ready" once the store is open, then "committed <event id>" after each operation's
transaction has returned from commit. Runs until killed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from andon_kiosk import config
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import User
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.tickets import TicketState

K = EventKind
S = TicketState
NEXT = {
    S.RAISED: (K.ACKNOWLEDGED, {}),
    S.ACKNOWLEDGED: (K.STARTED, {}),
    S.STARTED: (K.CONTAINED, {"containment": "spare fitted"}),
    S.CONTAINED: (K.RESOLVED, {"root_cause": "wear", "countermeasure": "PM"}),
    S.RESOLVED: (K.CLOSED, {}),
}


def main() -> None:
    store, seed = Path(sys.argv[1]), int(sys.argv[2])
    rnd = random.Random(seed)
    station = Station.open(config.load(None), store_path=store)
    admin = User("9001", "admin", Role.ADMIN)
    svc = station.tickets
    print("ready", flush=True)
    open_ids = [t.id for t in svc.open_tickets()]
    while True:
        if not open_ids or rnd.random() < 0.3:
            category = rnd.choice(["person", "machine", "material", "method"])
            ticket = svc.raise_ticket(admin, category)
            open_ids.append(ticket.id)
        else:
            tid = rnd.choice(open_ids)
            ticket = svc.get(tid)
            kind, data = NEXT[ticket.state]
            ticket = svc.act(admin, tid, kind, data)
            if not ticket.is_open:
                open_ids.remove(tid)
        print(f"committed {ticket.history[-1].id}", flush=True)


if __name__ == "__main__":
    main()
