"""A ticket is the deterministic fold of its events through the state machine.

    raised ─▶ acknowledged ─▶ started ─▶ contained ─▶ resolved ─▶ closed
      │            │                         ▲            │  ▲         │
      └─ cancelled ┘                         └─ reopened ─┘  └─ verified (flag)

The fold sorts events by (HLC stamp, event id) and applies each one the state machine allows
from the state reached so far; an event that is not legal there (a second acknowledgement
made on another kiosk while cut off, a close that lost the race to a reopen) is kept in
`ignored` and changes nothing. Because the order is total and duplicates are dropped by id,
any permutation or duplication of one event set folds to the same ticket on every station.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .events import Event, EventKind


class TicketState(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    STARTED = "started"
    CONTAINED = "contained"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (TicketState.CLOSED, TicketState.CANCELLED)

    @property
    def line_stopped(self) -> bool:
        """For a line-stop ticket: is the line still down in this state?"""
        return self in (TicketState.RAISED, TicketState.ACKNOWLEDGED, TicketState.STARTED)


S = TicketState
_OPEN = frozenset(s for s in S if s.is_open)

# kind -> (states it may be applied in, state it leads to; None = state unchanged)
TRANSITIONS: dict[EventKind, tuple[frozenset[TicketState], TicketState | None]] = {
    EventKind.ACKNOWLEDGED: (frozenset({S.RAISED}), S.ACKNOWLEDGED),
    EventKind.STARTED: (frozenset({S.ACKNOWLEDGED}), S.STARTED),
    EventKind.CONTAINED: (frozenset({S.STARTED}), S.CONTAINED),
    EventKind.RESOLVED: (frozenset({S.CONTAINED}), S.RESOLVED),
    EventKind.VERIFIED: (frozenset({S.RESOLVED}), None),
    EventKind.CLOSED: (frozenset({S.RESOLVED}), S.CLOSED),
    EventKind.REOPENED: (frozenset({S.RESOLVED, S.CLOSED}), S.CONTAINED),
    EventKind.CANCELLED: (frozenset({S.RAISED, S.ACKNOWLEDGED}), S.CANCELLED),
    EventKind.CLASSIFIED: (_OPEN, None),
    EventKind.ESCALATED: (_OPEN, None),
    EventKind.COMMENTED: (frozenset(S), None),
    EventKind.NOTIFIED: (frozenset(S), None),
}

# What an event must carry for the state machine to accept it.
REQUIRED_TEXT: dict[EventKind, tuple[str, ...]] = {
    EventKind.CONTAINED: ("containment",),
    EventKind.RESOLVED: ("root_cause", "countermeasure"),
    EventKind.REOPENED: ("text",),  # why the fix did not hold
    EventKind.CANCELLED: ("text",),  # why it was not a real exception
    EventKind.COMMENTED: ("text",),
}


class TransitionError(ValueError):
    """An operation the ticket's current state does not allow."""


@dataclass(frozen=True, slots=True)
class Step:
    """Who did something to the ticket and when (by the acting station's wall clock)."""

    actor: str
    at: float
    station: str


@dataclass(frozen=True)
class Ticket:
    id: str
    line: str
    station: str
    category: str
    reason: str | None
    department: str
    stops_line: bool
    safety: bool
    state: TicketState
    raised: Step
    acknowledged: Step | None = None
    started: Step | None = None
    contained: Step | None = None
    resolved: Step | None = None
    verified: Step | None = None
    closed: Step | None = None
    cancelled: Step | None = None
    containment: str = ""
    root_cause: str = ""
    countermeasure: str = ""
    escalation_level: int = 0  # highest level recorded by an `escalated` event
    reopen_count: int = 0
    comments: tuple[tuple[Step, str], ...] = ()
    notices: tuple[tuple[Step, Mapping[str, Any]], ...] = ()  # who was told, and how it went
    history: tuple[Event, ...] = ()  # applied events, in fold order
    ignored: tuple[Event, ...] = field(default=(), repr=False)

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    @property
    def line_stopped(self) -> bool:
        return self.stops_line and self.state.line_stopped

    @property
    def escalation_clock_running(self) -> bool:
        """Escalation counts "not recovered" time: it runs until containment."""
        return self.state.line_stopped

    @property
    def downtime_end(self) -> float | None:
        """When the line restarted (first containment), or when the stop was withdrawn."""
        if self.contained:
            return self.contained.at
        if self.cancelled:
            return self.cancelled.at
        return None

    def downtime_s(self, now: float) -> float:
        """Line-stop time: raised → contained (DESIGN.md), 0 for a call that did not stop."""
        if not self.stops_line:
            return 0.0
        end = self.downtime_end
        return max(0.0, (end if end is not None else now) - self.raised.at)

    def allows(self, kind: EventKind) -> bool:
        allowed_from, _ = TRANSITIONS[kind]
        return self.state in allowed_from


def check_transition(ticket: Ticket, kind: EventKind, data: dict) -> None:
    """Raise TransitionError unless an event of `kind` with `data` is legal on `ticket` now."""
    if kind is EventKind.RAISED:
        raise TransitionError("a ticket is raised only once")
    if not ticket.allows(kind):
        raise TransitionError(f"cannot {kind.value} a ticket that is {ticket.state.value}")
    for key in REQUIRED_TEXT.get(kind, ()):
        if not str(data.get(key, "")).strip():
            raise TransitionError(f"{kind.value} needs {key.replace('_', ' ')}")
    decided = bool(str(data.get("decision", "")).strip())
    if kind is EventKind.CLASSIFIED and erases_downtime(ticket, data) and not decided:
        raise DecisionNeeded(ticket)


class DecisionNeeded(TransitionError):
    """Reclassifying a stop whose line has restarted as a call would turn its recorded
    downtime into none: only with a written decision, attributed to whoever made it."""

    def __init__(self, ticket: Ticket) -> None:
        seconds = ticket.downtime_s(ticket.downtime_end or 0)
        minutes = round(seconds / 60) if math.isfinite(seconds) else 0
        super().__init__(
            f"this would remove {minutes} min of recorded downtime: record the decision and why"
        )
        self.minutes = minutes


def erases_downtime(ticket: Ticket, data: dict) -> bool:
    """A classification that would make a contained stop no stop at all."""
    return ticket.stops_line and ticket.contained is not None and data.get("stops_line") is False


def _step(event: Event) -> Step:
    return Step(event.actor, event.occurred_at, event.station)


def _start(event: Event) -> Ticket:
    d = event.data
    return Ticket(
        id=event.ticket_id,
        line=event.line,
        station=event.station,
        category=str(d["category"]),
        reason=d.get("reason"),
        department=str(d["department"]),
        stops_line=bool(d["stops_line"]),
        safety=bool(d.get("safety", False)),
        state=S.RAISED,
        raised=_step(event),
        history=(event,),
    )


def _classified(t: Ticket, e: Event, _s: Step) -> dict:
    d = e.data
    return {
        "reason": d.get("reason"),
        "department": str(d["department"]),
        "stops_line": bool(d["stops_line"]),
        "safety": bool(d.get("safety", False)),
    }


def _contained(t: Ticket, e: Event, s: Step) -> dict:
    changes: dict = {"containment": str(e.data["containment"])}
    if t.contained is None:  # downtime ends at the first containment
        changes["contained"] = s
    return changes


# What each kind of event changes on the ticket besides its state.
_EFFECTS: dict[EventKind, Callable[[Ticket, Event, Step], dict]] = {
    EventKind.ACKNOWLEDGED: lambda t, e, s: {"acknowledged": s},
    EventKind.STARTED: lambda t, e, s: {"started": s},
    EventKind.CONTAINED: _contained,
    EventKind.RESOLVED: lambda t, e, s: {
        "resolved": s,
        "root_cause": str(e.data["root_cause"]),
        "countermeasure": str(e.data["countermeasure"]),
    },
    EventKind.VERIFIED: lambda t, e, s: {"verified": s},
    EventKind.CLOSED: lambda t, e, s: {"closed": s},
    EventKind.REOPENED: lambda t, e, s: {
        "resolved": None,
        "verified": None,
        "closed": None,
        "reopen_count": t.reopen_count + 1,
    },
    EventKind.CANCELLED: lambda t, e, s: {"cancelled": s},
    EventKind.CLASSIFIED: _classified,
    EventKind.ESCALATED: lambda t, e, s: {
        "escalation_level": max(t.escalation_level, int(e.data["level"]))
    },
    EventKind.COMMENTED: lambda t, e, s: {"comments": (*t.comments, (s, str(e.data["text"])))},
    EventKind.NOTIFIED: lambda t, e, s: {"notices": (*t.notices, (s, e.data))},
}


def _apply(ticket: Ticket, event: Event) -> Ticket | None:
    """The ticket after `event`, or None when the state machine refuses it (or the event is
    filed under another line than its ticket's)."""
    if event.line != ticket.line:
        return None
    try:
        check_transition(ticket, event.kind, dict(event.data))
    except TransitionError:
        return None
    _, target = TRANSITIONS[event.kind]
    changes = _EFFECTS[event.kind](ticket, event, _step(event))
    changes["history"] = (*ticket.history, event)
    if target is not None:
        changes["state"] = target
    return replace(ticket, **changes)


def fold(events: Iterable[Event]) -> Ticket | None:
    """The ticket these events describe, or None while its `raised` event is missing."""
    unique = {event.id: event for event in events}
    ordered = sorted(unique.values(), key=lambda e: e.order_key)
    ticket: Ticket | None = None
    ignored: list[Event] = []
    for event in ordered:
        if ticket is None:
            if event.kind is EventKind.RAISED:
                ticket = _start(event)
            else:
                ignored.append(event)
            continue
        after = _apply(ticket, event) if event.kind is not EventKind.RAISED else None
        if after is None:
            ignored.append(event)
        else:
            ticket = after
    if ticket is None:
        return None
    return replace(ticket, ignored=tuple(ignored))
