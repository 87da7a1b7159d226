"""One station's application core, wired from its configuration (no Qt).

Opening a station migrates its local store to the newest schema, creates the configured users
that do not exist yet and restores the hybrid logical clock from the newest stored stamp, so
stamps keep increasing across restarts even if the wall clock went backwards meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import Clock, HybridClock, SystemClock
from andon_kiosk.core.events import Origin
from andon_kiosk.store import db
from andon_kiosk.store import tickets as ticket_repo
from andon_kiosk.sync.feed import StationInfo
from andon_kiosk.sync.service import SyncListener, SyncService
from andon_kiosk.sync.shared import SharedSettings

from .accounts import AccountService
from .production import ProductionService
from .tickets import TicketService


def data_dir() -> Path:
    return platformdirs.user_data_path("andon-kiosk", appauthor=False)


def default_store_path(station: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in station)
    return data_dir() / f"{safe}.sqlite3"


@dataclass
class Station:
    config: StationConfig
    clock: Clock
    store_path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    tickets: TicketService
    accounts: AccountService
    production: ProductionService
    hlc: HybridClock
    sync: SyncService | None = None

    @classmethod
    def open(
        cls,
        config: StationConfig,
        *,
        clock: Clock | None = None,
        store_path: Path | None = None,
    ) -> Station:
        clock = clock or SystemClock()
        path = store_path or config.store_path or default_store_path(config.station)
        engine = db.make_engine(db.sqlite_url(path))
        db.upgrade(engine)
        sessions = db.session_factory(engine)
        with sessions() as session:
            hlc = HybridClock(clock, ticket_repo.last_stamp(session))
        origin = Origin(config.line, config.station, hlc, clock)
        accounts = AccountService(sessions, clock, config.sign_in, hlc)
        accounts.ensure((u.user, u.pin, u.pin_hash) for u in config.users)
        return cls(
            config=config,
            clock=clock,
            store_path=path,
            engine=engine,
            sessions=sessions,
            tickets=TicketService(sessions, origin, config.reasons, lines=config.scope),
            accounts=accounts,
            production=ProductionService(sessions, origin),
            hlc=hlc,
        )

    def start_sync(self, listener: SyncListener, *, start: bool = True) -> SyncService | None:
        """Join the plant's shared database, if the station has one (`[shared]`).

        `start=False` builds the relay and puller without their threads (tests drive them)."""
        cfg = self.config
        if cfg.shared is None or self.sync is not None:
            return self.sync
        shared = cfg.shared
        settings = SharedSettings(
            url=shared.url,
            password=shared.password.reveal() if shared.password else None,
            connect_timeout_s=shared.connect_timeout_s,
            operation_timeout_s=shared.operation_timeout_s,
            application_name=f"andon-kiosk {cfg.station}",
        )
        self.sync = SyncService(
            self.sessions,
            settings,
            StationInfo(cfg.station, cfg.line, cfg.line_name, cfg.kind),
            cfg.scope,
            listener,
            observe=self.hlc.observe,
            clock=self.clock.now,
            batch_size=shared.batch_size,
            poll_s=shared.poll_s,
            watch_stations=cfg.kind != "line",
        )
        if start:
            self.sync.start()
        return self.sync

    def stop_sync(self) -> None:
        if self.sync is not None:
            self.sync.stop()
            self.sync = None

    def close(self) -> None:
        self.stop_sync()
        self.engine.dispose()
