"""The records that sync, by outbox/feed kind, as plain column dicts that travel between databases.

Events, counts and changeovers are immutable: a record is inserted once and never changes, so
"insert unless present" is the whole merge. A user is the one mutable record: the change
with the newer HLC `stamp` wins, and the sign-in lock-out counters stay on the station that
counted them.
"""

from __future__ import annotations

from typing import Any

from andon_kiosk.store.models import Base, ChangeoverRow, CountRow, EventRow, UserRow

KINDS: dict[str, type[Base]] = {
    "event": EventRow,
    "count": CountRow,
    "changeover": ChangeoverRow,
    "user": UserRow,
}
IMMUTABLE = ("event", "count", "changeover")
LOCAL_ONLY_USER_FIELDS = {"failed_pin_attempts": 0, "locked_until": None}
USER_PROFILE = ("name", "role", "badge", "pin_hash", "active", "updated_at", "stamp")

Record = dict[str, Any]


def as_record(row: Base) -> Record:
    record = {c.key: getattr(row, c.key) for c in row.__table__.columns}
    if isinstance(row, UserRow):
        record.update(LOCAL_ONLY_USER_FIELDS)
    return record


def line_of(kind: str, record: Record) -> str:
    """The line a record belongs to, which decides who pulls it; users belong to the plant."""
    return "" if kind == "user" else record["line"]
