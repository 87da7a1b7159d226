"""The kiosk window: header over a stack of pages (home, ticket, sign-in, reason picker).

A line kiosk's home is the category buttons; a maintenance station's or the plant board's
home is the board of every line it looks after.

It also listens to every touch and key press: touches keep a signed-in person signed in, and a
keyboard-wedge badge reader's fast burst of digits signs its owner in from any page.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.plant_board import PlantBoardModel
from andon_kiosk.app.shift_board import ShiftBoardModel
from andon_kiosk.core.badge import WedgeDecoder
from andon_kiosk.core.permissions import Action

from . import messages
from .board import BoardPage
from .detail import TicketPage
from .header import HeaderBar
from .home import HomePage
from .memory import settle_memory
from .reasons import ReasonPage
from .sign_in import SignInPage
from .tap_guard import TapGuard
from .widgets import MessageStrip

if TYPE_CHECKING:
    from .product_picker import ProductPicker
    from .production import ProductionPage

BANNER_MS = 8000
_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class Pages(QStackedWidget):
    """The window's pages, as large as the page shown needs (a plain stack needs what its
    largest page needs: the home page scrolled on a small panel because the production page
    is tall). A subclass, because the scroll area around it also asks its height for a width;
    a stack loaded from a Designer form gets the same sizing from
    `widgets.sized_by_shown_page`."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(self.updateGeometry)

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page else QSize()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page else QSize()

    # Asked how tall the pages must be at its width, a stack answers with its tallest page's
    # *preferred* height (the ticket page scrolled at 1280x800 for that): the scroll area goes
    # by the shown page's minimum instead.
    def heightForWidth(self, _width: int) -> int:
        return self.minimumSizeHint().height()


class MainWindow(QMainWindow):
    def __init__(self, vm: KioskModel, kiosk_mode: bool = False) -> None:
        super().__init__()
        self.vm = vm
        self.kiosk_mode = kiosk_mode
        self.setObjectName("main")
        self.setWindowTitle(self.tr("Andon: %1").replace("%1", vm.config.line_name))
        self.setMinimumSize(1024, 600)  # the smallest panels (7", 10")
        self.resize(1280, 800)

        self.header = HeaderBar(vm)
        self.store_alert = MessageStrip("alert", "alert.store")
        self.tower_alert = MessageStrip("alert", "alert.tower")
        self.banner = MessageStrip("banner", "banner")
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(BANNER_MS)
        self._banner_timer.timeout.connect(self.banner.hide)

        self.board = ShiftBoardModel(vm, self)
        self.plant: PlantBoardModel | None = None
        self.home = self._make_home()
        self.ticket_page = TicketPage(vm)
        self.sign_in_page = SignInPage(vm)
        self.reason_page = ReasonPage(vm)
        self.pages = Pages()
        for page in (self.home, self.ticket_page, self.sign_in_page, self.reason_page):
            self.pages.addWidget(page)
        self._return_to: QWidget = self.home

        self._lay_out()

        self.production_page: ProductionPage | None = None
        self.product_picker: ProductPicker | None = None
        if isinstance(self.home, HomePage):
            self.home.productionRequested.connect(self.show_production)
            # Built now, before the first frame: built later, its chart library's import
            # froze the screen for 0.4 s. (Importing it on a thread of its own gained nothing
            # measurable, and its Qt modules loading beside the QApplication's construction
            # crashed a start once in a few hundred.)
            self._prepare_production()
        self._connect(vm)
        self._watch_input()

    def _connect(self, vm: KioskModel) -> None:
        self.header.signInRequested.connect(self.show_sign_in)
        self.header.set_kiosk_mode(self.kiosk_mode)
        self.header.exitRequested.connect(self.close)  # closeEvent checks the role again
        self.home.ticketActivated.connect(self.show_ticket)
        self.ticket_page.back.connect(self.show_home)
        self.ticket_page.signInRequested.connect(self.show_sign_in)
        self.ticket_page.reasonRequested.connect(self.show_reasons)
        self.sign_in_page.finished.connect(self._return)
        self.reason_page.finished.connect(self._return)
        vm.ticketRaised.connect(self._on_ticket_raised)
        vm.operationFailed.connect(self._on_operation_failed)
        vm.lights.changed.connect(self._on_lights_changed)
        vm.healthChanged.connect(self._on_health_changed)
        self._on_lights_changed()
        self._on_health_changed()

    def _watch_input(self) -> None:
        self._wedge = WedgeDecoder()
        # Only the window's own input: a filter on the application would run Python for
        # every event of every widget.
        self.winId()  # creates the native window, so windowHandle() exists
        self.windowHandle().installEventFilter(self)
        # Installed last, so it sees a press first: the screen just changed under the finger.
        self.tap_guard = TapGuard(self)
        self.windowHandle().installEventFilter(self.tap_guard)
        self.pages.currentChanged.connect(self.tap_guard.arm)
        self.ticket_page.actionsChanged.connect(self.tap_guard.arm)
        if isinstance(self.home, HomePage):
            self.home.raiseTapped.connect(self.tap_guard.arm)

    def _make_home(self) -> HomePage | BoardPage:
        if self.vm.config.kind == "line":
            return HomePage(self.vm, self.board)
        # a maintenance station or the plant board: every line it looks after
        self.plant = PlantBoardModel(self.vm, self)
        self.plant.load()
        return BoardPage(self.vm, self.plant)

    def _lay_out(self) -> None:
        central = QWidget()
        central.setObjectName("page")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.store_alert)
        column.addWidget(self.tower_alert)
        column.addWidget(self.banner)
        self.pages_scroll = self._scrolling(self.pages)
        column.addWidget(self.pages_scroll, 1)
        self.setCentralWidget(central)

    @staticmethod
    def _scrolling(pages: Pages) -> QScrollArea:
        """The pages fill the screen; on a small panel with alert strips above them, a page
        that no longer fits scrolls (a finger drags it) instead of losing its bottom edge."""
        scroll = QScrollArea()
        scroll.setObjectName("pages")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(pages)
        pages.setAutoFillBackground(False)  # the page's grey shows through
        scroll.viewport().setAutoFillBackground(False)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        # every page opens at its top: a page left scrolled must not hide the next one's
        # main action (or shift a keypad under a finger)
        pages.currentChanged.connect(lambda _: scroll.verticalScrollBar().setValue(0))
        return scroll

    # ---- navigation ------------------------------------------------------------------
    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_home(self) -> None:
        self.pages.setCurrentWidget(self.home)

    def show_ticket(self, ticket_id: str) -> None:
        self.ticket_page.show_ticket(ticket_id)
        self.pages.setCurrentWidget(self.ticket_page)

    def show_production(self) -> None:
        self._prepare_production()
        self.pages.setCurrentWidget(self.production_page)

    def show_product_picker(self) -> None:
        self._prepare_production()
        self.pages.setCurrentWidget(self.product_picker)

    def _prepare_production(self) -> None:
        if self.production_page is not None:
            return
        from .product_picker import ProductPicker
        from .production import ProductionPage

        self.production_page = ProductionPage(self.vm, self.board)
        self.production_page.back.connect(self.show_home)
        self.production_page.pickProduct.connect(self.show_product_picker)
        self.product_picker = ProductPicker(self.board, self.vm.config.language)
        self.product_picker.finished.connect(self.show_production)
        self.pages.addWidget(self.production_page)
        self.pages.addWidget(self.product_picker)
        settle_memory()  # what building it created need not be walked by the collector

    def show_sign_in(self) -> None:
        if self.current_page() is not self.sign_in_page:
            self._return_to = self.current_page()
        self.sign_in_page.reset()
        self.pages.setCurrentWidget(self.sign_in_page)

    def show_reasons(self, ticket_id: str) -> None:
        if self.current_page() is not self.reason_page:
            self._return_to = self.current_page()
        self.reason_page.show_for(ticket_id)
        self.pages.setCurrentWidget(self.reason_page)

    def _return(self) -> None:
        target = self._return_to
        self._return_to = self.home
        if target is self.ticket_page:
            self.show_ticket(self.ticket_page.ticket_id)
        else:
            self.pages.setCurrentWidget(target if target in self._pages() else self.home)

    def _pages(self) -> list[QWidget]:
        return [self.pages.widget(i) for i in range(self.pages.count())]

    # ---- model signals ---------------------------------------------------------------
    def _on_ticket_raised(self, ticket_id: str) -> None:
        self._return_to = self.home
        self.show_reasons(ticket_id)

    def _on_lights_changed(self) -> None:
        """A tower that is not confirming must never look fine: say so until it does."""
        tower = self.vm.lights.tower
        if tower.failing:
            self.tower_alert.show_text(messages.tower_not_confirmed(), tower.detail)
        else:
            self.tower_alert.hide()

    def _on_health_changed(self) -> None:
        """A store the kiosk cannot trust is the loudest thing on the screen."""
        fault = self.vm.store_fault
        if fault is None:
            self.store_alert.hide()
        else:
            self.store_alert.show_text(*messages.store_fault(fault))

    def _on_operation_failed(self, error: BaseException) -> None:
        self.show_banner(messages.operation_failed(error))

    def show_banner(self, text: str) -> None:
        self.banner.show_text(text)
        self._banner_timer.start()

    # ---- touches, keys and the badge wedge ------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and isinstance(watched, QWindow):
            self.vm.session.note_activity()
            if isinstance(event, QKeyEvent):
                return self._feed_wedge(event)
        return False

    def _feed_wedge(self, event: QKeyEvent) -> bool:
        key = event.key()
        text = "\r" if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else event.text()
        badge = self._wedge.feed(text, time.monotonic())
        if badge is None:
            return False
        focused = QApplication.focusWidget()
        if isinstance(focused, QLineEdit):  # the reader "typed" into a field: take it back
            focused.clear()
        self.vm.sign_in_badge(badge)
        return True

    # ---- kiosk mode ------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_mode and not self.vm.session.may(Action.EXIT_KIOSK):
            event.ignore()
            self.show_banner(self.tr("Only an administrator can close the kiosk."))
            return
        super().closeEvent(event)
