"""What the kiosk says when an operation or a sign-in is refused, in words for the floor."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from andon_kiosk.app.accounts import LockedOut, UnknownUser, WrongPin
from andon_kiosk.app.tickets import OutOfScope, UnknownTicket
from andon_kiosk.core.permissions import PermissionDenied
from andon_kiosk.core.tickets import TransitionError

from . import labels


def operation_failed(error: BaseException) -> str:
    if isinstance(error, PermissionDenied):
        role = labels.tr(labels.ROLE[error.role])
        return QCoreApplication.translate(
            "messages", "Not allowed for %1. Sign in as someone who may do this."
        ).replace("%1", role)
    if isinstance(error, TransitionError):
        return QCoreApplication.translate(
            "messages", "The ticket changed meanwhile; that step no longer applies."
        )
    if isinstance(error, UnknownTicket):
        return QCoreApplication.translate("messages", "That ticket could not be found.")
    if isinstance(error, OutOfScope):
        return QCoreApplication.translate(
            "messages", "Line %1 is not looked after from this station."
        ).replace("%1", error.line)
    if isinstance(error, OSError) or type(error).__module__.startswith("sqlalchemy"):
        return QCoreApplication.translate(
            "messages", "Could not save: the kiosk's storage is failing. Call the team leader."
        )
    return QCoreApplication.translate("messages", "Something went wrong: %1").replace(
        "%1", str(error)
    )


def sign_in_failed(error: BaseException, local_time: str = "") -> str:
    if isinstance(error, WrongPin):
        return QCoreApplication.translate(
            "messages", "Wrong PIN. Attempts left before lock-out: %1"
        ).replace("%1", str(error.attempts_left))
    if isinstance(error, LockedOut):
        return QCoreApplication.translate(
            "messages", "Locked after too many wrong PINs. Try again after %1."
        ).replace("%1", local_time)
    if isinstance(error, UnknownUser):
        return QCoreApplication.translate("messages", "Unknown employee number or badge.")
    return operation_failed(error)
