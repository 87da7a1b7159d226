"""`andon-kiosk [--demo | --config PATH]`: the kiosk itself (and its screenshots)."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import tempfile
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from andon_kiosk.config import StationConfig
from andon_kiosk.core.clock import Clock, ManualClock
from andon_kiosk.core.permissions import Role

if TYPE_CHECKING:
    from andon_kiosk.app.kiosk import KioskModel
    from andon_kiosk.app.station import Station
    from andon_kiosk.views.window import MainWindow

from .options import output_path, store_path

log = logging.getLogger("andon_kiosk")


LOG_LEVELS = ("debug", "info", "warning", "error")


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """The log, the kiosk user's alone (names, stations, hosts), as its store is: each file
    it opens, after a rotation too, is made 0600 first."""

    def _open(self):  # type: ignore[no-untyped-def]
        from andon_kiosk.store.db import private_file

        path = Path(self.baseFilename)
        private_file(path)
        path.chmod(0o600)  # one an older release made
        return super()._open()


def setup_logging(level: str = "info") -> Path | None:
    """Log to stderr and to a rotating file in the data folder (its path; None when the folder
    cannot be written). Uncaught exceptions, on any thread, go to the log too: a kiosk nobody
    watches must leave a trace of why it died."""
    from andon_kiosk.app.station import data_dir
    from andon_kiosk.store.db import private_folder

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    file, why = None, ""
    try:
        logs = data_dir() / "logs"
        private_folder(logs)
        file = logs / "andon-kiosk.log"
        handler = _PrivateLog(file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handlers.append(handler)
        _file_handler[:] = [handler]
    except OSError as exc:
        file, why = None, f"{exc.filename or ''} {exc.strerror or exc}".strip()
    # a full disk under the log must not print a traceback per record to the journal
    logging.raiseExceptions = False
    logging.basicConfig(
        level=getattr(logging, level.upper()),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    if why:  # a read-only data dir must not stop the kiosk, but it must be said
        log.warning("no log file, logging to the console only: %s", why)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per start is enough
    logging.getLogger("pymodbus").setLevel(logging.WARNING)
    sys.excepthook = _log_uncaught
    threading.excepthook = lambda a: _log_uncaught(
        a.exc_type, a.exc_value, a.exc_traceback, a.thread.name if a.thread else "?"
    )
    return file


_file_handler: list[logging.Handler] = []  # the log file's, once setup_logging made it


def log_to_file_only(error: BaseException) -> None:
    """`error` with its traceback in the log file (not on the terminal), if there is one."""
    for handler in _file_handler:
        record = log.makeRecord(
            log.name, logging.CRITICAL, __file__, 0, "stopped by an unexpected error", (),
            (type(error), error, error.__traceback__),
        )  # fmt: skip
        handler.handle(record)


def _log_uncaught(
    kind: type[BaseException],
    value: BaseException | None,
    tb: TracebackType | None,
    thread: str = "main",
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        return
    log.critical("uncaught on thread %s", thread, exc_info=(kind, value, tb))


CONFIG_FIXED = 3  # the station file was fixed while its error was shown: start again


def config_error(args: argparse.Namespace, error: Exception) -> int:
    """The station file of a kiosk started in kiosk mode (--fullscreen: the service, the
    autostart) is wrong: say so on the screen, in the log and on stderr, and keep saying it
    (nobody reads the kiosk's terminal). Started by hand without --fullscreen, the one line
    and exit 2 are enough.
    When the file is fixed, exit CONFIG_FIXED so the service starts the kiosk again; closed
    by hand, exit 2 (refused)."""
    from andon_kiosk.views import launch

    from .errors import EXIT_REFUSED, explain
    from .options import load_config

    setup_logging(args.log_level)
    words = explain(error)
    log.error("the kiosk cannot start: %s", words)
    print(f"andon-kiosk: {words}", file=sys.stderr)

    def fixed() -> bool:
        try:
            load_config(args)
        except Exception:  # still wrong (or another way wrong): keep showing
            return False
        log.info("the station file is fixed: starting the kiosk again")
        return True

    if not _display_available():
        return EXIT_REFUSED
    shown = launch.config_error_screen(words, fixed)
    return CONFIG_FIXED if shown else EXIT_REFUSED


def _display_available() -> bool:
    """Whether Qt can open a window here (Linux without DISPLAY or WAYLAND_DISPLAY cannot:
    Qt would abort the process with a core dump instead of saying so)."""
    return _display_problem() is None


def _display_problem() -> str | None:  # noqa: PLR0911 (one answer per way a display fails)
    """Why no window can open here, in words; None when one can (or we cannot tell). Qt
    itself aborts the process with a core dump, blaming a missing xcb-cursor0, for a display
    it cannot reach, a server that refuses the user, a DISPLAY it cannot parse."""
    if sys.platform in ("win32", "darwin"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if platform in ("offscreen", "minimal", "vnc"):
        return None
    if platform and not _has_platform(platform):
        return f"Qt has no display platform {platform!r} (QT_QPA_PLATFORM)"
    if platform.startswith("wayland") or (not platform and os.environ.get("WAYLAND_DISPLAY")):
        where = _wayland_socket()
        if where is not None and where.exists():
            return None
        if platform:
            return f"no Wayland compositor at {where} (WAYLAND_DISPLAY)"
    if platform not in ("", "xcb"):
        return None  # eglfs, linuxfb …: Qt says what is wrong
    display = os.environ.get("DISPLAY")
    if not display:
        return "no display to show the kiosk on (DISPLAY is not set)"
    return x_display_problem(display)


def _has_platform(name: str) -> bool:
    """Whether Qt has a platform plugin `name` (looked up on disk: the cli imports no Qt)."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return True  # cannot tell: Qt says
    plugins = Path(spec.submodule_search_locations[0]) / "Qt" / "plugins" / "platforms"
    return not plugins.is_dir() or any(plugins.glob(f"*q{name}.*"))


def _wayland_socket() -> Path | None:
    name = os.environ.get("WAYLAND_DISPLAY", "wayland-0")
    if name.startswith("/"):
        return Path(name)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return Path(runtime) / name if runtime else None


XCB_ERRORS = {
    1: "no X server there, or it refuses this user (check XAUTHORITY)",
    2: "the X server lacks an extension Qt needs",
    5: "DISPLAY={display!r} is not a display name (like :0)",
    6: "the X server has no such screen",
}


def x_display_problem(display: str, timeout_s: float = 5.0) -> str | None:
    """Connect to the X server as Qt would (libxcb): None if that works, else why not. A
    server that accepts and never answers hung Qt's start forever: given `timeout_s`."""
    import ctypes
    import ctypes.util
    import threading

    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return None  # no libxcb: Qt's own message names what is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_get_setup.restype = ctypes.c_void_p
    xcb.xcb_get_setup.argtypes = [ctypes.c_void_p]
    xcb.xcb_setup_roots_length.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    found: list[str | None] = []

    def connect() -> None:
        screen = ctypes.c_int(0)
        conn = xcb.xcb_connect(display.encode(), ctypes.byref(screen))
        error = xcb.xcb_connection_has_error(conn)
        if not error and screen.value >= xcb.xcb_setup_roots_length(xcb.xcb_get_setup(conn)):
            error = 6
        xcb.xcb_disconnect(conn)
        why = XCB_ERRORS.get(error, f"X connection error {error}").format(display=display)
        found.append(why if error else None)

    worker = threading.Thread(target=connect, name="display-check", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if not found:
        return f"the X server on {display} does not answer (waited {timeout_s:g} s)"
    why = found[0]
    return None if why is None else f"cannot use the display {display}: {why}"


def _check_screen(args: argparse.Namespace) -> None:
    """Where the window (or the picture) will be drawn, checked before Qt starts: what Qt
    cannot open it says with a core dump."""
    if args.screenshot:
        output_path(args.screenshot, "--screenshot")
        if args.screenshot.suffix.lower() not in (".png", ".jpg", ".jpeg", ".bmp"):
            raise ValueError(f"{args.screenshot}: a screenshot is a .png (or .jpg, .bmp) file")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a picture needs no screen
        if problem := _display_problem():  # QT_QPA_PLATFORM was set to a real screen
            raise ValueError(f"{problem}: unset QT_QPA_PLATFORM for a picture without a screen")
    elif problem := _display_problem():
        raise ValueError(
            f"{problem}: start the kiosk in the kiosk user's graphical session, or try "
            "--screenshot out.png"
        )


HELD_SIGNALS: list[int] = []  # stop signals that came while the kiosk was starting


def _hold_stop_signals() -> None:
    """Until the event loop runs, a stop signal is held, then acted on: at once it killed a
    kiosk whose tower was already lit (SIGTERM), or broke Qt mid-import (Ctrl-C: a crash)."""
    import signal

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda number, _frame: HELD_SIGNALS.append(number))


def run(args: argparse.Namespace, cfg: StationConfig) -> int:
    _hold_stop_signals()
    from andon_kiosk.app.station import Station
    from andon_kiosk.views import launch

    setup_logging(args.log_level)
    _check_screen(args)
    cfg = replace(cfg, language=args.language or cfg.language)
    if args.board:
        cfg = as_board(cfg)
    if args.demo and not args.screenshot and not args.board:
        from andon_kiosk.app.demo import with_demo_notices

        cfg = with_demo_notices(cfg)  # who would be told, in the log
    if args.as_role and not args.demo:
        raise ValueError("--as works with --demo only")
    app = launch.application(cfg.language)
    launch.log_qt_messages()  # Qt's own warnings into the log file, not only the console
    clock: Clock | None = None
    path = store_path(args)
    scratch = None
    if args.demo and (args.screenshot or args.board):
        # A lived-in plant in a throw-away store; for screenshots a reproducible morning
        # (08:00 to 10:13 local).
        scratch = tempfile.TemporaryDirectory(prefix="andon-demo-")
        path = Path(scratch.name) / "demo.sqlite3"
        if args.screenshot:
            start = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
            clock = ManualClock(start.timestamp())
    # A store that cannot be trusted still starts the kiosk: full screen, saying so in red,
    # the tower in its fault pattern (a kiosk that would not start shows nothing at all).
    first_demo = args.demo and scratch is None and not path.exists()
    station = Station.open(cfg, clock=clock, store_path=path, keep_going=True)
    try:
        if station.fault is None and (scratch is not None or first_demo):
            _seed_demo(station, clock, board=args.board)
        fullscreen = args.fullscreen or cfg.fullscreen or (args.board and not args.demo)
        # one layout for every screen: sized for the window before it is built
        wanted = args.size if args.screenshot else None
        size = launch.window_size(app, fullscreen, wanted)
        inches = args.inches or cfg.display.inches
        shown_on = launch.display(
            app, inches, cfg.display.reading_distance_m, size if wanted else None
        )
        launch.fit_to(app, size, shown_on)
        vm, window = launch.open_window(station, kiosk_mode=fullscreen)
        if args.as_role:
            from andon_kiosk.app.demo import demo_user

            vm.session.sign_in(demo_user(Role(args.as_role)))
        rc = _show(app, window, vm, args, fullscreen)
        vm.stop()
        window.close()
        if not args.screenshot:
            log.info("kiosk %s stopped; the stack light was switched off", cfg.station)
        return rc
    finally:
        station.close()
        if scratch is not None:
            scratch.cleanup()


def _show(
    app: Any, window: MainWindow, vm: KioskModel, args: argparse.Namespace, fullscreen: bool
) -> int:
    """Render the screenshot, or run the kiosk until it is closed or told to stop."""
    from andon_kiosk.views import launch

    if args.screenshot:
        launch.screenshot(window, vm, args.screenshot, args.screen, args.size)
        print(f"wrote {args.screenshot}")
        return 0
    if args.first_frame_probe:
        launch.FirstFrameProbe(window)
    launch.quit_on_signals(app, held=HELD_SIGNALS)
    launch.show(window, fullscreen)
    from andon_kiosk.views.watchdog import Watchdog

    Watchdog(app, hang_after_s=args.test_hang_after)  # systemd restarts a hung GUI thread
    cfg, station = vm.config, vm.station
    log.info("kiosk %s on line %s started, store %s", cfg.station, cfg.line, station.store_path)
    rc = app.exec()
    from andon_kiosk.views.watchdog import notify

    notify("STOPPING=1")  # systemd: a stop on purpose, not a hang (no-op elsewhere)
    return rc


def as_board(cfg: StationConfig) -> StationConfig:
    """`--board`: this station's config shown as the plant board. A line kiosk's config
    becomes a board of the whole plant with its own store, so a board and a kiosk may run on
    one machine side by side."""
    from andon_kiosk.config import Devices

    if cfg.kind != "line":
        return replace(cfg, kind="board", devices=Devices.none())
    path = cfg.store_path
    return replace(
        cfg,
        kind="board",
        devices=Devices.none(),
        lines=(),
        station=f"{cfg.station}-board",
        store_path=path.with_name(f"{path.stem}-board{path.suffix}") if path else None,
    )


def _seed_demo(station: Station, clock: Clock | None, *, board: bool) -> None:
    """The demo's story: a reproducible morning for screenshots, the shift under way for a
    live demo's first start (later starts go on from what the store holds), the plant for
    the board."""
    from andon_kiosk.app.demo import seed_live, seed_plant, seed_scenario

    if isinstance(clock, ManualClock):
        seed_scenario(station, clock)
    elif not board:
        seed_live(station)
    if board:
        seed_plant(station, station.clock.now(), skip=("L3",) if clock is not None else ())
