"""`andon-kiosk sync status`: is this station's work reaching the plant, and what did it hear?"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from typing import Any

from andon_kiosk.config import StationConfig
from andon_kiosk.sync.shared import SharedDatabase, SharedSettings

from .options import store_path


def shared_database(cfg: StationConfig) -> SharedDatabase:
    if cfg.shared is None:
        raise ValueError(f"{cfg.source}: no [shared] url: this station works alone")
    shared = cfg.shared
    return SharedDatabase(
        SharedSettings(
            url=shared.url,
            password=shared.password.reveal() if shared.password else None,
            connect_timeout_s=shared.connect_timeout_s,
            operation_timeout_s=shared.operation_timeout_s,
            application_name=f"andon-kiosk {cfg.station} (cli)",
        )
    )


def run(args: argparse.Namespace, cfg: StationConfig) -> int:
    if args.sync_command in ("retry", "discard"):
        return settle_parked(args, cfg)
    try:
        status = gather(args, cfg)
    except Exception as exc:
        if args.json:  # a monitoring script gets JSON to parse, whatever went wrong
            from .errors import explain

            print(json.dumps({"station": cfg.station, "error": explain(exc)}))
        raise
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print_status(status)
    shared = status["shared"]
    return 0 if not shared["configured"] or shared["reachable"] else 2


def gather(args: argparse.Namespace, cfg: StationConfig) -> dict[str, Any]:
    """What `sync status` says, as data (printed as text, or as JSON with --json)."""
    from andon_kiosk.app.station import default_store_path
    from andon_kiosk.store import db
    from andon_kiosk.store.health import StoreFault, StoreProblem, StoreUnusable
    from andon_kiosk.store.opening import open_store
    from andon_kiosk.sync.puller import scope_key
    from andon_kiosk.sync.retry import LINK_ERRORS, describe_error
    from andon_kiosk.sync.status import local_status, shared_status

    path = store_path(args) or cfg.store_path or default_store_path(cfg.station)
    if not path.exists():
        raise StoreUnusable(StoreFault(StoreProblem.MISSING, path, ""))
    engine, fault, _ = open_store(path)
    try:
        if fault is not None and not fault.readable:
            raise StoreUnusable(fault)
        here = local_status(db.session_factory(engine))
    finally:
        engine.dispose()
    status: dict[str, Any] = {
        "station": cfg.station,
        "line": cfg.line,
        "kind": cfg.kind,
        "store": str(path),
        "store_fault": fault.describe() if fault else None,
        "outbox": here.queued,
        "parked": [
            {
                "id": p.id,
                "direction": p.direction,
                "kind": p.kind,
                "record": p.record_id,
                "error": p.error,
                "parked_at": datetime.fromtimestamp(p.parked_at).isoformat(timespec="seconds"),
            }
            for p in here.parked
        ],
        "shared": {"configured": cfg.shared is not None},
    }
    if cfg.shared is None:
        return status
    shared = shared_database(cfg)
    link: dict[str, Any] = status["shared"]
    link["where"] = shared.describe()
    try:
        there = shared_status(shared)
    except LINK_ERRORS as exc:
        link.update(reachable=False, error=describe_error(exc, None))
        return status
    finally:
        shared.dispose()
    scope = scope_key(cfg.scope)
    now = time.time()
    link.update(
        reachable=True,
        feed_head=there.head,
        scope=scope,
        read_up_to=here.cursors.get(f"{there.instance}/{scope}", 0),
        stations=[
            {
                "station": s.station,
                "line": s.line,
                "kind": s.kind,
                "last_heard": datetime.fromtimestamp(now - s.age_s).isoformat(timespec="seconds"),
                "age_s": round(s.age_s, 1),
                "outbox": s.outbox_depth,
            }
            for s in sorted(there.stations, key=lambda s: (s.line, s.station))
        ],
    )
    return status


def settle_parked(args: argparse.Namespace, cfg: StationConfig) -> int:
    """`sync retry [ID...]` and `sync discard ID... | --all` on this station's store."""
    from andon_kiosk.app.station import Station
    from andon_kiosk.sync import parking

    from .admin import store_errors_named

    ids = list(args.ids) or None
    station = Station.open(cfg, store_path=store_path(args), create=False)
    try:
        with store_errors_named(station), station.sessions.begin() as session:
            listed = {p.id: p for p in parking.listing(session)}
            unknown = sorted(set(ids or ()) - set(listed))
            if unknown:
                raise ValueError(
                    f"no parked entry {', '.join(f'#{i}' for i in unknown)} "
                    "(andon-kiosk sync status lists them)"
                )
            incoming = sorted(i for i in ids or () if listed[i].direction == parking.IN)
            if args.sync_command == "retry" and incoming:
                raise ValueError(
                    f"{', '.join(f'#{i}' for i in incoming)} arrived unusable: `andon-kiosk "
                    "sync retry` without ids takes in every one that passes now"
                )
            if args.sync_command == "retry":
                n = parking.retry(session, ids)
                print(f"{n} records queued to be sent again")
                if ids is None:
                    _take_in(session, station)
            else:
                n = parking.discard(session, ids)
                print(f"{n} parked entries discarded (the records stay in the local store)")
    finally:
        station.close()
    return 0


def _take_in(session, station) -> None:
    """`sync retry` without ids also applies quarantined shared records that pass now."""
    import time

    from andon_kiosk.sync import local

    ahead = station.config.shared.max_clock_ahead_s if station.config.shared else 300.0
    now = time.time()
    applied, still = local.retry_quarantined(
        session, station.hlc.observe, now=now, latest_ms=int((now + ahead) * 1000)
    )
    if applied or still:
        print(f"{applied} quarantined records taken in; {still} still refused")


def print_status(status: dict[str, Any]) -> None:
    print(
        f"station {status['station']} (line {status['line']}, {status['kind']}); "
        f"store {status['store']}"
    )
    if status["store_fault"]:
        print(f"STORE FAULT: {status['store_fault']}")
    print(f"outbox: {status['outbox']} records waiting to be sent")
    if status["parked"]:
        print(
            f"PARKED: {len(status['parked'])} records could not be sent or taken in "
            "(andon-kiosk sync retry [ID...] after a fix; sync discard ID... once decided):"
        )
        for p in status["parked"]:
            way = (
                "refused by the shared database" if p["direction"] == "out" else "arrived unusable"
            )
            print(f"  #{p['id']} {p['kind']} {p['record']} {way}: {p['error']}")
    shared = status["shared"]
    if not shared["configured"]:
        print("shared database: not set up ([shared] url in the station file)")
        return
    if not shared["reachable"]:
        print(f"shared database {shared['where']}: UNREACHABLE: {shared['error']}")
        return
    print(f"shared database {shared['where']}: reachable, feed at {shared['feed_head']}")
    print(f"read up to: {shared['read_up_to']} (scope {shared['scope']})")
    for s in shared["stations"]:
        print(
            f"  {s['station']:<16} line {s['line']:<8} {s['kind']:<11} last heard "
            f"{s['last_heard'][11:]} ({s['age_s']:,.0f} s ago), {s['outbox']} waiting"
        )
