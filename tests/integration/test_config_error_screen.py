"""A kiosk in kiosk mode (--fullscreen, as the service starts it) whose station file is
wrong says so on its screen, in its log and on stderr, and
starts by itself once the file is fixed (exit 3: the service starts it again); it does not
vanish with one line on a terminal nobody reads."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

GOOD = '[station]\nline = "L3"\nstation = "L3-ST1"\n'


def test_a_wrong_station_file_is_shown_until_it_is_fixed(tmp_path: Path) -> None:
    station = tmp_path / "station.toml"
    station.write_text('[station]\nline = "L3"\nstaton = "L3-ST1"\n', encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "ANDON_KIOSK_CONFIG": "", "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "andon_kiosk", "--config", str(station), "--fullscreen"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        end = time.monotonic() + 60
        log = tmp_path / "data" / "andon-kiosk" / "logs" / "andon-kiosk.log"
        while not (log.exists() and "cannot start" in log.read_text(encoding="utf-8")):
            assert kiosk.poll() is None, kiosk.stderr.read()  # it stays, showing the error
            assert time.monotonic() < end, "the error never reached the log"
            time.sleep(0.1)  # another process, not Qt: polled
        assert "station.staton" in log.read_text(encoding="utf-8")  # names the key
        station.write_text(GOOD, encoding="utf-8")  # fixed
        assert kiosk.wait(30) == 3  # the service starts the kiosk again
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait(10)
    assert "station.staton" in kiosk.stderr.read()


@pytest.mark.parametrize(
    ("display", "words"),
    [
        (None, "DISPLAY is not set"),
        # a display nothing serves (a session not up yet), one Qt cannot parse: Qt blamed a
        # missing xcb-cursor0 and dumped core
        (":187", "cannot use the display :187: no X server there"),
        ("garbage", "DISPLAY='garbage' is not a display name"),
        # something that takes the connection and never answers: Qt's start hung for good
        ("127.0.0.1:{deaf}", "the X server on 127.0.0.1:{deaf} does not answer"),
    ],
)
def test_no_display_is_one_line_not_a_core_dump(
    tmp_path: Path, display: str | None, words: str
) -> None:
    assert not Path("/tmp/.X11-unix/X187").exists()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), ANDON_KIOSK_CONFIG="")
    deaf = _deaf_x_server()  # accepts, never answers (on a free display number)
    number = deaf.getsockname()[1] - 6000
    display = display.format(deaf=number) if display else None
    words = words.format(deaf=number)
    if display:
        env["DISPLAY"] = display
    result = subprocess.run([sys.executable, "-m", "andon_kiosk", "--demo"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    deaf.close()
    assert result.returncode == 2, result.stderr[-2000:]
    assert words in result.stderr
    assert result.stderr.strip().endswith("try --screenshot out.png")


def _deaf_x_server() -> socket.socket:
    """A listening socket on a free X display port (6100-6999) that never answers."""
    for port in range(6100, 7000):
        try:
            return socket.create_server(("127.0.0.1", port))
        except OSError:
            continue
    raise AssertionError("no free port for a display between :100 and :999")
