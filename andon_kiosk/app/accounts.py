"""Sign-in by PIN or badge, lock-out after repeated wrong PINs, and user administration.

Failed attempts and the lock-out are stored, so restarting the kiosk does not reset the count;
they are also counted in memory, so a store that cannot be written (a full disk) does not
turn the lock-out off. While the store cannot be read at all, the users of the station file
can still sign in (so an administrator can close a kiosk whose store is broken).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core import limits, text
from andon_kiosk.core.accounts import SignInPolicy, User, check_pin_format, hash_pin, verify_pin
from andon_kiosk.core.clock import Clock, HybridClock
from andon_kiosk.core.permissions import Action, Role, require
from andon_kiosk.store import users as repo
from andon_kiosk.store.health import is_store_error

log = logging.getLogger(__name__)

# The actor for commands run by someone with shell access to the kiosk (the CLI).
SHELL_ADMIN = User(id="shell", name="shell", role=Role.ADMIN)


class SignInRefused(Exception):
    """Base of the reasons a sign-in is refused."""


class UnknownUser(SignInRefused):
    pass


class WrongPin(SignInRefused):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong PIN, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class LockedOut(SignInRefused):
    def __init__(self, until: float) -> None:
        super().__init__("locked out after too many wrong PINs")
        self.until = until


class UserExists(ValueError):
    pass


Bootstrap = tuple[User, str, str]  # (user, PIN, PIN hash): one of the two given


@dataclass(frozen=True)
class _Account:
    """What a sign-in needs to know about one user, from the store or the station file."""

    user: User
    pin: str  # only for a station-file user given a plain PIN
    pin_hash: str
    failed: int = 0
    locked_until: float | None = None

    def pin_matches(self, pin: str) -> bool:
        if self.pin_hash:
            return verify_pin(pin, self.pin_hash)
        return hmac.compare_digest(pin.encode(), self.pin.encode())


@dataclass(frozen=True)
class _Strikes:
    failed: int = 0
    locked_until: float | None = None


def _check_user(user: User) -> None:
    """Refused at the door: what the shared database would refuse later, blocking the outbox."""
    for what, value, most in (
        ("an employee number", user.id, limits.USER_ID),
        ("a name", user.name, limits.USER_NAME),
    ):
        text.check(value, what, most)
        if not value.strip() or value != value.strip():
            raise text.BadText(f"{what} is needed, without spaces around it (got {value!r})")
    if user.badge is not None:
        text.check(user.badge, "a badge id", limits.BADGE)
        if not user.badge.strip():
            raise text.BadText(f"a badge id is 1 to {limits.BADGE} characters")


# Checked for an employee number that does not exist, so that answering it takes as long as
# a wrong PIN (the PIN behind it was thrown away; a match would be refused anyway).
_DECOY_HASH = (
    "scrypt$16384$8$1$OQ2ptU760rtQgO778RXTfQ==$jNTUjPGYzpbBANlv/4pITMI3hEB7Ynb6TpxM86vRHN4="
)


class AccountService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        policy: SignInPolicy,
        hlc: HybridClock | None = None,
        bootstrap: Iterable[Bootstrap] = (),
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._hlc = hlc or HybridClock(clock)
        self.policy = policy
        self.bootstrap: tuple[Bootstrap, ...] = tuple(bootstrap)
        self._strikes: dict[str, _Strikes] = {}  # wrong PINs counted here too

    def sign_in_pin(self, user_id: str, pin: str) -> User:
        """The user, if the PIN is theirs. An unknown or disabled employee number is answered
        exactly like a wrong PIN, after the same work (a decoy hash is checked), and locks
        out alike: neither the words nor the time tell which numbers exist."""
        user_id = user_id.strip()
        account = self._account(lambda session: repo.get_row(session, user_id), user_id=user_id)
        known = account is not None and account.user.active
        if not known:
            account = _Account(User(user_id, "", Role.OPERATOR), "", _DECOY_HASH)
        assert account is not None
        now = self._clock.now()
        strikes = self._merged(account)
        if strikes.locked_until is not None and strikes.locked_until > now:
            raise LockedOut(strikes.locked_until)
        refusal: SignInRefused | None = None
        if account.pin_matches(pin) and known:
            strikes = _Strikes()
        elif strikes.failed + 1 >= self.policy.max_attempts:
            strikes = _Strikes(0, now + self.policy.lockout_s)
            refusal = LockedOut(strikes.locked_until)  # type: ignore[arg-type]
        else:
            strikes = _Strikes(strikes.failed + 1)
            refusal = WrongPin(self.policy.max_attempts - strikes.failed)
        self._strikes[user_id] = strikes
        self._store_strikes(user_id, strikes)
        if refusal is not None:
            raise refusal
        return account.user

    def sign_in_badge(self, badge: str) -> User:
        badge = badge.strip()
        account = self._account(lambda session: repo.by_badge(session, badge), badge=badge)
        if account is None or not account.user.active:
            raise UnknownUser(badge)
        strikes = self._merged(account)
        if strikes.locked_until is not None and strikes.locked_until > self._clock.now():
            raise LockedOut(strikes.locked_until)
        return account.user

    def _account(self, find, *, user_id: str = "", badge: str = "") -> _Account | None:
        """The user as stored; the station file's, if the store cannot be read."""
        try:
            with self._sessions() as session:
                row = find(session)
                if row is None:
                    return None
                return _Account(
                    repo.to_user(row), "", row.pin_hash, row.failed_pin_attempts, row.locked_until
                )
        except Exception as exc:
            if not is_store_error(exc):
                raise
            for user, pin, pin_hash in self.bootstrap:
                if (user_id and user.id == user_id) or (badge and user.badge == badge):
                    log.warning("store unreadable: %s signs in from the station file", user.id)
                    return _Account(user, pin, pin_hash)
            raise

    def _merged(self, account: _Account) -> _Strikes:
        """The stricter of what the store and this process's memory counted."""
        memory = self._strikes.get(account.user.id, _Strikes())
        locks = [t for t in (account.locked_until, memory.locked_until) if t is not None]
        return _Strikes(max(account.failed, memory.failed), max(locks) if locks else None)

    def _store_strikes(self, user_id: str, strikes: _Strikes) -> None:
        try:
            with self._sessions.begin() as session:
                row = repo.get_row(session, user_id)
                if row is not None:
                    row.failed_pin_attempts = strikes.failed
                    row.locked_until = strikes.locked_until
        except Exception as exc:
            if not is_store_error(exc):
                raise
            log.warning("PIN attempts of %s counted in memory only: %s", user_id, exc)

    def add_user(self, actor: User, user: User, pin: str = "", pin_hash: str = "") -> User:
        require(actor.role, Action.MANAGE_USERS)
        _check_user(user)
        if pin:
            check_pin_format(pin, self.policy.min_pin_length)
            pin_hash = hash_pin(pin)
        if not pin_hash:
            raise ValueError("a user needs a PIN")
        try:
            with self._sessions.begin() as session:
                if repo.get_row(session, user.id) is not None:
                    raise UserExists(f"user {user.id} already exists")
                repo.add(session, user, pin_hash, self._clock.now(), self._hlc.tick().encode())
        except IntegrityError:
            raise UserExists(f"badge {user.badge} already belongs to another user") from None
        return user

    def set_active(self, actor: User, user_id: str, active: bool) -> User:
        require(actor.role, Action.MANAGE_USERS)
        with self._sessions.begin() as session:
            row = repo.get_row(session, user_id)
            if row is None:
                raise UnknownUser(user_id)
            row.active = active
            row.updated_at = self._clock.now()
            row.stamp = self._hlc.tick().encode()
            repo.queue(session, user_id)
            return repo.to_user(row)

    def users(self) -> list[User]:
        """Everyone who may sign in (the station file's users while the store is unreadable)."""
        try:
            with self._sessions() as session:
                return repo.all_users(session)
        except Exception as exc:
            if not is_store_error(exc) or not self.bootstrap:
                raise
            return [user for user, _, _ in self.bootstrap]

    def ensure(self) -> list[User]:
        """Create the station file's users that do not exist yet; never overwrite any."""
        with self._sessions() as session:
            existing = {u.id for u in repo.all_users(session)}
        created = []
        for user, pin, pin_hash in self.bootstrap:
            if user.id not in existing:
                created.append(self.add_user(SHELL_ADMIN, user, pin, pin_hash))
        return created
