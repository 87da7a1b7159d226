"""A kiosk checks the shared schema's revision when it connects: newer or older, it stays
offline with a message that names what to do, and keeps working locally."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.store import db

from .conftest import MakeStation, eventually


@pytest.mark.parametrize(
    ("revision", "words"),
    [
        ("0004", "is older than this kiosk's ({head}): run andon-kiosk db upgrade --shared"),
        ("9999", "is newer than this kiosk's ({head}): install the plant's current andon-kiosk"),
        (None, "has no andon tables yet: run andon-kiosk db upgrade --shared"),
    ],
)
def test_a_shared_schema_of_another_revision_keeps_the_kiosk_offline_and_says_why(
    make_station: MakeStation, shared_url: str, revision: str | None, words: str
) -> None:
    words = words.format(head=db.head_revision())
    engine = create_engine(shared_url)
    with engine.begin() as c:
        if revision is None:
            c.execute(text("DROP TABLE alembic_version"))
        else:
            c.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    engine.dispose()
    station = make_station("L1-1", start=True)
    links = station.sync.listener.links
    eventually(lambda: any(not online for online, _ in links), what="an offline report")
    detail = next(d for online, d in links if not online)
    assert words in detail
    assert (True, "") not in links
    station.tickets.raise_ticket(STATION_OPERATOR, "machine")  # works locally meanwhile
    assert len(station.tickets.open_tickets()) == 1
