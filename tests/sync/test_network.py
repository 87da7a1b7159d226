"""Sync threads running, with a misbehaving network between each station and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.config.types import Secret
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.permissions import Role
from andon_kiosk.core.tickets import TicketState
from andon_kiosk.store import db
from andon_kiosk.store.models import EventRow, FeedRow, OutboxRow

from .conftest import MakeStation, Recorder, eventually
from .proxy import TcpProxy

LEADER, TECH = demo_user(Role.LEADER), demo_user(Role.RESPONDER)


@pytest.fixture
def proxies(shared_url: str) -> Iterator[tuple[TcpProxy, TcpProxy]]:
    url = make_url(shared_url)
    pair = (TcpProxy(url.host, url.port or 5432), TcpProxy(url.host, url.port or 5432))
    yield pair
    for proxy in pair:
        proxy.close()


def via(proxy: TcpProxy, shared_url: str) -> str:
    return make_url(shared_url).set(port=proxy.port).render_as_string(hide_password=False)


def events(station: Station) -> set[str]:
    with station.sessions() as s:
        return set(s.scalars(select(EventRow.id)))


def queued(station: Station) -> int:
    with station.sessions() as s:
        return s.scalar(select(func.count()).select_from(OutboxRow)) or 0


def states(station: Station) -> dict[str, TicketState]:
    with station.sessions() as s:
        ids = list(s.scalars(select(EventRow.ticket_id).distinct()))
    return {i: station.tickets.get(i).state for i in ids}


def settled(a: Station, b: Station) -> bool:
    return queued(a) == 0 and queued(b) == 0 and events(a) == events(b)


def shared_counts(shared_url: str) -> tuple[int, int, int]:
    """(events, distinct events in the feed, feed rows) in the shared database."""
    engine = db.make_engine(shared_url)
    try:
        with engine.connect() as c:
            n_events = c.scalar(select(func.count()).select_from(EventRow))
            fed = c.scalar(text("SELECT count(DISTINCT record_id) FROM feed WHERE kind = 'event'"))
            rows = c.scalar(
                select(func.count()).select_from(FeedRow).where(FeedRow.kind == "event")
            )
    finally:
        engine.dispose()
    return n_events, fed, rows


def test_live_sync_through_drop_blackhole_and_delay(
    make_station: MakeStation, proxies: tuple[TcpProxy, TcpProxy], shared_url: str
) -> None:
    pa, pb = proxies
    a = make_station("L1-1", url=via(pa, shared_url), start=True)
    b = make_station("L1-2", url=via(pb, shared_url), start=True)

    first = a.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    eventually(lambda: first.id in {t.id for t in b.tickets.open_tickets()}, what="raise seen on B")
    b.tickets.act(LEADER, first.id, K.ACKNOWLEDGED)
    eventually(
        lambda: a.tickets.get(first.id).state is TicketState.ACKNOWLEDGED, what="ack seen on A"
    )

    # A's network drops: A keeps working, its outbox grows and says so.
    pa.drop()
    made_offline = [a.tickets.raise_ticket(STATION_OPERATOR, "material") for _ in range(5)]
    a.tickets.act(TECH, first.id, K.STARTED)
    eventually(lambda: False in {online for online, _ in a.sync.listener.links})
    assert queued(a) >= 6
    # B is blackholed (a path that swallows bytes) while it acts
    pb.blackhole()
    b.tickets.act(LEADER, first.id, K.COMMENTED, {"text": "spare motor ordered"})
    second = b.tickets.raise_ticket(STATION_OPERATOR, "method")
    eventually(
        lambda: False in {online for online, _ in b.sync.listener.links},
        what="B notices the blackhole (operation deadline)",
    )
    # A comes back on a slow link (50 ms each way, per chunk), then B heals
    pa.delay(0.05)
    eventually(lambda: queued(a) == 0, what="A drains over the slow link")
    pb.heal()
    pa.heal()
    eventually(lambda: settled(a, b), what="both stores hold the same events")

    assert second.id in {t.id for t in a.tickets.open_tickets()}
    assert {t.id for t in made_offline} <= {t.id for t in b.tickets.open_tickets()}
    assert states(a) == states(b)
    assert a.tickets.get(first.id).state is TicketState.STARTED
    n_events, fed, rows = shared_counts(shared_url)
    assert n_events == len(events(a)) == fed == rows  # nothing lost, nothing doubled
    assert a.sync.listener.links[-1] == (True, "")


def test_conflicting_actions_made_apart_converge(
    make_station: MakeStation, proxies: tuple[TcpProxy, TcpProxy], shared_url: str
) -> None:
    pa, pb = proxies
    a = make_station("L1-1", url=via(pa, shared_url), start=True)
    b = make_station("L1-2", url=via(pb, shared_url), start=True)
    double_ack = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    close_reopen = a.tickets.raise_ticket(STATION_OPERATOR, "method")
    for kind, data in (
        (K.ACKNOWLEDGED, {}),
        (K.STARTED, {}),
        (K.CONTAINED, {"containment": "sorted stock"}),
        (K.RESOLVED, {"root_cause": "worn jig", "countermeasure": "new jig"}),
    ):
        a.tickets.act(LEADER if kind is K.ACKNOWLEDGED else TECH, close_reopen.id, kind, data)
    eventually(lambda: settled(a, b), what="both start from the same tickets")

    pa.drop()
    pb.drop()
    a.tickets.act(LEADER, double_ack.id, K.ACKNOWLEDGED)  # both leaders acknowledge
    b.tickets.act(LEADER, double_ack.id, K.ACKNOWLEDGED)
    a.tickets.act(TECH, close_reopen.id, K.CLOSED)  # one closes ...
    b.tickets.act(LEADER, close_reopen.id, K.REOPENED, {"text": "still leaking"})  # ... one reopens
    pa.heal()
    pb.heal()
    eventually(lambda: settled(a, b), what="the partition heals")

    assert states(a) == states(b)
    assert a.tickets.get(double_ack.id).state is TicketState.ACKNOWLEDGED
    assert a.tickets.get(double_ack.id).history == b.tickets.get(double_ack.id).history
    assert a.tickets.get(close_reopen.id) == b.tickets.get(close_reopen.id)


def test_the_password_is_never_logged_or_reported(
    make_station: MakeStation,
    proxies: tuple[TcpProxy, TcpProxy],
    shared_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """PostgreSQL here trusts local connections, so any password connects: the password is
    sent and used, and must appear nowhere: not in logs, statuses or descriptions."""
    secret = "Pw-3f9a-do-not-print"
    caplog.set_level("DEBUG")
    pa, _ = proxies
    a = make_station("L1-1", url=via(pa, shared_url))
    a.stop_sync()
    a.config = replace(a.config, shared=replace(a.config.shared, password=Secret(secret)))
    recorder = Recorder()
    service = a.start_sync(recorder)
    assert service is not None
    a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    eventually(lambda: queued(a) == 0, what="sent with the password")
    pa.drop()
    a.tickets.raise_ticket(STATION_OPERATOR, "material")
    eventually(lambda: any(not online for online, _ in recorder.links), what="offline")
    pa.heal()
    eventually(lambda: queued(a) == 0, what="sent again")

    said = [
        caplog.text,
        repr(a.config),
        service.describe(),
        *(detail for _, detail in recorder.links),
    ]
    assert all(secret not in text for text in said)
    assert service.shared.describe().startswith("127.0.0.1:")
