"""Ticket events: the append-only facts a ticket is folded from.

An event is never updated or deleted; the audit trail is the event log itself. Each carries its
own UUID (so sync can be a set union with `ON CONFLICT DO NOTHING`), the ticket's UUID, who did
it, where, when by the station's wall clock, and an HLC stamp that orders it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .clock import Clock, HybridClock, Stamp


class EventKind(StrEnum):
    RAISED = "raised"
    CLASSIFIED = "classified"  # a reason picked after the one-tap raise
    ACKNOWLEDGED = "acknowledged"
    STARTED = "started"
    CONTAINED = "contained"  # line restarted: downtime ends here
    RESOLVED = "resolved"  # root cause + countermeasure
    VERIFIED = "verified"
    CLOSED = "closed"
    REOPENED = "reopened"
    CANCELLED = "cancelled"
    ESCALATED = "escalated"
    COMMENTED = "commented"
    NOTIFIED = "notified"  # a notice's outcome: sent, or failing and why (notify/)


def new_id() -> str:
    return str(uuid.uuid4())


_ESCALATION = uuid.UUID("6f1c2a57-3b0e-4d8e-9a41-5e2f7c9d0b13")  # fixed forever: ids depend on it


def escalation_id(ticket_id: str, level: int) -> str:
    """The one id of "level N of this ticket fell due", whoever records it: the raising kiosk,
    the plant service, a kiosk restarted before it pulled the plant service's record. Two
    records of one level are then one record, stored and fed once (the shared database drops
    the second as a repeat, and so does every store that pulls it). A level falls due once
    per ticket: the clock stops at containment and a reopened ticket does not restart it."""
    return str(uuid.uuid5(_ESCALATION, f"{ticket_id}/escalated/{level}"))


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    ticket_id: str
    kind: EventKind
    stamp: Stamp
    occurred_at: float
    actor: str
    station: str
    line: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Events are shared between threads and folded repeatedly; make the payload read-only.
        if not isinstance(self.data, MappingProxyType):
            object.__setattr__(self, "data", MappingProxyType(dict(self.data)))

    @property
    def order_key(self) -> tuple[Stamp, str]:
        """Total order of the fold: HLC stamp, then event id for exact ties."""
        return (self.stamp, self.id)


@dataclass(frozen=True)
class Origin:
    """Where events are made: this station's line and name, its HLC and its wall clock."""

    line: str
    station: str
    hlc: HybridClock
    clock: Clock

    def event(
        self,
        ticket_id: str,
        kind: EventKind,
        actor: str,
        data: Mapping[str, Any] | None = None,
        *,
        line: str | None = None,
        event_id: str | None = None,
    ) -> Event:
        """A new event made here; `line` is the ticket's line when it is not this station's
        (a maintenance station acting on line 3's ticket records it on line 3); `event_id`
        for an event whose id says what it is (`escalation_id`), else a new one."""
        return Event(
            id=event_id or new_id(),
            ticket_id=ticket_id,
            kind=kind,
            stamp=self.hlc.tick(),
            occurred_at=self.clock.now(),
            actor=actor,
            station=self.station,
            line=line or self.line,
            data=data or {},
        )
