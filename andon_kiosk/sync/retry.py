"""When the shared database cannot be reached: which errors mean that, how to word them,
and how long to wait before the next try."""

from __future__ import annotations

import random
from urllib.parse import quote, quote_plus

import psycopg
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError, StatementError

# A lost or refused connection, a timeout or a server that went away: offline, retry later.
LINK_ERRORS = (SQLAlchemyError, psycopg.Error, OSError, TimeoutError)


def is_refusal(error: BaseException) -> bool:
    """The shared database (or its driver) refused what was sent, not the link: a value it
    cannot store, a constraint, a row-level security policy. Sending the same again fails
    the same way, so the record is parked instead of blocking the queue."""
    if isinstance(error, (DataError, IntegrityError)):
        return True
    inner = getattr(error, "orig", None)
    if isinstance(inner, psycopg.errors.InsufficientPrivilege):
        return True  # 42501: a policy or grant refused this row
    # refused before it left: a text the driver cannot encode (an unpaired surrogate)
    return isinstance(error, StatementError) and isinstance(inner, (UnicodeError, ValueError))


class Backoff:
    """0.25 s, 0.5 s, 1 s ... up to `ceiling`, each ±20 %, so fifty kiosks coming back after
    a network outage do not all knock at the same moment. The ceiling is short because the
    time to notice the database is back is time the backlog waits."""

    def __init__(self, first: float = 0.25, ceiling: float = 4.0) -> None:
        self.first, self.ceiling = first, ceiling
        self._next = first

    def reset(self) -> None:
        self._next = self.first

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.ceiling)
        return delay * random.uniform(0.8, 1.2)


def describe_error(error: BaseException, secret: str | None) -> str:
    """One line for the screen and the log: the driver's own message, never the password."""
    inner = getattr(error, "orig", None) or error
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__
    return hide(text, secret)[:200]


def hide(text: str, secret: str | None) -> str:
    """`text` without `secret`, in any form a URL or a driver may have put it in."""
    if not secret:
        return text
    forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text
