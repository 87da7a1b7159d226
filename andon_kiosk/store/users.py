"""Repository for the people who sign in: lookup, creation, PIN attempts and lock-out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from andon_kiosk.core.accounts import User
from andon_kiosk.core.permissions import Role

from .models import OutboxRow, UserRow


def to_user(row: UserRow) -> User:
    return User(id=row.id, name=row.name, role=Role(row.role), badge=row.badge, active=row.active)


def get_row(session: Session, user_id: str) -> UserRow | None:
    return session.get(UserRow, user_id)


def by_badge(session: Session, badge: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.badge == badge))


def all_users(session: Session) -> list[User]:
    return [to_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.id))]


def add(session: Session, user: User, pin_hash: str, now: float, stamp: str = "") -> UserRow:
    row = UserRow(
        id=user.id,
        name=user.name,
        role=user.role.value,
        badge=user.badge or None,
        pin_hash=pin_hash,
        active=user.active,
        failed_pin_attempts=0,
        locked_until=None,
        updated_at=now,
        stamp=stamp,
    )
    session.add(row)
    session.flush()
    queue(session, user.id)
    return row


def queue(session: Session, user_id: str) -> None:
    """Queue the user's current row for upload (once: the relay sends what it is then)."""
    queued = session.scalar(
        select(OutboxRow.seq).where(OutboxRow.kind == "user", OutboxRow.record_id == user_id)
    )
    if queued is None:
        session.add(OutboxRow(kind="user", record_id=user_id))
        session.flush()
