"""Text refused at the door, event payloads the fold can rely on, and a clock nobody can push."""

from __future__ import annotations

import pytest

from andon_kiosk.core import payloads, text
from andon_kiosk.core.clock import HybridClock, ManualClock, Stamp
from andon_kiosk.core.events import EventKind as K


@pytest.mark.parametrize(
    ("value", "multiline", "why"),
    [
        ("ok", False, None),
        ("两行\n\t缩进", True, None),
        ("两行\n", False, "control character (U+000A)"),
        ("a\x00b", True, "control character (U+0000)"),
        ("a\x1bb", True, "control character (U+001B)"),
        ("a\x85b", True, "control character (U+0085)"),
        ("a\ud83db", True, "unpaired surrogate"),
        ("x" * 11, False, "at most 10 characters (got 11)"),
        (7, False, "is not text (int)"),
    ],
)
def test_text_problems_are_named(value: object, multiline: bool, why: str | None) -> None:
    found = text.problem(value, 10, multiline=multiline)
    assert found == why if why is None else why in found


def test_payloads_the_fold_needs_are_checked_per_kind() -> None:
    good = {"category": "machine", "department": "equipment", "stops_line": True}
    assert payloads.problem(K.RAISED, good) is None
    assert "category" in payloads.problem(K.RAISED, {**good, "category": None})
    assert "stops_line" in payloads.problem(K.RAISED, {**good, "stops_line": "yes"})
    assert "level" in payloads.problem(K.ESCALATED, {"level": True})
    assert payloads.problem(K.ESCALATED, {"level": 2, "notify": ["x"]}) is None
    assert "root cause" in payloads.problem(K.RESOLVED, {"root_cause": "a\x00"})
    with pytest.raises(text.BadText, match="commented: text"):
        payloads.check(K.COMMENTED, {"text": "\ud800"})


def test_the_hybrid_clock_never_overflows_its_counter() -> None:
    clock = ManualClock(1_000.0)
    hlc = HybridClock(clock, Stamp(10**15 - 10, 999_999))  # pushed to the end of its range
    a, b = hlc.tick(), hlc.tick()
    assert a == Stamp(10**15 - 9, 0) and b == Stamp(10**15 - 9, 1)
    assert Stamp.decode(a.encode()) == a  # still a stamp every station can read


def test_the_fold_ignores_taking_recorded_downtime_back_without_a_decision() -> None:
    from andon_kiosk.core.events import Origin
    from andon_kiosk.core.tickets import fold

    clock = ManualClock(1_000.0)
    o = Origin("L1", "L1-1", HybridClock(clock), clock)
    stop = {"category": "machine", "department": "equipment", "stops_line": True}
    raised = o.event("t1", K.RAISED, "op", stop)
    steps = [o.event("t1", k, "x") for k in (K.ACKNOWLEDGED, K.STARTED)]
    clock.advance(600)
    contained = o.event("t1", K.CONTAINED, "tech", {"containment": "reset"})
    call = {"department": "equipment", "stops_line": False}
    sneaky = o.event("t1", K.CLASSIFIED, "op", call)  # from a kiosk that did not check
    ticket = fold([raised, *steps, contained, sneaky])
    assert ticket.downtime_s(clock.now()) == 600 and sneaky in ticket.ignored
    decided = o.event("t1", K.CLASSIFIED, "lead", {**call, "decision": "trial run"})
    assert fold([raised, *steps, contained, decided]).downtime_s(clock.now()) == 0
