from __future__ import annotations

import re
import statistics
import time

import pytest

from andon_kiosk.app.accounts import LockedOut, UnknownUser, UserExists, WrongPin
from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR, User
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.permissions import PermissionDenied, Role
from andon_kiosk.core.text import BadText


def test_pin_and_badge_sign_in(station: Station) -> None:
    assert station.accounts.sign_in_pin("2001", "2222").role is Role.LEADER
    assert station.accounts.sign_in_badge("0003001001").role is Role.RESPONDER
    with pytest.raises(UnknownUser):
        station.accounts.sign_in_badge("nope")
    with pytest.raises(WrongPin):  # an unknown number is answered like a wrong PIN
        station.accounts.sign_in_pin("4040", "1234")


def test_an_unknown_number_is_answered_like_a_wrong_pin_in_the_same_time(
    station: Station, clock: ManualClock
) -> None:
    acc = station.accounts

    def answer(user_id: str) -> tuple[str, float]:
        started = time.perf_counter()
        with pytest.raises((WrongPin, LockedOut)) as refused:
            acc.sign_in_pin(user_id, "13579")
        return str(refused.value), time.perf_counter() - started

    known = [answer("2001") for _ in range(4)]
    unknown = [answer("4040") for _ in range(4)]
    assert [w for w, _ in known] == [w for w, _ in unknown]  # 4, 3, 2, 1 attempts left
    assert answer("2001")[0] == answer("4040")[0]  # and both lock out alike
    # the same work: a scrypt check each (54 ms here; an unknown number took 0.4 ms before)
    fast_known = statistics.median(t for _, t in known)
    fast_unknown = statistics.median(t for _, t in unknown)
    assert fast_unknown > 0.5 * fast_known, (fast_unknown, fast_known)
    clock.advance(acc.policy.lockout_s + 1)
    assert acc.sign_in_pin("2001", "2222").role is Role.LEADER


def test_five_wrong_pins_lock_out_and_the_lock_survives_a_restart(
    station: Station, clock: ManualClock
) -> None:
    acc = station.accounts
    left = [pytest.raises(WrongPin) for _ in range(4)]
    for n, ctx in enumerate(left):
        with ctx as info:
            acc.sign_in_pin("2001", "0000")
        assert info.value.attempts_left == 4 - n
    with pytest.raises(LockedOut):
        acc.sign_in_pin("2001", "0000")
    station.close()
    again = Station.open(station.config, clock=clock, store_path=station.store_path)
    try:
        with pytest.raises(LockedOut):  # even the right PIN, and after a restart
            again.accounts.sign_in_pin("2001", "2222")
        with pytest.raises(LockedOut):
            again.accounts.sign_in_badge("0002001001")
        clock.advance(15 * 60 + 1)
        assert again.accounts.sign_in_pin("2001", "2222").id == "2001"
    finally:
        again.close()


def test_a_right_pin_resets_the_count(station: Station) -> None:
    acc = station.accounts
    for _ in range(4):
        with pytest.raises(WrongPin):
            acc.sign_in_pin("2001", "0000")
    acc.sign_in_pin("2001", "2222")
    with pytest.raises(WrongPin) as info:
        acc.sign_in_pin("2001", "0000")
    assert info.value.attempts_left == 4


def test_only_admins_manage_users(station: Station) -> None:
    new = User("5001", "New Tech", Role.RESPONDER, "0005001001")
    with pytest.raises(PermissionDenied):
        station.accounts.add_user(demo_user(Role.LEADER), new, "5555")
    with pytest.raises(PermissionDenied):
        station.accounts.add_user(STATION_OPERATOR, new, "5555")
    station.accounts.add_user(demo_user(Role.ADMIN), new, "5555")
    assert station.accounts.sign_in_pin("5001", "5555").name == "New Tech"
    with pytest.raises(UserExists):
        station.accounts.add_user(demo_user(Role.ADMIN), new, "5555")
    clash = User("5002", "Other", Role.OPERATOR, "0005001001")
    with pytest.raises(UserExists, match="badge"):
        station.accounts.add_user(demo_user(Role.ADMIN), clash, "5555")
    station.accounts.set_active(demo_user(Role.ADMIN), "5001", False)
    with pytest.raises(WrongPin):  # disabled: answered like any unknown number
        station.accounts.sign_in_pin("5001", "5555")


@pytest.mark.parametrize(
    ("user", "why"),
    [
        (User("E" * 33, "Long Id", Role.OPERATOR), "employee number is at most 32"),
        (User("5003", "N" * 101, Role.OPERATOR), "name is at most 100"),
        (User("5003", "Nul\x00Name", Role.OPERATOR), "control character"),
        (User("5003", "Broken \udc80", Role.OPERATOR), "unpaired surrogate"),
        (User("5003", "Badge", Role.OPERATOR, "00\n01"), "badge id holds a control"),
    ],
)
def test_users_the_shared_database_would_refuse_are_refused_here(
    station: Station, user: User, why: str
) -> None:
    with pytest.raises(BadText, match=re.escape(why)):
        station.accounts.add_user(demo_user(Role.ADMIN), user, "5555")
    assert user.id not in {u.id for u in station.accounts.users()}
