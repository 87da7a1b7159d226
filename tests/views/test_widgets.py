"""Small widgets with a promise: a big number is never cut off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.views.launch import application
from andon_kiosk.views.widgets import FitLabel, styled
from andon_kiosk.views.window import MainWindow


def ink_columns(label: FitLabel) -> list[int]:
    """The x of every column with dark pixels (the text), in the rendered label."""
    image = label.grab().toImage()
    return [
        x
        for x in range(image.width())
        if any(QColor(image.pixel(x, y)).lightness() < 100 for y in range(image.height()))
    ]


def test_a_number_too_wide_for_its_tile_shrinks_instead_of_losing_digits(qtbot: QtBot) -> None:
    application("en")
    wide = styled(FitLabel("−12 345"), "tile-value-big")
    qtbot.addWidget(wide)
    wide.resize(120, 80)
    wide.show()
    assert wide.fontMetrics().horizontalAdvance(wide.text()) > 120  # the theme's size won't fit
    assert wide.minimumSizeHint().width() <= 40  # so a layout may make it narrow
    ink = ink_columns(wide)
    assert ink and ink[0] > 0 and ink[-1] < 119  # drawn whole, inside its width
    assert ink[-1] - ink[0] > 80  # and still big: scaled to the room, not to nothing

    narrow = styled(FitLabel("12"), "tile-value-big")
    qtbot.addWidget(narrow)
    narrow.resize(120, 80)
    narrow.show()
    ink = ink_columns(narrow)
    assert ink[-1] - ink[0] >= 0.8 * narrow.fontMetrics().horizontalAdvance("12")  # full size


def test_every_label_shows_words_as_typed_never_as_markup(
    kiosk: tuple[KioskModel, MainWindow],
) -> None:
    """A containment typed as "<h1>BIG</h1>" or "Check <p> value" was rendered as HTML."""
    _vm, window = kiosk
    window.show_production()  # its page is built now
    markup = [
        label.objectName() or label.text()
        for label in window.findChildren(QLabel)
        if label.textFormat() is not Qt.TextFormat.PlainText
    ]
    assert markup == []
