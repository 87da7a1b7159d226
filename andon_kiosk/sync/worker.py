"""The sync thread's skeleton (link.py): it never dies, retries with backoff, and reports
whether the shared database can be reached.

A plain thread (no Qt below `app`): it calls a listener, and the app turns those calls into
queued Qt signals. An unexpected error is logged and treated like a lost connection (back off,
start over); a sync thread must never end early.
"""

from __future__ import annotations

import logging
import random
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable

import psycopg
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

# A lost or refused connection, a timeout or a server that went away: offline, retry later.
LINK_ERRORS = (SQLAlchemyError, psycopg.Error, OSError, TimeoutError)

Status = Callable[[bool, str], None]  # (online, detail)


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


class SyncWorker(threading.Thread, ABC):
    def __init__(self, name: str, status: Status, secret: str | None) -> None:
        super().__init__(name=name, daemon=True)
        self._stopping = threading.Event()
        self._status = status
        self._secret = secret
        self._online: bool | None = None
        self._detail = ""
        self.backoff = Backoff()

    @property
    def online(self) -> bool | None:
        return self._online

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._interrupt()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.step()
            except LINK_ERRORS as exc:
                self._went_offline(exc)
            except Exception as exc:
                log.exception("%s: unexpected error; starting over", self.name)
                self._went_offline(exc)
            else:
                self.backoff.reset()
                self._report(True, "")
        self.finish()

    def _went_offline(self, error: BaseException) -> None:
        detail = describe_error(error, self._secret)
        if self._online is not False or detail != self._detail:
            log.warning("%s: shared database unreachable: %s", self.name, detail)
        self._report(False, detail)
        self.disconnect()
        self.pause(self.backoff.next())

    def _report(self, online: bool, detail: str) -> None:
        if online and self._online is False:
            log.info("%s: shared database reachable again", self.name)
        changed = (online, detail) != (self._online, self._detail)
        self._online, self._detail = online, detail
        if changed:
            self._status(online, detail)

    @abstractmethod
    def step(self) -> None:
        """Do the work that is due, then wait for more; raise on any link error."""

    def pause(self, seconds: float) -> None:
        """Back off before trying again (returns early on stop)."""
        self._stopping.wait(seconds)

    def disconnect(self) -> None:
        """Drop connections after an error (the next step reconnects)."""

    def finish(self) -> None:
        """Release everything when the thread ends."""

    def _interrupt(self) -> None:
        """Wake the thread out of whatever it waits on, so stop() is prompt."""
