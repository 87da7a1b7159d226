"""`andon-kiosk sync status`: is this station's work reaching the plant, and what did it hear?"""

from __future__ import annotations

import argparse
from datetime import datetime

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
    from andon_kiosk.app.station import default_store_path
    from andon_kiosk.store import db
    from andon_kiosk.sync.puller import scope_key
    from andon_kiosk.sync.retry import LINK_ERRORS, describe_error
    from andon_kiosk.sync.status import local_status, shared_status

    path = store_path(args) or cfg.store_path or default_store_path(cfg.station)
    engine = db.make_engine(db.sqlite_url(path))
    try:
        here = local_status(db.session_factory(engine))
    finally:
        engine.dispose()
    print(f"station {cfg.station} (line {cfg.line}, {cfg.kind}); store {path}")
    print(f"outbox: {here.queued} records waiting to be sent")
    if cfg.shared is None:
        print("shared database: not set up ([shared] url in the station file)")
        return 0
    shared = shared_database(cfg)
    try:
        there = shared_status(shared)
    except LINK_ERRORS as exc:
        print(f"shared database {shared.describe()}: UNREACHABLE: {describe_error(exc, None)}")
        return 1
    finally:
        shared.dispose()
    scope = scope_key(cfg.scope)
    read = here.cursors.get(f"{there.instance}/{scope}", 0)
    print(f"shared database {shared.describe()}: reachable, feed at {there.head}")
    print(f"read up to: {read} (scope {scope})")
    now = datetime.now().timestamp()
    for s in sorted(there.stations, key=lambda s: (s.line, s.station)):
        when = datetime.fromtimestamp(now - s.age_s).strftime("%H:%M:%S")
        print(
            f"  {s.station:<16} line {s.line:<8} {s.kind:<11} last heard {when}"
            f" ({s.age_s:,.0f} s ago), {s.outbox_depth} waiting"
        )
    return 0
