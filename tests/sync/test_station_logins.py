"""Least trust, enforced by PostgreSQL itself: each station logs in as itself (logins made
by `andon-kiosk db add-station`), and row-level security decides what it may write.

Every refusal asserted here comes from PostgreSQL (a policy or a missing grant), through a
plain SQL connection as the station's login: no code of ours stands in the way.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from andon_kiosk.app.demo import demo_user
from andon_kiosk.core.accounts import STATION_OPERATOR, User
from andon_kiosk.core.events import EventKind as K
from andon_kiosk.core.permissions import Role
from andon_kiosk.store import db
from andon_kiosk.sync.logins import login_for

from .conftest import MakeStation, eventually
from .test_poison import parked
from .test_sync import down, up

REFUSED = "row-level security|permission denied"
USER = (
    "INSERT INTO users (id, name, role, pin_hash, active, failed_pin_attempts, updated_at, "
    "stamp) VALUES ('6666', 'Mallory', 'admin', 'x', true, 0, 0, '')"
)


@dataclass
class Logins:
    owner_url: str
    tag: str
    made: list[str]
    tmp: Path

    def add(
        self, station: str, *scope: str, admin: bool = False, rotate: bool = False
    ) -> tuple[str, str]:
        """`andon-kiosk db add-station` as the plant's owner; (the station's URL, output)."""
        owner = self.tmp / "owner.toml"
        url = make_url(self.owner_url).set(drivername="postgresql")
        owner.write_text(
            f'[station]\nline = "L0"\nstation = "ADMIN-{self.tag}"\n'
            f'[shared]\nurl = "{url.render_as_string(hide_password=True)}"\n',
            encoding="utf-8",
        )
        secret = self.tmp / f"{station}.password"
        args = ["--all-lines"] if not scope else ["--lines", *scope]
        result = subprocess.run(
            [sys.executable, "-m", "andon_kiosk", "db", "add-station", "--config", str(owner),
             "--station", station, *args, *(["--admin"] if admin else []),
             *(["--rotate"] if rotate else []),
             "--password-file", str(secret)],
            capture_output=True, text=True, timeout=60, check=False,
            env={**os.environ, "HOME": str(self.tmp), "ANDON_KIOSK_CONFIG": ""},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        login = login_for(station)
        self.made.append(login)
        password = secret.read_text(encoding="utf-8").strip()
        assert password not in result.stdout + result.stderr  # where it is, never what it is
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        station_url = make_url(self.owner_url).set(username=login, password=password)
        return station_url.render_as_string(hide_password=False), result.stdout


@pytest.fixture
def logins(shared_url: str, tmp_path: Path) -> Iterator[Logins]:
    made = Logins(shared_url, uuid.uuid4().hex[:6], [], tmp_path)
    yield made
    owner = db.make_engine(shared_url)
    with owner.begin() as c:  # logins outlive databases: remove them and their grants
        for login in made.made:
            c.execute(text(f'DROP OWNED BY "{login}"'))
            c.execute(text(f'DROP ROLE "{login}"'))
    owner.dispose()


def refused(engine: Engine, statement: str, **params: object) -> None:
    with pytest.raises(ProgrammingError, match=REFUSED), engine.begin() as c:
        c.execute(text(statement), params)


EVENT = (
    "INSERT INTO events (id, ticket_id, kind, stamp, occurred_at, actor, station, line, data) "
    "VALUES (:id, :t, 'raised', '001767225600000.000000', 0, 'x', :station, :line, "
    '\'{"category": "machine", "department": "equipment", "stops_line": true}\')'
)


def test_a_station_writes_only_its_own_lines_as_itself(
    make_station: MakeStation, logins: Logins
) -> None:
    l1 = f"L1-{logins.tag}"
    url, said = logins.add(l1, "L1")
    owner = db.make_engine(logins.owner_url)
    with owner.begin() as c:  # a user the plant's admin made
        c.execute(text(USER.replace("6666", "4040").replace("'admin'", "'operator'")))
    owner.dispose()
    assert f"created login {login_for(l1)}" in said and "line L1" in said
    engine = db.make_engine(url)
    try:
        ids = {"id": str(uuid.uuid4()), "t": str(uuid.uuid4())}
        refused(engine, EVENT, **ids, station=l1, line="L2")  # another line
        refused(engine, EVENT, **ids, station="L1-other", line="L1")  # as another station
        with engine.begin() as c:  # its own line, as itself: accepted
            c.execute(text(EVENT), {**ids, "station": l1, "line": "L1"})
        refused(engine, "UPDATE events SET kind = 'cancelled'")  # history is never rewritten
        refused(engine, "DELETE FROM events")
        refused(engine, "DELETE FROM feed")
        # an UPDATE finds no row it may change: PostgreSQL changes nothing
        with engine.begin() as c:
            assert c.execute(text("UPDATE users SET role = 'admin'")).rowcount == 0
        owner = db.make_engine(logins.owner_url)
        with owner.connect() as c:
            assert c.scalar(text("SELECT role FROM users WHERE id = '4040'")) == "operator"
        owner.dispose()
        refused(engine, USER)
        refused(engine, "INSERT INTO feed (kind, record_id, line) VALUES ('event', 'x', 'L2')")
        refused(engine, "SELECT * FROM station_logins")  # cannot even read the register
        beat = (
            "INSERT INTO stations (station, line, line_name, kind, last_seen, outbox_depth) "
            "VALUES (:station, :line, '', 'line', 99999999999, 0)"
        )
        refused(engine, beat, station="L2-1", line="L2")  # another station's heartbeat
        refused(engine, beat, station=l1, line="L2")  # its own, moved to another line
        with engine.begin() as c:  # its own: accepted, stamped with the server's clock
            c.execute(text(beat), {"station": l1, "line": "L1"})
            age = c.scalar(text("SELECT extract(epoch FROM now()) - last_seen FROM stations"))
            assert abs(age) < 60
        refused(engine, "UPDATE stations SET line = 'L2', line_name = 'HACKED'")
        # a feed entry on its own line naming another line's record, or a user
        other = {"id": str(uuid.uuid4()), "t": str(uuid.uuid4()), "station": "L2-1", "line": "L2"}
        owner = db.make_engine(logins.owner_url)
        with owner.begin() as c:
            c.execute(text(EVENT), other)
        owner.dispose()
        feed_row = "INSERT INTO feed (kind, record_id, line) VALUES (:kind, :id, 'L1')"
        refused(engine, feed_row, kind="event", id=other["id"])
        refused(engine, feed_row, kind="user", id="4040")
    finally:
        engine.dispose()


def test_stations_sync_through_their_own_logins_and_only_an_admin_writes_users(
    make_station: MakeStation, logins: Logins
) -> None:
    tag = logins.tag
    url1, _ = logins.add(f"L1-{tag}", "L1")
    url2, _ = logins.add(f"L2-{tag}", "L2")
    url_maint, _ = logins.add(f"MAINT-{tag}")  # every line
    url_admin, said = logins.add(f"ADMIN-{tag}", "L0", admin=True)
    assert "it may add and change users" in said
    l1 = make_station(f"L1-{tag}", line="L1", url=url1)
    l2 = make_station(f"L2-{tag}", line="L2", url=url2)
    maint = make_station(f"MAINT-{tag}", kind="maintenance", lines=("L1", "L2"), url=url_maint)
    admin = make_station(f"ADMIN-{tag}", line="L0", url=url_admin, admin=True)

    t1 = l1.tickets.raise_ticket(STATION_OPERATOR, "machine")
    t2 = l2.tickets.raise_ticket(STATION_OPERATOR, "method")
    up(l1)
    up(l2)
    assert parked(l1) == [] and parked(l2) == []  # own lines: nothing refused
    down(maint)
    assert {t.id for t in maint.tickets.open_tickets()} == {t1.id, t2.id}
    # maintenance acts on line 2's ticket as itself: allowed, and line 2 sees it
    maint.tickets.act(demo_user(Role.LEADER), t2.id, K.ACKNOWLEDGED)
    up(maint)
    assert parked(maint) == []
    down(l2)
    assert l2.tickets.get(t2.id).acknowledged is not None

    # a user added on a line station stays there; from the admin station it reaches all
    l1.accounts.add_user(demo_user(Role.ADMIN), User("7001", "Line Only", Role.OPERATOR), "7001")
    up(l1)
    assert parked(l1) == []  # not sent at all, so not refused either
    admin.accounts.add_user(demo_user(Role.ADMIN), User("7002", "Plant Wide", Role.LEADER), "7002")
    up(admin)
    assert parked(admin) == []
    down(l2)
    ids = {u.id for u in l2.accounts.users()}
    assert "7002" in ids and "7001" not in ids


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("L1-{tag}", "L2", "may write L1, not line L2: fix [station] line"),
        ("L9-{tag}", "L1", "belongs to station L1-{tag}, not L9-{tag}: fix [station] station"),
    ],
    ids=["wrong line", "wrong station"],
)
def test_a_station_file_that_does_not_match_its_login_stays_offline_saying_why(
    make_station: MakeStation, logins: Logins, name: str, line: str, words: str
) -> None:
    """A station file copied to the wrong line or station: every record would be refused,
    so the kiosk stays offline naming the fix, and keeps working locally."""
    tag = logins.tag
    url1, _ = logins.add(f"L1-{tag}", "L1")
    wrong = make_station(name.format(tag=tag), line=line, url=url1, start=True)
    links = wrong.sync.listener.links
    eventually(lambda: any(not online for online, _ in links), what="an offline report")
    detail = next(d for online, d in links if not online)
    assert words.format(tag=tag) in detail
    wrong.tickets.raise_ticket(STATION_OPERATOR, "machine")
    assert len(wrong.tickets.open_tickets()) == 1


def test_add_station_updates_an_existing_login_and_rotates_only_when_asked(
    logins: Logins,
) -> None:
    station = f"L3-{logins.tag}"
    first, _ = logins.add(station, "L3")
    owner = logins.tmp / "owner.toml"
    widened = subprocess.run(
        [sys.executable, "-m", "andon_kiosk", "db", "add-station", "--config", str(owner),
         "--station", station, "--lines", "L3", "L4",
         "--password-file", str(logins.tmp / "again.password")],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "HOME": str(logins.tmp), "ANDON_KIOSK_CONFIG": ""},
    )  # fmt: skip
    assert widened.returncode == 0, widened.stderr
    assert "updated login" in widened.stdout and "line L3, L4" in widened.stdout
    assert "password is unchanged" in widened.stdout
    assert not (logins.tmp / "again.password").exists()  # no new secret: none written
    (logins.tmp / f"{station}.password").unlink()
    rotated, said = logins.add(station, "L3", rotate=True)
    logins.made.pop()  # the same login, removed once
    assert "new password for login" in said
    assert make_url(rotated).password != make_url(first).password
