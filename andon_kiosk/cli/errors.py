"""What a command says when it cannot do what was asked: one line, never a traceback.

Every error a person at a terminal can cause or meet (a bad argument, a missing or unwritable
path, a broken store, an unknown user, an unreachable device or database) is worded here;
the command then exits with status 2. Anything else is a bug: one line, status 1 (so systemd
restarts a kiosk that met one), and its traceback in the log file. Set ANDON_KIOSK_DEBUG=1 to
see the traceback on the terminal too.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from typing import Any

from andon_kiosk.app.accounts import SignInRefused, UnknownUser
from andon_kiosk.config import ConfigError
from andon_kiosk.core.permissions import PermissionDenied
from andon_kiosk.hw.commission import UsageError
from andon_kiosk.hw.line_worker import LineDown, Refused
from andon_kiosk.hw.link import LinkError
from andon_kiosk.store.health import StoreUnusable
from andon_kiosk.sync.retry import LINK_ERRORS, describe_error

from .options import NoStation

EXIT_REFUSED = 2  # refused what was asked, in words: restarting would not help
EXIT_BUG = 1  # an error nobody worded: a bug; a service manager restarts the kiosk

# Errors whose own message already says it all, for a person.
_WORDED = (
    NoStation,
    SignInRefused,
    UsageError,
    PermissionDenied,
    LinkError,
    LineDown,
    Refused,
    StoreUnusable,
    ValueError,
    LookupError,
)


def _os_error(error: OSError) -> str:
    if error.filename and not isinstance(error, TimeoutError):
        return f"{error.filename}: {error.strerror or error}"
    return str(error) or type(error).__name__


# The first match words the error.
_WORDING: tuple[tuple[type | tuple[type, ...], Callable[[Any], str]], ...] = (
    (ConfigError, lambda e: f"configuration error: {e}"),
    (UnknownUser, lambda e: f"no user {e.args[0]!r} in this store"),
    (StoreUnusable, str),
    (KeyError, lambda e: str(e.args[0]) if e.args else "not found"),  # str() would quote it
    (OSError, _os_error),
    (LINK_ERRORS, lambda e: f"database error: {describe_error(e, None)}"),
    (_WORDED, lambda e: str(e) or type(e).__name__),
)


def exit_code(error: BaseException) -> int:
    """EXIT_REFUSED for an error worded here, EXIT_BUG for any other."""
    return EXIT_REFUSED if any(isinstance(error, kinds) for kinds, _ in _WORDING) else EXIT_BUG


def explain(error: BaseException) -> str:
    """One line for the terminal."""
    for kinds, word in _WORDING:
        if isinstance(error, kinds):
            return word(error)
    return f"unexpected error: {type(error).__name__}: {error}"


def report(error: BaseException) -> str:
    """The line to print, with the traceback first when ANDON_KIOSK_DEBUG is set."""
    words = explain(error).strip().splitlines() or [type(error).__name__]
    line = f"andon-kiosk: {words[0]}"
    if os.environ.get("ANDON_KIOSK_DEBUG"):
        return "".join(traceback.format_exception(error)) + line
    return line
