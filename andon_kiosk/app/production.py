"""Recording produced parts: from the part counter, or entered on the screen by a role that may.

Plain Python; one transaction per count, with its outbox row.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.accounts import User
from andon_kiosk.core.counts import CountSource, PartCount
from andon_kiosk.core.events import Origin, new_id
from andon_kiosk.core.permissions import Action, require
from andon_kiosk.store import counts as repo

COUNTER_ACTOR = "counter"


class ProductionService:
    def __init__(self, sessions: sessionmaker[Session], origin: Origin) -> None:
        self._sessions = sessions
        self.origin = origin

    def record_counter(self, parts: int, reading: int | None = None) -> PartCount:
        """Parts the line's counter counted (good parts; scrap is entered on the screen)."""
        return self._record(COUNTER_ACTOR, parts, 0, CountSource.COUNTER, reading)

    def record_entry(self, actor: User, good: int = 0, scrap: int = 0) -> PartCount:
        """Good or scrap parts entered on the kiosk; refused for roles that may not."""
        require(actor.role, Action.RECORD_COUNT)
        return self._record(actor.id, good, scrap, CountSource.SCREEN, None)

    def totals(self, start: float, end: float) -> tuple[int, int]:
        with self._sessions() as session:
            return repo.totals(session, [self.origin.line], start, end)

    def _record(
        self, actor: str, good: int, scrap: int, source: CountSource, reading: int | None
    ) -> PartCount:
        count = PartCount(
            id=new_id(),
            line=self.origin.line,
            station=self.origin.station,
            stamp=self.origin.hlc.tick(),
            occurred_at=self.origin.clock.now(),
            good=good,
            scrap=scrap,
            source=source,
            actor=actor,
            reading=reading,
        )
        with self._sessions.begin() as session:
            repo.append(session, count)
        return count
