"""A stop that comes while the kiosk is still starting (systemd stopping a service it has
just started, a Ctrl-C): held until the event loop runs, then a clean stop with the tower
switched off. Acted on at once it killed a kiosk whose tower was already lit, or broke Qt
in the middle of an import (a segmentation fault)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_during_the_start_stops_the_kiosk_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "ANDON_KIOSK_CONFIG": ""}  # fmt: skip
    kiosk = subprocess.Popen([sys.executable, "-m", "andon_kiosk", "--demo"], env=env,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert kiosk.stderr is not None
    seen = []
    try:
        for line in kiosk.stderr:  # the devices are built: the window is not shown yet
            seen.append(line)
            if "simulated tower on" in line:
                kiosk.send_signal(stop)
                break
        rest = kiosk.communicate(timeout=60)[1]
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait(10)
    text = "".join(seen) + rest
    assert kiosk.returncode == 0, text[-3000:]
    assert f"stopping on {stop.name}" in text
    assert "the stack light was switched off" in text
    assert "Traceback" not in text
