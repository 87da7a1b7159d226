"""What the kiosk says when an operation or a sign-in is refused, in words for the floor."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from andon_kiosk.app.accounts import LockedOut, UnknownUser, WrongPin
from andon_kiosk.app.store_health import StoreFault, StoreProblem, is_store_error
from andon_kiosk.app.tickets import OutOfScope, UnknownTicket
from andon_kiosk.core.permissions import PermissionDenied
from andon_kiosk.core.text import BadText
from andon_kiosk.core.tickets import DecisionNeeded, TransitionError

from . import labels

_C = "messages"


def _tr(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP("messages", …) elsewhere."""
    return QCoreApplication.translate(_C, text)


def tower_not_confirmed() -> str:
    return QCoreApplication.translate(
        "messages",
        "STACK LIGHT NOT CONFIRMED: the tower on the line may not be showing this screen's "
        "state. Check its cable and power; call maintenance.",
    )


_KEEP_THE_FILE = QT_TRANSLATE_NOOP(
    "messages", "Keep the file (it may hold tickets not yet sent): move it aside and restart."
)
_WHAT_TO_DO = {
    StoreProblem.NOT_A_DATABASE: _KEEP_THE_FILE,
    StoreProblem.DAMAGED: _KEEP_THE_FILE,
    StoreProblem.READ_ONLY: QT_TRANSLATE_NOOP(
        "messages", "Let the kiosk's user write the file and its folder."
    ),
    StoreProblem.NO_ACCESS: QT_TRANSLATE_NOOP(
        "messages", "Let the kiosk's user read and write the file and its folder."
    ),
    StoreProblem.DISK_FULL: QT_TRANSLATE_NOOP(
        "messages", "Free space on the disk; the kiosk carries on by itself."
    ),
    StoreProblem.IS_A_FOLDER: QT_TRANSLATE_NOOP(
        "messages", "Point the station file's [store] path at a file."
    ),
    StoreProblem.IN_USE: QT_TRANSLATE_NOOP(
        "messages", "Another program holds the file: is a second kiosk running?"
    ),
    StoreProblem.MISSING: QT_TRANSLATE_NOOP("messages", "Check the station file's [store] path."),
    StoreProblem.OTHER: QT_TRANSLATE_NOOP("messages", "See the kiosk's log."),
}
_WHAT_IS_WRONG = {
    StoreProblem.NOT_A_DATABASE: QT_TRANSLATE_NOOP("messages", "is not a kiosk store"),
    StoreProblem.DAMAGED: QT_TRANSLATE_NOOP("messages", "is damaged"),
    StoreProblem.READ_ONLY: QT_TRANSLATE_NOOP("messages", "cannot be written (read-only)"),
    StoreProblem.NO_ACCESS: QT_TRANSLATE_NOOP("messages", "cannot be opened (no permission)"),
    StoreProblem.DISK_FULL: QT_TRANSLATE_NOOP("messages", "cannot be written: the disk is full"),
    StoreProblem.IS_A_FOLDER: QT_TRANSLATE_NOOP("messages", "is a folder, not a file"),
    StoreProblem.IN_USE: QT_TRANSLATE_NOOP("messages", "is locked by another program"),
    StoreProblem.MISSING: QT_TRANSLATE_NOOP("messages", "does not exist"),
    StoreProblem.OTHER: QT_TRANSLATE_NOOP("messages", "cannot be used"),
}


def store_fault(fault: StoreFault) -> tuple[str, str]:
    """(what everyone must read, what maintenance needs: the file, the error, what to do)."""
    if fault.readable:
        headline = QCoreApplication.translate(
            "messages",
            "THIS KIOSK CANNOT RECORD STOPS: its storage is failing. Report stops by phone or "
            "radio and call maintenance. The tickets shown are the last ones saved.",
        )
    else:
        headline = QCoreApplication.translate(
            "messages",
            "THIS KIOSK CANNOT RECORD OR SHOW STOPS: its storage cannot be read. Look at the "
            "line, report stops by phone or radio and call maintenance.",
        )
    detail = (
        QCoreApplication.translate("messages", "The store %1 %2 (%3). What to do: %4")
        .replace("%1", str(fault.path))
        .replace("%2", _tr(_WHAT_IS_WRONG[fault.problem]))
        .replace("%3", fault.detail)
        .replace("%4", _tr(_WHAT_TO_DO[fault.problem]))
    )
    return headline, detail


_REFUSED = (  # (refusal, what the floor reads), for refusals whose words need nothing more
    (
        TransitionError,
        QT_TRANSLATE_NOOP("messages", "The ticket changed meanwhile; that step no longer applies."),
    ),
    (UnknownTicket, QT_TRANSLATE_NOOP("messages", "That ticket could not be found.")),
)


def operation_failed(error: BaseException) -> str:
    if isinstance(error, DecisionNeeded):
        return QCoreApplication.translate(
            "messages",
            "Reason not changed: this stop's %1 min of downtime are recorded, and that reason "
            "is not a line stop. Keep a stop reason; taking recorded downtime back needs a "
            "team leader's written decision.",
        ).replace("%1", str(error.minutes))
    for refusal, words in _REFUSED:
        if isinstance(error, refusal):
            return _tr(words)
    if isinstance(error, PermissionDenied):
        role = labels.tr(labels.ROLE[error.role])
        return QCoreApplication.translate(
            "messages", "Not allowed for %1. Sign in as someone who may do this."
        ).replace("%1", role)
    if isinstance(error, BadText):
        return QCoreApplication.translate(
            "messages", "Not saved: the text cannot be stored (%1). Change it and try again."
        ).replace("%1", str(error))
    return _other_failure(error)


def _other_failure(error: BaseException) -> str:
    if isinstance(error, OutOfScope):
        return QCoreApplication.translate(
            "messages", "Line %1 is not looked after from this station."
        ).replace("%1", error.line)
    if is_store_error(error):
        return QCoreApplication.translate(
            "messages",
            "NOT RECORDED: the kiosk's storage is failing. Report it by phone or radio and "
            "call maintenance.",
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
