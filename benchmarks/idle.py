"""CPU of a kiosk that sits idle, with devices missing or misbehaving (issue: faults).

    python benchmarks/idle.py --json [--seconds 60]

Each scenario runs the real kiosk (window, view-model, store worker, device workers) in this
process, offscreen, on a fresh store, lets it settle for 35 s (past the device workers' fast
first retries, into the state a kiosk idles in for hours), then measures over `--seconds`:

cpu_pct           CPU time of the whole process (every thread) / wall time, in % of one core
gui_gap_ms_max    afterwards, for a few seconds: the longest the GUI thread went past a 50 ms
                  timer's beat (responsiveness; measured apart, as the probe itself costs CPU)

Scenarios: `no_devices`; `missing_tower` (the tower's port does not exist); `nak_tower` (a
relay board that refuses every frame, simulated in another process so its own CPU is not
counted); `nothing_reachable` (tower, counter and badge reader ports all missing). Goal:
cpu_pct <= 2 each.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SETTLE_S = 35.0  # past the workers' first fast retries (30 s): the steady state
BEAT_MS = 50
PROBE_S = 5.0


@contextlib.contextmanager
def refusing_board(folder: Path) -> Iterator[str]:
    """`andon-kiosk simulate-device --fault nak` in its own process; yields its port."""
    link = folder / "nak-board"
    proc = subprocess.Popen(
        [sys.executable, "-m", "andon_kiosk", "simulate-device", "--protocol", "modbus-rtu",
         "--fault", "nak", "--link", str(link)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        if not first.startswith("simulated "):
            raise SystemExit(f"the simulator did not start: {first}")
        yield str(link)
    finally:
        proc.terminate()
        proc.wait(10)


def run_loop(seconds: float) -> None:
    """Let Qt's event loop run, sleeping when there is nothing to do (as `app.exec()` does)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(devices, seconds: float, folder: Path) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from andon_kiosk.app.demo import demo_config
    from andon_kiosk.app.station import Station
    from andon_kiosk.views import launch

    cfg = replace(demo_config(prehashed=True), devices=devices)
    station = Station.open(cfg, store_path=folder / f"idle-{time.monotonic_ns()}.sqlite3")
    vm, window = launch.open_window(station)
    window.resize(1280, 800)
    window.show()
    launch.settle(vm)
    run_loop(SETTLE_S)  # the production page is built, the devices are tried

    cpu0, wall0 = time.process_time(), time.monotonic()
    run_loop(seconds)
    cpu1, wall1 = time.process_time(), time.monotonic()

    beats: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    beat = QTimer()
    beat.setInterval(BEAT_MS)
    beat.timeout.connect(lambda: beats.append(clock.elapsed()))
    beat.start()
    run_loop(PROBE_S)
    beat.stop()
    gaps = [b - a - BEAT_MS for a, b in itertools.pairwise(beats)]
    vm.stop()
    window.close()
    station.close()
    return {
        "cpu_pct": round((cpu1 - cpu0) / (wall1 - wall0) * 100, 2),
        "gui_gap_ms_max": max(0, max(gaps, default=0)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()

    from andon_kiosk.config import BadgeDevice, CounterDevice, Devices, LightDevice
    from andon_kiosk.views import launch

    launch.application("zh_CN")
    folder = Path(tempfile.mkdtemp(prefix="andon-idle-"))
    missing = str(folder / "not-plugged-in")
    results: dict[str, object] = {}
    results["no_devices"] = measure(Devices.none(), args.seconds, folder)
    tower = replace(Devices.none(), light=LightDevice("modbus-rtu", port=missing))
    results["missing_tower"] = measure(tower, args.seconds, folder)
    with refusing_board(folder) as port:
        nak = replace(Devices.none(), light=LightDevice("modbus-rtu", port=port))
        results["nak_tower"] = measure(nak, args.seconds, folder)
    nothing = Devices(
        LightDevice("modbus-rtu", port=missing),
        CounterDevice("modbus-rtu", port=missing + "-counter"),
        BadgeDevice("rdm6300", port=missing + "-badge"),
    )
    results["nothing_reachable"] = measure(nothing, args.seconds, folder)
    results["seconds"] = args.seconds
    results["goals"] = {"cpu_pct": 2}
    print(json.dumps(results) if args.json else json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
