"""One layout for every screen, from a 7" 1024×600 panel to a 4K TV.

Every length in the theme and in the views is written in *layout pixels*: pixels of the
1280×800 panel the kiosk was drawn for. Before the window is built, `fit` picks one factor
from the size the window will have, and `px` turns layout pixels into screen pixels with it
(the theme's `px` values too, when the stylesheet is installed). A 1024×600 panel gets the
same screen a quarter smaller, a 1920×1080 one a third larger, a 3840×2160 TV 2.7 times:
nothing clipped, nothing lost in a corner. Fonts follow, so a Qt-rendered glyph stays sharp
at any factor (unlike a bitmap stretched by the window system).

Pixels are not what a person sees, millimetres are: `fit` also takes the display's density
(from its reported size, or `[display] inches` when it lies) and the distance its figures are
read from. Three floors then hold on any panel: a touch target is at least 15 mm (a gloved
finger), text at least `TEXT_MM`, and the figures a team leader reads from the aisle get the
height that distance needs (`reading_mm`) where the screen has room for it. A display that
does not say its size is taken as the 10.1" panel the layout was drawn on, made larger.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QSize, QSizeF
from PySide6.QtWidgets import QLayout, QWidget

log = logging.getLogger(__name__)

REFERENCE = QSize(1280, 800)
SMALLEST, LARGEST = 0.75, 3.0  # 1024×600 and a 4K screen
_MAX = 16_777_215  # QWIDGETSIZE_MAX: "no limit", never scaled


MM_PER_INCH = 25.4
DENSEST = 8.0  # px/mm (203 ppi): denser is a wrong size (kiosk panels are 90-180 ppi)
# the 10.1" 1280×800 panel the layout was drawn on: 5.88 pixels to the millimetre
REFERENCE_INCHES = 10.1
REFERENCE_PX_PER_MM = math.hypot(1280, 800) / (REFERENCE_INCHES * MM_PER_INCH)
TOUCH_MM = 15.0  # a gloved fingertip
# ... reached by growing a button at most this much: 15 mm on 10.1" panels, 10.5 mm on a 7"
# 1024×600 (which would need twice the height: its screens would no longer fit)
TOUCH_GROWTH = 1.45
TEXT_MM = 4.0  # the smallest text's em height, where the layout has room for it (`text`)
TEXT_GROWTH = 1.2  # ... which it has from 1920×1080 up: a font may grow this much to reach it
READING_RATIO = 120  # a figure's digits are read at up to 120 times their height (25 mm at 3 m)


@dataclass(frozen=True)
class Display:
    """What `fit` knows of the display: its pixels to the millimetre (None: it did not say)
    and the distance its figures are read from."""

    px_per_mm: float | None = None
    reading_distance_m: float = 3.0


class _Current:
    factor = 1.0  # one screen, one window: the whole kiosk shares it
    display = Display()


def factor() -> float:
    return _Current.factor


def fit(size: QSize, display: Display | None = None) -> float:
    """The factor for a window of `size`: the reference layout made as large as it fits."""
    if size.width() <= 0 or size.height() <= 0:
        _Current.factor = 1.0
    else:
        ratio = min(size.width() / REFERENCE.width(), size.height() / REFERENCE.height())
        _Current.factor = round(min(LARGEST, max(SMALLEST, ratio)), 3)
    _Current.display = display or Display()
    return _Current.factor


def reset() -> None:
    """Back to the reference size (tests that fit a size put it back)."""
    _Current.factor = 1.0
    _Current.display = Display()


def density(screen: QSize, inches: float | None, reported_mm: QSizeF | None) -> float | None:
    """Pixels to the millimetre of a screen of `screen` pixels: from `inches` (the config)
    when given, else from the size the screen reports, when that is believable (EDID is
    missing on many TVs and KVMs, or says 0, 1 or 160×90 mm for a 55" set: None then)."""
    diagonal_px = math.hypot(screen.width(), screen.height())
    if inches:
        density = diagonal_px / (inches * MM_PER_INCH)
        if density > DENSEST:  # "5.5" meant as 55: a 1080p phone-sized kiosk is no panel
            log.warning(
                "[display] inches = %s is %.0f ppi at %dx%d: not a panel; sized as if not given",
                inches,
                density * MM_PER_INCH,
                screen.width(),
                screen.height(),
            )
            return None
        return density
    if reported_mm is None or reported_mm.width() <= 0 or reported_mm.height() <= 0:
        return None
    diagonal_mm = math.hypot(reported_mm.width(), reported_mm.height())
    density = diagonal_px / diagonal_mm
    # 7" to 150", at most DENSEST (a TV whose EDID says "16:9" as 160×90 mm would be a 7"
    # 1080p at 300 ppi), pixels about as wide as they are tall
    square = screen.width() / screen.height() / (reported_mm.width() / reported_mm.height())
    sized = 7 * MM_PER_INCH <= diagonal_mm <= 150 * MM_PER_INCH
    return density if sized and density <= DENSEST and abs(square - 1) <= 0.2 else None


def px_per_mm() -> float:
    """Pixels to the millimetre: as the display says, or else as if it were the reference
    panel made `factor` times larger."""
    return _Current.display.px_per_mm or REFERENCE_PX_PER_MM * _Current.factor


def mm(length: float) -> int:
    """`length` millimetres in screen pixels."""
    return max(1, round(length * px_per_mm()))


def _grown(size: int, floor_mm: float, growth: float) -> int:
    """`size` pixels, grown towards `floor_mm` by at most `growth` times."""
    return max(size, min(mm(floor_mm), round(size * growth)))


def touch(length: float) -> int:
    """A touch target's height: `length` layout pixels, grown to `TOUCH_MM` by at most
    `TOUCH_GROWTH`."""
    return _grown(px(length), TOUCH_MM, TOUCH_GROWTH)


def text(length: float) -> int:
    """A font's pixel size: `length` layout pixels, grown towards `TEXT_MM` (by at most
    `TEXT_GROWTH`) on a display that says its size and has pixels to spare (a factor of 1.2
    and up). The 1280×800 and 1024×600 panels have none: their text is as drawn, 14 layout
    pixels at the smallest (2.4 mm on a 10.1" panel; docs/deployment.md, "Any screen")."""
    if _Current.display.px_per_mm is None or _Current.factor < 1.2:
        return px(length)
    return _grown(px(length), TEXT_MM, TEXT_GROWTH)


def reading_mm() -> float:
    """How tall the aisle's figures must be to be read from the configured distance."""
    return _Current.display.reading_distance_m * 1000 / READING_RATIO


def px(length: float) -> int:
    """`length` layout pixels on this screen (a non-zero length stays at least 1 pixel)."""
    if length == 0:
        return 0
    return max(1, round(length * _Current.factor))


_LENGTH = re.compile(r"(?<![\w.#-])(font-size:\s*|min-height:\s*)?(\d+(?:\.\d+)?)(px|tp)\b")


def _length(m: re.Match[str]) -> str:
    prop, value, unit = m.group(1) or "", float(m.group(2)), m.group(3)
    if unit == "tp":  # "touch pixels": a button's height, at least TOUCH_MM
        return f"{prop}{touch(value)}px"
    if prop.startswith("font-size"):
        return f"{prop}{text(value)}px"
    return f"{prop}{px(value)}px"


def stylesheet(sheet: str) -> str:
    """A stylesheet written in layout pixels, in screen pixels (`tp`: a touch target's)."""
    return _LENGTH.sub(_length, sheet)


def form(root: QWidget) -> None:
    """Scale what a Designer form (`ui/*.ui`) fixed in layout pixels: margins, spacings and
    explicit minimum/maximum sizes, once, right after it is loaded."""
    # the root's own layout is one of its children too: each layout once (it was scaled
    # twice, margins 18 -> 131 px at 4K)
    for layout in dict.fromkeys([root.layout(), *root.findChildren(QLayout)]):
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
