"""Sign-in page: employee number and PIN on a big keypad (gloves), or a badge scan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core import limits
from andon_kiosk.core.accounts import PIN_MAX

from . import messages
from .widgets import child, load_form


class SignInPage(QWidget):
    finished = Signal()  # signed in, or cancelled

    def __init__(self, vm: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._vm = vm
        form = load_form("sign_in.ui", self)
        self.user = child(form, QLineEdit, "signin.user")
        self.pin = child(form, QLineEdit, "signin.pin")
        self.error = child(form, QLabel, "signin.error")
        self.ok = child(form, QPushButton, "signin.ok")
        self.user.setMaxLength(limits.USER_ID)  # the limits every layer shares (core/limits)
        self.pin.setMaxLength(PIN_MAX)
        self._target = self.user
        for digit in "0123456789":
            key = child(form, QPushButton, f"signin.key.{digit}")
            key.clicked.connect(lambda _=False, d=digit: self._type(d))
        child(form, QPushButton, "signin.key.back").clicked.connect(self._backspace)
        child(form, QPushButton, "signin.key.clear").clicked.connect(self._clear_field)
        child(form, QPushButton, "signin.cancel").clicked.connect(self._cancel)
        self.ok.clicked.connect(self._submit)
        self.user.returnPressed.connect(self._submit)
        self.pin.returnPressed.connect(self._submit)
        for field in (self.user, self.pin):
            field.installEventFilter(self)
        vm.session.changed.connect(self._on_session_changed)
        vm.signInFailed.connect(self._on_sign_in_failed)

    def reset(self) -> None:
        self.user.clear()
        self.pin.clear()
        self.error.clear()
        self.ok.setEnabled(True)
        self._aim(self.user)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.user, self.pin):
            self._aim(watched)  # type: ignore[arg-type]
        return False

    def _aim(self, field: QLineEdit) -> None:
        """The keypad types into the field last touched."""
        self._target = field
        field.setFocus()

    def _type(self, digit: str) -> None:
        self._target.insert(digit)
        self._vm.session.note_activity()

    def _backspace(self) -> None:
        self._target.backspace()

    def _clear_field(self) -> None:
        self._target.clear()

    def _submit(self) -> None:
        if not self.user.text().strip():
            self._aim(self.user)
            self.error.setText(self.tr("Enter your employee number first."))
            return
        if not self.pin.text():
            self._aim(self.pin)
            self.error.clear()
            return
        self.error.setText(self.tr("Checking…"))
        self.ok.setEnabled(False)
        self._vm.sign_in_pin(self.user.text().strip(), self.pin.text())

    def _cancel(self) -> None:
        self.reset()
        self.finished.emit()

    def _on_session_changed(self) -> None:
        if self._vm.session.signed_in and self.isVisible():
            self.reset()
            self.finished.emit()

    def _on_sign_in_failed(self, error: BaseException) -> None:
        until = getattr(error, "until", None)
        when = self._vm.local_time(until).strftime("%H:%M") if until else ""
        self.error.setText(messages.sign_in_failed(error, when))
        self.pin.clear()
        self.ok.setEnabled(True)
        self._aim(self.pin)
