"""The kiosk's own on-screen keyboard: free text by touch alone, for a panel with no keyboard.

Large keys (the theme's touch size), letters, digits and the punctuation a note needs; Shift
capitalises the next letter. Keys never take the focus, so the text field keeps its cursor.
Chinese is typed through the operating system's input method (docs/deployment.md), which
the kiosk's text fields accept as any Qt field does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPlainTextEdit, QPushButton, QWidget

from .scale import px
from .widgets import button, styled

ROWS = ("1234567890", "qwertyuiop", "asdfghjkl:", "zxcvbnm,.-")
PUNCTUATION = {
    ",": "comma", ".": "period", "-": "dash", "/": "slash", "%": "percent", "#": "hash",
    ":": "colon",
}  # fmt: skip


def key_name(char: str) -> str:
    return PUNCTUATION.get(char, char)


class OnScreenKeyboard(QFrame):
    """Types into `target`; `shown()` when it comes up, `closed()` when Done is tapped."""

    shown = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self, "keyboard", "keyboard")
        self._target: QPlainTextEdit | None = None
        self._shift = False
        self._letters: list[QPushButton] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(px(8), px(8), px(8), px(8))
        grid.setSpacing(px(6))
        for row, keys in enumerate(ROWS):
            for column, char in enumerate(keys):
                key = button(char, f"keyboard.key.{key_name(char)}", "textkey")
                key.clicked.connect(lambda _=False, c=char: self._type(c))
                grid.addWidget(key, row, column)
                if char.isalpha():
                    self._letters.append(key)
        self.shift = button("⇧", "keyboard.shift", "textkey")
        self.shift.setCheckable(True)
        self.shift.toggled.connect(self._set_shift)
        space = button(self.tr("Space"), "keyboard.space", "textkey")
        space.clicked.connect(lambda: self._type(" "))
        backspace = button("⌫", "keyboard.backspace", "textkey")
        backspace.clicked.connect(self._backspace)
        done = button(self.tr("Done"), "keyboard.done", "primary")
        done.clicked.connect(self._done)
        last = len(ROWS)  # ⇧ # / % [  space  ] ⌫ [done]
        grid.addWidget(self.shift, last, 0)
        for column, char in enumerate("#/%", start=1):
            key = button(char, f"keyboard.key.{key_name(char)}", "textkey")
            key.clicked.connect(lambda _=False, c=char: self._type(c))
            grid.addWidget(key, last, column)
        grid.addWidget(space, last, 4, 1, 3)
        grid.addWidget(backspace, last, 7)
        grid.addWidget(done, last, 8, 1, 2)

    def attach(self, target: QPlainTextEdit) -> None:
        """Type into `target` from now on, and show."""
        self._target = target
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show()
        self.shown.emit()

    @property
    def target(self) -> QPlainTextEdit | None:
        return self._target

    def _type(self, char: str) -> None:
        if self._target is None:
            return
        if self._shift and char.isalpha():
            char = char.upper()
            self.shift.setChecked(False)  # one capital, as a phone's keyboard does
        self._target.insertPlainText(char)
        self._target.ensureCursorVisible()

    def _backspace(self) -> None:
        if self._target is not None:
            cursor = self._target.textCursor()
            cursor.deletePreviousChar()
            self._target.setTextCursor(cursor)

    def _set_shift(self, on: bool) -> None:
        self._shift = on
        for key in self._letters:
            key.setText(key.text().upper() if on else key.text().lower())

    def _done(self) -> None:
        self.hide()
        self.closed.emit()
