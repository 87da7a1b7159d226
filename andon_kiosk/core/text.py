"""Text that people type and that other stations send, checked before anything stores it.

PostgreSQL refuses a NUL character anywhere and an unpaired surrogate in JSON; a control
character in a name garbles the screen and the reports. Refusing such text where it enters
(the services, the station file, sync's door) with a clear message is what keeps it from
blocking a kiosk's outbox later. Newline and tab are ordinary in notes; nowhere else.
"""

from __future__ import annotations

import unicodedata


class BadText(ValueError):
    """Text the kiosk will not store; the message says what and why, for a person."""


def problem(value: object, limit: int, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored as text of at most `limit` characters, or None."""
    if not isinstance(value, str):
        return f"is not text ({type(value).__name__})"
    if len(value) > limit:
        return f"is at most {limit} characters (got {len(value)})"
    allowed = "\n\t" if multiline else ""
    for ch in value:
        if ch in allowed:
            continue
        if "\ud800" <= ch <= "\udfff":
            return "holds a broken character (an unpaired surrogate)"
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _DIRECTION:
            return f"holds a control character (U+{ord(ch):04X})"
    return None


# Characters that turn the text after them around or break lines where the screen does not
# expect it (a name that reads differently from what it is)
_DIRECTION = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check(value: object, what: str, limit: int, *, multiline: bool = False) -> str:
    """`value` if it can be stored as `what`; else BadText naming `what`."""
    why = problem(value, limit, multiline=multiline)
    if why is not None:
        raise BadText(f"{what} {why}")
    assert isinstance(value, str)
    return value
