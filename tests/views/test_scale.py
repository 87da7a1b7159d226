"""One layout for every screen: from a 1024×600 panel to a 3840×2160 TV, every screen of the
kiosk fits the display (nothing pushed off it), no text is cut, and the layout grows with the
display instead of sitting in a corner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize, QSizeF
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.config import CounterDevice, Devices, LightDevice
from andon_kiosk.views import scale
from andon_kiosk.views.launch import application
from andon_kiosk.views.widgets import FitButton, FitLabel, load_form
from andon_kiosk.views.window import MainWindow

# panels as sold: a 10.1" at either resolution, a 15.6" and a 55" TV (a 4K screen that does
# not say its size is taken as a 27" one: `scale.px_per_mm`)
DISPLAYS = [
    (QSize(1024, 600), 7.0),
    (QSize(1024, 600), 10.1),
    (QSize(1280, 800), 10.1),
    (QSize(1366, 768), 13.3),
    (QSize(1920, 1080), 13.3),
    (QSize(1920, 1080), 15.6),
    (QSize(3840, 2160), None),
    (QSize(3840, 2160), 55.0),
]


def test_a_stylesheet_in_layout_pixels_is_scaled_and_only_its_lengths() -> None:
    try:
        scale.fit(QSize(2560, 1600))
        assert scale.factor() == 2.0
        qss = "QLabel[kind='x'] { font-size: 22px; border: 1px solid #1f2328; margin: 0px; }"
        assert scale.stylesheet(qss) == (
            "QLabel[kind='x'] { font-size: 44px; border: 2px solid #1f2328; margin: 0px; }"
        )
        scale.fit(QSize(800, 480))  # smaller than the smallest panel: not shrunk further
        assert scale.factor() == scale.SMALLEST
        assert scale.px(1) == 1  # a hairline stays visible
        scale.fit(QSize(7680, 4320))
        assert scale.factor() == scale.LARGEST
    finally:
        scale.reset()


def _display_id(display: tuple[QSize, float | None]) -> str:
    size, inches = display
    return f"{size.width()}x{size.height()}@{inches or 'unknown'}in"


def test_a_display_s_density_from_its_inches_or_its_believable_reported_size() -> None:
    full_hd = QSize(1920, 1080)
    assert scale.density(full_hd, 15.6, None) == pytest.approx(5.55, abs=0.01)
    # the configured inches win over what the screen reports
    assert scale.density(full_hd, 21.5, QSizeF(344, 194)) == pytest.approx(4.03, abs=0.01)
    assert scale.density(full_hd, None, QSizeF(344, 194)) == pytest.approx(5.58, abs=0.01)
    for lie in (QSizeF(0, 0), QSizeF(160, 90), QSizeF(1, 1), QSizeF(600, 100), QSizeF(9e4, 5e4)):
        assert scale.density(QSize(3840, 2160), None, lie) is None, lie
    assert scale.density(full_hd, None, None) is None
    try:  # not known: taken as the 10.1" panel the layout was drawn on, made larger
        scale.fit(QSize(2560, 1600))
        assert scale.px_per_mm() == pytest.approx(2 * scale.REFERENCE_PX_PER_MM)
        assert scale.touch(64) == scale.mm(15) > scale.px(64)
        assert scale.text(14) == scale.px(14)  # the layout's text, unknown size
        scale.fit(QSize(1920, 1080), scale.Display(scale.density(full_hd, 15.6, None)))
        assert scale.text(14) == min(scale.mm(4), round(scale.px(14) * 1.2)) > scale.px(14)
    finally:
        scale.reset()


def test_a_designer_form_is_scaled_once(qtbot: QtBot) -> None:
    """The form's own layout is one of its children too: it was scaled twice (18 px margins
    came out as 131 px at 4K and pushed the ticket page off the screen)."""
    host = QWidget()
    qtbot.addWidget(host)
    try:
        scale.fit(QSize(2560, 1600))
        form = load_form("ticket_detail.ui", host)
        margins = form.layout().contentsMargins()
        assert (margins.left(), margins.top()) == (36, 28)  # 18 and 14 in the .ui
    finally:
        scale.reset()


@pytest.fixture(params=DISPLAYS, ids=_display_id)
def display(request: pytest.FixtureRequest) -> Iterator[QSize]:
    """The kiosk built for a display of this size (the theme is installed fitted to it)."""
    size, inches = request.param
    scale.fit(size, scale.Display(scale.density(size, inches, None)))
    yield size
    scale.reset()
    application("en")  # the theme at the reference size again, for the next test


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def devices() -> Devices:
    """The demo's simulated light and counter: their header chips take room too."""
    return replace(
        Devices.none(), light=LightDevice("simulated"), counter=CounterDevice("simulated")
    )


def _drawn_over(page: QWidget) -> str | None:
    """The production page's middle row (chart, OEE, losses) reaching under the hour table:
    a page given less height than its parts need (the figures' height-for-width took it)."""
    top = page.hours.mapTo(page, page.hours.rect().topLeft()).y()
    for part in (page.chart, page.oee, page.pareto):
        bottom = part.mapTo(page, part.rect().bottomLeft()).y()
        if bottom > top + 1:
            name = part.objectName() or type(part).__name__
            return f"{name} runs {bottom - top} px under the hours"
    return None


def _clipped(widget: QWidget) -> str | None:
    """What of `widget`'s one-line text does not fit in it, if anything."""
    if isinstance(widget, QLabel) and not isinstance(widget, FitLabel):
        if widget.wordWrap() or not widget.text():
            return None
        need, have = widget.sizeHint(), widget.size()
    elif (
        isinstance(widget, QAbstractButton) and not isinstance(widget, FitButton) and widget.text()
    ):
        need = QSize(widget.fontMetrics().horizontalAdvance(widget.text()), 0)
        have = widget.contentsRect().size()
    else:
        return None
    if need.width() > have.width() + 1:
        return f"{widget.objectName() or type(widget).__name__} {widget.text()!r}"
    return None


def test_every_screen_fits_the_display_and_no_words_are_cut(
    qtbot: QtBot,
    display: QSize,
    kiosk: tuple[KioskModel, MainWindow],
    every_screen: Callable[[Callable[[], None]], None],
) -> None:
    _vm, window = kiosk
    window.resize(display)
    qtbot.waitUntil(lambda: window.size() == display)
    problems: set[str] = set()

    def check() -> None:
        for _ in range(2):  # a changed text is laid out in the pass after
            QApplication.processEvents()
        page = window.current_page()
        where = type(page).__name__
        if page is window.ticket_page:
            form = page._form_kind.value if page._form_kind else "actions"
            where += f" ({form}{', keyboard' if page.keyboard.isVisible() else ''})"
        need, scroll = page.minimumSizeHint(), window.pages_scroll
        room = scroll.viewport().size()
        hint = window.minimumSizeHint()
        if hint.width() > display.width() or hint.height() > display.height():
            problems.add(f"the window needs {hint.width()}x{hint.height()}")
        if need.width() > room.width():
            problems.add(f"{page.objectName()}: {need.width()} px wide in {room.width()}")
        strips = [w for w in (window.banner, window.store_alert, window.tower_alert)]
        if not any(w.isVisible() for w in strips) and scroll.verticalScrollBar().maximum() > 0:
            problems.add(f"{where} scrolls with nothing above it")
        if need.height() > room.height():
            # only under a message strip may a page scroll, and then all of it must be reached
            reach = room.height() + scroll.verticalScrollBar().maximum()
            if not any(w.isVisible() for w in strips) or reach < need.height():
                problems.add(f"{where}: {need.height()} px high in {room.height()}")
        if page is window.production_page and (overlap := _drawn_over(page)):
            problems.add(overlap)
        for widget in window.findChildren(QWidget):
            if widget.isVisible() and (cut := _clipped(widget)):
                problems.add(f"cut: {cut}")

    every_screen(check)
    assert not problems, "\n".join(sorted(problems))


def test_the_layout_grows_with_the_display(
    qtbot: QtBot, display: QSize, kiosk: tuple[KioskModel, MainWindow]
) -> None:
    """A 4K TV shows the same screen 2.7 times larger, not a 1280×800 one in a corner."""
    _vm, window = kiosk
    window.resize(display)
    qtbot.waitUntil(lambda: window.size() == display)
    factor = scale.factor()
    assert window.header.height() >= scale.px(80)
    machine = window.findChild(QAbstractButton, "category.machine")
    assert machine is not None
    # the four categories share what is left of the screen: they grow at least as the layout
    assert machine.height() >= 96 * factor
    assert machine.width() >= display.width() * 0.2
    assert window.font().pixelSize() == scale.text(17)
