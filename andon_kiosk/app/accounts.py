"""Sign-in by PIN or badge, lock-out after repeated wrong PINs, and user administration.

Failed attempts and the lock-out are stored, so restarting the kiosk does not reset the count.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from andon_kiosk.core.accounts import SignInPolicy, User, check_pin_format, hash_pin, verify_pin
from andon_kiosk.core.clock import Clock, HybridClock
from andon_kiosk.core.permissions import Action, Role, require
from andon_kiosk.store import users as repo

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


class AccountService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        policy: SignInPolicy,
        hlc: HybridClock | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._hlc = hlc or HybridClock(clock)
        self.policy = policy

    def sign_in_pin(self, user_id: str, pin: str) -> User:
        refusal: SignInRefused
        with self._sessions.begin() as session:
            row = repo.get_row(session, user_id.strip())
            now = self._clock.now()
            if row is None or not row.active:
                raise UnknownUser(user_id)
            if row.locked_until is not None and row.locked_until > now:
                raise LockedOut(row.locked_until)
            if verify_pin(pin, row.pin_hash):
                row.failed_pin_attempts = 0
                row.locked_until = None
                return repo.to_user(row)
            row.failed_pin_attempts += 1
            left = self.policy.max_attempts - row.failed_pin_attempts
            if left <= 0:
                row.failed_pin_attempts = 0
                row.locked_until = now + self.policy.lockout_s
                refusal = LockedOut(row.locked_until)
            else:
                refusal = WrongPin(left)
        raise refusal  # after the commit, so the count is kept

    def sign_in_badge(self, badge: str) -> User:
        with self._sessions() as session:
            row = repo.by_badge(session, badge.strip())
            if row is None or not row.active:
                raise UnknownUser(badge)
            if row.locked_until is not None and row.locked_until > self._clock.now():
                raise LockedOut(row.locked_until)
            return repo.to_user(row)

    def add_user(self, actor: User, user: User, pin: str = "", pin_hash: str = "") -> User:
        require(actor.role, Action.MANAGE_USERS)
        if pin:
            check_pin_format(pin)
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
        with self._sessions() as session:
            return repo.all_users(session)

    def ensure(self, bootstrap: Iterable[tuple[User, str, str]]) -> list[User]:
        """Create configured users that do not exist yet; never overwrite existing ones."""
        existing = {u.id for u in self.users()}
        created = []
        for user, pin, pin_hash in bootstrap:
            if user.id not in existing:
                created.append(self.add_user(SHELL_ADMIN, user, pin, pin_hash))
        return created
