"""The station's link to the plant's shared database, as the screen sees it.

The relay and puller are plain threads (`andon_kiosk.sync`); `SharedLink` receives their
reports and re-emits them as Qt signals, which Qt queues to the GUI thread. It keeps the one
state the header shows: not set up, connecting, online, or offline since when, and how many
records wait in the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from andon_kiosk.core.clock import Clock
from andon_kiosk.sync.feed import StationSeen
from andon_kiosk.sync.local import Applied

from .notices import plant_service_sends
from .station import Station

log = logging.getLogger(__name__)

PLANT_SILENT_S = 60.0  # a plant service not heard from for this long is shown as silent


@dataclass(frozen=True)
class SharedState:
    configured: bool
    online: bool | None = None  # None: not reached yet since start
    queued: int = 0  # records in the outbox, not yet in the shared database
    parked: int = 0  # records refused by the shared database or arrived unusable
    detail: str = ""  # why it is offline, in the driver's words (never the password)
    offline_since: float | None = None
    where: str = ""  # host:port/database
    needs_plant_service: bool = False  # the plant service sends this station's notices
    plant_service_age: float | None = None  # seconds since it was last heard (None: never)

    @property
    def plant_service_silent(self) -> bool:
        """The plant service should be sending, and has not been heard from for a minute."""
        if not self.needs_plant_service or self.online is not True:
            return False
        return self.plant_service_age is None or self.plant_service_age > PLANT_SILENT_S


class SharedLink(QObject):
    changed = Signal(object)  # SharedState
    remoteChanges = Signal(object)  # Applied: other stations' records stored here
    stationsSeen = Signal(object)  # list[StationSeen]

    # Cross-thread hand-over: emitted on the sync threads, delivered on the GUI thread.
    _link = Signal(bool, str)
    _depth = Signal(int)
    _stuck = Signal(int)
    _changes = Signal(object)
    _stations = Signal(object)

    def __init__(self, station: Station, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._station = station
        self._clock = clock
        self.state = SharedState(
            configured=station.config.shared is not None,
            needs_plant_service=plant_service_sends(station.config),
        )
        self._link.connect(self._on_link)
        self._depth.connect(self._on_depth)
        self._stuck.connect(self._on_stuck)
        self._changes.connect(self.remoteChanges)
        self._stations.connect(self.stationsSeen)
        self._stations.connect(self._on_stations)

    def start(self) -> None:
        service = self._station.start_sync(self)
        if service is not None:
            self._set(where=service.describe())
            log.info("sharing tickets through %s", service.describe())

    def stop(self) -> None:
        self._station.stop_sync()

    # ---- SyncListener (called on the sync threads) -----------------------------------------
    def link(self, online: bool, detail: str) -> None:
        self._link.emit(online, detail)

    def depth(self, queued: int) -> None:
        self._depth.emit(queued)

    def stuck(self, parked: int) -> None:
        self._stuck.emit(parked)

    def changes(self, applied: Applied) -> None:
        self._changes.emit(applied)

    def stations(self, seen: list[StationSeen]) -> None:
        self._stations.emit(seen)

    # ---- on the GUI thread -----------------------------------------------------------------
    def _on_link(self, online: bool, detail: str) -> None:
        if online:
            self._set(online=True, detail="", offline_since=None)
        else:
            since = self.state.offline_since or self._clock.now()
            self._set(online=False, detail=detail, offline_since=since)

    def _on_stations(self, seen: list[StationSeen]) -> None:
        ages = [s.age_s for s in seen if s.kind == "plant"]
        self._set(plant_service_age=min(ages) if ages else None)

    def _on_depth(self, queued: int) -> None:
        self._set(queued=queued)

    def _on_stuck(self, parked: int) -> None:
        if parked > self.state.parked:
            log.error(
                "sync: %d records could not be sent or taken in (andon-kiosk sync status)", parked
            )
        self._set(parked=parked)

    def _set(self, **changes: object) -> None:
        state = replace(self.state, **changes)
        if state != self.state:
            self.state = state
            self.changed.emit(state)
