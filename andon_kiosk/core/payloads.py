"""What each kind of ticket event carries, checked where events enter the store: the ticket
services (what a person typed) and sync's door (what another station sent). The fold
(`tickets.py`) can then rely on it: a `raised` event without a category stopped every puller
of its line once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import limits, text
from .events import EventKind

K = EventKind
NOTES: dict[EventKind, tuple[str, ...]] = {  # free text a person writes, per kind
    K.CONTAINED: ("containment",),
    K.RESOLVED: ("root_cause", "countermeasure"),
    K.REOPENED: ("text",),
    K.CANCELLED: ("text",),
    K.COMMENTED: ("text",),
    K.CLASSIFIED: ("decision",),
    K.NOTIFIED: ("error",),  # why recorded downtime was taken back (tickets.py)
}
_CLASSIFICATION = {"department": str, "stops_line": bool}
# a picked phrase's code beside its words (core.phrases): "root_cause_code": "wear"
CODES = ("containment_code", "root_cause_code", "countermeasure_code", "text_code")


def problem(kind: EventKind, data: Mapping[str, Any]) -> str | None:
    """Why an event of `kind` cannot carry `data`, or None."""
    if not isinstance(data, Mapping):
        return "its data is not a record"
    needed: dict[str, type] = {}
    if kind is K.RAISED:
        needed = {"category": str, **_CLASSIFICATION}
    elif kind is K.CLASSIFIED:
        needed = dict(_CLASSIFICATION)
    elif kind is K.ESCALATED:
        needed = {"level": int}
    elif kind is K.NOTIFIED:
        needed = {"trigger": str, "person": str, "channel": str, "ok": bool}
    for key, kind_of in needed.items():
        value = data.get(key)
        if not isinstance(value, kind_of) or (kind_of is int and isinstance(value, bool)):
            return f"{key} is missing or not {kind_of.__name__}"
    for key in ("category", "reason", "department", "trigger", "person", "channel", *CODES):
        value = data.get(key)
        if value is not None and (why := text.problem(value, limits.KEY)):
            return f"{key} {why}"
    if "safety" in data and not isinstance(data["safety"], bool):
        return "safety is not true or false"
    for key in NOTES.get(kind, ()):
        if key in data and (why := text.problem(data[key], limits.NOTE, multiline=True)):
            return f"{key.replace('_', ' ')} {why}"
    return None


def check(kind: EventKind, data: Mapping[str, Any]) -> None:
    """BadText unless an event of `kind` may carry `data`."""
    why = problem(kind, data)
    if why is not None:
        raise text.BadText(f"{kind.value}: {why}")
