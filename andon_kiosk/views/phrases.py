"""One form field answered with a tap: the plant's phrases for it as big buttons, two to a
row, and "Other…" for the exception, which opens the text field (and the on-screen
keyboard)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from andon_kiosk.core.phrases import Phrase

from .scale import px
from .widgets import button, clear_layout

OTHER = "other"


class PhrasePicker(QWidget):
    """`picked(code)`: a phrase's code, or OTHER; `chosen` is the phrase or None."""

    picked = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._name = name
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(px(6))
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._phrases: dict[str, Phrase] = {}
        self._language = "en"

    def offer(self, phrases: list[Phrase], language: str) -> None:
        """Show these phrases (none chosen) and "Other…"."""
        for old in self._group.buttons():
            self._group.removeButton(old)
        clear_layout(self._grid)
        self._phrases = {p.code: p for p in phrases}
        self._language = language
        for index, phrase in enumerate(phrases):
            self._add(phrase.text.get(language), phrase.code, index)
        self._add(self.tr("Other… (type it)"), OTHER, len(phrases))

    def _add(self, text: str, code: str, index: int) -> None:
        # the words wrap on two lines inside the button (a push button's own text does not
        # wrap and was cut: "Switched to ba…"); the label lets taps through to the button
        key = button("", f"{self._name}.{code}", "phrase")
        key.setAccessibleName(text)
        words = QLabel(text, key)
        words.setTextFormat(Qt.TextFormat.PlainText)
        words.setObjectName(f"{self._name}.{code}.text")
        words.setWordWrap(True)
        words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inside = QVBoxLayout(key)
        inside.setContentsMargins(px(12), px(4), px(12), px(4))
        inside.addWidget(words)
        key.setCheckable(True)
        key.toggled.connect(lambda on, w=words: w.setProperty("chosen", on) or _restyle(w))
        key.clicked.connect(lambda _=False, c=code: self.picked.emit(c))
        self._group.addButton(key)
        self._grid.addWidget(key, index // 2, index % 2)

    def choose_other(self) -> None:
        """Other… chosen (its text field comes back with a draft)."""
        for key in self._group.buttons():
            if key.objectName().endswith("." + OTHER):
                key.setChecked(True)

    @property
    def chosen(self) -> Phrase | None:
        checked = self._group.checkedButton()
        if checked is None:
            return None
        return self._phrases.get(checked.objectName().rsplit(".", 1)[-1])

    @property
    def other(self) -> bool:
        checked = self._group.checkedButton()
        return checked is not None and checked.objectName().endswith("." + OTHER)

    def words(self) -> str:
        """The chosen phrase in the station's language ("" when none or Other)."""
        phrase = self.chosen
        return phrase.text.get(self._language) if phrase else ""

    def buttons(self) -> list[QPushButton]:
        return list(self._group.buttons())


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
