"""People who sign in at the kiosk, their PINs and the sign-in rules.

PINs are short, so the hash must be slow and salted: scrypt (memory-hard) with a per-user
random salt, stored as one self-describing string so the cost can be raised later without
breaking old hashes. Verification takes ~60 ms, which is why sign-in runs off the GUI thread.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from .permissions import Role

_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1
PIN_MIN, PIN_MAX = 4, 8  # what any PIN may be; new users' minimum is the policy's
DEFAULT_MIN_PIN = 6  # 10⁶ PINs: a stolen hash costs a day of one core, not minutes (docs)


class BadPin(ValueError):
    pass


def check_pin_format(pin: str, minimum: int = PIN_MIN) -> None:
    """BadPin unless `pin` is `minimum` to PIN_MAX digits."""
    if not (pin.isascii() and pin.isdigit() and minimum <= len(pin) <= PIN_MAX):
        raise BadPin(f"a PIN is {minimum} to {PIN_MAX} digits")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_pin(pin: str, *, n: int = _N) -> str:
    check_pin_format(pin)
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=_R, p=_P, dklen=32)
    return f"{_SCHEME}${n}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def is_pin_hash(encoded: str) -> bool:
    """Whether `encoded` is a hash `hash_pin` could have made (scheme, cost, salt, digest)."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return False
    _, n, r, p, salt, digest = parts
    try:
        cost = [int(n), int(r), int(p)]
        raw = [base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)]
    except ValueError:
        return False
    n_ok = cost[0] >= 2 and cost[0] & (cost[0] - 1) == 0  # a power of two, as scrypt needs
    return n_ok and cost[1] >= 1 and cost[2] >= 1 and all(len(b) >= 16 for b in raw)


def verify_pin(pin: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            pin.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True, slots=True)
class User:
    id: str  # employee number, typed on the keypad
    name: str
    role: Role
    badge: str | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    max_attempts: int = 5
    lockout_s: float = 15 * 60
    inactivity_s: float = 120
    min_pin_length: int = DEFAULT_MIN_PIN  # for users added from now on


# Who acts when nobody is signed in: the line's operator, anonymous.
STATION_OPERATOR = User(id="", name="", role=Role.OPERATOR)
