"""What a tester found by attacking sync (issue 9's trial), each kept as a test: hostile
shared rows are quarantined and the rows behind them flow; a station login cannot borrow the
register through a temporary table, choose the feed's numbers, or act on another line's
ticket; a restored backup is read again; a record quarantined for a fast clock is taken in
later; a local record that cannot be loaded does not block the outbox."""

from __future__ import annotations

import math
import uuid

import pytest
from sqlalchemy import select, text

from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.events import new_id
from andon_kiosk.store import db
from andon_kiosk.store.models import EventRow, ParkedRow
from andon_kiosk.sync import feed, local

from .conftest import MakeStation
from .test_poison import parked, publish_raw, raw_event
from .test_station_logins import EVENT, Logins, logins, refused  # noqa: F401
from .test_sync import down, up

STOP = {"category": "machine", "department": "equipment", "stops_line": True}


def owner_sql(station, statement: str, **params: object) -> None:
    with station.sync.shared.transaction() as c:
        c.execute(text(statement), params)


@pytest.mark.parametrize(
    ("hostile", "why"),
    [
        ("deep", "not readable JSON"),
        ("huge_number", "not readable JSON"),
        ("too_big", "not readable JSON (or larger"),
        ("extreme_time", "occurred_at"),
        ("arabic_digits", "not a clock stamp"),
    ],
)
def test_a_hostile_event_row_is_quarantined_and_the_rows_behind_it_flow(
    make_station: MakeStation, hostile: str, why: str
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    record = raw_event(a, data=STOP)
    if hostile == "arabic_digits":
        record["stamp"] = "٠٠١٧٦٧٢٢٥٦٠٠٠٠٠.٠٠٠٠٠٠"
    elif hostile == "extreme_time":
        record["occurred_at"] = -1.7e308
    publish_raw(a, "event", record)
    data_sql = {
        "deep": "'{\"x\": ' || repeat('[', 5000) || repeat(']', 5000) || '}'",
        "huge_number": "'{\"x\": ' || repeat('9', 5000) || '}'",
        "too_big": "'{\"x\": \"' || repeat('x', 70000) || '\"}'",
    }.get(hostile)
    if data_sql:
        owner_sql(
            a, f"UPDATE events SET data = ({data_sql})::jsonb WHERE id = :id", id=record["id"]
        )
    genuine = a.tickets.raise_ticket(STATION_OPERATOR, "method")
    up(a)
    down(b)
    assert [t.id for t in b.tickets.open_tickets()] == [genuine.id]
    [entry] = parked(b)
    assert entry.direction == "in" and why in entry.error
    assert b.hlc.last.wall_ms <= int(b.clock.now() * 1000) + 1


def test_a_count_that_counts_nothing_is_quarantined(make_station: MakeStation) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    for good, source in ((0, "counter"), (-5, "counter"), (3, "hacker")):
        publish_raw(a, "count", {
            "id": new_id(), "line": "L1", "station": "L1-9", "stamp": str(a.hlc.tick()),
            "occurred_at": a.clock.now(), "good": good, "scrap": 0, "source": source,
            "actor": "", "reading": None, "product": None,
        })  # fmt: skip
    down(b)
    assert len(parked(b)) == 3
    with b.sessions() as s:
        assert s.scalar(text("SELECT count(*) FROM counts")) == 0


def test_a_station_login_cannot_borrow_the_register_through_a_temporary_table(
    make_station: MakeStation,
    logins: Logins,  # noqa: F811
) -> None:
    l1 = f"L1-{logins.tag}"
    url, _ = logins.add(l1, "L1")
    engine = db.make_engine(url)
    try:
        with engine.connect() as c:  # one session: the temporary table lives in it
            c.execute(text("CREATE TEMP TABLE station_logins (login text, station text, "
                           "lines jsonb, admin boolean)"))  # fmt: skip
            c.execute(text("INSERT INTO station_logins VALUES (session_user, 'L2-1', NULL, true)"))
            c.commit()
            assert c.scalar(text("SELECT andon_is_admin()")) is False
            assert c.scalar(text("SELECT andon_station()")) == l1
            ids = {"id": str(uuid.uuid4()), "t": str(uuid.uuid4())}
            with pytest.raises(Exception, match="row-level security"):
                c.execute(text(EVENT), {**ids, "station": "L2-1", "line": "L2"})
            c.rollback()
        refused(engine, "INSERT INTO feed (seq, kind, record_id, line) "
                        "VALUES (9000000000000000000, 'event', 'x', 'L1')")  # fmt: skip
    finally:
        engine.dispose()


def test_an_event_filed_under_its_own_line_cannot_act_on_another_lines_ticket(
    make_station: MakeStation,
    logins: Logins,  # noqa: F811
) -> None:
    tag = logins.tag
    url1, _ = logins.add(f"L1-{tag}", "L1")
    url2, _ = logins.add(f"L2-{tag}", "L2")
    l2 = make_station(f"L2-{tag}", line="L2", url=url2)
    ticket = l2.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(l2)
    engine = db.make_engine(url1)
    try:
        cancel = (
            "INSERT INTO events (id, ticket_id, kind, stamp, occurred_at, actor, station, line, "
            "data) VALUES (:id, :t, 'cancelled', '009999999999999.000000', 0, 'x', :s, 'L1', "
            '\'{"text": "gone"}\')'
        )
        refused(engine, cancel, id=str(uuid.uuid4()), t=ticket.id, s=f"L1-{tag}")
    finally:
        engine.dispose()
    # and a station that stored such an event anyway (an older release) ignores it
    with l2.sessions.begin() as s:
        event = l2.tickets.origin.event(ticket.id, K.CANCELLED, "x", {"text": "gone"}, line="L1")
        from andon_kiosk.store import tickets as repo

        after = repo.append(s, event, outbox=False)
    assert after is not None and after.is_open and event in after.ignored


def test_a_hostile_station_register_row_is_skipped(make_station: MakeStation) -> None:
    a = make_station("L1-1")
    board = make_station("BOARD", kind="board")
    owner_sql(a, "INSERT INTO stations VALUES ('EVIL', 'L1', 'x', 'line', 'NaN', 0)")
    owner_sql(a, "INSERT INTO stations VALUES ('ESC', 'L1', E'\\x1b]0;pwned\\x07', 'line', 0, 0)")
    up(a)
    a.sync.relay.heartbeat_if_due()
    down(board)
    seen = {s.station for s in board.sync.listener.seen[-1]}
    assert "L1-1" in seen and not seen & {"EVIL", "ESC"}
    assert all(math.isfinite(s.age_s) for s in board.sync.listener.seen[-1])


def test_a_restored_backup_is_read_again_and_lost_records_are_sent_again(
    make_station: MakeStation,
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    kept = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(a)
    down(b)
    lost = a.tickets.raise_ticket(STATION_OPERATOR, "method")
    up(a)
    down(a)  # a has read the feed up to `lost`
    down(b)
    # the database goes back to before `lost`: its feed rows and record are gone
    owner_sql(a, "DELETE FROM feed WHERE record_id = :id", id=lost.history[0].id)
    owner_sql(a, "DELETE FROM events WHERE id = :id", id=lost.history[0].id)
    owner_sql(a, "SELECT setval('feed_seq_seq', (SELECT max(seq) FROM feed))")
    down(a)  # notices the feed ends below its cursor: queues its own records again
    up(a)
    with a.sync.shared.transaction() as c:
        assert lost.history[0].id in set(c.scalars(select(EventRow.id)))
    later = a.tickets.raise_ticket(STATION_OPERATOR, "material")
    up(a)
    down(b)
    assert {kept.id, lost.id, later.id} <= {t.id for t in b.tickets.open_tickets()}


def test_a_record_quarantined_for_a_fast_clock_is_taken_in_once_the_clock_catches_up(
    make_station: MakeStation, clock
) -> None:
    a, b = make_station("L1-1"), make_station("L1-2")
    ahead = Stamp(int((clock.now() + 400) * 1000), 0)
    record = raw_event(a, stamp=str(ahead), data=STOP, occurred_at=clock.now() + 400)
    publish_raw(a, "event", record)
    down(b)
    assert len(parked(b)) == 1
    clock.advance(500)
    with b.sessions.begin() as s:
        now = clock.now()
        taken = local.retry_quarantined(
            s, b.hlc.observe, now=now, latest_ms=int((now + 300) * 1000)
        )
    assert taken == (1, 0)
    assert parked(b) == [] and record["ticket_id"] in {t.id for t in b.tickets.open_tickets()}


def test_a_local_record_that_cannot_be_loaded_is_parked_and_the_rest_is_sent(
    make_station: MakeStation,
) -> None:
    a = make_station("L1-1")
    bad = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    with a.sessions.begin() as s:
        s.execute(text("UPDATE events SET data = 'not json' WHERE id = :id"),
                  {"id": bad.history[0].id})  # fmt: skip
    good = a.tickets.raise_ticket(STATION_OPERATOR, "method")
    up(a)
    with a.sync.shared.transaction() as c:
        shared = set(c.scalars(select(EventRow.id)))
    assert good.history[0].id in shared and bad.history[0].id not in shared
    with a.sessions() as s:
        [row] = s.scalars(select(ParkedRow))
    assert row.record_id == bad.history[0].id and "cannot be read" in row.error


def test_feed_read_parses_data_itself(make_station: MakeStation) -> None:
    a = make_station("L1-1")
    t = a.tickets.raise_ticket(STATION_OPERATOR, "machine")
    up(a)
    with a.sync.shared.transaction("REPEATABLE READ") as c:
        page = feed.read(c, 0, ["L1"], 100)
    assert page.records[("event", t.history[0].id)]["data"]["category"] == "machine"
