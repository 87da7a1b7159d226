"""Station logins on the shared database: one PostgreSQL role per station, in the group
`andon_station` (what a station may do at all), registered in `station_logins` (which lines
it may write, as which station, and whether it may write users: migration 0006's row-level
security policies read it). Made by `andon-kiosk db add-station`, run with the database
owner's login."""

from __future__ import annotations

import re
import secrets
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
    connection: Connection, login: StationLogin, password: str | None, *, rotate: bool = False
) -> str:
    """Create the station's login (or, with `rotate`, give it `password`), and register its
    scope; an existing login keeps its password unless rotated. Runs as the database owner.
    Returns "created", "rotated" or "updated"."""
    if not _LOGIN.match(login.login):
        raise ValueError(f"not a login name: {login.login!r} (a-z, 0-9, _)")
    known = exists(connection, login.login)
    driver = connection.connection.driver_connection
    if not known or rotate:
        if password is None:
            raise ValueError("a new login needs a password")
        verb = "ALTER" if known else "CREATE"
        # a SCRAM verifier, made here: the password itself never reaches the server, so it
        # cannot end up in its log (log_statement = ddl, or an error that quotes the statement)
        verifier = driver.pgconn.encrypt_password(
            password.encode(), login.login.encode(), b"scram-sha-256"
        ).decode()
        statement = sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(login.login), sql.Literal(verifier)
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
    if not known:
        return "created"
    return "rotated" if rotate else "updated"


def exists(connection: Connection, login: str) -> bool:
    return bool(connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}))
