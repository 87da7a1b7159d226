"""The station's notices to people off the floor (notify/): when this station sends them, in
its own words, and telling the screen when an outcome was recorded.

A station sends when `[notify] sender` says so: "station" always, "auto" when it works alone
(no shared database: the embedded default and the demo); with a shared database the plant
service sends (`app/plant_service.py`), so fifty kiosks do not all message the same supervisor.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from andon_kiosk.config import StationConfig
from andon_kiosk.core.notices import Text, compose
from andon_kiosk.core.reasons import Text as Label
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.notify.dispatcher import Dispatcher
from andon_kiosk.store import stations as station_repo

from .station import Station

log = logging.getLogger(__name__)


def sends_here(config: StationConfig) -> bool:
    notify = config.notify
    if not notify.channels or not notify.roster.duties or notify.sender == "off":
        return False
    return notify.sender == "station" or config.shared is None


def plant_service_sends(config: StationConfig) -> bool:
    """The plant service sends this station's notices: it has a shared database, notices are
    not switched off, and it does not send them itself (the kiosks then show when the plant
    service is silent)."""
    return (
        config.shared is not None
        and config.notify.sender != "off"
        and config.kind != "plant"
        and not sends_here(config)
    )


def _both(label: Label, chinese_first: bool) -> str:
    parts = [label.zh_CN, label.en] if chinese_first else [label.en, label.zh_CN]
    return " ".join(dict.fromkeys(p for p in parts if p))


def dispatcher_for(
    station: Station, recorded: Callable[[set[str]], None] | None = None
) -> Dispatcher:
    """A dispatcher sending the station's notices in its words (kiosk or plant service)."""
    config = station.config
    words = Wording(station)
    return Dispatcher(
        station.sessions,
        policy=config.escalation,
        roster=config.notify.roster,
        channels=config.notify.channels,
        shift_at=words.shift_at,
        compose=words.compose,
        record=station.tickets.record_notices,
        recorded=recorded,
        clock=station.clock.now,
        readers=station.readers,
    )


class Wording:
    """How a station words a notice: its line names, categories and reasons, its language
    first; and which shift is on (for the roster)."""

    NAMES_S = 30.0  # names of users and lines are read again at most this often

    def __init__(self, station: Station) -> None:
        self._station = station
        self._config = station.config
        self._chinese_first = station.config.language == "zh_CN"
        self._lock = threading.Lock()
        self._names: dict[str, str] = {}  # user id: name
        self._line_names: dict[str, str] = {}  # line: its name, from the station register
        self._names_at = -math.inf

    def shift_at(self, now: float) -> str | None:
        found = self._config.shifts.at(self._config.local_time(now))
        return found.shift.name if found is not None else None

    def compose(self, ticket: Ticket, trigger: str, now: float) -> Text:
        config = self._config
        first = self._chinese_first
        try:
            category = config.reasons.category(ticket.category)
            what = f"{category.symbol} {_both(category.name, first)}"
            reason = _both(category.reason(ticket.reason).name, first) if ticket.reason else ""
        except KeyError:  # raised elsewhere, under a category this station does not have
            what, reason = ticket.category, ticket.reason or ""
        return compose(
            ticket,
            trigger,
            now=now,
            line_name=self._line_name(ticket.line, now),
            category=what,
            reason=reason,
            chinese_first=first,
            names=self._user_names(now),  # "On it: 李伟"
        )

    def _user_names(self, now: float) -> dict[str, str]:
        self._refresh(now)
        return self._names

    def _line_name(self, line: str, now: float) -> str:
        """This station's line by its configured name; another line (the plant service's
        case) by the name its kiosks report in the station register."""
        if line == self._config.line:
            return self._config.line_name
        self._refresh(now)
        return self._line_names.get(line) or line

    def _refresh(self, now: float) -> None:
        with self._lock:  # senders compose side by side
            if 0 <= now - self._names_at < self.NAMES_S:
                return
            self._names = {u.id: u.name for u in self._station.accounts.users()}
            with self._station.readers() as session:
                self._line_names = {
                    r.line: r.line_name
                    for r in station_repo.all_stations(session)
                    if r.kind == "line" and r.line_name and r.line_name != r.line
                }
            self._names_at = now


class StationNotices(QObject):
    """Runs the dispatcher for this station; `recorded(ticket_id)` (on the GUI thread) when
    a notice's outcome was stored on a ticket."""

    recorded = Signal(str)

    def __init__(self, station: Station, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._station = station
        self.dispatcher: Dispatcher | None = None
        if sends_here(station.config):
            self.dispatcher = dispatcher_for(station, recorded=self._recorded)

    def start(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.start()
            log.info(
                "notices: this station sends them (%s)",
                ", ".join(self._station.config.notify.channels),
            )

    def stop(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.stop()

    def consider(self, ticket_ids: Iterable[str]) -> None:
        if self.dispatcher is not None:
            self.dispatcher.consider(ticket_ids)

    # ---- on the dispatcher's thread ------------------------------------------------------
    def _recorded(self, ticket_ids: set[str]) -> None:
        for ticket_id in ticket_ids:
            self.recorded.emit(ticket_id)  # queued to the GUI thread; the outcome is committed
