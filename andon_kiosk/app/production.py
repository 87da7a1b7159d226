"""Recording produced parts: from the part counter, or entered on the screen by a role that may.

Plain Python; one transaction per count, with its outbox row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.accounts import User
from andon_kiosk.core.counts import CountSeries, CountSource, PartCount
from andon_kiosk.core.events import Origin, new_id
from andon_kiosk.core.permissions import Action, require
from andon_kiosk.core.products import Changeover
from andon_kiosk.core.tickets import Ticket
from andon_kiosk.store import changeovers
from andon_kiosk.store import counts as repo
from andon_kiosk.store import tickets as ticket_repo

COUNTER_ACTOR = "counter"


@dataclass(frozen=True)
class ShiftFacts:
    counts: CountSeries
    changeovers: list[Changeover]
    tickets: list[Ticket]


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

    def change_product(self, actor: User, product: str) -> Changeover:
        """A changeover: from now on the line makes `product` (its takt drives the plan)."""
        require(actor.role, Action.CHANGE_PRODUCT)
        change = Changeover(
            new_id(),
            self.origin.line,
            self.origin.station,
            self.origin.hlc.tick(),
            self.origin.clock.now(),
            product,
            actor.id,
        )
        with self._sessions.begin() as session:
            changeovers.append(session, change)
        return change

    def totals(self, start: float, end: float) -> tuple[int, int]:
        with self._sessions() as session:
            return repo.totals(session, [self.origin.line], start, end)

    def shift_facts(self, start: float, end: float, line: str | None = None) -> ShiftFacts:
        """Everything a shift's numbers are made of (of this station's line, or `line`),
        read in one session."""
        lines = [line or self.origin.line]
        with self._sessions() as session:
            counts = repo.between(session, lines, start, end)
            changes = changeovers.for_window(session, lines, start, end)
            tickets = ticket_repo.overlapping(session, lines, start, end)
        return ShiftFacts(
            CountSeries((c.occurred_at, c.good, c.scrap) for c in counts), changes, tickets
        )

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
