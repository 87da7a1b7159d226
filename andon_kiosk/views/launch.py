"""Starting the GUI: the QApplication, fonts, theme, translation, the window; screenshots."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEvent, QEventLoop, QObject, Qt
from PySide6.QtWidgets import QApplication

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station

from . import preload
from .i18n import install_translator
from .memory import settle_memory
from .theme import install_fonts, install_theme
from .window import MainWindow

SCREENS = ("home", "ticket", "sign-in", "reasons", "production")


def application(language: str, argv: list[str] | None = None) -> QApplication:
    preload.start()  # the chart library, while the rest starts
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("andon-kiosk")
    app.setOrganizationName("andon-kiosk")
    install_fonts(app)
    install_theme(app)
    install_translator(app, language)
    return app


def open_window(station: Station, kiosk_mode: bool = False) -> tuple[KioskModel, MainWindow]:
    vm = KioskModel(station)
    window = MainWindow(vm, kiosk_mode=kiosk_mode)
    vm.start()
    settle_memory()
    return vm, window


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Run the event loop until `condition` holds (startup, screenshots; not for the GUI)."""
    deadline = QDeadlineTimer(int(timeout_s * 1000))
    while not condition():
        if deadline.hasExpired():
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return True


def settle(vm: KioskModel) -> bool:
    """Wait until the model has loaded (or found it cannot) and no operation still runs."""
    return wait_until(lambda: (vm.loaded or vm.load_error is not None) and vm.runner.pending == 0)


def screenshot(window: MainWindow, vm: KioskModel, path: Path, screen: str) -> None:
    window.resize(1280, 800)
    window.show()
    settle(vm)
    # the tower's first confirmation (or its failure), so the picture shows a settled state
    tower = vm.lights
    wait_until(lambda: not tower.tower.configured or tower.tower.online is not None, 5)
    wait_until(lambda: not tower.tower.configured or tower.shown is not None, 2)
    tickets = vm.tickets()
    if screen == "ticket" and tickets:
        window.show_ticket(tickets[0].id)
    elif screen == "sign-in":
        window.show_sign_in()
    elif screen == "reasons" and tickets:
        window.show_reasons(tickets[0].id)
    elif screen == "production":
        window.board.reload()
        wait_until(lambda: window.board.stats is not None, 5)
        window.show_production()
    vm.tick()
    settle(vm)
    for _ in range(5):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


class FirstFrameProbe(QObject):
    """Prints the wall time of the window's first paint and quits (for benchmarks/startup.py)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            print(f"first_frame_at={time.time():.6f}", flush=True)
            QApplication.instance().quit()
        return False


def show(window: MainWindow, fullscreen: bool) -> None:
    if fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.showFullScreen()
    else:
        window.show()
