"""Applying pulled pages is a set union: any split, order and repetition of the same events
leaves a station's store (events and ticket projections) the same."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from andon_kiosk.store import db
from andon_kiosk.store import tickets as repo
from andon_kiosk.store.models import EventRow, TicketRow
from andon_kiosk.sync import feed, local
from andon_kiosk.sync.records import as_record

from ..core.test_tickets import _scenario


def page(events: list, cursor: int) -> feed.Page:
    records = {("event", e.id): as_record(repo.to_row(e)) for e in events}
    entries = [feed.Entry(cursor, "event", e.id, e.line) for e in events]
    return feed.Page(entries, records, cursor, more=False)


def store_after(tmp: Path, name: str, pages: list[feed.Page]) -> tuple[set[str], list[tuple]]:
    engine = db.make_engine(db.sqlite_url(tmp / f"{name}.sqlite3"))
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    for p in pages:
        with sessions.begin() as session:
            local.apply(session, p, "plant/x", lambda _stamp: None, now=0.0, latest_ms=2**62)
    with sessions() as session:
        ids = set(session.scalars(select(EventRow.id)))
        rows = [
            (r.id, r.state, r.is_open, r.ended_at, r.updated_stamp, r.reason, r.stops_line)
            for r in session.scalars(select(TicketRow).order_by(TicketRow.id))
        ]
    engine.dispose()
    return ids, rows


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seeds=st.lists(st.integers(0, 10_000), min_size=1, max_size=3),
    shuffle=st.randoms(use_true_random=False),
    cuts=st.lists(st.integers(1, 8), max_size=6),
    repeat=st.lists(st.integers(0, 50), max_size=8),
)
def test_any_split_order_and_repetition_of_pages_gives_the_same_store(
    tmp_path_factory, seeds: list[int], shuffle: random.Random, cuts: list[int], repeat: list[int]
) -> None:
    events = [e for seed in seeds for e in _scenario(seed)]
    tmp = tmp_path_factory.mktemp("apply")
    expected = store_after(tmp, "once", [page(events, 1)])

    mixed = events + [events[i % len(events)] for i in repeat]
    shuffle.shuffle(mixed)
    pages, start = [], 0
    for n, size in enumerate([*cuts, len(mixed)]):
        pages.append(page(mixed[start : start + size], n + 1))
        start += size
        if start >= len(mixed):
            break
    assert store_after(tmp, "mixed", pages) == expected
