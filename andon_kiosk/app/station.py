"""One station's application core, wired from its configuration (no Qt).

Opening a station checks its local store (integrity and a write probe), migrates it to the
newest schema, creates the configured users that do not exist yet and restores the hybrid
logical clock from the newest stored stamp, so stamps keep increasing across restarts even
if the wall clock went backwards meanwhile.

A store that cannot be trusted is never opened as if it were fine (`store.health`): one that
can still be read but not written opens with `fault` set; one that cannot be read raises
`StoreUnusable`, or, for the kiosk (`keep_going`), gives a station whose every operation
fails with that fault, so the screen and the tower can say so instead of showing "running".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import Clock, HybridClock, Stamp, SystemClock
from andon_kiosk.core.events import Origin
from andon_kiosk.store import db, health
from andon_kiosk.store import tickets as ticket_repo
from andon_kiosk.store.health import StoreFault, StoreProblem, StoreUnusable
from andon_kiosk.store.opening import StoreFile, open_store
from andon_kiosk.sync.feed import StationInfo
from andon_kiosk.sync.service import SyncListener, SyncService
from andon_kiosk.sync.shared import SharedSettings

from .accounts import AccountService
from .production import ProductionService
from .tickets import TicketService

log = logging.getLogger(__name__)


def data_dir() -> Path:
    return platformdirs.user_data_path("andon-kiosk", appauthor=False)


def safe_name(text: str) -> str:
    """`text` fit to be part of a file name: no path separators, no "..", no spaces."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def default_store_path(station: str) -> Path:
    return data_dir() / f"{safe_name(station)}.sqlite3"


@dataclass
class Station:
    config: StationConfig
    clock: Clock
    store_path: Path
    engine: Engine | None  # None: the store could not be opened (`fault` says why)
    sessions: sessionmaker[Session]
    tickets: TicketService
    accounts: AccountService
    production: ProductionService
    hlc: HybridClock
    readers: sessionmaker[Session]  # snapshots for threads that only look (no write lock)
    sync: SyncService | None = None
    fault: StoreFault | None = None  # what was wrong with the store at start
    file: StoreFile | None = None  # the file opened, to notice it vanish or be replaced

    @classmethod
    def open(
        cls,
        config: StationConfig,
        *,
        clock: Clock | None = None,
        store_path: Path | None = None,
        keep_going: bool = False,
        create: bool = True,
    ) -> Station:
        """`create=False`: a store that does not exist is refused (a command that reads one:
        a typo in --store must not quietly give an empty store)."""
        clock = clock or SystemClock()
        path = store_path or config.store_path or default_store_path(config.station)
        try:
            if not create and not path.exists():
                raise StoreUnusable(StoreFault(StoreProblem.MISSING, path, ""))
            engine, fault, file = open_store(path)
        except StoreUnusable as exc:
            if not keep_going:
                raise
            return cls._assemble(config, clock, path, None, health.UnusableSessions(exc.fault))
        station = cls._assemble(config, clock, path, engine, db.session_factory(engine))
        station.fault, station.file = fault, file
        try:
            station.accounts.ensure()
        except (SQLAlchemyError, OSError) as exc:
            if fault is None:
                raise
            log.warning("configured users not created: %s", exc)
        return station

    @classmethod
    def _assemble(
        cls,
        config: StationConfig,
        clock: Clock,
        path: Path,
        engine: Engine | None,
        sessions: sessionmaker[Session] | health.UnusableSessions,
    ) -> Station:
        last = None
        if engine is not None:
            ahead = config.shared.max_clock_ahead_s if config.shared else 300.0
            latest = Stamp(int((clock.now() + ahead) * 1000), 0)
            with sessions() as session:  # type: ignore[operator]
                last = ticket_repo.last_stamp(session, config.station, latest)
        hlc = HybridClock(clock, last)
        origin = Origin(config.line, config.station, hlc, clock)
        made = sessions  # type: ignore[assignment]
        station = cls(
            config=config,
            clock=clock,
            store_path=path,
            engine=engine,
            sessions=made,  # type: ignore[arg-type]
            tickets=TicketService(made, origin, config.reasons, lines=config.scope),  # type: ignore[arg-type]
            accounts=AccountService(
                made,  # type: ignore[arg-type]
                clock,
                config.sign_in,
                hlc,
                bootstrap=[(u.user, u.pin, u.pin_hash) for u in config.users],
            ),
            production=ProductionService(made, origin),  # type: ignore[arg-type]
            hlc=hlc,
            readers=made if engine is None else db.session_factory(engine, read_only=True),
        )
        if isinstance(sessions, health.UnusableSessions):
            station.fault = sessions.fault
        return station

    @property
    def usable(self) -> bool:
        """Whether the store can be read at all."""
        return self.engine is not None

    def probe_store(self) -> StoreFault | None:
        """Check again whether the store takes writes (while it is known to be failing)."""
        if self.engine is None:
            return self.fault
        return health.write_probe(self.engine, self.store_path)

    def watch_store(self, *, deep: bool = False) -> StoreFault | None:
        """Is the file still the one opened, and (`deep`) are its pages sound? A store
        deleted or damaged under a running kiosk must not go unnoticed until a restart."""
        if self.engine is None or self.file is None:
            return self.fault
        fault = self.file.vanished()
        if fault is None and deep:
            fault = health.integrity_from_disk(self.store_path)
        return fault

    def start_sync(self, listener: SyncListener, *, start: bool = True) -> SyncService | None:
        """Join the plant's shared database, if the station has one (`[shared]`).

        `start=False` builds the relay and puller without their threads (tests drive them)."""
        cfg = self.config
        if cfg.shared is None or self.sync is not None or not self.usable:
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
            max_clock_ahead_s=shared.max_clock_ahead_s,
            writes_users=shared.admin_station,
            watch_stations=True,  # boards show every station; kiosks the plant service
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
        if self.engine is not None:
            self.engine.dispose()
