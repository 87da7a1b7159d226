"""A kiosk process without a screen, driven over stdin/stdout, for the two-process sync tests.

    python kiosk_proc.py --station L1-1 --line L1 --store A.sqlite3 --url postgresql+psycopg://...

It runs the real application core: `Station`, `KioskModel` (its operation runner, escalation
tick, light policy, and `SharedLink` with the relay and puller threads) in a QCoreApplication.
Each stdin line is a JSON command; each answer is one JSON line on stdout:

    {"op": "raise", "category": "machine"}                 -> {"ok": true, "ticket": id}
    {"op": "act", "as": "leader", "ticket": id, "kind": "acknowledged", "data": {}}
                                                            -> {"ok": true} or {"error": "..."}
    {"op": "state"}    -> {"open": {id: state}, "lamps": [...], "shared": {...}, "events": [...]}
    {"op": "clock", "offset": s}   -> {"ok": true, "now": t}   (its clock: wall time + offset)
    {"op": "quit"}

`--clock-offset s` starts it with its clock that far from the wall clock (an escalation due in
20 minutes falls due when the test moves the clock, not 20 minutes later).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QObject, Signal
from sqlalchemy import select

from andon_kiosk.app.demo import demo_config, demo_user
from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices
from andon_kiosk.config.types import SharedConfig
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role
from andon_kiosk.store.models import EventRow


class ShiftedClock:
    """The wall clock moved by `offset` seconds (the `clock` op moves it while running)."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset


class Commands(QObject):
    received = Signal(str)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--station", required=True)
    parser.add_argument("--line", default="L1")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--clock-offset", type=float, default=0.0)
    args = parser.parse_args()

    app = QCoreApplication([])
    cfg = replace(
        demo_config(prehashed=True),
        station=args.station,
        line=args.line,
        devices=Devices.none(),
        shared=SharedConfig(url=args.url, operation_timeout_s=2.0, poll_s=0.5),
    )
    clock = ShiftedClock(args.clock_offset)
    station = Station.open(cfg, clock=clock, store_path=args.store)
    vm = KioskModel(station)
    commands = Commands()

    def reply(payload: dict) -> None:
        sys.stdout.write(json.dumps(payload) + "\n")
        sys.stdout.flush()

    pending: list[tuple] = []  # ops waiting for the runner's answer, in order

    def mine(ticket_id: str, kind: str) -> int:
        ticket = vm.ticket(ticket_id)
        history = ticket.history if ticket else ()
        return sum(1 for e in history if e.station == args.station and e.kind.value == kind)

    def on_raised(ticket_id: str) -> None:
        if pending and pending[0][0] == "raise":
            pending.pop(0)
            reply({"ok": True, "ticket": ticket_id})

    def on_updated(ticket_id: str) -> None:
        # remote updates arrive here too: answer only when our own action is in the history
        if pending and pending[0][:2] == ("act", ticket_id):
            _, _, kind, before = pending[0]
            if mine(ticket_id, kind) > before:
                pending.pop(0)
                reply({"ok": True})

    def on_failed(error: BaseException) -> None:
        if pending:
            pending.pop(0)
            reply({"error": f"{type(error).__name__}: {error}"})

    vm.ticketRaised.connect(on_raised)
    vm.ticketUpdated.connect(on_updated)
    vm.operationFailed.connect(on_failed)

    def handle(line: str) -> None:
        cmd = json.loads(line)
        op = cmd["op"]
        if op == "quit":
            app.quit()
        elif op == "raise":
            vm.session.sign_out()
            pending.append(("raise",))
            vm.raise_ticket(cmd["category"], cmd.get("reason"))
        elif op == "act":
            vm.session.sign_in(demo_user(Role(cmd["as"])))
            pending.append(("act", cmd["ticket"], cmd["kind"], mine(cmd["ticket"], cmd["kind"])))
            vm.act(cmd["ticket"], EventKind(cmd["kind"]), cmd.get("data") or {})
        elif op == "clock":
            clock.offset = float(cmd["offset"])
            reply({"ok": True, "now": clock.now()})
        elif op == "state":
            with station.sessions() as s:
                events = sorted(s.scalars(select(EventRow.id)))
            with station.sessions() as s:
                ids = sorted(set(s.scalars(select(EventRow.ticket_id))))
            shared = vm.shared.state
            reply(
                {
                    "open": {t.id: t.state.value for t in vm.tickets()},
                    "states": {t.id: t.state.value for t in station.tickets.by_ids(ids)},
                    "lamps": sorted(
                        lamp.value
                        for lamp, mode in (vm.light.lamps.items() if vm.light else ())
                        if mode
                    ),
                    "shared": {"online": shared.online, "queued": shared.queued},
                    "events": events,
                }
            )

    commands.received.connect(handle)

    def read_stdin() -> None:
        for line in sys.stdin:
            if line.strip():
                commands.received.emit(line)
        commands.received.emit('{"op": "quit"}')

    threading.Thread(target=read_stdin, daemon=True).start()
    vm.start()
    reply({"ready": True})
    rc = app.exec()
    vm.stop()
    station.close()
    return rc


if __name__ == "__main__":
    sys.exit(main())
