"""The connection to the plant's shared PostgreSQL, built so that a bad network cannot hang it.

Three things can stop a database call from ever returning, and each has its guard:

- a server that does not answer the connection: libpq's `connect_timeout`;
- a peer that vanished (cable, power): TCP keepalives;
- a path that accepts bytes and never answers (a half-dead router, a stuck proxy), which
  keepalives cannot see because something still acknowledges them: `deadline()` cuts the
  socket of any transaction that takes longer than the operation timeout.

A session also carries `idle_in_transaction_session_timeout`, so a kiosk that vanishes in the
middle of a transaction cannot keep the feed lock (see `feed.py`) for long.

The password is set on the URL object only when the engine is made; `describe()` is what logs
and the screen show.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

PLANT_CHANNEL = "andon:*"  # every commit; what a whole-plant board listens to


def channel(line: str) -> str:
    """The notification channel of one line ("" = plant-wide records such as users), so a
    line's kiosk is woken by its own line's commits only, not by every line's."""
    name = f"andon:{line}"
    if len(name.encode()) <= 63:  # PostgreSQL identifiers (and channels) are at most 63 bytes
        return name
    return "andon:#" + hashlib.sha1(line.encode()).hexdigest()[:20]


def channels(lines: Sequence[str] | None) -> list[str]:
    """What a station with this scope LISTENs to."""
    if lines is None:
        return [PLANT_CHANNEL]
    return [channel(line) for line in dict.fromkeys([*lines, ""])]


@dataclass(frozen=True)
class SharedSettings:
    url: str  # without the password
    password: str | None = field(default=None, repr=False)
    connect_timeout_s: float = 3.0
    operation_timeout_s: float = 10.0
    application_name: str = "andon-kiosk"


class SharedDatabase:
    def __init__(self, settings: SharedSettings) -> None:
        self.settings = settings
        url = make_url(settings.url)
        if settings.password is not None:
            url = url.set(password=settings.password)
        self._url = url
        self.engine: Engine = create_engine(
            url,
            pool_size=1,  # the station's one sync connection (link.py) ...
            max_overflow=1,  # ... and one for a command run beside it
            pool_timeout=5,
            # No pre-ping: it runs before `deadline()` can guard it and would hang on a path
            # that swallows bytes. A stale connection fails its first statement instead, is
            # thrown away, and the link retries on a new one.
            pool_pre_ping=False,
            pool_recycle=300,
            connect_args=self.connect_args(),
        )

    def connect_args(self) -> dict[str, object]:
        s = self.settings
        idle_ms = int(max(s.operation_timeout_s * 1.5, 5) * 1000)
        return {
            "connect_timeout": max(2, round(s.connect_timeout_s)),  # libpq: whole seconds, >= 2
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 3,
            "application_name": s.application_name[:63],
            "options": f"-c idle_in_transaction_session_timeout={idle_ms}",
        }

    def describe(self) -> str:
        """host:port/database as a person may see it: never the password."""
        url = make_url(self.settings.url)
        port = f":{url.port}" if url.port else ""
        return f"{url.host}{port}/{url.database}"

    def url_for(self, user: str) -> str:
        """This database's URL for another login, as a station file writes it (no password)."""
        url = make_url(self.settings.url).set(drivername="postgresql", username=user)
        return url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self, isolation: str | None = None) -> Iterator[Connection]:
        """One transaction on a pooled connection, committed on success; the connection is
        thrown away on any error (it may be half-broken)."""
        connection = self.engine.connect()
        try:
            with guarded(connection, self.settings.operation_timeout_s, isolation):
                yield connection
        except BaseException:
            connection.invalidate()
            raise
        finally:
            connection.close()

    def hold(self, lines: Sequence[str] | None) -> Connection:
        """A connection kept for as long as the caller wants, LISTENing on the channels of
        `lines` (None: the whole plant): a station's sync runs everything on it (link.py)."""
        connection = self.engine.connect()
        try:
            with deadline(connection, self.settings.operation_timeout_s):
                for name in channels(lines):
                    quoted = name.replace('"', '""')
                    connection.exec_driver_sql(f'LISTEN "{quoted}"')
                connection.commit()
        except BaseException:
            connection.invalidate()
            connection.close()
            raise
        return connection

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def guarded(connection: Connection, seconds: float, isolation: str | None = None) -> Iterator[None]:
    """One transaction on `connection` (at `isolation`, default READ COMMITTED), committed on
    success, rolled back on error, cut off after `seconds`."""
    connection.execution_options(isolation_level=isolation or "READ COMMITTED")
    with deadline(connection, seconds), connection.begin():
        yield


@contextmanager
def deadline(connection: Connection, seconds: float) -> Iterator[None]:
    """Shut the connection's socket if the block has not finished after `seconds`: the call
    blocked in it then fails at once instead of waiting on a network that swallows bytes."""
    try:
        fd = connection.connection.driver_connection.pgconn.socket
    except AttributeError:  # not psycopg: nothing to guard
        yield
        return
    fired = threading.Event()

    def cut() -> None:
        fired.set()
        log.warning("shared database: no answer within %.1f s, dropping the connection", seconds)
        try:
            sock = socket.socket(fileno=fd)  # the driver's own socket (a handle on Windows)
        except OSError:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)  # the blocked call fails now; the fd stays open
        except OSError:
            pass
        finally:
            sock.detach()  # the driver closes it, not us

    timer = threading.Timer(seconds, cut)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as exc:
        if fired.is_set():
            raise TimeoutError(f"the shared database did not answer within {seconds:g} s") from exc
        raise
    finally:
        timer.cancel()
