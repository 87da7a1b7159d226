"""When the shared database cannot be reached: which errors mean that, how to word them,
and how long to wait before the next try."""

from __future__ import annotations

import random

import psycopg
from sqlalchemy.exc import SQLAlchemyError

# A lost or refused connection, a timeout or a server that went away: offline, retry later.
LINK_ERRORS = (SQLAlchemyError, psycopg.Error, OSError, TimeoutError)


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
    if secret:
        text = text.replace(secret, "***")
    return text[:200]
