"""One layout for every screen: from a 1024×600 panel to a 3840×2160 TV, every screen of the
kiosk fits the display (nothing pushed off it), no text is cut, and the layout grows with the
display instead of sitting in a corner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.config import CounterDevice, Devices, LightDevice
from andon_kiosk.views import scale
from andon_kiosk.views.launch import application
from andon_kiosk.views.widgets import FitButton, FitLabel
from andon_kiosk.views.window import MainWindow

DISPLAYS = [QSize(1024, 600), QSize(1280, 800), QSize(1920, 1080), QSize(3840, 2160)]


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


@pytest.fixture(params=DISPLAYS, ids=lambda s: f"{s.width()}x{s.height()}")
def display(request: pytest.FixtureRequest) -> Iterator[QSize]:
    """The kiosk built for a display of this size (the theme is installed fitted to it)."""
    scale.fit(request.param)
    yield request.param
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
    assert window.header.height() == scale.px(80)
    machine = window.findChild(QAbstractButton, "category.machine")
    assert machine is not None
    # the four categories share what is left of the screen: they grow at least as the layout
    assert machine.height() >= 96 * factor
    assert machine.width() >= display.width() * 0.2
    assert window.font().pointSizeF() == pytest.approx(scale.BASE_POINT_SIZE * factor)
