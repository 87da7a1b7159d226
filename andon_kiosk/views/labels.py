"""User-visible names of domain values (states, actions, roles, recipients), translated.

Kept in one place so that every screen says "Waiting for acknowledgement" the same way, and so
the translation test sees each string once.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from andon_kiosk.core.events import EventKind
from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.reasons import ReasonTree
from andon_kiosk.core.tickets import Ticket, TicketState

_C = "labels"

STATE = {
    TicketState.RAISED: QT_TRANSLATE_NOOP("labels", "Waiting for acknowledgement"),
    TicketState.ACKNOWLEDGED: QT_TRANSLATE_NOOP("labels", "Acknowledged, help on the way"),
    TicketState.STARTED: QT_TRANSLATE_NOOP("labels", "Being fixed"),
    TicketState.CONTAINED: QT_TRANSLATE_NOOP("labels", "Line running, root cause open"),
    TicketState.RESOLVED: QT_TRANSLATE_NOOP("labels", "Resolved, awaiting closure"),
    TicketState.CLOSED: QT_TRANSLATE_NOOP("labels", "Closed"),
    TicketState.CANCELLED: QT_TRANSLATE_NOOP("labels", "Cancelled"),
}

ACTION = {
    EventKind.ACKNOWLEDGED: QT_TRANSLATE_NOOP("labels", "Acknowledge"),
    EventKind.STARTED: QT_TRANSLATE_NOOP("labels", "Start work"),
    EventKind.CONTAINED: QT_TRANSLATE_NOOP("labels", "Line restarted…"),
    EventKind.RESOLVED: QT_TRANSLATE_NOOP("labels", "Root cause and countermeasure…"),
    EventKind.VERIFIED: QT_TRANSLATE_NOOP("labels", "Verify fix"),
    EventKind.CLOSED: QT_TRANSLATE_NOOP("labels", "Close ticket"),
    EventKind.REOPENED: QT_TRANSLATE_NOOP("labels", "Reopen…"),
    EventKind.CANCELLED: QT_TRANSLATE_NOOP("labels", "Cancel ticket…"),
}

EVENT = {
    EventKind.RAISED: QT_TRANSLATE_NOOP("labels", "Raised"),
    EventKind.CLASSIFIED: QT_TRANSLATE_NOOP("labels", "Reason set"),
    EventKind.ACKNOWLEDGED: QT_TRANSLATE_NOOP("labels", "Acknowledged"),
    EventKind.STARTED: QT_TRANSLATE_NOOP("labels", "Work started"),
    EventKind.CONTAINED: QT_TRANSLATE_NOOP("labels", "Line restarted"),
    EventKind.RESOLVED: QT_TRANSLATE_NOOP("labels", "Resolved"),
    EventKind.VERIFIED: QT_TRANSLATE_NOOP("labels", "Verified"),
    EventKind.CLOSED: QT_TRANSLATE_NOOP("labels", "Closed"),
    EventKind.REOPENED: QT_TRANSLATE_NOOP("labels", "Reopened"),
    EventKind.CANCELLED: QT_TRANSLATE_NOOP("labels", "Cancelled"),
    EventKind.ESCALATED: QT_TRANSLATE_NOOP("labels", "Escalated"),
    EventKind.COMMENTED: QT_TRANSLATE_NOOP("labels", "Note"),
    EventKind.NOTIFIED: QT_TRANSLATE_NOOP("labels", "Notified"),
}

ROLE = {
    Role.OPERATOR: QT_TRANSLATE_NOOP("labels", "Operator"),
    Role.LEADER: QT_TRANSLATE_NOOP("labels", "Team leader"),
    Role.RESPONDER: QT_TRANSLATE_NOOP("labels", "Responder"),
    Role.ADMIN: QT_TRANSLATE_NOOP("labels", "Administrator"),
}

LAMP = {
    Lamp.RED: QT_TRANSLATE_NOOP("labels", "Red"),
    Lamp.AMBER: QT_TRANSLATE_NOOP("labels", "Amber"),
    Lamp.GREEN: QT_TRANSLATE_NOOP("labels", "Green"),
    Lamp.BLUE: QT_TRANSLATE_NOOP("labels", "Blue"),
    Lamp.WHITE: QT_TRANSLATE_NOOP("labels", "White"),
}

MODE = {
    LampMode.OFF: QT_TRANSLATE_NOOP("labels", "off"),
    LampMode.ON: QT_TRANSLATE_NOOP("labels", "on"),
    LampMode.BLINK: QT_TRANSLATE_NOOP("labels", "blinking"),
}

BUZZER = {
    Buzzer.OFF: QT_TRANSLATE_NOOP("labels", "Buzzer off"),
    Buzzer.PULSE: QT_TRANSLATE_NOOP("labels", "Buzzer pulsing"),
    Buzzer.CONTINUOUS: QT_TRANSLATE_NOOP("labels", "Buzzer continuous"),
}

# Escalation recipients of the default matrix; plants' own keys are shown as written.
RECIPIENT = {
    "team_leader": QT_TRANSLATE_NOOP("labels", "team leader"),
    "department_contact": QT_TRANSLATE_NOOP("labels", "owning department's contact"),
    "production_supervisor": QT_TRANSLATE_NOOP("labels", "production supervisor"),
    "engineering_supervisor": QT_TRANSLATE_NOOP("labels", "engineering supervisor"),
    "quality_supervisor": QT_TRANSLATE_NOOP("labels", "quality supervisor"),
    "planning_supervisor": QT_TRANSLATE_NOOP("labels", "planning supervisor"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_C, text)


def state(ticket: Ticket) -> str:
    if not ticket.stops_line and ticket.state is TicketState.RAISED:
        return tr(QT_TRANSLATE_NOOP("labels", "Call waiting for acknowledgement"))
    return tr(STATE[ticket.state])


def report_due(at: str) -> str:
    """A safety event's line: when its written report is due (DOMAIN.md §1)."""
    return tr(QT_TRANSLATE_NOOP("labels", "SAFETY · written report due %1")).replace("%1", at)


def pair(name: str, value: str) -> str:
    """ "Red: blinking"; in Chinese with the full-width colon ("红灯：闪烁")."""
    return QCoreApplication.translate("labels", "%1: %2").replace("%1", name).replace("%2", value)


def listing(items: list[str]) -> str:
    """ "L7, L9"; in Chinese with the enumeration comma (L7、L9)."""
    return QCoreApplication.translate("labels", ", ").join(items)


def recipients(keys: tuple[str, ...] | list[str]) -> str:
    """ "team leader, department contact"; in Chinese with the enumeration comma (、)."""
    return listing([tr(RECIPIENT[k]) if k in RECIPIENT else k.replace("_", " ") for k in keys])


def elapsed(seconds: float) -> str:
    """Big-number duration, always h:mm:ss (0:23:05) so it never reads as a time of day."""
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


# Shift names of the embedded calendar; plants' own names are shown as written.
SHIFT = {
    "day": QT_TRANSLATE_NOOP("labels", "Day shift"),
    "night": QT_TRANSLATE_NOOP("labels", "Night shift"),
}


def shift(name: str) -> str:
    return tr(SHIFT[name]) if name in SHIFT else name


def loss(reasons: ReasonTree, language: str, key: tuple[str, str | None]) -> str:
    """ "机 Machine · Breakdown" for a (category, reason) loss, in the station's language."""
    return reasons.describe(key[0], key[1], language)
