"""The plant board's model: every line in the station's scope at a glance.

A line's colour is its worst open ticket, as its tower would show it (red: a stop nobody has
acknowledged, amber: a stop being fixed, blue: a call, green: running). A line whose kiosk
has not reached the shared database for a while is flagged, and is never shown as running:
the board must never show a stopped line as quiet just because its kiosk cannot tell us.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from andon_kiosk.core.light import Situation, worst
from andon_kiosk.core.shift_stats import ShiftStats
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.store import stations as station_repo
from andon_kiosk.sync.feed import StationSeen

from .kiosk import KioskModel
from .shift_board import ShiftBoardModel

OFFLINE_AFTER_S = 60.0  # a kiosk heartbeats every 10 s: six missed beats


@dataclass(frozen=True)
class Heard:
    """One station of the shared register."""

    line: str
    line_name: str
    last_seen: float  # in this station's clock
    kind: str


@dataclass(frozen=True)
class LineView:
    line: str
    name: str
    situation: Situation  # its most urgent open ticket's
    tone: str  # the lamp colour of that situation under the light policy; "silent": no word
    tickets: tuple[Ticket, ...]  # open, most urgent first
    silent_s: float | None  # its kiosk not heard for this long (None: heard; inf: never)
    stats: ShiftStats | None

    @property
    def stopped(self) -> bool:
        return self.situation in (Situation.SAFETY, Situation.UNACKNOWLEDGED_STOP)

    @property
    def never_heard(self) -> bool:
        """No kiosk of the line has ever reported (a line only the config names)."""
        return self.silent_s == math.inf


def _natural(line: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", line))


class PlantBoardModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.config = kiosk.config
        self._heard: dict[str, Heard] = {}  # station -> what the register says
        self._boards: dict[str, ShiftBoardModel] = {}
        kiosk.ticketsChanged.connect(self._refresh_lines)
        kiosk.shared.stationsSeen.connect(self._on_stations_seen)
        self._refresh_lines()

    def load(self) -> None:
        """Read the station register kept in the local store (at start)."""
        sessions = self.kiosk.station.sessions

        def read() -> list[tuple[str, str, str, float, str]]:
            with sessions() as session:
                rows = station_repo.all_stations(session)
                return [(r.station, r.line, r.line_name, r.last_seen, r.kind) for r in rows]

        self.kiosk.runner.submit(read, self._on_register_loaded, self.kiosk.background_failed)

    # ---- what the board shows ---------------------------------------------------------------
    def line_ids(self) -> list[str]:
        scope = self.config.scope
        found = set(self.config.lines)
        found |= {t.line for t in self.kiosk.tickets()}
        found |= {h.line for h in self._heard.values() if h.kind == "line"}
        if scope is not None:
            found &= set(scope)
        return sorted(found, key=_natural)

    def lines(self) -> list[LineView]:
        now = self.kiosk.now()
        by_line: dict[str, list[Ticket]] = {}
        for ticket in self.kiosk.tickets():  # most urgent first
            by_line.setdefault(ticket.line, []).append(ticket)
        views = []
        for line in self.line_ids():
            tickets = tuple(by_line.get(line, ()))
            board = self._boards.get(line)
            situation, silent = worst(tickets), self._silent(line, now)
            # A quiet line whose kiosk is silent is not "running": we do not know.
            quiet_and_silent = situation is Situation.RUNNING and silent is not None
            views.append(
                LineView(
                    line=line,
                    name=self._name(line),
                    situation=situation,
                    tone="silent" if quiet_and_silent else self.config.light.tone(situation).value,
                    tickets=tickets,
                    silent_s=silent,
                    stats=board.stats if board else None,
                )
            )
        return views

    def board(self, line: str) -> ShiftBoardModel | None:
        return self._boards.get(line)

    # ---- keeping up -------------------------------------------------------------------------
    def _refresh_lines(self) -> None:
        for line in self.line_ids():
            if line not in self._boards:
                board = ShiftBoardModel(self.kiosk, self, line=line)
                board.changed.connect(self.changed)
                self._boards[line] = board
                board.refresh()
        self.changed.emit()

    def _on_register_loaded(self, rows: list[tuple[str, str, str, float, str]]) -> None:
        for station, line, line_name, last_seen, kind in rows:
            self._heard.setdefault(station, Heard(line, line_name, last_seen, kind))
        self._refresh_lines()

    def _on_stations_seen(self, seen: list[StationSeen]) -> None:
        now = self.kiosk.now()
        for s in seen:
            self._heard[s.station] = Heard(s.line, s.line_name, now - s.age_s, s.kind)
        self._refresh_lines()

    def _name(self, line: str) -> str:
        names = [h.line_name for h in self._heard.values() if h.line == line]
        return next((n for n in names if n and n != line), line)

    def _silent(self, line: str, now: float) -> float | None:
        """How long the line's kiosk has been silent, if longer than OFFLINE_AFTER_S."""
        seen = [h.last_seen for h in self._heard.values() if h.line == line and h.kind == "line"]
        if not seen:  # a line of the config no kiosk has reported: we do not know it runs
            return math.inf
        silent = now - max(seen)
        return silent if silent > OFFLINE_AFTER_S else None
