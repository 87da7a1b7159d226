"""Roles and what each may do. Enforced by the application services, not by hidden buttons.

Nobody signed in means the station's operator: anyone at the line can raise with one tap.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from .events import EventKind


class Role(StrEnum):
    OPERATOR = "operator"
    LEADER = "leader"  # team leader
    RESPONDER = "responder"  # maintenance, engineering, quality, materials
    ADMIN = "admin"


class Action(StrEnum):
    RAISE = "raise"
    CLASSIFY = "classify"
    RECLASSIFY = "reclassify"  # change the reason once the line has restarted
    COMMENT = "comment"
    ACKNOWLEDGE = "acknowledge"
    START = "start"
    CONTAIN = "contain"
    RESOLVE = "resolve"
    VERIFY = "verify"
    CLOSE = "close"
    REOPEN = "reopen"
    CANCEL = "cancel"
    RECORD_COUNT = "record_count"  # good / scrap parts entered on the screen
    CHANGE_PRODUCT = "change_product"  # a changeover: the line now makes another product
    MANAGE_USERS = "manage_users"
    EXIT_KIOSK = "exit_kiosk"


A = Action
_EVERYONE = frozenset({A.RAISE, A.CLASSIFY, A.COMMENT})

PERMISSIONS: Mapping[Role, frozenset[Action]] = {
    Role.OPERATOR: _EVERYONE,
    Role.LEADER: _EVERYONE
    | {A.ACKNOWLEDGE, A.VERIFY, A.REOPEN, A.CANCEL, A.RECORD_COUNT, A.CHANGE_PRODUCT}
    | {A.RECLASSIFY},
    Role.RESPONDER: _EVERYONE | {A.START, A.CONTAIN, A.RESOLVE, A.CLOSE, A.REOPEN, A.RECLASSIFY},
    Role.ADMIN: frozenset(Action),
}

# The action each ticket event needs (RAISED is checked as RAISE; ESCALATED is the system's).
ACTION_FOR_EVENT: Mapping[EventKind, Action] = {
    EventKind.RAISED: A.RAISE,
    EventKind.CLASSIFIED: A.CLASSIFY,
    EventKind.COMMENTED: A.COMMENT,
    EventKind.ACKNOWLEDGED: A.ACKNOWLEDGE,
    EventKind.STARTED: A.START,
    EventKind.CONTAINED: A.CONTAIN,
    EventKind.RESOLVED: A.RESOLVE,
    EventKind.VERIFIED: A.VERIFY,
    EventKind.CLOSED: A.CLOSE,
    EventKind.REOPENED: A.REOPEN,
    EventKind.CANCELLED: A.CANCEL,
}


class PermissionDenied(Exception):  # not PermissionError: that is an OSError, an I/O failure
    def __init__(self, role: Role, action: Action) -> None:
        article = "an" if role.value[0] in "aeiou" else "a"
        super().__init__(f"{article} {role.value} may not {action.value}")
        self.role = role
        self.action = action


def may(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]


def require(role: Role, action: Action) -> None:
    if not may(role, action):
        raise PermissionDenied(role, action)
