"""Look of the kiosk: the QSS theme, the bundled CJK font and the state colours.

ISA-101 style: a calm grey screen where colour means something is abnormal; IEC 60073 colours
for what the stack light shows.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from andon_kiosk.assets import resource, ui_file
from andon_kiosk.core.light import Lamp
from andon_kiosk.core.reasons import ReasonTree

from . import scale

log = logging.getLogger(__name__)

LAMP_COLOURS = {
    Lamp.RED: QColor("#d7261e"),
    Lamp.AMBER: QColor("#f2a900"),
    Lamp.GREEN: QColor("#2e9d3a"),
    Lamp.BLUE: QColor("#1f6fd1"),
    Lamp.WHITE: QColor("#f4f4f4"),
}
LAMP_OFF = QColor("#9aa0a6")
# Stops on the production chart, by category (a category's `colour` in the config wins).
CATEGORY_COLOURS = {
    "person": "#8e5bb5",
    "machine": "#d7261e",
    "material": "#1f6fd1",
    "method": "#e07b00",
    "quality": "#2e9d3a",
    "safety": "#c2185b",
}
OTHER_CATEGORY = "#7d858d"


def category_colours(reasons: ReasonTree) -> dict[str, QColor]:
    return {
        c.key: QColor(c.colour or CATEGORY_COLOURS.get(c.key, OTHER_CATEGORY))
        for c in reasons.categories
    }


CJK_FAMILY = "Droid Sans Fallback"
BASE_PIXEL_SIZE = 17  # the app font in layout pixels (13 pt at 96 dpi)


def install_fonts(app: QApplication) -> None:
    """Register the bundled CJK font and make it the fallback for every widget."""
    font_path = resource("fonts", "DroidSansFallbackFull.ttf")
    if QFontDatabase.addApplicationFont(str(font_path)) < 0:
        log.warning("could not load the bundled CJK font %s", font_path)
    base = app.font()
    families = [f for f in base.families() or [base.family()] if f != CJK_FAMILY]
    font = QFont(base)
    font.setFamilies([*families, CJK_FAMILY])
    font.setPixelSize(scale.text(BASE_PIXEL_SIZE))
    app.setFont(font)


def fit_to(app: QApplication, size: QSize, display: scale.Display | None = None) -> None:
    """The look for a window of `size` on `display`, before the window is built (`scale`)."""
    scale.fit(size, display)
    font = app.font()
    font.setPixelSize(scale.text(BASE_PIXEL_SIZE))
    app.setFont(font)
    install_theme(app)


def install_theme(app: QApplication) -> None:
    """The theme at the current scale (`scale.fit` first: it is written in layout pixels)."""
    app.setStyle("Fusion")  # the same look on every platform; QSS styles it further
    app.setStyleSheet(scale.stylesheet(ui_file("theme.qss").read_text(encoding="utf-8")))
