"""Starting the GUI: the QApplication, fonts, theme, translation, the window; screenshots."""

from __future__ import annotations

import atexit
import logging
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QDeadlineTimer,
    QEvent,
    QEventLoop,
    QObject,
    QSize,
    QSocketNotifier,
    Qt,
    QTimer,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.assets import resource

from . import scale
from .i18n import install_translator
from .memory import settle_memory
from .scale import px
from .theme import fit_to, install_fonts, install_theme
from .window import MainWindow

SCREENS = ("home", "ticket", "sign-in", "reasons", "production")
log = logging.getLogger(__name__)


def config_error_screen(words: str, fixed: Callable[[], bool]) -> bool:
    """A full window that says the station file is wrong and what to do, until the file is
    fixed (True: `fixed()` said so, checked every 5 s) or the window is closed (False)."""

    from .widgets import label

    app = application("en")
    fit_to(app, app.primaryScreen().geometry().size())
    page = QWidget()
    page.setObjectName("page")
    page.setWindowTitle("andon-kiosk")
    title = label("The kiosk cannot start: its station file is wrong", "section", "config.title")
    detail = label(words, "error", "config.error", wrap=True)
    what = label(
        "Fix the file (andon-kiosk config check <file> says what is wrong), save it: the "
        "kiosk starts by itself within a few seconds.\n"
        "站点配置文件有误，终端无法启动。请修改并保存该文件，终端会在几秒内自动启动。",
        "value",
        "config.what",
        wrap=True,
    )
    page.setStyleSheet(  # read from the aisle: large, and red where it matters
        scale.stylesheet(
            "#config\\.title { font-size: 40px; font-weight: 700; color: #a61b14; }"
            "#config\\.error { font-size: 26px; }"
            "#config\\.what { font-size: 24px; }"
        )
    )
    layout = QVBoxLayout(page)
    layout.setSpacing(px(28))
    layout.setContentsMargins(px(60), px(60), px(60), px(60))
    for widget in (title, detail, what):
        layout.addWidget(widget)
    layout.addStretch(1)
    result = [False]

    def check() -> None:
        if fixed():
            result[0] = True
            app.exit(0)

    timer = QTimer(page)
    timer.timeout.connect(check)
    timer.start(5000)
    quit_on_signals(app)
    from .watchdog import Watchdog

    Watchdog(page)  # up and showing something: systemd must not time the start out
    page.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    page.setGeometry(page.screen().geometry())
    page.showFullScreen()
    app.exec()
    page.close()
    return result[0]


def log_qt_messages() -> None:
    """Qt's own messages (a missing font, a failed platform plugin, a bad stylesheet) into
    the kiosk's log, at the matching level."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("andon_kiosk.qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        category = getattr(context, "category", "") or "qt"
        qt_log.log(levels.get(kind, logging.WARNING), "%s: %s", category, message)

    qInstallMessageHandler(handler)
    # Qt still talks while it unloads its plugins, after Python has shut down: a Python
    # handler then crashed the process at exit (seen with QT_DEBUG_PLUGINS=1). Qt's own
    # handler takes over before that.
    atexit.register(qInstallMessageHandler, None)


def application(language: str, argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("andon-kiosk")
    app.setOrganizationName("andon-kiosk")
    app.setDesktopFileName("andon-kiosk")  # Wayland/X11 match the window to its desktop file
    app.setWindowIcon(QIcon(str(resource("icons", "andon-kiosk.png"))))
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


def window_size(app: QApplication, fullscreen: bool, size: tuple[int, int] | None) -> QSize:
    """The size the window will have: `size` when asked for (screenshots), the whole screen
    in kiosk mode, else most of the screen (and never under the smallest panel's 1024×600)."""
    if size is not None:
        return QSize(*size)
    screen = app.primaryScreen()
    whole = screen.geometry().size()
    if whole.width() < 1024 or whole.height() < 600 or whole.height() > whole.width():
        log.warning(
            "the screen is %dx%d: the kiosk is laid out for landscape screens from 1024x600 "
            "up, so part of it may be off this one (turn the screen to landscape)",
            whole.width(),
            whole.height(),
        )
    if fullscreen:
        return screen.geometry().size()
    available = screen.availableGeometry()
    return QSize(
        max(1024, min(available.width(), round(available.width() * 0.9))),
        max(600, min(available.height(), round(available.height() * 0.9))),
    )


def display(
    app: QApplication, inches: float | None, reading_distance_m: float, rendered: QSize | None
) -> scale.Display:
    """The display as a person sees it: its pixels to the millimetre (from `inches`, else its
    reported size) and the reading distance. `rendered`: a screenshot's size, drawn for no
    screen, so only `inches` says how large it would be."""
    if rendered is not None:
        density = scale.density(rendered, inches, None)
    else:
        screen = app.primaryScreen()
        density = scale.density(screen.geometry().size(), inches, screen.physicalSize())
        if density is None:
            log.info(
                "the screen does not say how large it is: figures are sized as on a %.1f-inch "
                "panel of its resolution; set [display] inches for millimetres",
                scale.REFERENCE_INCHES,
            )
    return scale.Display(density, reading_distance_m)


def screenshot(
    window: MainWindow, vm: KioskModel, path: Path, screen: str, size: tuple[int, int] = (1280, 800)
) -> None:
    window.resize(*size)
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


def quit_on_signals(app: QApplication, held: list[int] | None = None) -> None:
    """SIGTERM (a service stop), SIGINT (Ctrl-C) and SIGHUP end the event loop, so the kiosk
    stops the way it stops when closed: the tower is switched off, nothing is left behind.
    (Without this a service stop killed the process and left the tower on green.) The signal
    is written to a socket Qt watches, because Python runs its handlers only when Python
    code runs, and the event loop is C++."""
    readable, writable = socket.socketpair()
    for end in (readable, writable):
        end.setblocking(False)
    signal.set_wakeup_fd(writable.fileno(), warn_on_full_buffer=False)
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: None)  # the wake-up fd does it
    notifier = QSocketNotifier(readable.fileno(), QSocketNotifier.Type.Read, app)

    def stop() -> None:
        received = readable.recv(16)
        names = ", ".join(signal.Signals(n).name for n in received if n in _SIGNALS)
        log.info("stopping on %s", names or "a signal")
        # exit, not quit: Qt 6's quit() first asks every window to close, and a window in
        # kiosk mode refuses (only an administrator may close it), so a service stop would
        # never end the kiosk and systemd would kill it, leaving the tower lit
        app.exit(0)

    notifier.activated.connect(stop)
    _keep.extend([readable, writable, notifier])
    if held:  # asked to stop while starting: as soon as the loop runs
        log.info("stopping on %s (it came during the start)", signal.Signals(held[0]).name)
        QTimer.singleShot(0, lambda: app.exit(0))


_SIGNALS = {s.value for s in signal.Signals}
_keep: list[object] = []


def show(window: MainWindow, fullscreen: bool) -> None:
    """Full screen fills the screen under any window manager or none: without one (a kiosk
    X session), showFullScreen alone keeps the window's own size in the corner, so it is
    given the screen's geometry first. A window is sized to the screen it opens on."""
    if fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setGeometry(window.screen().geometry())
        window.showFullScreen()
    else:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window.resize(window_size(app, fullscreen=False, size=None))
        # centred (a window manager may place it anyway; without one it sat in the corner)
        frame = window.frameGeometry()
        frame.moveCenter(window.screen().availableGeometry().center())
        window.move(frame.topLeft())
        window.show()
