"""Who is signed in at the kiosk, and signing them out when the screen is left alone."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from andon_kiosk.core.accounts import STATION_OPERATOR, SignInPolicy, User
from andon_kiosk.core.permissions import Action, Role, may


class SessionModel(QObject):
    changed = Signal()

    def __init__(self, policy: SignInPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._user = STATION_OPERATOR
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(policy.inactivity_s * 1000))
        self._idle.timeout.connect(self.sign_out)

    @property
    def user(self) -> User:
        return self._user

    @property
    def role(self) -> Role:
        return self._user.role

    @property
    def signed_in(self) -> bool:
        return self._user is not STATION_OPERATOR

    def may(self, action: Action) -> bool:
        return may(self._user.role, action)

    def sign_in(self, user: User) -> None:
        self._user = user
        self._idle.start()
        self.changed.emit()

    def sign_out(self) -> None:
        self._idle.stop()
        if self.signed_in:
            self._user = STATION_OPERATOR
            self.changed.emit()

    def note_activity(self) -> None:
        """Any touch or key press keeps a signed-in person signed in."""
        if self.signed_in:
            self._idle.start()
