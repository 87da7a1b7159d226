"""The documented least-privilege role (resources/sql/kiosk_role.sql) is enough to sync,
and not enough to rewrite history."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from andon_kiosk.assets import resource
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.store import db

from .conftest import MakeStation
from .test_sync import down, up


@pytest.fixture
def kiosk_url(shared_url: str):
    """shared_url, but connecting as a fresh role made by the documented script."""
    role = f"andon_kiosk_{uuid.uuid4().hex[:8]}"
    url = make_url(shared_url)
    script = resource("sql", "kiosk_role.sql").read_text(encoding="utf-8")
    script = (
        script.replace("andon_kiosk", role)
        .replace(":kiosk_password", "'test-only'")
        .replace(':"DBNAME"', f'"{url.database}"')
    )
    code = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    owner = db.make_engine(shared_url)
    with owner.begin() as c:
        for statement in filter(str.strip, code.split(";")):
            c.execute(text(statement))
    owner.dispose()
    yield url.set(username=role).render_as_string(hide_password=False)
    owner = db.make_engine(shared_url)
    with owner.begin() as c:  # roles outlive databases: remove it, with its grants
        c.execute(text(f'DROP OWNED BY "{role}"'))
        c.execute(text(f'DROP ROLE "{role}"'))
    owner.dispose()


def test_the_kiosk_role_syncs_but_cannot_rewrite_history(
    make_station: MakeStation, kiosk_url: str
) -> None:
    a, b = make_station("L1-1", url=kiosk_url), make_station("L1-2", url=kiosk_url)
    ticket = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(a)
    down(b)
    assert [t.id for t in b.tickets.open_tickets()] == [ticket.id]
    engine = db.make_engine(kiosk_url)
    try:
        for statement in ("DELETE FROM events", "UPDATE events SET kind = 'x'", "DELETE FROM feed"):
            with pytest.raises(ProgrammingError, match="permission denied"), engine.begin() as c:
                c.execute(text(statement))
    finally:
        engine.dispose()
        a.close()  # before the role goes
        b.close()
