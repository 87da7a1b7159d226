"""Figures read from the aisle: plan, actual, gap and takt with digits as tall as the reading
distance needs (`scale.reading_mm`: 25 mm at 3 m), where the screen has the room.

A figure asks for that height and the rest of its page gives way, up to `most` layout pixels
of font (a page still needs its chart and its buttons). What is still too wide for its box
shrinks (`FitLabel`): a digit is never cut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF

from . import scale
from .widgets import FitLabel, shrunk, styled

DIGITS = "0123456789"


def digit_height(font: QFont) -> float:
    """How tall `font` draws a digit, in pixels."""
    return QFontMetricsF(font).tightBoundingRect(DIGITS).height()


def reading_size(font: QFont, least: float, most: float) -> int:
    """The pixel size at which `font`'s digits are `scale.reading_mm()` tall, between `least`
    and `most` layout pixels (the theme's size and what the page can give)."""
    probe = QFont(font)
    probe.setPixelSize(200)
    want = scale.mm(scale.reading_mm()) * 200 / max(1.0, digit_height(probe))
    return round(min(max(want, scale.px(least)), scale.px(most)))


class Figure(FitLabel):
    """A big number for the aisle (`kind` is its theme: weight and colour)."""

    def __init__(self, kind: str, name: str, least: float, most: float) -> None:
        super().__init__("—", fit_height=True)
        styled(self, kind, name)
        self.ensurePolished()  # the theme's font (weight, family) before it is sized
        size = reading_size(self.font(), least, most)
        self.setStyleSheet(f"font-size: {size}px;")

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """As tall as the text is drawn at `width`: a figure shrunk to fit a narrow tile
        leaves its room to the rest of the page."""
        margins = self.contentsMargins()
        need = self.fontMetrics().horizontalAdvance(self.measure or self.text()) or 1
        room = width - margins.left() - margins.right()
        font = shrunk(self.font(), min(1.0, room / need))
        return QFontMetrics(font).height() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(max(1, self.width())))

    def digits_mm(self) -> float:
        """How tall its digits are drawn, in millimetres of this display."""
        return digit_height(self.drawn_font()) / scale.px_per_mm()
