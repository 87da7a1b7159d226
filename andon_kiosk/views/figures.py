"""Figures read from the aisle: plan, actual, gap and takt with digits as tall as the reading
distance needs (`scale.reading_mm`: 25 mm at 3 m), where the screen has the room.

A figure asks for that height and the rest of its page gives way, up to `most` layout pixels
of font (a page still needs its chart and its buttons). What is still too wide for its box
shrinks (`FitLabel`): a digit is never cut.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette

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

    # A figure is as tall as its digits, not as its font's line: the line's room for accents
    # and descenders (a third of it) is height a page has better use for.
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """As tall as the digits are drawn at `width`: a figure shrunk to fit a narrow tile
        leaves its room to the rest of the page."""
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right()
        font = shrunk(self.font(), min(1.0, room / self._need_width()))
        return math.ceil(digit_height(font)) + 2 * self._pad() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(max(1, self.width())))

    def drawn_font(self) -> QFont:
        room = self.contentsRect()
        need_h = digit_height(self.font()) + 2 * self._pad()
        ratio = min(1.0, room.width() / self._need_width(), room.height() / max(1.0, need_h))
        return self.font() if ratio >= 1.0 or not self.text() else shrunk(self.font(), ratio)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The digits centred on their own height in the box (not on the font's line)."""
        font = self.drawn_font()
        metrics = QFontMetricsF(font)
        digits = metrics.tightBoundingRect(DIGITS)  # from the baseline: top is negative
        room = QRectF(self.contentsRect())
        width = metrics.horizontalAdvance(self.text())
        align = self.alignment()
        if align & Qt.AlignmentFlag.AlignRight:
            x = room.right() - width
        elif align & Qt.AlignmentFlag.AlignLeft:
            x = room.left()
        else:
            x = room.center().x() - width / 2
        painter = QPainter(self)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(QPointF(x, room.center().y() - digits.center().y()), self.text())

    def _need_width(self) -> float:
        return self.fontMetrics().horizontalAdvance(self.measure or self.text()) or 1

    @staticmethod
    def _pad() -> int:
        return scale.px(6)

    def digits_mm(self) -> float:
        """How tall its digits are drawn, in millimetres of this display."""
        return digit_height(self.drawn_font()) / scale.px_per_mm()
