"""Ticket operations: what each button runs. One transaction per operation.

The role check happens here, before anything is read, so an operator's acknowledge or close is
refused whether it comes from a hidden button, a script or a test calling the service directly.
Plain Python (no Qt): the kiosk runs these on its store worker, the CLI and the crash test call
them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core import payloads
from andon_kiosk.core.accounts import User
from andon_kiosk.core.escalation import EscalationLevel
from andon_kiosk.core.events import EventKind, Origin, escalation_id, new_id
from andon_kiosk.core.permissions import ACTION_FOR_EVENT, Action, require
from andon_kiosk.core.reasons import ReasonTree
from andon_kiosk.core.tickets import Ticket, check_transition
from andon_kiosk.store import tickets as repo

SYSTEM_ACTOR = "system"


class UnknownTicket(LookupError):
    pass


class OutOfScope(Exception):
    """The ticket is on a line this station does not look after (refused like a role)."""

    def __init__(self, line: str) -> None:
        super().__init__(f"line {line} is not looked after by this station")
        self.line = line


class TicketService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        origin: Origin,
        reasons: ReasonTree,
        lines: Sequence[str] | None,
    ) -> None:
        """`lines`: the lines whose tickets this station sees and acts on (None: all of
        them); a line kiosk's is its own line (`StationConfig.scope`)."""
        self._sessions = sessions
        self.origin = origin
        self.reasons = reasons
        self.lines = tuple(lines) if lines is not None else None

    def raise_ticket(self, actor: User, category: str, reason: str | None = None) -> Ticket:
        """The one-tap "stop and report": a new ticket for `category` (and maybe a reason)."""
        require(actor.role, Action.RAISE)
        c = self.reasons.classify(category, reason)
        event = self.origin.event(
            new_id(),
            EventKind.RAISED,
            actor.id,
            {
                "category": c.category,
                "reason": c.reason,
                "department": c.department,
                "stops_line": c.stops_line,
                "safety": c.safety,
            },
        )
        with self._sessions.begin() as session:
            ticket = repo.append(session, event)
        assert ticket is not None
        return ticket

    def classify(
        self, actor: User, ticket_id: str, reason: str, decision: str | None = None
    ) -> Ticket:
        """Add (or change) the reason after the raise; may turn a stop into a call. Once the
        line has restarted, only a team leader or a responder may change it, and turning the
        recorded downtime into none takes a written `decision` (DecisionNeeded otherwise),
        recorded with who made it."""
        require(actor.role, Action.CLASSIFY)
        with self._sessions.begin() as session:
            ticket = self._load(session, ticket_id)
            if ticket.contained is not None:
                require(actor.role, Action.RECLASSIFY)
            c = self.reasons.classify(ticket.category, reason)
            data: dict[str, Any] = {
                "reason": c.reason,
                "department": c.department,
                "stops_line": c.stops_line,
                "safety": c.safety,
            }
            if decision is not None and decision.strip():
                data["decision"] = decision.strip()
            return self._record(session, actor, ticket, EventKind.CLASSIFIED, data)

    def act(
        self,
        actor: User,
        ticket_id: str,
        kind: EventKind,
        data: Mapping[str, Any] | None = None,
    ) -> Ticket:
        """Acknowledge, start, contain, resolve, verify, close, reopen, cancel or comment."""
        if kind in (
            EventKind.RAISED,
            EventKind.CLASSIFIED,
            EventKind.ESCALATED,
            EventKind.NOTIFIED,
        ):
            raise ValueError(f"{kind.value} has its own operation")
        require(actor.role, ACTION_FOR_EVENT[kind])
        clean = {k: v.strip() if isinstance(v, str) else v for k, v in (data or {}).items()}
        with self._sessions.begin() as session:
            ticket = self._load(session, ticket_id)
            return self._record(session, actor, ticket, kind, clean)

    def record_escalation(self, ticket_id: str, level: int, rule: EscalationLevel) -> Ticket | None:
        """Record that `level` fell due and who is to be told; a no-op if already recorded."""
        return self.record_escalations([(ticket_id, level, rule)])[0]

    def record_escalations(
        self, due: Sequence[tuple[str, int, EscalationLevel]]
    ) -> list[Ticket | None]:
        """Each (ticket, level, rule) recorded, in one transaction (a plant service's burst:
        two hundred stops falling due at once are one commit and one re-fold each)."""
        with self._sessions.begin() as session:
            tickets = {t.id: t for t in repo.load_many(session, [d[0] for d in due])}
            events = []
            for ticket_id, level, rule in due:
                ticket = tickets.get(ticket_id)
                if ticket is None:
                    raise UnknownTicket(f"no ticket {ticket_id}")
                if self.lines is not None and ticket.line not in self.lines:
                    raise OutOfScope(ticket.line)
                if ticket.escalation_level >= level or not ticket.escalation_clock_running:
                    continue
                data = {
                    "level": level,
                    "notify": list(rule.notify),
                    "due_at": ticket.raised.at + rule.after_s,
                }
                events.append(
                    self.origin.event(
                        ticket_id,
                        EventKind.ESCALATED,
                        SYSTEM_ACTOR,
                        data,
                        line=ticket.line,
                        event_id=escalation_id(ticket_id, level),  # one, whoever records it
                    )
                )
            after = repo.append_many(session, events) if events else {}
        return [after.get(ticket_id, tickets.get(ticket_id)) for ticket_id, _, _ in due]

    def record_notices(
        self, session: Session, outcomes: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> None:
        """Record notices' outcomes on their tickets (sent, or failing and why), in
        `session` (the notice ledger's transaction), so every station shows who was told
        and how it went. Any line: the sender is the system."""
        tickets = {t.id: t for t in repo.load_many(session, [t for t, _ in outcomes])}
        events = []
        for ticket_id, outcome in outcomes:
            payloads.check(EventKind.NOTIFIED, outcome)
            ticket = tickets.get(ticket_id)
            if ticket is not None:
                events.append(
                    self.origin.event(
                        ticket_id, EventKind.NOTIFIED, SYSTEM_ACTOR, dict(outcome), line=ticket.line
                    )
                )
        if events:
            repo.append_many(session, events)

    def get(self, ticket_id: str) -> Ticket:
        with self._sessions() as session:
            return self._load(session, ticket_id)

    def open_tickets(self) -> list[Ticket]:
        with self._sessions() as session:
            return repo.open_tickets(session, self.lines)

    def _load(self, session: Session, ticket_id: str) -> Ticket:
        ticket = repo.load(session, ticket_id)
        if ticket is None:
            raise UnknownTicket(f"no ticket {ticket_id}")
        if self.lines is not None and ticket.line not in self.lines:
            raise OutOfScope(ticket.line)
        return ticket

    def by_ids(self, ticket_ids: Iterable[str]) -> list[Ticket]:
        """These tickets as stored now, those in this station's scope (after a sync)."""
        with self._sessions() as session:
            tickets = repo.load_many(session, list(ticket_ids))
        return [t for t in tickets if self.lines is None or t.line in self.lines]

    def _record(
        self, session: Session, actor: User, ticket: Ticket, kind: EventKind, data: dict
    ) -> Ticket:
        check_transition(ticket, kind, data)
        payloads.check(kind, data)  # what PostgreSQL or the fold would refuse, refused now
        event = self.origin.event(ticket.id, kind, actor.id, data, line=ticket.line)
        after = repo.append(session, event)
        assert after is not None
        return after
