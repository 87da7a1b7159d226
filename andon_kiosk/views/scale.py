"""One layout for every screen, from a 7" 1024×600 panel to a 4K TV.

Every length in the theme and in the views is written in *layout pixels*: pixels of the
1280×800 panel the kiosk was drawn for. Before the window is built, `fit` picks one factor
from the size the window will have, and `px` turns layout pixels into screen pixels with it
(the theme's `px` values too, when the stylesheet is installed). A 1024×600 panel gets the
same screen a quarter smaller, a 1920×1080 one a third larger, a 3840×2160 TV 2.7 times:
nothing clipped, nothing lost in a corner. Fonts follow, so a Qt-rendered glyph stays sharp
at any factor (unlike a bitmap stretched by the window system).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLayout, QWidget

REFERENCE = QSize(1280, 800)
SMALLEST, LARGEST = 0.75, 3.0  # 1024×600 and a 4K screen
BASE_POINT_SIZE = 13  # the app font at the reference size
_MAX = 16_777_215  # QWIDGETSIZE_MAX: "no limit", never scaled


class _Current:
    factor = 1.0  # one screen, one window: the whole kiosk shares it


def factor() -> float:
    return _Current.factor


def fit(size: QSize) -> float:
    """The factor for a window of `size`: the reference layout made as large as it fits."""
    if size.width() <= 0 or size.height() <= 0:
        _Current.factor = 1.0
    else:
        ratio = min(size.width() / REFERENCE.width(), size.height() / REFERENCE.height())
        _Current.factor = round(min(LARGEST, max(SMALLEST, ratio)), 3)
    return _Current.factor


def reset() -> None:
    """Back to the reference size (tests that fit a size put it back)."""
    _Current.factor = 1.0


def px(length: float) -> int:
    """`length` layout pixels on this screen (a non-zero length stays at least 1 pixel)."""
    if length == 0:
        return 0
    return max(1, round(length * _Current.factor))


_PX = re.compile(r"(?<![\w.#-])(\d+(?:\.\d+)?)px\b")


def stylesheet(text: str) -> str:
    """A stylesheet written in layout pixels, in screen pixels."""
    return _PX.sub(lambda m: f"{px(float(m.group(1)))}px", text)


def form(root: QWidget) -> None:
    """Scale what a Designer form (`ui/*.ui`) fixed in layout pixels: margins, spacings and
    explicit minimum/maximum sizes, once, right after it is loaded."""
    for layout in [root.layout(), *root.findChildren(QLayout)]:
        if layout is None:
            continue
        m = layout.contentsMargins()
        layout.setContentsMargins(px(m.left()), px(m.top()), px(m.right()), px(m.bottom()))
        if layout.spacing() > 0:
            layout.setSpacing(px(layout.spacing()))
    for widget in [root, *root.findChildren(QWidget)]:
        low, high = widget.minimumSize(), widget.maximumSize()
        widget.setMinimumSize(_size(low.width()), _size(low.height()))
        widget.setMaximumSize(_size(high.width()), _size(high.height()))


def _size(length: int) -> int:
    return length if length >= _MAX else px(length)
