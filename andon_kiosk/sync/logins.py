"""Station logins on the shared database: one PostgreSQL role per station, in the group
`andon_station` (what a station may do at all), registered in `station_logins` (which lines
it may write, as which station, and whether it may write users: migration 0006's row-level
security policies read it). Made by `andon-kiosk db add-station`, run with the database
owner's login."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection, null, text
from sqlalchemy.dialects.postgresql import insert

from andon_kiosk.store.models import StationLoginRow

_LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def login_for(station: str) -> str:
    """The PostgreSQL login name of a station: andon_ + its name, lower case, [a-z0-9_]."""
    name = "andon_" + re.sub(r"[^a-z0-9_]", "_", station.lower())
    return name[:63]


@dataclass(frozen=True)
class StationLogin:
    login: str
    station: str
    lines: tuple[str, ...] | None  # None: every line
    admin: bool


def new_password() -> str:
    return secrets.token_urlsafe(24)


def add_station(
    connection: Connection, login: StationLogin, password: str, *, rotate: bool = False
) -> bool:
    """Create (or, with `rotate`, re-key) the station's login and register its scope; True
    if the login is new. Runs as the database owner."""
    if not _LOGIN.match(login.login):
        raise ValueError(f"not a login name: {login.login!r} (a-z, 0-9, _)")
    exists = connection.scalar(
        text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login.login}
    )
    if exists and not rotate:
        raise ValueError(
            f"the login {login.login} exists already: --rotate gives it a new password"
        )
    driver = connection.connection.driver_connection
    verb = "ALTER" if exists else "CREATE"
    statement = sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
        sql.Identifier(login.login), sql.Literal(password)
    )
    connection.exec_driver_sql(statement.as_string(driver))
    connection.exec_driver_sql(
        sql.SQL("GRANT andon_station TO {}").format(sql.Identifier(login.login)).as_string(driver)
    )
    values = {
        "login": login.login,
        "station": login.station,
        # SQL NULL (every line), not the JSON value null, which the policy would not match
        "lines": list(login.lines) if login.lines is not None else null(),
        "admin": login.admin,
    }
    stmt = insert(StationLoginRow.__table__).values(values)
    connection.execute(
        stmt.on_conflict_do_update(
            index_elements=["login"], set_={k: stmt.excluded[k] for k in values if k != "login"}
        )
    )
    return not exists


def registered(connection: Connection) -> Sequence[StationLogin]:
    rows = connection.execute(StationLoginRow.__table__.select()).mappings()
    return [
        StationLogin(
            r["login"],
            r["station"],
            tuple(r["lines"]) if r["lines"] is not None else None,
            r["admin"],
        )
        for r in rows
    ]
