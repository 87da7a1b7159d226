"""Operable in the field: `--log-level`, and what kills or troubles a kiosk nobody watches
(an uncaught exception on any thread, Qt's own warnings) lands in the rotating log file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
            "ANDON_KIOSK_CONFIG": "", "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env(tmp_path), capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip


def log_file(tmp_path: Path) -> str:
    [found] = (tmp_path / "data").rglob("andon-kiosk.log")
    return found.read_text(encoding="utf-8")


def test_log_level_debug_reaches_the_file_and_info_is_the_default(tmp_path: Path) -> None:
    shot = tmp_path / "a.png"
    args = [sys.executable, "-m", "andon_kiosk", "--demo", "--screenshot", str(shot)]
    quiet = run(args, tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert " DEBUG " not in log_file(tmp_path)
    loud = run([*args[:3], "--log-level", "debug", *args[3:]], tmp_path)
    assert loud.returncode == 0, loud.stderr
    assert " DEBUG " in log_file(tmp_path)
    [found] = (tmp_path / "data").rglob("andon-kiosk.log")
    assert found.stat().st_mode & 0o777 == 0o600  # the kiosk user's alone


def test_qt_talking_while_it_shuts_down_does_not_crash_the_kiosk(tmp_path: Path) -> None:
    """Qt reports unloading its plugins after Python has shut down: the log's Python handler
    must be gone by then (it crashed the process at exit with a segmentation fault)."""
    shot = tmp_path / "a.png"
    args = [sys.executable, "-m", "andon_kiosk", "--demo", "--screenshot", str(shot)]
    result = subprocess.run(args, env={**env(tmp_path), "QT_DEBUG_PLUGINS": "1"},
                            capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "unloaded library" in result.stderr  # Qt did talk at exit
    assert shot.stat().st_size > 10_000


def test_uncaught_exceptions_and_qt_warnings_are_logged(tmp_path: Path) -> None:
    probe = (
        "import threading\n"
        "from andon_kiosk.cli.kiosk import setup_logging\n"
        "from andon_kiosk.views import launch\n"
        "setup_logging('info')\n"
        "app = launch.application('en')\n"
        "launch.log_qt_messages()\n"
        "from PySide6.QtCore import qWarning\n"
        "qWarning('a Qt warning for the log')\n"
        "t = threading.Thread(target=lambda: 1 / 0, name='device-worker')\n"
        "t.start(); t.join()\n"
        "raise RuntimeError('the kiosk dies here')\n"
    )
    result = run([sys.executable, "-c", probe], tmp_path)
    assert result.returncode == 1
    text = log_file(tmp_path)
    assert "WARNING andon_kiosk.qt: default: a Qt warning for the log" in text
    assert "CRITICAL andon_kiosk: uncaught on thread device-worker" in text
    assert "ZeroDivisionError" in text
    assert "uncaught on thread main" in text and "RuntimeError: the kiosk dies here" in text


def test_an_unexpected_error_exits_1_with_its_traceback_in_the_log_not_on_screen(
    tmp_path: Path,
) -> None:
    # a bug, provoked: the kiosk's own run raises (a refusal in words exits 2)
    probe = (
        "import sys\n"
        "from andon_kiosk.cli import main, kiosk\n"
        "kiosk.setup_logging('info')\n"
        "def broken(*a, **k): raise ZeroDivisionError('a bug')\n"
        "kiosk.run = broken\n"
        "sys.exit(main(['--demo']))\n"
    )
    result = run([sys.executable, "-c", probe], tmp_path)
    assert result.returncode == 1  # systemd restarts it (RestartPreventExitStatus=2 is for words)
    assert result.stderr.strip().endswith("andon-kiosk: unexpected error: ZeroDivisionError: a bug")
    assert "Traceback" not in result.stderr
    text = log_file(tmp_path)
    assert "stopped by an unexpected error" in text and "Traceback" in text
