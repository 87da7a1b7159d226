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


def test_losses_that_do_not_fit_are_counted_not_drawn_under_the_next_table(
    qtbot: QtBot,
) -> None:
    """Four losses in the height of three: two bars and "+ 2 more: 24 min" (the fourth was
    drawn under the hour table, cut in half)."""
    from andon_kiosk.views.shift_widgets import ParetoBars

    application("en")
    bars = ParetoBars()
    qtbot.addWidget(bars)
    red = QColor("#d7261e")
    rows = [("Shortage", 38 * 60, red), ("Breakdown", 23 * 60, red)]
    rows += [("First-article fail", 16 * 60, red), ("Leave", 8 * 60, red)]
    bars.set_rows(rows)
    bars.resize(400, 3 * ParetoBars.ROW)
    shown, rest = bars.split_rows()
    assert [r[0] for r in shown] == ["Shortage", "Breakdown"]
    assert [r[0] for r in rest] == ["First-article fail", "Leave"]
    bars.resize(400, 4 * ParetoBars.ROW)  # room for all: all drawn, nothing counted
    assert bars.split_rows() == (rows, [])
