"""Permissions, reasons, PINs, badge bursts and shifts: the small rules."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from andon_kiosk.core.accounts import BadPin, hash_pin, verify_pin
from andon_kiosk.core.badge import WedgeDecoder
from andon_kiosk.core.permissions import Action, PermissionDenied, Role, may, require
from andon_kiosk.core.reasons import default_reason_tree
from andon_kiosk.core.shifts import DEFAULT_SHIFTS, Shift, ShiftCalendar


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Role.OPERATOR, {Action.RAISE, Action.CLASSIFY}, {Action.ACKNOWLEDGE, Action.CLOSE}),
        (Role.LEADER, {Action.ACKNOWLEDGE, Action.VERIFY}, {Action.CONTAIN, Action.CLOSE}),
        (
            Role.RESPONDER,
            {Action.START, Action.CONTAIN, Action.RESOLVE, Action.CLOSE},
            {Action.ACKNOWLEDGE, Action.MANAGE_USERS},
        ),
        (Role.ADMIN, set(Action), set()),
    ],
)
def test_permission_matrix(role: Role, allowed: set[Action], refused: set[Action]) -> None:
    assert all(may(role, a) for a in allowed)
    assert not any(may(role, a) for a in refused)


def test_require_names_role_and_action() -> None:
    with pytest.raises(PermissionDenied, match=r"^an operator may not acknowledge$"):
        require(Role.OPERATOR, Action.ACKNOWLEDGE)
    with pytest.raises(PermissionDenied, match=r"^a leader may not close$"):
        require(Role.LEADER, Action.CLOSE)
    assert not issubclass(PermissionDenied, OSError)  # a refusal is not a storage failure


def test_default_tree_has_safety_first_then_the_4m_and_every_reason_one_department() -> None:
    tree = default_reason_tree()
    assert [(c.symbol, c.key) for c in tree.categories] == [
        ("安", "safety"),
        ("人", "person"),
        ("机", "machine"),
        ("料", "material"),
        ("法", "method"),
    ]
    for category in tree.categories:
        assert category.name.zh_CN and category.name.en
        for reason in category.reasons:
            assert reason.department in tree.departments
            assert reason.name.zh_CN and reason.name.en
    assert tree.classify("material", "incoming_defect").department == "quality"
    assert tree.classify("machine", "breakdown").department == "equipment"
    assert not tree.classify("material", "material_low").stops_line
    with pytest.raises(KeyError):
        tree.classify("machine", "nope")


def test_every_safety_event_of_the_plant_documents_is_one_by_default() -> None:
    tree = default_reason_tree()
    assert tree.classify("safety").safety  # a bare tap on 安全
    for reason in ("injury", "fire", "chemical_leak", "utility_outage"):
        assert tree.classify("safety", reason).safety and tree.classify("safety", reason).stops_line
    injury = tree.classify("person", "injury")  # 人 → 工伤 is no ordinary stop
    assert injury.safety and injury.department == "safety"
    assert tree.category("person").reasons[0].key == "injury"  # first in its list
    assert not tree.classify("person", "sickness").safety


def test_pin_hash_is_salted_slow_and_verifies() -> None:
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b  # salted
    assert a.startswith("scrypt$16384$")
    assert verify_pin("1234", a) and verify_pin("1234", b)
    assert not verify_pin("1235", a)
    assert not verify_pin("1234", "garbage")
    for bad in ("12", "123456789", "12a4", "١٢٣٤"):
        with pytest.raises(BadPin):
            hash_pin(bad)


def test_wedge_decoder_reports_fast_bursts_only() -> None:
    d = WedgeDecoder()
    t = 100.0
    for ch in "0004567890":
        assert d.feed(ch, t) is None
        t += 0.01
    assert d.feed("\r", t) == "0004567890"
    # the same digits typed by a person: 200 ms apart
    for ch in "0004567890":
        d.feed(ch, t)
        t += 0.2
    assert d.feed("\r", t) is None
    # too short a burst
    for ch in "123":
        d.feed(ch, t)
        t += 0.01
    assert d.feed("\r", t) is None


def test_shift_calendar_handles_overnight_shifts() -> None:
    cal = ShiftCalendar(DEFAULT_SHIFTS)
    day = cal.at(datetime(2026, 3, 2, 9, 30))
    assert day is not None and day.shift.name == "day"
    night_late = cal.at(datetime(2026, 3, 2, 23, 0))
    night_early = cal.at(datetime(2026, 3, 3, 2, 0))
    assert night_late is not None and night_early is not None
    assert night_late.start == night_early.start == datetime(2026, 3, 2, 20, 0)
    gap = ShiftCalendar((Shift("a", time(6), time(14)),))
    assert gap.at(datetime(2026, 3, 2, 15)) is None


def test_overnight_breaks_fall_on_the_next_day_and_closed_days_have_no_loading() -> None:
    from datetime import UTC, date

    from andon_kiosk.core.shifts import Break, PlannedStop

    night = Shift("night", time(22), time(6), (Break(time(2), time(2, 30)),))
    cal = ShiftCalendar(
        (night,),
        planned=(PlannedStop(datetime(2026, 3, 3, 4), datetime(2026, 3, 3, 5), "maintenance"),),
        closed_dates=frozenset({date(2026, 3, 7)}),
        closed_weekdays=frozenset({"sun"}),
    )
    instance = cal.at(datetime(2026, 3, 3, 1, 0))
    assert instance is not None and instance.key == "2026-03-02/night"
    plan = cal.plan(instance, UTC)
    assert plan.loading_s == (8 - 0.5 - 1) * 3600
    assert [p.kind for p in plan.pauses] == ["break", "planned"]
    assert cal.named(date(2026, 3, 7), "night").closed  # a closed date
    assert cal.named(date(2026, 3, 8), "night").closed  # a Sunday
    assert cal.plan(cal.named(date(2026, 3, 8), "night"), UTC).loading_s == 0
    with pytest.raises(KeyError, match="no shift named 'day'"):
        cal.named(date(2026, 3, 3), "day")
