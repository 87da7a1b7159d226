"""Sync's door for what comes down: every shared record is checked before it is stored.

Any station's login can write the shared tables, so a row there may be malformed (a
`raised` event without a category), hold text that breaks the screen, or carry a stamp far
in the future that would drag this station's hybrid clock along (and, near the end of the
counter's range, stop it issuing stamps at all). Such a row is quarantined with its reason
(`parking.py`) and the rows behind it flow on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, Double, Integer, String

from andon_kiosk.core import payloads, text
from andon_kiosk.core.clock import Stamp
from andon_kiosk.core.counts import CountSource, count_problem
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role

from .records import KINDS, Record


def problem(kind: str, record: Any, latest_ms: int) -> str | None:
    """Why this shared record cannot be stored here, or None. `latest_ms`: the newest stamp
    (wall milliseconds) this station accepts, its own clock plus the configured margin."""
    model = KINDS.get(kind)
    if model is None:
        return f"unknown kind of record {kind!r}"
    if not isinstance(record, dict):
        return "not a record"
    for column in model.__table__.columns:
        why = _column_problem(column, record.get(column.name, _MISSING))
        if why is not None:
            return f"{column.name} {why}"
    return _stamp_problem(kind, record["stamp"], latest_ms) or _content_problem(kind, record)


def _stamp_problem(kind: str, stamp: str, latest_ms: int) -> str | None:
    if not stamp and kind == "user":  # users from before stamps synced have none
        return None
    try:
        wall_ms = Stamp.decode(stamp).wall_ms
    except ValueError:
        return f"stamp {stamp!r} is not a clock stamp"
    if wall_ms > latest_ms:
        ahead = (wall_ms - latest_ms) / 1000
        return f"stamp is {ahead:.0f} s further ahead of this station's clock than allowed"
    return None


def _content_problem(kind: str, record: Record) -> str | None:
    at = record.get("occurred_at")
    if at is not None and not EARLIEST <= at <= record_latest(record):
        return f"occurred_at {at!r} is not a time this plant could have"
    by_kind = {"event": _event_problem, "count": _count_problem, "user": _user_problem}
    check = by_kind.get(kind)
    return check(record) if check else None


def _event_problem(record: Record) -> str | None:
    if record["kind"] not in EVENT_KINDS:
        return f"unknown event kind {record['kind']!r}"
    if record["data"] is UNREADABLE:
        return "data is not readable JSON (or larger than a record may be)"
    return payloads.problem(EventKind(record["kind"]), record["data"])


EARLIEST = 946_684_800.0  # 2000-01-01: no andon record is older
UNREADABLE = object()  # stands for an event's data that could not be read (feed.read)


def record_latest(record: Record) -> float:
    """The latest wall time a record may carry: a day after its own stamp (stamps are
    checked against this station's clock first)."""
    try:
        return Stamp.decode(record["stamp"]).wall_ms / 1000 + 86_400
    except (ValueError, TypeError, KeyError):
        return EARLIEST


def _count_problem(record: Record) -> str | None:
    why = count_problem(record["good"], record["scrap"])
    if why is not None:
        return why
    if record["source"] not in COUNT_SOURCES:
        return f"unknown count source {record['source']!r}"
    return None


def _user_problem(record: Record) -> str | None:
    if record["role"] not in ROLES:
        return f"unknown role {record['role']!r}"
    for key in ("id", "name"):
        value = record[key]
        if not value.strip() or value != value.strip():
            return f"{key} is empty or has spaces around it"
    return None


_MISSING = object()
EVENT_KINDS = frozenset(k.value for k in EventKind)
ROLES = frozenset(r.value for r in Role)
COUNT_SOURCES = frozenset(s.value for s in CountSource)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


_TYPES: tuple[tuple[type, Callable[[Any], bool], str], ...] = (
    (Boolean, lambda v: isinstance(v, bool), "is not true or false"),
    (Integer, _is_int, "is no integer"),  # BigInteger too (a subclass)
    (Double, _is_number, "is no number"),
)


def _column_problem(column: Any, value: Any) -> str | None:
    if value is _MISSING:
        return "is missing"
    if value is None:
        return None if column.nullable else "is empty"
    if isinstance(column.type, String):
        return text.problem(value, column.type.length or 10_000)
    for sql_type, fits, why in _TYPES:
        if isinstance(column.type, sql_type):
            return None if fits(value) else why
    return None  # JSON payloads: checked by kind (payloads.py)
